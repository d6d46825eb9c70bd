/** STS GetCallerIdentity: no parameters, no permissions; the sandbox account and a stable user id. */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { expect, it } from 'vitest';
import { stsService } from '../src/services/sts/index.js';
import { sandboxPerFile, startTestSandbox } from './helpers/sandbox.js';

const sb = sandboxPerFile(() => startTestSandbox({ services: [stsService] }));

it('returns the account, a user ARN and a stable user id', async () => {
  const a = await sb.sdk.sts.send(new GetCallerIdentityCommand({}));
  expect(a.Account).toBe('123456789012');
  expect(a.Arn).toBe('arn:aws:iam::123456789012:user/test');
  expect(a.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  const b = await sb.sdk.sts.send(new GetCallerIdentityCommand({}));
  expect(b.UserId).toBe(a.UserId);
});

it('names the assumed role for temporary credentials', async () => {
  const client = new STSClient({
    endpoint: sb.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'ASIATESTSESSION', secretAccessKey: 's', sessionToken: 'token' },
  });
  const out = await client.send(new GetCallerIdentityCommand({}));
  expect(out.Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\//);
  client.destroy();
});

it('names the function role for the credentials the sandbox gives a Lambda function', async () => {
  const roleArn = 'arn:aws:iam::123456789012:role/service/rails-sync';
  const client = new STSClient({
    endpoint: sb.endpoint,
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'ASIA0123456789ABCDEF',
      secretAccessKey: 's',
      sessionToken: Buffer.from(JSON.stringify({ role: roleArn })).toString('base64'),
    },
  });
  const out = await client.send(new GetCallerIdentityCommand({}));
  expect(out.Arn).toBe('arn:aws:sts::123456789012:assumed-role/rails-sync/lambda');
  expect(out.UserId).toMatch(/^AROA[A-Z2-7]{17}:lambda$/);
  client.destroy();
});
