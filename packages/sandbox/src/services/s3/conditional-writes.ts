/**
 * Conditional PutObject (`If-None-Match: *`, `If-Match: "<etag>"`). Writes to one key are applied one
 * at a time; a conditional write holds the key for a short commit window, and another conditional
 * write arriving inside that window gets 409 `ConditionalRequestConflict`, as S3 answers overlapping
 * conditional uploads. Whichever way two writers race, at most one of them succeeds against an ETag.
 */
import type { Sandbox } from '../../core/types.js';
import { noSuchKey, S3Error } from './s3-xml.js';
import type { ObjectVersion } from './state.js';

/** Real ms a conditional write stays in flight before it commits. */
const COMMIT_WINDOW_MS = 5;

const inFlight = new WeakMap<Sandbox, Set<string>>();

export interface WriteConditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

const unquote = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

/** Checks the condition headers' syntax: S3 only implements `If-None-Match: *` on writes. */
export function writeConditions(headers: Record<string, string | string[] | undefined>): WriteConditions {
  const ifMatch = headers['if-match'] as string | undefined;
  const ifNoneMatch = headers['if-none-match'] as string | undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new S3Error(
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      501,
      { Header: 'If-None-Match' },
    );
  }
  return { ifMatch, ifNoneMatch };
}

/** Evaluates the preconditions against the key's current version (412, or 404 for If-Match). */
export function checkWriteConditions(
  conditions: WriteConditions,
  current: ObjectVersion | undefined,
  key: string,
): void {
  const live = current && !current.isDeleteMarker ? current : undefined;
  const failed = (condition: string) =>
    new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
      Condition: condition,
    });
  if (conditions.ifNoneMatch !== undefined && live) throw failed('If-None-Match');
  if (conditions.ifMatch !== undefined) {
    if (!live) throw noSuchKey(key);
    const wanted = unquote(conditions.ifMatch);
    if (wanted !== '*' && wanted !== unquote(live.etag)) throw failed('If-Match');
  }
}

/**
 * Runs `commit` for a write to `bucket/key`. Unconditional writes commit at once; conditional ones
 * wait out the commit window, refusing any other conditional write to the key meanwhile.
 */
export async function serialisedWrite<T>(
  sb: Sandbox,
  bucket: string,
  key: string,
  conditional: boolean,
  commit: () => T,
): Promise<T> {
  if (!conditional) return commit();
  let keys = inFlight.get(sb);
  if (!keys) {
    keys = new Set();
    inFlight.set(sb, keys);
  }
  const id = `${bucket}/${key}`;
  if (keys.has(id)) {
    throw new S3Error(
      'ConditionalRequestConflict',
      'A conflicting conditional operation is currently in progress against this resource. Please try again.',
      409,
      { Key: key },
    );
  }
  keys.add(id);
  try {
    await new Promise((resolve) => setTimeout(resolve, COMMIT_WINDOW_MS));
    return commit();
  } finally {
    keys.delete(id);
  }
}
