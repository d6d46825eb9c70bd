/** Folds AWS paging (Marker/NextMarker, NextToken) into whole arrays. */

/** Collects every page: `fetch(token)` returns the page's items and the next token (if any). */
export async function allPages<T>(
  fetch: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...(page.items ?? []));
    token = page.next || undefined;
  } while (token);
  return out;
}

/** Splits a list into batches of at most `size` (AWS per-call limits: 20 ARNs per DescribeTags...). */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
