/**
 * Put/Get/DeleteBucketTagging (`?tagging`). PutBucketTagging replaces the whole tag set; a bucket
 * without tags answers GetBucketTagging with 404 NoSuchTagSet, as S3 does.
 */
import type { RawRequest, RawResponse, RequestContext } from '../../core/types.js';
import { getBucket } from './buckets.js';
import { parseS3Xml, S3Error, s3Xml } from './s3-xml.js';
import { parseTagList } from './tag-list.js';

export function putBucketTagging(req: RawRequest, ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  const tagging = parseS3Xml(req.body).Tagging as Record<string, any> | undefined;
  if (!tagging || typeof tagging !== 'object' || !('TagSet' in tagging)) {
    throw new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  const tags = parseTagList(tagging.TagSet?.Tag);
  if (Object.keys(tags).length) bucket.tags = tags;
  else delete bucket.tags;
  ctx.sb.markDirty();
  return { status: 204 };
}

export function getBucketTagging(ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  if (!bucket.tags) throw new S3Error('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: name });
  const body = s3Xml('Tagging', {
    TagSet: { Tag: Object.entries(bucket.tags).map(([Key, Value]) => ({ Key, Value })) },
  });
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}

export function deleteBucketTagging(ctx: RequestContext, name: string): RawResponse {
  const bucket = getBucket(ctx, name);
  if (bucket.tags) {
    delete bucket.tags;
    ctx.sb.markDirty();
  }
  return { status: 204 };
}
