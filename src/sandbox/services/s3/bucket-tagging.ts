/**
 * Put/Get/DeleteBucketTagging (`?tagging`). PutBucketTagging replaces the whole tag set; a bucket
 * without tags answers GetBucketTagging with 404 NoSuchTagSet, as S3 does.
 */
import type { RawRequest, RawResponse, RequestContext } from '../../core/types.js';
import { getBucket } from './buckets.js';
import { parseS3Xml, S3Error, s3Xml } from './s3-xml.js';

/** S3's limit of tags per bucket. */
const MAX_TAGS = 50;

const invalidTag = (message: string) => new S3Error('InvalidTag', message, 400);

/**
 * A parsed `<Tag><Key/><Value/></Tag>` list, checked as S3 checks it (PutBucketTagging, and the Tags of
 * CreateBucketConfiguration).
 */
export function parseTagList(raw: unknown): Record<string, string> {
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { Key?: unknown; Value?: unknown }[];
  if (list.length > MAX_TAGS) throw invalidTag('Object tags cannot be greater than 50');
  const tags: Record<string, string> = {};
  for (const t of list) {
    const key = String(t.Key ?? '');
    if (!key || key.length > 128) throw invalidTag('The TagKey you have provided is invalid');
    if (String(t.Value ?? '').length > 256) throw invalidTag('The TagValue you have provided is invalid');
    if (key in tags) throw invalidTag('Cannot provide multiple Tags with the same key');
    tags[key] = String(t.Value ?? '');
  }
  return tags;
}

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
