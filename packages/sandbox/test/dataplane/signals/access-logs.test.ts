/**
 * Access-log objects through the real S3 SDK: one gzip object per ALB node and 5-minute window,
 * delivered only once the window has closed, under AWS's key layout, each line carrying AWS's fields
 * in order and quoted as AWS quotes them; NLB files for TLS listeners; nothing when the bucket is gone.
 */
import { gunzipSync } from 'node:zlib';
import { ModifyLoadBalancerAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceSignals, recordOutcomes } from '../../../src/dataplane/signals/index.js';
import { startEcsSandbox, uniqueName } from '../../ecs/fixture.js';
import { sandboxPerFile } from '../../helpers/sandbox.js';
import { albOutcome, layRail, nlbOutcome, type Rail } from './fixture.js';

const ACCOUNT = '123456789012';
const t = sandboxPerFile(() => startEcsSandbox());
let rail: Rail;
let bucket: string;
let t0: number;

/** Space-separated fields, a double-quoted one kept whole (with its quotes). */
function fields(line: string): string[] {
  return line.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

async function objects(prefix = '') {
  const out = await t.sdk.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

async function lines(key: string): Promise<string[]> {
  const out = await t.sdk.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = gunzipSync(Buffer.from(await out.Body!.transformToByteArray())).toString('utf8');
  return text.split('\n').filter((l) => l !== '');
}

async function enableLogs(lbArn: string, name: string, prefix: string, service: string) {
  await t.sdk.s3.send(new CreateBucketCommand({ Bucket: name }));
  const grant = (action: string, resource: string) => ({
    Effect: 'Allow',
    Principal: { Service: service },
    Action: action,
    Resource: resource,
  });
  await t.sdk.s3.send(
    new PutBucketPolicyCommand({
      Bucket: name,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          grant('s3:PutObject', `arn:aws:s3:::${name}/*`),
          grant('s3:GetBucketAcl', `arn:aws:s3:::${name}`),
        ],
      }),
    }),
  );
  await t.sdk.elbv2.send(
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: lbArn,
      Attributes: [
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: name },
        { Key: 'access_logs.s3.prefix', Value: prefix },
      ],
    }),
  );
}

beforeAll(async () => {
  rail = await layRail(t);
  bucket = uniqueName('alb-logs');
  await enableLogs(rail.lbArn, bucket, 'edge', 'logdelivery.elasticloadbalancing.amazonaws.com');
  t0 = Date.UTC(2026, 0, 2, 3, 35);
});

describe('ALB access logs', () => {
  it('delivers one object per node and window only once the window has closed', async () => {
    recordOutcomes(t.sandbox, [
      albOutcome(rail, t0 + 1_000, {
        status: 200,
        ms: 25,
        query: 'page=2',
        userAgent: 'Mozilla/5.0 "quoted"',
      }),
      albOutcome(rail, t0 + 2_000, { elbStatus: 404, action: 'fixed-response' }),
      albOutcome(rail, t0 + 3_000, { elbStatus: 503, errorReason: 'NoHealthyTargets' }),
    ]);
    advanceSignals(t.sandbox, t0, t0 + 299_000);
    expect(await objects()).toEqual([]);
    advanceSignals(t.sandbox, t0 + 299_000, t0 + 300_000);
    const keys = await objects();
    expect(keys).toHaveLength(1);
    const [name, id] = rail.lbDim.split('/').slice(1);
    expect(keys[0]).toMatch(
      new RegExp(
        `^edge/AWSLogs/${ACCOUNT}/elasticloadbalancing/us-east-1/2026/01/02/${ACCOUNT}_elasticloadbalancing_us-east-1_app\\.${name}\\.${id}_20260102T0340Z_${rail.node.ip.replaceAll('.', '\\.')}_[a-z0-9]{8}\\.log\\.gz$`,
      ),
    );
  });

  it('writes every documented field, in order, quoted where AWS quotes it', async () => {
    const [key] = await objects('edge/');
    const [served, fixed, unavailable] = (await lines(key!)).map(fields);
    expect(served).toHaveLength(33);
    expect(served).toEqual([
      'http',
      '2026-01-02T03:35:01.026000Z',
      rail.lbDim,
      expect.stringMatching(/^10\.0\.9\.9:\d+$/),
      `${rail.task.ip}:8080`,
      '0.001',
      '0.025',
      '0.000',
      '200',
      '200',
      '120',
      '300',
      '"GET http://api.abq.com:80/orders?page=2 HTTP/1.1"',
      '"Mozilla/5.0 \\"quoted\\""',
      '-',
      '-',
      rail.tgArn,
      expect.stringMatching(/^"Root=1-[0-9a-f]{8}-[0-9a-f]{24}"$/),
      '"-"',
      '"-"',
      '0',
      '2026-01-02T03:35:01.000000Z',
      '"forward"',
      '"-"',
      '"-"',
      `"${rail.task.ip}:8080"`,
      '"200"',
      '"-"',
      '"-"',
      expect.stringMatching(/^TID_[0-9a-f]{32}$/),
      '"-"',
      '"-"',
      '"-"',
    ]);
    // A fixed response: no target, no target group, the ELB's status only.
    expect(fixed!.slice(4, 10)).toEqual(['-', '0.000', '-1', '-1', '404', '-']);
    expect(fixed![16]).toBe('-');
    expect(fixed![22]).toBe('"fixed-response"');
    expect(unavailable![24]).toBe('"NoHealthyTargets"');
  });

  it('delivers nothing when the bucket is gone by the window’s end', async () => {
    const gone = uniqueName('gone-logs');
    const before = bucket;
    await enableLogs(rail.lbArn, gone, '', 'logdelivery.elasticloadbalancing.amazonaws.com');
    recordOutcomes(t.sandbox, [albOutcome(rail, t0 + 600_000, { status: 200 })]);
    await t.sdk.s3.send(new DeleteBucketCommand({ Bucket: gone }));
    expect(() => advanceSignals(t.sandbox, t0 + 600_000, t0 + 900_000)).not.toThrow();
    bucket = before;
    expect(await objects()).toHaveLength(1);
  });
});

describe('NLB access logs', () => {
  it('writes TLS connections to their own file, in the NLB layout', async () => {
    const nlbBucket = uniqueName('nlb-logs');
    await enableLogs(rail.nlb.arn, nlbBucket, '', 'delivery.logs.amazonaws.com');
    recordOutcomes(t.sandbox, [nlbOutcome(rail, t0 + 1_200_000)]);
    advanceSignals(t.sandbox, t0 + 1_200_000, t0 + 1_500_000);
    const previous = bucket;
    bucket = nlbBucket;
    const keys = await objects();
    const [name, id] = rail.nlb.dim.split('/').slice(1);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(
      new RegExp(
        `_elasticloadbalancing_us-east-1_net\\.${name}\\.${id}_20260102T0400Z_[a-z0-9]{8}\\.log\\.gz$`,
      ),
    );
    const [line] = (await lines(keys[0]!)).map(fields);
    bucket = previous;
    expect(line).toEqual([
      'tls',
      '2.0',
      '2026-01-02T03:55:00',
      rail.nlb.dim,
      rail.nlb.listenerArn.split('/').pop(),
      expect.stringMatching(/^10\.0\.9\.8:\d+$/),
      `${rail.nlb.node.ip}:443`,
      '40',
      '3',
      '200',
      '500',
      '-',
      expect.stringMatching(/^arn:aws:acm:/),
      '-',
      'ECDHE-RSA-AES128-GCM-SHA256',
      'tlsv12',
      '-',
      'api.abq.com',
      '-',
      '-',
      '-',
      '2026-01-02T03:55:00',
    ]);
  });
});
