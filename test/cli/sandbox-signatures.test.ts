/**
 * `rails sandbox --verify-signatures` (the real binary, port 0): the SDK signing with a key given by
 * --access-key is served (ELBv2, EC2, S3 put and get, a Lambda function whose code calls S3 with the
 * session key the sandbox hands it); an unknown key, a wrong secret and a skewed clock get AWS's
 * errors; without --access-key a random key is made and printed; --access-key alone is refused.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, isolatedEnv, runCli } from '../helpers/cli.js';
import { failure } from '../helpers/sdk.js';

const KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const MINUTES = 60_000;
/** The servers' working directory: their token files go to .rails/ there. */
const dir = mkdtempSync(join(tmpdir(), 'rails-sandbox-sig-'));

interface Started {
  endpoint: string;
  signatures: string;
  env: Record<string, string>;
}

/** `rails sandbox --port 0 --json ...args`, until it has printed what it listens on. */
function start(args: string[]): Promise<{ child: ChildProcess; started: Started }> {
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--json', ...args], {
    cwd: dir,
    env: isolatedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      try {
        resolve({ child, started: JSON.parse(stdout) });
      } catch {
        // not the whole document yet
      }
    });
    child.on('exit', (code) => reject(new Error(`rails sandbox exited with ${code}: ${stdout}`)));
  });
}

let server: { child: ChildProcess; started: Started };
const made: Array<{ destroy(): void }> = [];

function config(credentials = KEY, extra: Record<string, unknown> = {}) {
  return { endpoint: server.started.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, ...extra };
}
function client<T extends { destroy(): void }>(c: T): T {
  made.push(c);
  return c;
}

beforeAll(async () => {
  server = await start(['--verify-signatures', '--access-key', `${KEY.accessKeyId}:${KEY.secretAccessKey}`]);
});

afterAll(() => {
  for (const c of made) c.destroy();
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('rails sandbox --verify-signatures', () => {
  it('prints the key it accepts in the exports', () => {
    expect(server.started.signatures).toBe('verified');
    expect(server.started.env).toMatchObject({
      AWS_ACCESS_KEY_ID: KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    });
  });

  it('serves the SDK signing with that key: ELBv2, EC2, S3 put and get', async () => {
    const elbv2 = client(new ElasticLoadBalancingV2Client(config()));
    expect((await elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers).toBeDefined();
    const ec2 = client(new EC2Client(config()));
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length).toBeGreaterThan(0);
    const s3 = client(new S3Client(config(KEY, { forcePathStyle: true })));
    await s3.send(new CreateBucketCommand({ Bucket: 'verified' }));
    await s3.send(new PutObjectCommand({ Bucket: 'verified', Key: 'dir/a b.txt', Body: 'signed' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'verified', Key: 'dir/a b.txt' }));
    expect(await got.Body!.transformToString()).toBe('signed');
  });

  it("runs a Lambda function whose code calls S3 with the runner's session key", async () => {
    const iam = client(new IAMClient(config()));
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: 'verified-fn',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await new Promise((r) => setTimeout(r, 600)); // the sandbox's role propagation delay
    const lambda = client(new LambdaClient(config()));
    const code = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
      const s3 = new S3Client({ forcePathStyle: true });
      export const handler = async () => {
        await s3.send(new PutObjectCommand({ Bucket: 'verified', Key: 'from-lambda', Body: 'hi' }));
        return process.env.AWS_ACCESS_KEY_ID;
      };`;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'verified-writer',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: role.Role!.Arn!,
        Code: { ZipFile: zipSync({ 'index.mjs': strToU8(code) }) },
      }),
    );
    for (let i = 0; i < 100; i++) {
      const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'verified-writer' }));
      if (c.State === 'Active' && c.LastUpdateStatus !== 'InProgress') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'verified-writer' }));
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toMatch(/^ASIA/);
    const s3 = client(new S3Client(config(KEY, { forcePathStyle: true })));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'verified', Key: 'from-lambda' }));
    expect(await got.Body!.transformToString()).toBe('hi');
  });

  it('refuses an unknown key, a wrong secret and a skewed clock with AWS errors', async () => {
    const elbv2 = (credentials: typeof KEY, extra = {}) =>
      client(new ElasticLoadBalancingV2Client(config(credentials, extra))).send(
        new DescribeLoadBalancersCommand({}),
      );
    const s3 = (credentials: typeof KEY, extra = {}) =>
      client(new S3Client(config(credentials, { forcePathStyle: true, ...extra }))).send(
        new GetObjectCommand({ Bucket: 'verified', Key: 'dir/a b.txt' }),
      );
    const unknown = { ...KEY, accessKeyId: 'AKIAUNKNOWNUNKNOWN00' };
    const wrong = { ...KEY, secretAccessKey: 'wrong' };
    const skew = { systemClockOffset: -20 * MINUTES };
    const seen = async (call: Promise<unknown>) => {
      const f = await failure(call);
      return [f.name, f.status];
    };
    expect(await seen(elbv2(unknown))).toEqual(['InvalidClientTokenId', 403]);
    expect(await seen(elbv2(wrong))).toEqual(['SignatureDoesNotMatch', 403]);
    expect(await seen(elbv2(KEY, skew))).toEqual(['SignatureDoesNotMatch', 403]);
    expect(await seen(s3(unknown))).toEqual(['InvalidAccessKeyId', 403]);
    expect(await seen(s3(wrong))).toEqual(['SignatureDoesNotMatch', 403]);
    expect(await seen(s3(KEY, skew))).toEqual(['RequestTimeTooSkewed', 403]);
    const ec2 = client(new EC2Client(config(wrong)));
    expect(await seen(ec2.send(new DescribeVpcsCommand({})))).toEqual(['AuthFailure', 401]);
  });

  it('makes and prints a random key when none is given', async () => {
    const bare = await start(['--verify-signatures', '--empty']);
    try {
      const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret } = bare.started.env;
      expect(id).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(secret).toHaveLength(40);
      const ok = client(
        new ElasticLoadBalancingV2Client({
          ...config(),
          endpoint: bare.started.endpoint,
          credentials: { accessKeyId: id!, secretAccessKey: secret! },
        }),
      );
      await ok.send(new DescribeLoadBalancersCommand({}));
      const sandboxKey = client(
        new ElasticLoadBalancingV2Client({
          ...config(),
          endpoint: bare.started.endpoint,
          credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
        }),
      );
      expect((await failure(sandboxKey.send(new DescribeLoadBalancersCommand({})))).name).toBe(
        'InvalidClientTokenId',
      );
    } finally {
      bare.child.kill('SIGKILL');
    }
  });

  it('refuses --access-key without --verify-signatures, and a malformed one', async () => {
    const alone = await runCli(['sandbox', '--port', '0', '--access-key', 'A:B'], { cwd: dir });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--verify-signatures/);
    const malformed = await runCli(
      ['sandbox', '--port', '0', '--verify-signatures', '--access-key', 'nocolon'],
      {
        cwd: dir,
      },
    );
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/ACCESS_KEY_ID:SECRET/);
  });
});
