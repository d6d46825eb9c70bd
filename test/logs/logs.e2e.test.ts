/**
 * `rails logs alb|nlb` end to end: the real binary against the sandbox. The test lays a rail, turns
 * access logs on the way AWS requires (bucket, delivery policy, ModifyLoadBalancerAttributes), writes
 * gzip log objects in AWS's documented key layout and line format through the SDK, and checks the
 * digest, the filters, the raw lines, the window with nothing delivered and the error without logs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlbDigest, NlbDigest } from '../../src/lib/logs/digest-model.js';
import type { LogLocation } from '../../src/lib/logs/log-keys.js';
import { runCli, stdoutJson } from '../helpers/cli.js';
import { enableAccessLogs } from '../helpers/observability.js';
import { layRail, type RailFixture, startRailSandbox } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';
import { albLine, gzipLines, logKey, nlbLine } from './log-writer.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const sb = sandboxPerFile(startRailSandbox);
const BUCKET = 'logs1-access-logs';
const PREFIX = 'edge';

function railYaml(stage: string, accessLogs: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'rails-logs-'));
  const body = [
    `stage: ${stage}`,
    'region: us-east-1',
    'vpc: vpc-0c0ffee0000000001',
    'subnets: [subnet-0c0ffee0000000a01, subnet-0c0ffee0000000b02]',
    'certificate: arn:aws:acm:us-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000001',
    ...(accessLogs ? [`accessLogs: { alb: ${BUCKET}, nlb: ${BUCKET} }`] : []),
    'services:',
    '  - name: billing',
    '    taskDefinition: ice-station-zebra',
    '    container: app',
    '    port: 8080',
    '    host: api.abq.com',
    '    paths: ["/billing/*"]',
  ].join('\n');
  writeFileSync(join(dir, 'rail.yaml'), `${body}\n`);
  return dir;
}

/** Where ELB writes this load balancer's logs, from its ARN (the account and Region the keys carry). */
function locationOf(arn: string): LogLocation {
  const [, , , region, account, resource] = arn.split(':');
  return {
    bucket: BUCKET,
    prefix: PREFIX,
    account: account!,
    region: region!,
    loadBalancerId: resource!.replace('loadbalancer/', ''),
  };
}

async function putLog(key: string, lines: string[]): Promise<void> {
  await sb.sdk.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: gzipLines(lines) }));
}

/** The end of the 5-minute interval holding `ms`, as ELB names files. */
const intervalEnd = (ms: number) => new Date(Math.ceil(ms / 300_000) * 300_000);

const logs = (args: string[], cwd: string) => runCli(['logs', ...args], { endpoint: sb.endpoint, cwd });

describe('rails logs alb and nlb on a rail with access logs', () => {
  let rail: RailFixture;
  let cwd: string;
  let tg: string;
  const now = Date.now();
  const recent = (minutesAgo: number, s = 0) => new Date(now - minutesAgo * 60_000 + s * 1000);
  let failed: string[];

  beforeAll(async () => {
    rail = await layRail(sb.sdk, { stage: 'logs1', tagged: true, services: [{ name: 'billing' }] });
    tg = rail.serviceGroups.billing![0]!;
    cwd = railYaml('logs1', true);
    const account = (await sb.sdk.sts.send(new GetCallerIdentityCommand({}))).Account!;
    expect(rail.albArn).toContain(`:${account}:`);
    await enableAccessLogs(sb.sdk, [rail.albArn, rail.nlbArn], BUCKET, PREFIX);
    const alb = locationOf(rail.albArn);
    const ok = (t: Date, targetSeconds = 0.012) =>
      albLine({
        time: t,
        elb: alb.loadBalancerId,
        target: '10.0.3.7:8080',
        targetSeconds,
        targetGroupArn: tg,
        rulePriority: '10',
        url: 'https://api.abq.com:443/billing/invoices?page=2',
        userAgent: 'Mozilla/5.0 (X11; "quoted") Gecko',
      });
    failed = [
      albLine({
        time: recent(20),
        elb: alb.loadBalancerId,
        target: '-',
        targetSeconds: -1,
        elbStatus: 502,
        targetStatus: '-',
        targetGroupArn: tg,
        rulePriority: '10',
        url: 'https://api.abq.com:443/billing/pay',
        errorReason: 'TargetConnectionError',
        traceId: 'Root=1-65ec3a40-0000000000000000000000aa',
      }),
    ];
    const notFound = albLine({
      time: recent(19),
      elb: alb.loadBalancerId,
      target: '-',
      elbStatus: 404,
      rulePriority: '0',
      actions: 'fixed-response',
      url: 'https://api.abq.com:443/nowhere',
    });
    // Two nodes' files for the same interval, a later one, and one from before the window.
    await putLog(logKey(alb, intervalEnd(recent(20).getTime()), '10.0.1.17'), [ok(recent(21)), failed[0]!]);
    await putLog(logKey(alb, intervalEnd(recent(20).getTime()), '10.0.2.41'), [
      ok(recent(20, 5), 1.5),
      notFound,
    ]);
    await putLog(logKey(alb, intervalEnd(recent(5).getTime()), '10.0.1.17'), [ok(recent(5))]);
    await putLog(logKey(alb, intervalEnd(recent(180).getTime()), '10.0.1.17'), [ok(recent(180))]);
  });

  it('--json digests the window: statuses, the rule and its service, reasons, targets, slowest', async () => {
    const { code, stdout, stderr } = await logs(['alb', '--since', '1h', '--json'], cwd);
    expect(stderr).not.toMatch(/error/);
    expect(code).toBe(0);
    const d = stdoutJson<AlbDigest>(stdout)!;
    expect(d).toMatchObject({
      schemaVersion: 1,
      kind: 'alb',
      loadBalancer: { name: 'logs1-alb', arn: rail.albArn },
      bucket: BUCKET,
      prefix: PREFIX,
      delivered: true,
      objects: { listed: 3 },
      lines: { read: 5, malformed: 0 },
      requests: 5,
    });
    expect(d.byStatus).toEqual([
      { elbStatus: '200', targetStatus: '200', count: 3 },
      { elbStatus: '404', targetStatus: '-', count: 1 },
      { elbStatus: '502', targetStatus: '-', count: 1 },
    ]);
    expect(d.byRule).toEqual([
      { listenerPort: '443', rulePriority: '10', service: 'billing', requests: 4, elb5xx: 1, target5xx: 0 },
      { listenerPort: '443', rulePriority: '0', service: '-', requests: 1, elb5xx: 0, target5xx: 0 },
    ]);
    expect(d.errorReasons).toEqual([{ reason: 'TargetConnectionError', count: 1 }]);
    expect(d.targets).toEqual([
      expect.objectContaining({ ip: '10.0.3.7', requests: 3, target5xx: 0, elb5xx: 0 }),
    ]);
    expect(d.slowest[0]).toMatchObject({ seconds: 1.5, service: 'billing', targetStatus: '200' });
  });

  it('--status 5xx keeps the failed request, with its trace id', async () => {
    const { code, stdout } = await logs(['alb', '--since', '1h', '--status', '5xx', '--json'], cwd);
    expect(code).toBe(0);
    const d = stdoutJson<AlbDigest>(stdout)!;
    expect(d.filters).toEqual({ status: '5xx' });
    expect(d.requests).toBe(1);
    expect(d.slowest.map((s) => s.traceId)).toEqual(['Root=1-65ec3a40-0000000000000000000000aa']);
    const none = stdoutJson<AlbDigest>(
      (await logs(['alb', '--status', '4xx', '--service', 'billing', '--json', '--since', '1h'], cwd)).stdout,
    );
    expect(none?.requests).toBe(0);
  });

  it('prints the digest as text: the rule, its service, the error reason and the slowest trace id', async () => {
    const { code, stdout } = await logs(['alb', '--since', '1h'], cwd);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ALB logs1-alb/);
    expect(stdout).toMatch(/5 requests/);
    expect(stdout).toMatch(/443\s+10\s+billing\s+4\s+1\s+0/);
    expect(stdout).toMatch(/TargetConnectionError\s+1/);
    expect(stdout).toMatch(/Root=1-65ec3a40-0000000000000000000000aa/);
  });

  it('--raw prints the matching lines exactly as written', async () => {
    const { code, stdout } = await logs(['alb', '--since', '1h', '--status', '502', '--raw'], cwd);
    expect(code).toBe(0);
    expect(stdout).toBe(`${failed.join('\n')}\n`);
  });

  it('says so plainly when no object of the window is delivered yet, exit 0; then digests the NLB', async () => {
    const empty = await logs(['nlb', '--since', '10m'], cwd);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/no access logs delivered for logs1-nlb .*delivers every 5 minutes/);
    const nlb = locationOf(rail.nlbArn);
    await putLog(logKey(nlb, intervalEnd(recent(4).getTime())), [
      nlbLine({ time: recent(4), handshakeMs: 3 }),
      nlbLine({ time: recent(4, 2), handshakeMs: 45, alert: '0x28' }),
    ]);
    const { code, stdout } = await logs(['nlb', '--since', '10m', '--json'], cwd);
    expect(code).toBe(0);
    const d = stdoutJson<NlbDigest>(stdout)!;
    expect(d).toMatchObject({ kind: 'nlb', delivered: true, connections: 2 });
    expect(d.tlsAlerts).toEqual([{ alert: '0x28', count: 1 }]);
    expect(d.slowestHandshakes[0]?.handshakeMs).toBe(45);
  });

  it('refuses bad input before reading anything (exit 2)', async () => {
    const bad = await logs(['alb', '--since', 'yesterday'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since yesterday/);
    const status = await logs(['alb', '--status', '5x'], cwd);
    expect(status.code).toBe(2);
  });
});

describe('rails logs alb on a rail without access logs', () => {
  it('fails with exit 2 and the hint to set accessLogs in rail.yaml', async () => {
    await layRail(sb.sdk, { stage: 'logs2', tagged: true });
    const { code, stderr, stdout } = await logs(['alb'], railYaml('logs2', false));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/access logs are not enabled on ALB logs2-alb/);
    expect(stderr).toMatch(/accessLogs\.alb/);
  });
});
