/** S3 bucket policies and tags through the real SDK: stored as sent, 404 without them, errors as S3 answers. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let t: TestSandbox;
let s3: S3Client;
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => e,
  );

const policy = (bucket: string, resource = `arn:aws:s3:::${bucket}/logs/AWSLogs/123456789012/*`) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Write',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: resource,
      },
    ],
  });

beforeAll(async () => {
  t = await startTestSandbox({ empty: true });
  s3 = t.sdk.s3;
  await s3.send(new CreateBucketCommand({ Bucket: 'policy-one' }));
});
afterAll(() => t.stop());

describe('S3 bucket policies', () => {
  it('GetBucketPolicy on a bucket without one is 404 NoSuchBucketPolicy', async () => {
    const err = await errorOf(s3.send(new GetBucketPolicyCommand({ Bucket: 'policy-one' })));
    expect(err?.name).toBe('NoSuchBucketPolicy');
    expect(err.message).toBe('The bucket policy does not exist');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('stores the policy as sent and returns it; delete removes it and is idempotent', async () => {
    const text = policy('policy-one');
    const put = await s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-one', Policy: text }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    const got = await s3.send(new GetBucketPolicyCommand({ Bucket: 'policy-one' }));
    expect(JSON.parse(got.Policy!)).toEqual(JSON.parse(text));
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'policy-one' }));
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'policy-one' }));
    const err = await errorOf(s3.send(new GetBucketPolicyCommand({ Bucket: 'policy-one' })));
    expect(err?.name).toBe('NoSuchBucketPolicy');
  });

  it('refuses text that is not a JSON object with MalformedPolicy', async () => {
    const err = await errorOf(
      s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-one', Policy: 'not json' })),
    );
    expect(err?.name).toBe('MalformedPolicy');
    expect(err.message).toBe("Policies must be valid JSON and the first byte must be '{'");
    expect(err.$metadata.httpStatusCode).toBe(400);
    const broken = await errorOf(
      s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-one', Policy: '{"Statement": [' })),
    );
    expect(broken?.name).toBe('MalformedPolicy');
    expect(broken.message).toBe('This policy contains invalid Json');
  });

  it('refuses a policy without Statement, or with a resource outside the bucket', async () => {
    const noStatement = await errorOf(
      s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-one', Policy: '{"Version":"2012-10-17"}' })),
    );
    expect(noStatement?.name).toBe('MalformedPolicy');
    expect(noStatement.message).toBe('Missing required field Statement');
    const elsewhere = await errorOf(
      s3.send(
        new PutBucketPolicyCommand({
          Bucket: 'policy-one',
          Policy: policy('policy-one', 'arn:aws:s3:::another-bucket/*'),
        }),
      ),
    );
    expect(elsewhere?.name).toBe('MalformedPolicy');
    expect(elsewhere.message).toBe('Policy has invalid resource');
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    const err = await errorOf(
      s3.send(new PutBucketPolicyCommand({ Bucket: 'policy-missing', Policy: policy('policy-missing') })),
    );
    expect(err?.name).toBe('NoSuchBucket');
  });

  it('keeps the policy across a restart of a sandbox with a state file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rails-s3-policy-'));
    const stateFile = join(dir, 'state.json');
    const first = await startTestSandbox({ empty: true, stateFile });
    await first.sdk.s3.send(new CreateBucketCommand({ Bucket: 'policy-kept' }));
    await first.sdk.s3.send(
      new PutBucketPolicyCommand({ Bucket: 'policy-kept', Policy: policy('policy-kept') }),
    );
    await first.stop();
    const second = await startTestSandbox({ empty: true, stateFile });
    try {
      const got = await second.sdk.s3.send(new GetBucketPolicyCommand({ Bucket: 'policy-kept' }));
      expect(got.Policy).toBe(policy('policy-kept'));
    } finally {
      await second.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('S3 bucket tagging', () => {
  it('GetBucketTagging without tags is 404 NoSuchTagSet; Put replaces the set; Delete clears it', async () => {
    const none = await errorOf(s3.send(new GetBucketTaggingCommand({ Bucket: 'policy-one' })));
    expect(none?.name).toBe('NoSuchTagSet');
    expect(none.$metadata.httpStatusCode).toBe(404);
    await s3.send(
      new PutBucketTaggingCommand({
        Bucket: 'policy-one',
        Tagging: {
          TagSet: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        },
      }),
    );
    await s3.send(
      new PutBucketTaggingCommand({ Bucket: 'policy-one', Tagging: { TagSet: [{ Key: 'c', Value: '3' }] } }),
    );
    const got = await s3.send(new GetBucketTaggingCommand({ Bucket: 'policy-one' }));
    expect(got.TagSet).toEqual([{ Key: 'c', Value: '3' }]);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'policy-one' }));
    const gone = await errorOf(s3.send(new GetBucketTaggingCommand({ Bucket: 'policy-one' })));
    expect(gone?.name).toBe('NoSuchTagSet');
  });

  it('CreateBucket with CreateBucketConfiguration.Tags tags the bucket in the same call', async () => {
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'tagged-at-birth',
        CreateBucketConfiguration: { Tags: [{ Key: 'team', Value: 'rail' }] },
      }),
    );
    const got = await s3.send(new GetBucketTaggingCommand({ Bucket: 'tagged-at-birth' }));
    expect(got.TagSet).toEqual([{ Key: 'team', Value: 'rail' }]);
    const dup = await errorOf(
      s3.send(
        new CreateBucketCommand({
          Bucket: 'tagged-twice',
          CreateBucketConfiguration: {
            Tags: [
              { Key: 'a', Value: '1' },
              { Key: 'a', Value: '2' },
            ],
          },
        }),
      ),
    );
    expect(dup?.name).toBe('InvalidTag');
    const absent = await errorOf(s3.send(new HeadBucketCommand({ Bucket: 'tagged-twice' })));
    expect(absent.$metadata.httpStatusCode).toBe(404);
  });

  it('refuses two tags with one key with InvalidTag', async () => {
    const err = await errorOf(
      s3.send(
        new PutBucketTaggingCommand({
          Bucket: 'policy-one',
          Tagging: {
            TagSet: [
              { Key: 'a', Value: '1' },
              { Key: 'a', Value: '2' },
            ],
          },
        }),
      ),
    );
    expect(err?.name).toBe('InvalidTag');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });
});
