/**
 * The tag list S3 takes in two places, PutBucketTagging and CreateBucketConfiguration: apart from
 * both, so bucket creation and bucket tagging do not import each other.
 */
import { S3Error } from './s3-xml.js';

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
