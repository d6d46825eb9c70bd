/**
 * ELBv2 access logs through the real SDK: ModifyLoadBalancerAttributes turns them on only for a
 * bucket ELB may write to (same Region, the right principal for the load balancer type, no `AWSLogs`
 * in the prefix), as AWS does; turning them off needs nothing.
 */
import {
  DescribeLoadBalancerAttributesCommand,
  type ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateBucketCommand, PutBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSandbox } from '../helpers/sandbox.js';
import { createAlb, createNlb, startElbSandbox, uniqueName } from './fixture.js';

const ACCOUNT = '123456789012';
let t: TestSandbox;
let elb: ElasticLoadBalancingV2Client;
let s3: S3Client;
let albArn: string;
let nlbArn: string;

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => e,
  );

const enable = (arn: string, bucket: string, prefix = '') =>
  elb.send(
    new ModifyLoadBalancerAttributesCommand({
      LoadBalancerArn: arn,
      Attributes: [
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: bucket },
        { Key: 'access_logs.s3.prefix', Value: prefix },
      ],
    }),
  );

const statement = (principal: Record<string, string>, action: string, resource: string) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  Resource: resource,
});

/** A fresh bucket without a policy. */
async function newBucket(): Promise<string> {
  const bucket = uniqueName('logs');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

const albGrant = (b: string, prefix = '') =>
  statement(
    { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
    's3:PutObject',
    `arn:aws:s3:::${b}/${prefix}AWSLogs/${ACCOUNT}/*`,
  );
const nlbGrants = (b: string) => [
  statement(
    { Service: 'delivery.logs.amazonaws.com' },
    's3:PutObject',
    `arn:aws:s3:::${b}/AWSLogs/${ACCOUNT}/*`,
  ),
  statement({ Service: 'delivery.logs.amazonaws.com' }, 's3:GetBucketAcl', `arn:aws:s3:::${b}`),
];

async function attributes(arn: string): Promise<Record<string, string>> {
  const out = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }));
  return Object.fromEntries((out.Attributes ?? []).map((a) => [a.Key!, a.Value ?? '']));
}

function expectAccessDenied(err: any, bucket: string): void {
  // The SDK names the modelled error InvalidConfigurationRequest by its exception shape.
  expect(err?.name).toBe('InvalidConfigurationRequestException');
  expect(err.message).toBe(`Access Denied for bucket: ${bucket}. Please check S3bucket permission`);
  expect(err.$metadata.httpStatusCode).toBe(400);
}

beforeAll(async () => {
  t = await startElbSandbox();
  elb = t.sdk.elbv2;
  s3 = t.sdk.s3;
  albArn = (await createAlb(elb)).LoadBalancerArn!;
  nlbArn = (await createNlb(elb)).LoadBalancerArn!;
});
afterAll(() => t.stop());

describe('ELBv2 access logs', () => {
  it('refuses a bucket that does not exist, and leaves the attributes as they were', async () => {
    expectAccessDenied(await errorOf(enable(albArn, 'logs-nowhere-1')), 'logs-nowhere-1');
    expect((await attributes(albArn))['access_logs.s3.enabled']).toBe('false');
  });

  it('refuses a bucket without a policy', async () => {
    const bucket = await newBucket();
    expectAccessDenied(await errorOf(enable(albArn, bucket)), bucket);
    expectAccessDenied(await errorOf(enable(nlbArn, bucket)), bucket);
  });

  it("refuses the other load balancer type's principal (ALB grant for an NLB, and back)", async () => {
    const forAlb = await newBucket();
    await putPolicy(forAlb, [albGrant(forAlb)]);
    expectAccessDenied(await errorOf(enable(nlbArn, forAlb)), forAlb);
    const forNlb = await newBucket();
    await putPolicy(forNlb, nlbGrants(forNlb));
    expectAccessDenied(await errorOf(enable(albArn, forNlb)), forNlb);
  });

  it('refuses a grant for another prefix, and a Deny for the principal wins over an Allow', async () => {
    const other = await newBucket();
    await putPolicy(other, [albGrant(other, 'elsewhere/')]);
    expectAccessDenied(await errorOf(enable(albArn, other)), other);
    const denied = await newBucket();
    await putPolicy(denied, [
      albGrant(denied),
      { ...albGrant(denied), Effect: 'Deny', Action: 's3:*', Resource: `arn:aws:s3:::${denied}/*` },
    ]);
    expectAccessDenied(await errorOf(enable(albArn, denied)), denied);
  });

  it('refuses an NLB grant without s3:GetBucketAcl on the bucket', async () => {
    const bucket = await newBucket();
    await putPolicy(bucket, nlbGrants(bucket).slice(0, 1));
    expectAccessDenied(await errorOf(enable(nlbArn, bucket)), bucket);
  });

  it('refuses a prefix that contains AWSLogs with a ValidationError', async () => {
    const bucket = await newBucket();
    await putPolicy(bucket, [
      statement(
        { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
        's3:PutObject',
        `arn:aws:s3:::${bucket}/*`,
      ),
    ]);
    const err = await errorOf(enable(albArn, bucket, 'x/AWSLogs'));
    expect(err?.name).toBe('ValidationError');
    expect(err.message).toContain('AWSLogs');
  });

  it('accepts the ALB service principal, the ELB account of the Region, and a wildcard resource', async () => {
    const service = await newBucket();
    await putPolicy(service, [albGrant(service, 'alb/')]);
    await enable(albArn, service, 'alb');
    const attrs = await attributes(albArn);
    expect(attrs['access_logs.s3.enabled']).toBe('true');
    expect(attrs['access_logs.s3.bucket']).toBe(service);
    expect(attrs['access_logs.s3.prefix']).toBe('alb');

    const account = await newBucket();
    await putPolicy(account, [
      statement({ AWS: 'arn:aws:iam::127311923021:root' }, 's3:Put*', `arn:aws:s3:::${account}/*`),
    ]);
    await enable(albArn, account);
    expect((await attributes(albArn))['access_logs.s3.bucket']).toBe(account);
  });

  it('accepts the NLB grant (PutObject and GetBucketAcl for delivery.logs)', async () => {
    const bucket = await newBucket();
    await putPolicy(bucket, nlbGrants(bucket));
    await enable(nlbArn, bucket);
    expect((await attributes(nlbArn))['access_logs.s3.enabled']).toBe('true');
  });

  it('turning access logs off is always accepted, whatever the bucket', async () => {
    await elb.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: nlbArn,
        Attributes: [
          { Key: 'access_logs.s3.enabled', Value: 'false' },
          { Key: 'access_logs.s3.bucket', Value: 'logs-nowhere-2' },
        ],
      }),
    );
    expect((await attributes(nlbArn))['access_logs.s3.enabled']).toBe('false');
  });
});

async function putPolicy(bucket: string, statements: object[]): Promise<void> {
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    }),
  );
}
