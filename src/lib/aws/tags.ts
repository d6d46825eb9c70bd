/**
 * AWS's two shapes of tags: the `[{ Key, Value }]` list most APIs speak, and the record rails reads.
 * Shape only, no meaning: which tags say "ours" is the domain's business (lib/common/names.ts).
 */

export function toTagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function fromTagList(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? '']));
}
