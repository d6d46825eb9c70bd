/** ListTags / TagResource / UntagResource on a function ARN (`/2017-03-31/tags/{arn}`). */
import type { Sandbox } from '../../core/types.js';
import { getFunctionOrThrow } from './lifecycle.js';

export function listTags(sb: Sandbox, arn: string): { Tags: Record<string, string> } {
  return { Tags: { ...getFunctionOrThrow(sb, arn).tags } };
}

export function tagResource(sb: Sandbox, arn: string, tags: Record<string, string>): void {
  Object.assign(getFunctionOrThrow(sb, arn).tags, tags);
  sb.markDirty();
}

export function untagResource(sb: Sandbox, arn: string, keys: string[]): void {
  const fn = getFunctionOrThrow(sb, arn);
  for (const k of keys) delete fn.tags[k];
  sb.markDirty();
}
