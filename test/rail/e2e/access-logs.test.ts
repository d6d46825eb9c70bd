/**
 * Access logs end to end: `up` creates each configured bucket (tagged as rails', with the delivery
 * policy of the load balancers that log to it) before turning logging on, a second `up` changes
 * nothing, a bucket rails did not make and that lacks the grant is refused before any change, a
 * bucket rails made gets the statements a new hop needs, `down` keeps the buckets, and the statements
 * the refusal prints are what AWS accepts.
 */
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FAST, mutatingCalls, railDir, rails, writeRail } from '../helpers.js';

const NLB_LOGS = 'dev-nlb-access-logs';
const ALB_LOGS = 'dev-alb-access-logs';
const FOREIGN = 'team-owned-logs';

let sb: TestSandbox;
let dir: string;
/** What the refusal told the user to add to the foreign bucket's policy. */
let printedStatements: object[] = [];

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FAST });
  dir = railDir(exampleRail((raw) => (raw.accessLogs = { nlb: NLB_LOGS, alb: ALB_LOGS })));
});
afterAll(() => sb?.stop());

async function lbAttributes(name: string): Promise<Record<string, string>> {
  const { LoadBalancers } = await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }));
  const out = await sb.sdk.elbv2.send(
    new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: LoadBalancers![0]!.LoadBalancerArn }),
  );
  return Object.fromEntries((out.Attributes ?? []).map((a) => [a.Key!, a.Value ?? '']));
}

async function policyOf(bucket: string): Promise<any> {
  return JSON.parse((await sb.sdk.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!);
}

const bucketExists = (bucket: string) =>
  sb.sdk.s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  );

describe('access logs', () => {
  it('--dry-run plans each bucket as its own create line and creates nothing', async () => {
    await sb.resetRequests();
    const r = await rails(sb, dir, ['up', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\+ create\\s+access-log-bucket\\s+${NLB_LOGS}`));
    expect(r.stdout).toMatch(new RegExp(`\\+ create\\s+access-log-bucket\\s+${ALB_LOGS}`));
    expect(await mutatingCalls(sb)).toEqual([]);
    expect(await bucketExists(NLB_LOGS)).toBe(false);
  });

  it('refuses a bucket it did not make that lacks the grant, naming the field, before any change', async () => {
    await sb.sdk.s3.send(new CreateBucketCommand({ Bucket: FOREIGN }));
    const foreign = railDir(exampleRail((raw) => (raw.accessLogs = { alb: FOREIGN })));
    await sb.resetRequests();
    const r = await rails(sb, foreign, ['up']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('accessLogs.alb');
    expect(r.stderr).toContain(`bucket ${FOREIGN} was not made by rails`);
    // The exact statement to add, with the ALB's delivery principal for us-east-1.
    expect(r.stderr).toContain('"Sid": "RailsAlbAccessLogs"');
    expect(r.stderr).toContain('arn:aws:iam::127311923021:root');
    expect(r.stderr).toContain(`arn:aws:s3:::${FOREIGN}/AWSLogs/123456789012/*`);
    expect(await mutatingCalls(sb)).toEqual([]);
    const printed = r.stderr.slice(r.stderr.indexOf('bucket policy:') + 'bucket policy:'.length);
    printedStatements = JSON.parse(printed.slice(0, printed.indexOf('\n    ]') + 6).trim());
    const err = await sb.sdk.s3.send(new GetBucketPolicyCommand({ Bucket: FOREIGN })).catch((e) => e);
    expect(err?.name).toBe('NoSuchBucketPolicy');
  });

  it('a fresh up creates both buckets with their policies and turns logging on for both hops', async () => {
    const r = await rails(sb, dir, ['up']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\+ create\\s+access-log-bucket\\s+${ALB_LOGS}`));

    const alb = await policyOf(ALB_LOGS);
    expect(alb.Statement).toEqual([
      expect.objectContaining({
        Sid: 'RailsAlbAccessLogs',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::127311923021:root' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${ALB_LOGS}/AWSLogs/123456789012/*`,
      }),
    ]);
    const nlb = await policyOf(NLB_LOGS);
    expect(nlb.Statement.map((s: any) => [s.Principal.Service, s.Action])).toEqual([
      ['delivery.logs.amazonaws.com', 's3:PutObject'],
      ['delivery.logs.amazonaws.com', 's3:GetBucketAcl'],
    ]);
    const tags = await sb.sdk.s3.send(new GetBucketTaggingCommand({ Bucket: ALB_LOGS }));
    expect(tags.TagSet).toEqual(
      expect.arrayContaining([
        { Key: 'rails:managed-by', Value: 'rails' },
        { Key: 'rails:role', Value: 'access-logs' },
      ]),
    );

    expect(await lbAttributes('dev-nlb')).toMatchObject({
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': NLB_LOGS,
    });
    expect(await lbAttributes('dev-alb')).toMatchObject({
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': ALB_LOGS,
    });
  });

  it('a second up makes no mutating call', async () => {
    await sb.resetRequests();
    const r = await rails(sb, dir, ['up']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`= unchanged\\s+access-log-bucket\\s+${ALB_LOGS}`));
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('adds the statements a new hop needs to a bucket rails made, keeping the others', async () => {
    writeRail(
      dir,
      exampleRail((raw) => (raw.accessLogs = { nlb: ALB_LOGS, alb: ALB_LOGS })),
    );
    await sb.resetRequests();
    const r = await rails(sb, dir, ['up']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`~ update\\s+access-log-bucket\\s+${ALB_LOGS}`));
    const sids = (await policyOf(ALB_LOGS)).Statement.map((s: any) => s.Sid);
    expect(sids).toEqual(['RailsAlbAccessLogs', 'RailsNlbAccessLogsWrite', 'RailsNlbAccessLogsAclCheck']);
    expect(await lbAttributes('dev-nlb')).toMatchObject({ 'access_logs.s3.bucket': ALB_LOGS });
    const calls = await mutatingCalls(sb);
    expect(calls).toContain('PutBucketPolicy');
    expect(calls).not.toContain('CreateBucket');
  });

  it('down removes the rail but keeps the buckets, and says so', async () => {
    const r = await rails(sb, dir, ['down', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`access-log-bucket\\s+${ALB_LOGS}.*kept: it holds the access logs`));
    expect(await bucketExists(ALB_LOGS)).toBe(true);
    expect(await bucketExists(NLB_LOGS)).toBe(true);
    const { LoadBalancers } = await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({}));
    expect(LoadBalancers ?? []).toEqual([]);
  });

  it('a bucket it did not make is used as is once its policy has the printed statements', async () => {
    await sb.sdk.s3.send(
      new PutBucketPolicyCommand({
        Bucket: FOREIGN,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: printedStatements }),
      }),
    );
    const foreign = railDir(exampleRail((raw) => (raw.accessLogs = { alb: FOREIGN })));
    await sb.resetRequests();
    const r = await rails(sb, foreign, ['up']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`= unchanged\\s+access-log-bucket\\s+${FOREIGN}`));
    // Nothing written to any bucket's policy or tags, no bucket created: the foreign bucket is as it was.
    const bucketWrites = (await mutatingCalls(sb)).filter((op) =>
      ['CreateBucket', 'PutBucketPolicy', 'PutBucketTagging', 'DeleteBucketPolicy'].includes(op),
    );
    expect(bucketWrites).toEqual([]);
    expect((await policyOf(FOREIGN)).Statement).toEqual(printedStatements);
    expect(await lbAttributes('dev-alb')).toMatchObject({
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': FOREIGN,
    });
  });

  it('an up that fails right after creating a bucket leaves one the next up recognises and finishes', async () => {
    const bucket = 'dev-alb-logs-interrupted';
    const d = railDir(exampleRail((raw) => (raw.accessLogs = { alb: bucket })));
    // Whatever call follows CreateBucket fails: were the tags a call of their own, the bucket would be
    // left untagged, and the next run would take it for someone else's.
    for (const operation of ['PutBucketTagging', 'PutBucketPolicy'])
      await sb.control.injectFault({ operation, code: 'AccessDenied', status: 403, times: 1 });
    const failed = await rails(sb, d, ['up', '--no-wait']);
    expect(failed.code, failed.stderr).toBe(1);
    expect(await bucketExists(bucket)).toBe(true);
    await sb.control.clearFaults();
    const again = await rails(sb, d, ['up', '--no-wait']);
    expect(again.code, again.stderr).toBe(0);
    expect((await policyOf(bucket)).Statement).toHaveLength(1);
    expect(await lbAttributes('dev-alb')).toMatchObject({
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': bucket,
    });
  });
});
