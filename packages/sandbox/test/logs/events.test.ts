/**
 * CloudWatch Logs events through the real SDK: PutLogEvents' batch rules and rejections,
 * GetLogEvents' window and forward/backward tokens, FilterLogEvents across streams with patterns and
 * small pages, and `appendLogEvents()` for other sandbox services.
 */
import {
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { appendLogEvents } from '../../src/services/logs/index.js';
import { rejection } from '../helpers/sdk.js';
import { groupWithEvents, logsSandbox, sender } from './fixture.js';

const t = logsSandbox();
const send = (cmd: unknown) => sender(t)(cmd);
const HOUR = 3600_000;

describe('PutLogEvents', () => {
  it('stores events and rejects too old and too new ones by index', async () => {
    const now = t.sandbox.clock.now();
    await groupWithEvents(t, '/put', 's', []);
    const out = await send(
      new PutLogEventsCommand({
        logGroupName: '/put',
        logStreamName: 's',
        logEvents: [
          { timestamp: now - 15 * 24 * HOUR, message: 'too old' },
          { timestamp: now - 1000, message: 'kept 1' },
          { timestamp: now, message: 'kept 2' },
          { timestamp: now + 3 * HOUR, message: 'too new' },
        ],
      }),
    );
    expect(out.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 0, tooNewLogEventStartIndex: 3 });
    const got = await send(
      new GetLogEventsCommand({ logGroupName: '/put', logStreamName: 's', startFromHead: true }),
    );
    expect(got.events.map((e: any) => e.message)).toEqual(['kept 1', 'kept 2']);
    expect(got.events[0]).toMatchObject({ timestamp: now - 1000, ingestionTime: expect.any(Number) });
  });

  it('rejects events older than the group retention as expired', async () => {
    const now = t.sandbox.clock.now();
    await groupWithEvents(t, '/expiring', 's', []);
    await send(new PutRetentionPolicyCommand({ logGroupName: '/expiring', retentionInDays: 1 }));
    const out = await send(
      new PutLogEventsCommand({
        logGroupName: '/expiring',
        logStreamName: 's',
        logEvents: [
          { timestamp: now - 2 * 24 * HOUR, message: 'expired' },
          { timestamp: now, message: 'kept' },
        ],
      }),
    );
    expect(out.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 0 });
  });

  it('refuses unordered batches, batches over 24 hours, and missing groups or streams', async () => {
    const now = t.sandbox.clock.now();
    await groupWithEvents(t, '/strict', 's', []);
    const put = (logEvents: any[], logStreamName = 's', logGroupName = '/strict') =>
      rejection(send(new PutLogEventsCommand({ logGroupName, logStreamName, logEvents })));
    const unordered = await put([
      { timestamp: now, message: 'b' },
      { timestamp: now - 1, message: 'a' },
    ]);
    expect(unordered).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Log events in a single PutLogEvents request must be in chronological order.',
    });
    const span = await put([
      { timestamp: now - 25 * HOUR, message: 'a' },
      { timestamp: now, message: 'b' },
    ]);
    expect(span.name).toBe('InvalidParameterException');
    const empty = await put([]);
    expect(empty.name).toBe('InvalidParameterException');
    const tooBig = await put([{ timestamp: now, message: 'x'.repeat(1_048_576) }]);
    expect(tooBig.name).toBe('InvalidParameterException');
    const noStream = await put([{ timestamp: now, message: 'a' }], 'none');
    expect(noStream).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
    const noGroup = await put([{ timestamp: now, message: 'a' }], 's', '/none');
    expect(noGroup.message).toBe('The specified log group does not exist.');
  });
});

describe('GetLogEvents', () => {
  const base = () => Math.floor(t.sandbox.clock.now() / 1000) * 1000 - 60_000;

  it('pages forward and backward, and gives back the same token at either end', async () => {
    const b = base();
    await groupWithEvents(
      t,
      '/paging',
      's',
      [0, 1, 2, 3, 4].map((i) => ({ timestamp: b + i, message: `e${i}` })),
    );
    const get = (input: Record<string, unknown>) =>
      send(new GetLogEventsCommand({ logGroupName: '/paging', logStreamName: 's', limit: 2, ...input }));
    // Default (startFromHead false): the newest events, oldest first within the page.
    const tail = await get({});
    expect(tail.events.map((e: any) => e.message)).toEqual(['e3', 'e4']);
    const back1 = await get({ nextToken: tail.nextBackwardToken });
    expect(back1.events.map((e: any) => e.message)).toEqual(['e1', 'e2']);
    const back2 = await get({ nextToken: back1.nextBackwardToken });
    expect(back2.events.map((e: any) => e.message)).toEqual(['e0']);
    const back3 = await get({ nextToken: back2.nextBackwardToken });
    expect(back3.events).toEqual([]);
    expect(back3.nextBackwardToken).toBe(back2.nextBackwardToken);

    const seen: string[] = [];
    let page = await get({ startFromHead: true });
    let token: string | undefined;
    while (page.events.length > 0) {
      seen.push(...page.events.map((e: any) => e.message));
      token = page.nextForwardToken;
      page = await get({ startFromHead: true, nextToken: token });
    }
    expect(seen).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(page.nextForwardToken).toBe(token);
    // A follower holding the end token sees what arrives later.
    await send(
      new PutLogEventsCommand({
        logGroupName: '/paging',
        logStreamName: 's',
        logEvents: [{ timestamp: b + 5, message: 'e5' }],
      }),
    );
    const later = await get({ startFromHead: true, nextToken: token });
    expect(later.events.map((e: any) => e.message)).toEqual(['e5']);
  });

  it('keeps to [startTime, endTime) and refuses a bad token or a missing stream', async () => {
    const b = base();
    await groupWithEvents(
      t,
      '/window',
      's',
      [0, 10, 20, 30].map((i) => ({ timestamp: b + i, message: `at${i}` })),
    );
    const got = await send(
      new GetLogEventsCommand({
        logGroupName: '/window',
        logStreamName: 's',
        startTime: b + 10,
        endTime: b + 30,
      }),
    );
    expect(got.events.map((e: any) => e.message)).toEqual(['at10', 'at20']);
    const bad = await rejection(
      send(new GetLogEventsCommand({ logGroupName: '/window', logStreamName: 's', nextToken: 'zzz' })),
    );
    expect(bad.name).toBe('InvalidParameterException');
    const none = await rejection(
      send(new GetLogEventsCommand({ logGroupName: '/window', logStreamName: 'none' })),
    );
    expect(none.name).toBe('ResourceNotFoundException');
    const noGroup = await rejection(
      send(new GetLogEventsCommand({ logGroupName: '/none', logStreamName: 's' })),
    );
    expect(noGroup.message).toBe('The specified log group does not exist.');
  });
});

describe('FilterLogEvents', () => {
  it('interleaves streams in time order, filters by stream names, window and terms, in small pages', async () => {
    const b = Math.floor(t.sandbox.clock.now() / 1000) * 1000 - 60_000;
    await groupWithEvents(t, '/filter', 'web/1', [
      { timestamp: b + 1, message: 'GET /a 200' },
      { timestamp: b + 3, message: 'GET /b 502 upstream reset' },
      { timestamp: b + 5, message: 'GET /c 200' },
    ]);
    appendLogEvents(t.sandbox, '/filter', 'web/2', [
      { timestamp: b + 2, message: 'GET /d 200' },
      { timestamp: b + 4, message: 'POST /e 502 upstream timeout' },
    ]);
    appendLogEvents(t.sandbox, '/filter', 'worker', [{ timestamp: b + 6, message: 'job 502 upstream' }]);
    const filter = async (input: Record<string, unknown>) => {
      const pagesSeen: string[][] = [];
      let nextToken: string | undefined;
      do {
        const r = await send(new FilterLogEventsCommand({ logGroupName: '/filter', ...input, nextToken }));
        pagesSeen.push(r.events.map((e: any) => `${e.logStreamName} ${e.message}`));
        nextToken = r.nextToken;
      } while (nextToken);
      return pagesSeen;
    };
    expect((await filter({})).flat()).toEqual([
      'web/1 GET /a 200',
      'web/2 GET /d 200',
      'web/1 GET /b 502 upstream reset',
      'web/2 POST /e 502 upstream timeout',
      'web/1 GET /c 200',
      'worker job 502 upstream',
    ]);
    expect(await filter({ filterPattern: '502', logStreamNames: ['web/1', 'web/2'], limit: 1 })).toEqual([
      ['web/1 GET /b 502 upstream reset'],
      ['web/2 POST /e 502 upstream timeout'],
    ]);
    expect((await filter({ filterPattern: '"upstream reset"' })).flat()).toEqual([
      'web/1 GET /b 502 upstream reset',
    ]);
    expect((await filter({ filterPattern: '502 -timeout', logStreamNamePrefix: 'web/' })).flat()).toEqual([
      'web/1 GET /b 502 upstream reset',
    ]);
    expect((await filter({ filterPattern: '?POST ?job' })).flat()).toEqual([
      'web/2 POST /e 502 upstream timeout',
      'worker job 502 upstream',
    ]);
    expect((await filter({ startTime: b + 2, endTime: b + 4 })).flat()).toHaveLength(3);
    expect((await filter({ filterPattern: 'get' })).flat()).toEqual([]);
    const newest = await filter({ startFromHead: false, startTime: b, limit: 4 });
    expect(newest[0]).toEqual([
      'worker job 502 upstream',
      'web/1 GET /c 200',
      'web/2 POST /e 502 upstream timeout',
      'web/1 GET /b 502 upstream reset',
    ]);
    expect(newest.flat()).toHaveLength(6);
  });

  it('ends a page at 1 MB before 10,000 events, and pages on with nextToken', async () => {
    const b = Math.floor(t.sandbox.clock.now() / 1000) * 1000 - 60_000;
    const big = 'x'.repeat(200_000);
    appendLogEvents(
      t.sandbox,
      '/filter-big',
      'app/1',
      Array.from({ length: 12 }, (_, i) => ({ timestamp: b + i, message: `${i} ${big}` })),
      { createGroup: true },
    );
    const sizes: number[] = [];
    let nextToken: string | undefined;
    do {
      const r = await send(new FilterLogEventsCommand({ logGroupName: '/filter-big', nextToken }));
      sizes.push(r.events.length);
      nextToken = r.nextToken;
    } while (nextToken);
    // 200,002 or 200,003 bytes a message plus 26: five fit in 1,048,576 bytes, six do not.
    expect(sizes).toEqual([5, 5, 2]);
  });

  it('refuses names and prefix together, a bad token, unmodelled patterns and a missing group', async () => {
    const call = (input: Record<string, unknown>) =>
      rejection(send(new FilterLogEventsCommand({ logGroupName: '/filter', ...input })));
    expect((await call({ logStreamNames: ['a'], logStreamNamePrefix: 'a' })).name).toBe(
      'InvalidParameterException',
    );
    expect((await call({ nextToken: 'nope' })).name).toBe('InvalidParameterException');
    expect((await call({ filterPattern: '{ $.status = 502 }' })).name).toBe('InvalidParameterException');
    expect((await call({ limit: 10_001 })).name).toBe('InvalidParameterException');
    const missing = await rejection(send(new FilterLogEventsCommand({ logGroupName: '/none' })));
    expect(missing).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });
});

describe('appendLogEvents, for other sandbox services', () => {
  it('creates the stream, and the group only when asked', async () => {
    expect(() => appendLogEvents(t.sandbox, '/app/missing', 's', ['x'])).toThrow(
      'The specified log group does not exist.',
    );
    appendLogEvents(t.sandbox, '/aws/lambda/fn', '2026/01/01/[$LATEST]abc', ['START', 'END'], {
      createGroup: true,
    });
    const got = await send(
      new GetLogEventsCommand({
        logGroupName: '/aws/lambda/fn',
        logStreamName: '2026/01/01/[$LATEST]abc',
        startFromHead: true,
      }),
    );
    expect(got.events.map((e: any) => e.message)).toEqual(['START', 'END']);
  });
});
