/**
 * `verifySignatures`: the real SDK, signing with a key the sandbox knows, is served by every service
 * family; an unknown key, a wrong secret and a skewed clock each get the error that family answers on
 * AWS, with its status; the SDK's own clock-skew correction (from the `Date` header) recovers; and a
 * Lambda function calls S3 with the session key the sandbox handed it.
 */

import { createHash } from 'node:crypto';
import { CloudWatchClient, ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionCredentials } from '../../src/core/session-credentials.js';
import { rawRequest } from '../helpers/raw-http.js';
import { sandboxPerFile, startTestSandbox } from '../helpers/sandbox.js';
import { failure } from '../helpers/sdk.js';
import { lambdaRole, settled, zipOf } from '../lambda/fixtures.js';

const KNOWN = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const UNKNOWN = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: KNOWN.secretAccessKey };
const WRONG_SECRET = { accessKeyId: KNOWN.accessKeyId, secretAccessKey: 'not-the-secret' };
const MINUTES = 60_000;

// The helper's own clients sign with test/test; that key is known too, so the control client and
// the helper work unchanged.
const sb = sandboxPerFile(() =>
  startTestSandbox({
    verifySignatures: true,
    accessKeys: [KNOWN, { accessKeyId: 'test', secretAccessKey: 'test' }],
    settings: { rolePropagationMs: 50, lambdaUpdateMs: 50 },
  }),
);

const made: Array<{ destroy(): void }> = [];
afterAll(() => {
  for (const c of made) c.destroy();
});

interface ClientOptions {
  credentials?: { accessKeyId: string; secretAccessKey: string };
  systemClockOffset?: number;
  maxAttempts?: number;
}

/** One client of each family, signing with `credentials`. */
function clients(o: ClientOptions = {}) {
  const config = {
    endpoint: sb.endpoint,
    region: 'us-east-1',
    credentials: o.credentials ?? KNOWN,
    maxAttempts: o.maxAttempts ?? 1,
    ...(o.systemClockOffset !== undefined ? { systemClockOffset: o.systemClockOffset } : {}),
  };
  const all = {
    elbv2: new ElasticLoadBalancingV2Client(config),
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    events: new EventBridgeClient(config),
    lambda: new LambdaClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    iam: new IAMClient(config),
    sts: new STSClient(config),
    cloudwatch: new CloudWatchClient(config),
  };
  made.push(...Object.values(all));
  return all;
}

/** One representative call per family. */
function calls(c: ReturnType<typeof clients>) {
  return {
    elbv2: () => c.elbv2.send(new DescribeLoadBalancersCommand({})),
    ec2: () => c.ec2.send(new DescribeVpcsCommand({})),
    ecs: () => c.ecs.send(new ListClustersCommand({})),
    events: () => c.events.send(new ListRulesCommand({})),
    lambda: () => c.lambda.send(new ListFunctionsCommand({})),
    s3: () => c.s3.send(new GetObjectCommand({ Bucket: 'signed', Key: 'a b/c+d=é.txt' })),
    sts: () => c.sts.send(new GetCallerIdentityCommand({})),
    cloudwatch: () => c.cloudwatch.send(new ListMetricsCommand({})),
  };
}

type Expected = Record<keyof ReturnType<typeof calls>, [string, number]>;

async function expectFailures(c: ReturnType<typeof clients>, expected: Expected, message?: RegExp) {
  const seen: Record<string, [string, number]> = {};
  const messages: string[] = [];
  for (const [name, call] of Object.entries(calls(c))) {
    const f = await failure(call());
    seen[name] = [f.name, f.status];
    messages.push(f.message);
  }
  expect(seen).toEqual(expected);
  if (message) for (const m of messages) expect(m).toMatch(message);
}

describe('a known key', () => {
  it('is served by every family, S3 put and get included', async () => {
    const c = clients();
    await c.s3.send(new CreateBucketCommand({ Bucket: 'signed' }));
    await c.s3.send(new PutObjectCommand({ Bucket: 'signed', Key: 'a b/c+d=é.txt', Body: 'signed body' }));
    const got = await c.s3.send(new GetObjectCommand({ Bucket: 'signed', Key: 'a b/c+d=é.txt' }));
    expect(await got.Body!.transformToString()).toBe('signed body');
    for (const call of Object.values(calls(c))) await call();
    await c.iam.send(new ListRolesCommand({}));
    // CloudWatch compresses large PutMetricData bodies: the signature covers the gzip as sent.
    await c.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'Signed',
        MetricData: Array.from({ length: 200 }, (_, i) => ({ MetricName: `m${i}`, Value: i })),
      }),
    );
    const log = await sb.requests();
    expect(log.filter((e) => e.status >= 300)).toEqual([]);
    expect(new Set(log.map((e) => e.accessKeyId))).toEqual(new Set([KNOWN.accessKeyId]));
  });

  it('answers with a Date header, as AWS does (the SDK corrects its clock from it)', async () => {
    const r = await rawRequest(sb.endpoint, { path: '/' });
    expect(Math.abs(Date.parse(String(r.headers.date)) - Date.now())).toBeLessThan(5000);
  });
});

describe('an unknown access key', () => {
  it("gets each family's error", async () => {
    await expectFailures(clients({ credentials: UNKNOWN }), {
      elbv2: ['InvalidClientTokenId', 403],
      sts: ['InvalidClientTokenId', 403],
      cloudwatch: ['InvalidClientTokenId', 403],
      ec2: ['AuthFailure', 401],
      ecs: ['UnrecognizedClientException', 400],
      events: ['UnrecognizedClientException', 400],
      lambda: ['UnrecognizedClientException', 403],
      s3: ['InvalidAccessKeyId', 403],
    });
  });

  it('reaches no handler, and is logged', async () => {
    await sb.resetRequests();
    await failure(clients({ credentials: UNKNOWN }).ecs.send(new ListClustersCommand({})));
    expect(await sb.requests()).toEqual([
      expect.objectContaining({
        operation: 'ListClusters',
        status: 400,
        code: 'UnrecognizedClientException',
      }),
    ]);
  });
});

describe('a wrong secret', () => {
  it("gets each family's signature error", async () => {
    await expectFailures(clients({ credentials: WRONG_SECRET }), {
      elbv2: ['SignatureDoesNotMatch', 403],
      sts: ['SignatureDoesNotMatch', 403],
      cloudwatch: ['SignatureDoesNotMatch', 403],
      ec2: ['AuthFailure', 401],
      ecs: ['InvalidSignatureException', 400],
      events: ['InvalidSignatureException', 400],
      lambda: ['InvalidSignatureException', 403],
      s3: ['SignatureDoesNotMatch', 403],
    });
  });
});

describe('a skewed clock', () => {
  const skewed: Expected = {
    elbv2: ['SignatureDoesNotMatch', 403],
    sts: ['SignatureDoesNotMatch', 403],
    cloudwatch: ['SignatureDoesNotMatch', 403],
    ec2: ['RequestExpired', 400],
    ecs: ['InvalidSignatureException', 400],
    events: ['InvalidSignatureException', 400],
    lambda: ['InvalidSignatureException', 403],
    s3: ['RequestTimeTooSkewed', 403],
  };

  it("gets each family's error when more than 15 minutes behind", async () => {
    await expectFailures(clients({ systemClockOffset: -16 * MINUTES }), skewed);
    const f = await failure(
      clients({ systemClockOffset: -16 * MINUTES }).elbv2.send(new DescribeLoadBalancersCommand({})),
    );
    expect(f.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it('and when more than 15 minutes ahead', async () => {
    await expectFailures(clients({ systemClockOffset: 16 * MINUTES }), skewed);
    const f = await failure(
      clients({ systemClockOffset: 16 * MINUTES }).ecs.send(new ListClustersCommand({})),
    );
    expect(f.message).toMatch(/^Signature not yet current: .* \+ 15 min\.\)$/);
  });

  it('is served within 15 minutes', async () => {
    const c = clients({ systemClockOffset: -14 * MINUTES });
    for (const call of Object.values(calls(c))) await call();
  });

  it("is corrected by the SDK from the answer's Date (S3: ServerTime), so the next call is served", async () => {
    const c = clients({ systemClockOffset: -40 * MINUTES });
    expect((await failure(c.elbv2.send(new DescribeLoadBalancersCommand({})))).name).toBe(
      'SignatureDoesNotMatch',
    );
    expect(Math.abs(c.elbv2.config.systemClockOffset)).toBeLessThan(5000);
    await c.elbv2.send(new DescribeLoadBalancersCommand({}));
    expect((await failure(calls(c).s3())).name).toBe('RequestTimeTooSkewed');
    await calls(c).s3();
    const fine = clients({ systemClockOffset: -10 * MINUTES });
    await calls(fine).ecs();
    expect(Math.abs(fine.ecs.config.systemClockOffset)).toBeLessThan(5000);
  });
});

describe("a Lambda function's session key", () => {
  it('signs the calls its code makes to S3', async () => {
    const c = clients();
    const role = await lambdaRole(c.iam, 'signed-role', 50);
    await c.s3.send(new CreateBucketCommand({ Bucket: 'signed-out' }));
    await c.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'signed-writer',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: role,
        Code: {
          ZipFile: zipOf({
            'index.mjs': `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
              const s3 = new S3Client({ forcePathStyle: true });
              export const handler = async () => {
                await s3.send(new PutObjectCommand({ Bucket: 'signed-out', Key: 'k', Body: 'from lambda' }));
                return process.env.AWS_ACCESS_KEY_ID;
              };`,
          }),
        },
      }),
    );
    await settled(() =>
      c.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'signed-writer' })),
    );
    await sb.resetRequests();
    // An ARN in the path: the canonical URI encodes it twice.
    const out = await c.lambda.send(
      new InvokeCommand({ FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:signed-writer` }),
    );
    expect(out.FunctionError).toBeUndefined();
    const key = JSON.parse(Buffer.from(out.Payload!).toString());
    expect(key).toMatch(/^ASIA[0-9A-F]{16}$/);
    const obj = await c.s3.send(new GetObjectCommand({ Bucket: 'signed-out', Key: 'k' }));
    expect(await obj.Body!.transformToString()).toBe('from lambda');
    const put = (await sb.requests({ operation: 'PutObject' }))[0]!;
    expect([put.status, put.accessKeyId]).toEqual([200, key]);
  });
});

describe('hand-made requests on the wire', () => {
  /** A client whose signed requests are changed before they are sent, as a forger would. */
  function tampered<T extends { middlewareStack: any }>(client: T, change: (request: any) => void): T {
    client.middlewareStack.add(
      (next: any) => (args: any) => {
        change(args.request);
        return next(args);
      },
      { step: 'deserialize', name: 'tamper' },
    );
    return client;
  }

  it('a body changed after signing: S3 XAmzContentSHA256Mismatch, ELBv2 SignatureDoesNotMatch', async () => {
    const s3 = tampered(clients().s3, (r) => {
      if (r.method === 'PUT') r.body = 'tampered!!!';
    });
    const f = await failure(
      s3.send(new PutObjectCommand({ Bucket: 'signed', Key: 't', Body: 'signed body' })),
    );
    expect([f.name, f.status]).toEqual(['XAmzContentSHA256Mismatch', 400]);
    const elbv2 = tampered(clients().elbv2, (r) => {
      r.body = String(r.body).replace('PageSize=5', 'PageSize=6');
    });
    const g = await failure(elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 5 })));
    expect([g.name, g.status]).toEqual(['SignatureDoesNotMatch', 403]);
  });

  it('a scope naming another service', async () => {
    const ecs = tampered(clients().ecs, (r) => {
      r.headers.authorization = r.headers.authorization.replace('/ecs/', '/dynamodb/');
    });
    const f = await failure(ecs.send(new ListClustersCommand({})));
    expect([f.name, f.status]).toEqual(['InvalidSignatureException', 400]);
    expect(f.message).toBe("Credential should be scoped to correct service: 'ecs'.");
  });

  it('session keys the sandbox did not issue, or with another token, are refused', async () => {
    const role = 'arn:aws:iam::123456789012:role/anyone';
    // What anyone could compute from a role ARN, had the keys no secret in them.
    const digest = createHash('sha256').update(`123456789012:${role}`).digest();
    const forged = {
      accessKeyId: `ASIA${digest.toString('hex').slice(0, 16).toUpperCase()}`,
      secretAccessKey: digest.toString('base64').slice(0, 40),
      sessionToken: Buffer.from(JSON.stringify({ role })).toString('base64'),
    };
    const c = clients({ credentials: forged });
    expect(await failure(calls(c).sts())).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(await failure(calls(c).s3())).toMatchObject({ name: 'InvalidToken', status: 400 });
    const issued = sessionCredentials(sb.sandbox, role);
    expect(await calls(clients({ credentials: issued })).sts()).toMatchObject({
      Arn: 'arn:aws:sts::123456789012:assumed-role/anyone/lambda',
    });
    const otherToken = { ...issued, sessionToken: sessionCredentials(sb.sandbox, `${role}2`).sessionToken };
    expect(await failure(calls(clients({ credentials: otherToken })).ecs())).toMatchObject({
      name: 'UnrecognizedClientException',
      status: 400,
    });
  });

  it('the legacy S3 signature is not accepted', async () => {
    const r = await rawRequest(sb.endpoint, {
      path: '/signed/k',
      headers: { Authorization: `AWS ${KNOWN.accessKeyId}:c2lnbmF0dXJl`, Date: new Date().toUTCString() },
    });
    expect(r.status).toBe(400);
    expect(r.body).toContain('<Code>InvalidRequest</Code>');
  });

  it('S3 errors carry the fields AWS puts in them', async () => {
    const r = await rawRequest(sb.endpoint, {
      path: '/signed/k',
      headers: {
        Authorization: `AWS4-HMAC-SHA256 Credential=${UNKNOWN.accessKeyId}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
        'x-amz-date': '20260101T000000Z',
      },
    });
    expect(r.status).toBe(403);
    expect(r.body).toContain('<Code>InvalidAccessKeyId</Code>');
    expect(r.body).toContain(`<AWSAccessKeyId>${UNKNOWN.accessKeyId}</AWSAccessKeyId>`);
  });
});

// Last in the file: it moves the sandbox's clock, which every later request would be checked against.
describe('the sandbox clock moved forward (clock/advance)', () => {
  it("is AWS's clock: the Date header carries it, the SDK signs in it, and requests are checked against it", async () => {
    await sb.control.advanceClock(30 * MINUTES);
    const sandboxNow = Date.parse((await sb.control.info()).clock.now);
    const r = await rawRequest(sb.endpoint, { path: '/' });
    expect(Math.abs(Date.parse(String(r.headers.date)) - sandboxNow)).toBeLessThan(5000);
    // A client on the machine's clock is 30 minutes behind: refused, corrected from the Date, served.
    const c = clients();
    expect((await failure(calls(c).elbv2())).name).toBe('SignatureDoesNotMatch');
    expect(Math.abs(c.elbv2.config.systemClockOffset - 30 * MINUTES)).toBeLessThan(5000);
    await calls(c).elbv2();
    // A success corrects it too (the SDK reads the Date of every answer).
    const retried = clients({ maxAttempts: 3 });
    for (const call of Object.values(calls(retried))) await call();
  });
});
