// sync-ips safety end to end: failed and empty resolutions change nothing, the dns source against the
// sandbox's DNS server, metrics failures, alb-target, and the original Lambda's state layouts.
import { createSocket, type Socket } from 'node:dgram';
import { RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyStateKeys, stateKeys } from '../../src/lib/sync/state-format.js';
import { runCli } from '../helpers/cli.js';
import { albIps, liveTargets } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import {
  laySyncRail,
  type SyncFixture,
  sleep,
  startSyncSandbox,
  syncOnce,
  writeRailYaml,
} from './sync-fixture.js';

const sb = sandboxPerFile(startSyncSandbox);
let f: SyncFixture;
let emptyDns: Socket;

const sync = (args: string[] = [], cwd = f.dir) => syncOnce(sb.endpoint, cwd, args);

const mutatingOps = async () =>
  (await sb.requests())
    .map((r) => r.operation)
    .filter((op) => ['RegisterTargets', 'DeregisterTargets', 'PutObject'].includes(op));

/** A DNS server that answers every question with NOERROR and no records. */
function startEmptyDns(): Promise<Socket> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.on('message', (msg, rinfo) => {
      const q = dnsPacket.decode(msg);
      const reply = dnsPacket.encode({
        type: 'response',
        id: q.id,
        flags: dnsPacket.AUTHORITATIVE_ANSWER,
        questions: q.questions,
        answers: [],
      });
      s.send(reply, rinfo.port, rinfo.address);
    });
    s.bind(0, '127.0.0.1', () => resolve(s));
  });
}

beforeAll(async () => {
  f = await laySyncRail(sb.sdk, 'syncsafe');
  emptyDns = await startEmptyDns();
  await sleep(60);
  const first = await sync();
  expect(first.code).toBe(0);
  // The ALB moves on: its old IPs stay registered until passes without them deregister them.
  await sb.control.rotateIps(f.albName, { replace: 'all' });
});
afterAll(() => {
  emptyDns?.close();
});

describe('a pass that cannot learn the ALB IPs changes nothing and fails', () => {
  it('DescribeNetworkInterfaces failing: exit 1, no target or state change', async () => {
    const live = await liveTargets(sb.sdk, f.tg80);
    await sb.control.injectFault({
      operation: 'DescribeNetworkInterfaces',
      code: 'UnauthorizedOperation',
      status: 403,
      times: 1,
    });
    await sb.resetRequests();
    const { code, report } = await sync(['--misses', '1']);
    expect(code).toBe(1);
    expect(report!.ok).toBe(false);
    expect(report!.resolveError).toMatch(/UnauthorizedOperation|not authorized/i);
    expect(report!.targetGroups.every((t) => t.errors[0]?.step === 'resolve')).toBe(true);
    expect(await mutatingOps()).toEqual([]);
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual(live);
  });

  it('an empty DNS answer: exit 1, nothing deregistered', async () => {
    const live = await liveTargets(sb.sdk, f.tg80);
    await sb.resetRequests();
    const port = emptyDns.address().port;
    const { code, report } = await sync([
      '--misses',
      '1',
      '--source',
      'dns',
      '--dns-server',
      `127.0.0.1:${port}`,
    ]);
    expect(code).toBe(1);
    expect(report!.ips).toEqual([]);
    expect(report!.targetGroups[0]!.errors[0]).toMatchObject({ step: 'resolve', message: /no IP/ });
    expect(await mutatingOps()).toEqual([]);
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual(live);
  });

  it('a DNS server that does not answer: exit 1, nothing deregistered', async () => {
    const live = await liveTargets(sb.sdk, f.tg443);
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    await sb.resetRequests();
    const { code, report } = await sync([
      '--misses',
      '1',
      '--source',
      'dns',
      '--dns-server',
      `127.0.0.1:${silent.address().port}`,
    ]);
    silent.close();
    expect(code).toBe(1);
    expect(report!.resolveError).toMatch(/no answer/);
    expect(await mutatingOps()).toEqual([]);
    expect(await liveTargets(sb.sdk, f.tg443)).toEqual(live);
  });
});

describe('--source dns against the sandbox DNS server', () => {
  it('follows a rotation: new IPs in, old ones out after --misses 1', async () => {
    const dns = `${sb.dns.host}:${sb.dns.port}`;
    const { code, report } = await sync(['--source', 'dns', '--dns-server', dns, '--misses', '1']);
    expect(code).toBe(0);
    const ips = await albIps(sb.sdk, f);
    expect(report!.source).toBe('dns');
    expect(report!.ips).toEqual(ips);
    expect(report!.targetGroups.every((t) => t.registered.length === ips.length)).toBe(true);
    expect(await liveTargets(sb.sdk, f.tg80)).toEqual(ips);
    expect(await liveTargets(sb.sdk, f.tg443)).toEqual(ips);
  });

  it('unions repeated answers when the ALB has more than 8 IPs', async () => {
    await sb.control.rotateIps(f.albName, { add: 9 });
    const ips = await albIps(sb.sdk, f);
    expect(ips.length).toBeGreaterThan(8);
    const { code, report } = await sync(['--source', 'dns', '--dns-server', `${sb.dns.host}:${sb.dns.port}`]);
    expect(code).toBe(0);
    expect(report!.ips).toEqual(ips);
    // IPs handed back to the ALB while their old targets still drain wait for the drain to end.
    const tg = report!.targetGroups[0]!;
    expect([...(await liveTargets(sb.sdk, f.tg80)), ...tg.waiting].sort()).toEqual(ips);
  });
});

describe('metrics', () => {
  it('a PutMetricData failure is reported (exit 1) and the target changes stand', async () => {
    await sb.control.rotateIps(f.albName, { add: 1 });
    await sb.control.injectFault({
      operation: 'PutMetricData',
      code: 'InvalidParameterValue',
      status: 400,
      times: 1,
    });
    const { code, report } = await sync();
    expect(code).toBe(1);
    expect(report!.metrics).toMatchObject({ published: false, error: /InvalidParameterValue/ });
    expect(report!.targetGroups.every((t) => t.ok && t.registered.length + t.waiting.length >= 1)).toBe(true);
    const tg = report!.targetGroups[0]!;
    expect([...(await liveTargets(sb.sdk, f.tg80)), ...tg.waiting].sort()).toEqual(await albIps(sb.sdk, f));
  });
});

describe('bad input', () => {
  it('a bad flag is refused with exit 2 before any AWS call', async () => {
    await sb.resetRequests();
    const out = await runCli(['sync-ips', '--once', '--listener', '8080'], {
      endpoint: sb.endpoint,
      cwd: f.dir,
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--listener 8080/);
    expect(await sb.requests()).toEqual([]);
  });
});

describe('staticIps: alb-target', () => {
  it('says there is nothing to sync and why, exit 0, no AWS call', async () => {
    const { dir } = writeRailYaml('albtarget', 'albtarget-sync', ['staticIps: alb-target']);
    await sb.resetRequests();
    const out = await runCli(['sync-ips', '--once'], { endpoint: sb.endpoint, cwd: dir });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/nothing to sync: staticIps is alb-target/);
    expect(await sb.requests()).toEqual([]);
  });
});

describe("the original Lambda's state layouts", () => {
  const STALE = '10.0.1.200';
  const layouts = [
    { layout: 'seed-patch', key: () => stateKeys(f.tg80, f.albDns).pending, twice: true },
    { layout: 'python27', key: () => legacyStateKeys(f.albDns)[0]!.pending, twice: true },
    { layout: 'python3', key: () => legacyStateKeys(f.albDns)[1]!.pending, twice: false },
  ];

  beforeAll(async () => {
    // An IP the ALB no longer has, still registered: its counter decides when it leaves.
    await sb.sdk.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: f.tg80, Targets: [{ Id: STALE, Port: 80 }] }),
    );
  });

  for (const { layout, key, twice } of layouts) {
    it(`picks up the counters of the ${layout} layout${twice ? ' (JSON encoded twice)' : ''}`, async () => {
      const all = [stateKeys(f.tg80, f.albDns).pending, ...legacyStateKeys(f.albDns).map((k) => k.pending)];
      for (const Key of all) await sb.sdk.s3.send(new DeleteObjectCommand({ Bucket: f.bucket, Key }));
      // One pass without it already counted by the original Lambda; rails counts the second.
      const body = JSON.stringify({ [STALE]: 1 });
      await sb.sdk.s3.send(
        new PutObjectCommand({ Bucket: f.bucket, Key: key(), Body: twice ? JSON.stringify(body) : body }),
      );
      const { code, report } = await sync(['--listener', '80']);
      expect(code).toBe(0);
      const tg = report!.targetGroups[0]!;
      expect(tg.stateFrom).toBe(layout);
      expect(tg.pending).toEqual([{ ip: STALE, misses: 2, of: 3 }]);
      expect(tg.deregistered).toEqual([]);
      const own = await sb.sdk.s3.send(
        new GetObjectCommand({ Bucket: f.bucket, Key: stateKeys(f.tg80, f.albDns).pending }),
      );
      expect(JSON.parse(await own.Body!.transformToString())).toEqual({ [STALE]: 2 });
    });
  }
});
