/** S3 conformance: the real SDK over loopback against the sandbox, one behaviour per case. */
import { createHash } from 'node:crypto';
import { Agent } from 'node:http';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let t: TestSandbox;
let s3: S3Client;
/** A second client against the same sandbox, path-style unless told otherwise. */
const client = (config: S3ClientConfig) =>
  new S3Client({
    endpoint: t.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    ...config,
  });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => e,
  );

beforeAll(async () => {
  t = await startTestSandbox({ empty: true });
  s3 = t.sdk.s3;
});
afterAll(() => t.stop());

describe('S3 buckets', () => {
  it('creates a bucket and HeadBucket finds it with its region', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'rails-one' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'rails-one' }));
    expect(head.BucketRegion).toBe('us-east-1');
  });

  it('is idempotent for your own bucket in us-east-1', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'rails-twice' }));
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'rails-twice' }))).resolves.toBeDefined();
  });

  it('answers BucketAlreadyOwnedByYou outside us-east-1', async () => {
    const eu = client({ region: 'eu-west-1' });
    await eu.send(new CreateBucketCommand({ Bucket: 'rails-eu' }));
    const err = await errorOf(eu.send(new CreateBucketCommand({ Bucket: 'rails-eu' })));
    expect(err.name).toBe('BucketAlreadyOwnedByYou');
    expect(err.$metadata.httpStatusCode).toBe(409);
    expect((await s3.send(new HeadBucketCommand({ Bucket: 'rails-eu' }))).BucketRegion).toBe('eu-west-1');
    eu.destroy();
  });

  it('refuses LocationConstraint us-east-1', async () => {
    const err = await errorOf(
      s3.send(
        new CreateBucketCommand({
          Bucket: 'rails-bad-loc',
          CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as any },
        }),
      ),
    );
    expect(err.name).toBe('InvalidLocationConstraint');
  });

  it.each(['ab', 'UpperCase', '-starts-with-dash', '192.168.1.1', 'a..b', 'x'.repeat(64)])(
    'refuses the bucket name %s',
    async (name) => {
      const err = await errorOf(s3.send(new CreateBucketCommand({ Bucket: name })));
      expect(err.name).toBe('InvalidBucketName');
    },
  );

  it('HeadBucket on a missing bucket is a 404 NotFound without a body', async () => {
    const err = await errorOf(s3.send(new HeadBucketCommand({ Bucket: 'rails-missing' })));
    expect(err.name).toBe('NotFound');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('refuses to delete a bucket that is not empty, then deletes it once emptied', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'rails-full' }));
    await s3.send(new PutObjectCommand({ Bucket: 'rails-full', Key: 'k', Body: 'x' }));
    const err = await errorOf(s3.send(new DeleteBucketCommand({ Bucket: 'rails-full' })));
    expect(err.name).toBe('BucketNotEmpty');
    expect(err.$metadata.httpStatusCode).toBe(409);
    await s3.send(new DeleteObjectCommand({ Bucket: 'rails-full', Key: 'k' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'rails-full' }));
    expect((await errorOf(s3.send(new HeadBucketCommand({ Bucket: 'rails-full' })))).name).toBe('NotFound');
  });

  it('reports versioning unset, then Enabled', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'rails-ver' }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'rails-ver' }))).Status).toBeUndefined();
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: 'rails-ver', VersioningConfiguration: { Status: 'Enabled' } }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'rails-ver' }))).Status).toBe('Enabled');
  });
});

describe('S3 objects', () => {
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'rails-objects' }));
  });

  it('puts and gets an object with a quoted MD5 ETag and a verified CRC32', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'rails-objects',
        Key: 'dir/a.json',
        Body: '{"a":1}',
        ContentType: 'application/json',
      }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update('{"a":1}').digest('hex')}"`);
    expect(put.ChecksumCRC32).toBeDefined();
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'rails-objects', Key: 'dir/a.json', ChecksumMode: 'ENABLED' }),
    );
    expect(await got.Body!.transformToString()).toBe('{"a":1}');
    expect(got.ETag).toBe(put.ETag);
    expect(got.ContentType).toBe('application/json');
    expect(got.ChecksumCRC32).toBe(put.ChecksumCRC32);
  });

  it('refuses a body whose CRC32 does not match the header with BadDigest', async () => {
    const err = await errorOf(
      s3.send(
        new PutObjectCommand({
          Bucket: 'rails-objects',
          Key: 'corrupt',
          Body: 'data',
          ChecksumCRC32: 'AAAAAA==',
        }),
      ),
    );
    expect(err.name).toBe('BadDigest');
    expect(
      (await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'rails-objects', Key: 'corrupt' })))).name,
    ).toBe('NotFound');
  });

  it('decodes an aws-chunked streaming upload with a CRC32 trailer', async () => {
    const body = Buffer.alloc(200_000, 'z');
    await s3.send(
      new PutObjectCommand({
        Bucket: 'rails-objects',
        Key: 'stream.bin',
        Body: Readable.from([body.subarray(0, 70_000), body.subarray(70_000)]),
        ContentLength: body.length,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'rails-objects', Key: 'stream.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  it('answers NoSuchKey and NoSuchBucket with 404', async () => {
    const key = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'rails-objects', Key: 'nope' })));
    expect(key.name).toBe('NoSuchKey');
    const bucket = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'rails-nobucket', Key: 'nope' })));
    expect(bucket.name).toBe('NoSuchBucket');
    const head = await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'rails-objects', Key: 'nope' })));
    expect(head.name).toBe('NotFound');
  });

  it('If-None-Match: * refuses an existing key with 412 PreconditionFailed', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: 'rails-objects', Key: 'once', Body: '1', IfNoneMatch: '*' }),
    );
    const err = await errorOf(
      s3.send(new PutObjectCommand({ Bucket: 'rails-objects', Key: 'once', Body: '2', IfNoneMatch: '*' })),
    );
    expect(err.name).toBe('PreconditionFailed');
    expect(err.$metadata.httpStatusCode).toBe(412);
  });

  it('If-Match writes only over the ETag it names', async () => {
    const first = await s3.send(new PutObjectCommand({ Bucket: 'rails-objects', Key: 'cas', Body: 'v1' }));
    const second = await s3.send(
      new PutObjectCommand({ Bucket: 'rails-objects', Key: 'cas', Body: 'v2', IfMatch: first.ETag }),
    );
    expect(second.ETag).not.toBe(first.ETag);
    const stale = await errorOf(
      s3.send(new PutObjectCommand({ Bucket: 'rails-objects', Key: 'cas', Body: 'v3', IfMatch: first.ETag })),
    );
    expect(stale.name).toBe('PreconditionFailed');
  });

  it('If-Match on a missing key is NoSuchKey', async () => {
    const err = await errorOf(
      s3.send(new PutObjectCommand({ Bucket: 'rails-objects', Key: 'absent', Body: 'x', IfMatch: '"abc"' })),
    );
    expect(err.name).toBe('NoSuchKey');
  });

  it('concurrent conditional writes against one ETag never both succeed', async () => {
    const base = await s3.send(new PutObjectCommand({ Bucket: 'rails-objects', Key: 'race', Body: 'base' }));
    const other = client({ credentials: { accessKeyId: 'other', secretAccessKey: 'other' } });
    for (let round = 0; round < 5; round++) {
      const etag = (await s3.send(new HeadObjectCommand({ Bucket: 'rails-objects', Key: 'race' }))).ETag;
      const results = await Promise.allSettled([
        s3.send(
          new PutObjectCommand({ Bucket: 'rails-objects', Key: 'race', Body: `a${round}`, IfMatch: etag }),
        ),
        other.send(
          new PutObjectCommand({ Bucket: 'rails-objects', Key: 'race', Body: `b${round}`, IfMatch: etag }),
        ),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok.length).toBeLessThanOrEqual(1);
      for (const r of results) {
        if (r.status === 'rejected')
          expect(['PreconditionFailed', 'ConditionalRequestConflict']).toContain(r.reason.name);
      }
    }
    const creates = await Promise.allSettled(
      [s3, other].map((c, i) =>
        c.send(
          new PutObjectCommand({ Bucket: 'rails-objects', Key: 'race-new', Body: `${i}`, IfNoneMatch: '*' }),
        ),
      ),
    );
    expect(creates.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(base.ETag).toBeDefined();
    other.destroy();
  });

  it('overlapping conditional writes to one key get 409 ConditionalRequestConflict', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) =>
        s3.send(
          new PutObjectCommand({ Bucket: 'rails-objects', Key: 'burst', Body: `${i}`, IfNoneMatch: '*' }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const names = results.flatMap((r) => (r.status === 'rejected' ? [r.reason.name] : []));
    expect(names).toContain('ConditionalRequestConflict');
  });

  it('keeps versions when versioning is enabled and hides a deleted key behind a marker', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'rails-versions' }));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'rails-versions',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'rails-versions', Key: 'k', Body: 'one' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'rails-versions', Key: 'k', Body: 'two' }));
    expect(v1.VersionId).toBeDefined();
    expect(v2.VersionId).not.toBe(v1.VersionId);
    const old = await s3.send(
      new GetObjectCommand({ Bucket: 'rails-versions', Key: 'k', VersionId: v1.VersionId }),
    );
    expect(await old.Body!.transformToString()).toBe('one');
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'rails-versions', Key: 'k' }));
    expect(del.DeleteMarker).toBe(true);
    expect((await errorOf(s3.send(new GetObjectCommand({ Bucket: 'rails-versions', Key: 'k' })))).name).toBe(
      'NoSuchKey',
    );
  });

  it('lists every version and delete marker, so a versioned bucket can be emptied and deleted', async () => {
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'rails-versions' }));
    expect(versions.Versions?.map((v) => [v.Key, v.IsLatest])).toEqual([
      ['k', false],
      ['k', false],
    ]);
    expect(versions.DeleteMarkers?.map((m) => [m.Key, m.IsLatest])).toEqual([['k', true]]);
    const all = [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])];
    const err = await errorOf(s3.send(new DeleteBucketCommand({ Bucket: 'rails-versions' })));
    expect(err.name).toBe('BucketNotEmpty');
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'rails-versions',
        Delete: { Objects: all.map((v) => ({ Key: v.Key!, VersionId: v.VersionId })) },
      }),
    );
    await s3.send(new DeleteBucketCommand({ Bucket: 'rails-versions' }));
  });

  it('lists with prefix, delimiter and continuation tokens', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'rails-list' }));
    const keys = ['a/1', 'a/2', 'b/1', 'c', 'd', 'e'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'rails-list', Key, Body: Key }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'rails-list', Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(top.Contents?.map((c) => c.Key)).toEqual(['c', 'd', 'e']);
    const underA = await s3.send(new ListObjectsV2Command({ Bucket: 'rails-list', Prefix: 'a/' }));
    expect(underA.Contents?.map((c) => c.Key)).toEqual(['a/1', 'a/2']);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'rails-list', MaxKeys: 2, ContinuationToken: token }),
      );
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      seen.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
    } while (token);
    expect(seen).toEqual(keys);
  });

  it('caps ListObjectsV2 pages at the sandbox maxPageSize, so paging is exercised', async () => {
    await t.control.settings({ maxPageSize: 2 });
    try {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'rails-list' }));
      expect(page.KeyCount).toBe(2);
      expect(page.IsTruncated).toBe(true);
      expect(page.NextContinuationToken).toBeDefined();
    } finally {
      await t.control.settings({ maxPageSize: null as unknown as number });
    }
  });

  it('accepts virtual-host style requests (bucket in the Host header)', async () => {
    // Without forcePathStyle the SDK puts the bucket in the host name; resolve every name to loopback.
    const lookup = (_host: string, opts: any, cb: any) =>
      opts?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4);
    const vhost = client({
      endpoint: t.endpoint.replace('127.0.0.1', 'localhost'),
      forcePathStyle: false,
      requestHandler: { httpAgent: new Agent({ lookup } as any) },
    });
    await vhost.send(new PutObjectCommand({ Bucket: 'rails-objects', Key: 'vhost/x.txt', Body: 'hi' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'rails-objects', Key: 'vhost/x.txt' }));
    expect(await got.Body!.transformToString()).toBe('hi');
    const listed = await vhost.send(new ListObjectsV2Command({ Bucket: 'rails-objects', Prefix: 'vhost/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['vhost/x.txt']);
    const log = await t.requests({ service: 's3', operation: 'PutObject' });
    expect(log.length).toBeGreaterThan(0);
    vhost.destroy();
  });
});
