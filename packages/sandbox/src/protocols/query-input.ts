/**
 * Decodes awsQuery / ec2Query form parameters into a nested input object:
 * `Names.member.1=a` -> `{ Names: ['a'] }`, `Filter.1.Name=x&Filter.1.Value.1=y` ->
 * `{ Filter: [{ Name: 'x', Value: ['y'] }] }`. Values stay strings (handlers coerce).
 * An empty list arrives as the SDK sends it: `Names=` -> `{ Names: '' }` (see `asList`).
 */

const INDEX = /^\d+$/;

type Node = Record<string | symbol, any>;

/** Marks objects whose keys are list positions, turned into arrays at the end. */
const LIST = Symbol('list');

export function parseQueryParams(params: URLSearchParams): Record<string, any> {
  const root: Node = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i]!;
      // `member` (awsQuery lists) and `entry` (awsQuery maps) only introduce a position.
      if ((part === 'member' || part === 'entry') && INDEX.test(parts[i + 1] ?? '')) continue;
      const isIndex = INDEX.test(part);
      if (isIndex) {
        node[LIST] = true;
        part = part.padStart(6, '0');
      }
      if (i === parts.length - 1) {
        node[part] = value;
      } else {
        if (node[part] === null || typeof node[part] !== 'object') node[part] = {};
        node = node[part];
      }
    }
  }
  return finish(root);
}

function finish(node: Node): any {
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) out[k] = v !== null && typeof v === 'object' ? finish(v) : v;
  if (node[LIST]) {
    return Object.keys(out)
      .sort()
      .map((k) => out[k]);
  }
  return out;
}

/** A query-protocol list input as an array: undefined and the empty-list marker `''` become []. */
export function asList<T = any>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value as T];
}
