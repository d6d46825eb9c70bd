/** The N largest items seen, kept sorted as they arrive (a full sort of a million requests is not needed). */
export class TopList<T> {
  private readonly items: { score: number; item: T }[] = [];

  constructor(private readonly size: number) {}

  /** True when an item of this score would be kept: lets the caller skip building it. */
  wants(score: number): boolean {
    return this.items.length < this.size || score > this.items[this.items.length - 1]!.score;
  }

  add(score: number, item: T): void {
    if (!this.wants(score)) return;
    let at = this.items.length;
    while (at > 0 && this.items[at - 1]!.score < score) at--;
    this.items.splice(at, 0, { score, item });
    if (this.items.length > this.size) this.items.pop();
  }

  /** Largest first. */
  list(): T[] {
    return this.items.map((i) => i.item);
  }
}

/** Map entries as `{...}` rows, largest count first, ties by key; at most `limit`. */
export function ranked<V extends { count: number }>(map: Map<string, V>, limit = Infinity): V[] {
  return [...map.entries()]
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([, v]) => v);
}
