/**
 * State files: state and sandbox time survive a restart; writes are atomic, so two sandboxes on one
 * file never leave it half-written, and each picks up what the other wrote.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTargetGroupCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '../../src/core/types.js';
import { ELBV2_STATE_KEY, elbv2State, emptyElbv2State } from '../../src/services/elbv2/state.js';
import { startTestSandbox } from '../helpers/sandbox.js';

/** A test-only service that keeps its records in a state key and seeds one. */
const store: ServiceDefinition = {
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  version: '2015-12-01',
  stateKey: ELBV2_STATE_KEY,
  emptyState: emptyElbv2State,
  operations: {
    CreateTargetGroup: (input, ctx) => {
      elbv2State(ctx.sb).targetGroups.push({ name: input.Name, arn: `arn:${input.Name}` } as any);
      ctx.sb.markDirty();
      return { TargetGroups: [{ TargetGroupName: input.Name }] };
    },
    DescribeTargetGroups: (_input, ctx) => ({
      TargetGroups: elbv2State(ctx.sb).targetGroups.map((t) => ({ TargetGroupName: t.name })),
    }),
  },
  seed(sb) {
    elbv2State(sb).targetGroups.push({ name: 'seeded', arn: 'arn:seeded' } as any);
  },
  // A reconciler that changes state on every tick, as ECS's does while tasks move.
  init(sb) {
    sb.tickers.push((s) => {
      elbv2State(s).rules.length = 0;
      s.markDirty();
    });
  },
};

const dir = mkdtempSync(join(tmpdir(), 'rails-sandbox-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function names(sb: Awaited<ReturnType<typeof startTestSandbox>>): Promise<string[]> {
  const out = await sb.sdk.elbv2.send(new DescribeTargetGroupsCommand({}));
  return out.TargetGroups!.map((t) => t.TargetGroupName!);
}

describe('state file', () => {
  it('survives a restart, sandbox clock included', async () => {
    const file = join(dir, 'restart', 'sandbox.json');
    const first = await startTestSandbox({ services: [store], stateFile: file });
    expect(await names(first)).toEqual(['seeded']);
    await first.sdk.elbv2.send(new CreateTargetGroupCommand({ Name: 'kept' }));
    await first.control.advanceClock(3_600_000);
    const clockBefore = first.sandbox.clock.now();
    await first.stop();

    const second = await startTestSandbox({ services: [store], stateFile: file });
    expect(await names(second)).toEqual(['seeded', 'kept']);
    expect(second.sandbox.clock.now()).toBeGreaterThanOrEqual(clockBefore);
    expect(second.sandbox.clock.now() - Date.now()).toBeGreaterThan(3_500_000);
    await second.stop();
  });

  it('refuses a file that is not a sandbox state, saying which and why, and leaves it alone', async () => {
    const file = join(dir, 'not-state.json');
    writeFileSync(file, '{"hello": 1}');
    await expect(startTestSandbox({ services: [store], stateFile: file })).rejects.toThrow(
      /not-state\.json: it is not a sandbox state file/,
    );
    writeFileSync(file, 'garbage');
    await expect(startTestSandbox({ services: [store], stateFile: file })).rejects.toThrow(/it is not JSON/);
    expect(readFileSync(file, 'utf8')).toBe('garbage');
  });

  it('starts empty with --empty and seeds nothing', async () => {
    const sb = await startTestSandbox({ services: [store], empty: true });
    expect(await names(sb)).toEqual([]);
    await sb.stop();
  });

  it('two sandboxes on one file see each other’s writes and never corrupt it', async () => {
    const file = join(dir, 'shared.json');
    const a = await startTestSandbox({ services: [store], stateFile: file });
    const b = await startTestSandbox({ services: [store], stateFile: file });
    await a.sdk.elbv2.send(new CreateTargetGroupCommand({ Name: 'from-a' }));
    await b.sdk.elbv2.send(new CreateTargetGroupCommand({ Name: 'from-b' }));
    expect(await names(a)).toEqual(['seeded', 'from-a', 'from-b']);

    // Concurrent writers: every read of the file in between is a whole, parseable state.
    const writes: Promise<unknown>[] = [];
    let reads = 0;
    for (let i = 0; i < 20; i++) {
      writes.push(a.sdk.elbv2.send(new CreateTargetGroupCommand({ Name: `a${i}` })));
      writes.push(b.sdk.elbv2.send(new CreateTargetGroupCommand({ Name: `b${i}` })));
      JSON.parse(readFileSync(file, 'utf8'));
      reads++;
    }
    await Promise.all(writes);
    const final = JSON.parse(readFileSync(file, 'utf8'));
    expect(final.state.elbv2.targetGroups.length).toBeGreaterThanOrEqual(3);
    expect(reads).toBe(20);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await a.stop();
    await b.stop();
  });

  it('a background tick in one process never overwrites what the other just wrote', async () => {
    const file = join(dir, 'ticking.json');
    const a = await startTestSandbox({ services: [store], stateFile: file, tickIntervalMs: 20 });
    const b = await startTestSandbox({ services: [store], stateFile: file, tickIntervalMs: 20 });
    await b.sdk.elbv2.send(new CreateTargetGroupCommand({ Name: 'from-b' }));
    await new Promise((r) => setTimeout(r, 200)); // both timers tick and save many times
    const onDisk = JSON.parse(readFileSync(file, 'utf8')).state.elbv2.targetGroups.map((t: any) => t.name);
    expect(onDisk).toContain('from-b');
    expect(await names(a)).toContain('from-b');
    await a.stop();
    await b.stop();
    expect(JSON.parse(readFileSync(file, 'utf8')).state.elbv2.targetGroups.map((t: any) => t.name)).toContain(
      'from-b',
    );
  });
});
