/**
 * API Gateway's request matching, as pure functions (docs/aws-behaviour.md §11 "Deployments and
 * routing"): REST resources match literal segments before a `{param}` and a greedy `{proxy+}` last,
 * which needs at least one character; method `ANY` answers every method not defined on the resource.
 * HTTP API routes: the most specific path wins (literals, then variables, greedy last), an exact
 * method over `ANY`, `$default` when nothing else matches.
 */

export interface TreeNode {
  id: string;
  parentId?: string;
  pathPart?: string;
}

export interface ResourceMatch {
  id: string;
  /** Path variables by name, `{proxy+}` holding the rest of the path joined by `/`. */
  params: Record<string, string>;
}

const variable = (part: string) => /^\{([^}+]+)(\+?)\}$/.exec(part);

/** The resource a path (`/p/a/b`) matches in a tree, or undefined. */
export function matchResource(nodes: TreeNode[], path: string): ResourceMatch | undefined {
  const root = nodes.find((n) => n.parentId === undefined);
  if (!root) return undefined;
  const children = new Map<string, TreeNode[]>();
  for (const n of nodes) if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const segments = path.split('/').filter((s) => s !== '');
  const walk = (node: TreeNode, i: number, params: Record<string, string>): ResourceMatch | undefined => {
    if (i === segments.length) return { id: node.id, params };
    const kids = children.get(node.id) ?? [];
    const seg = segments[i]!;
    const literal = kids.find((k) => k.pathPart === seg);
    const viaLiteral = literal && walk(literal, i + 1, params);
    if (viaLiteral) return viaLiteral;
    for (const k of kids) {
      const v = variable(k.pathPart ?? '');
      if (!v || v[2]) continue;
      const found = walk(k, i + 1, { ...params, [v[1]!]: decodeURIComponent(seg) });
      if (found) return found;
    }
    for (const k of kids) {
      const v = variable(k.pathPart ?? '');
      if (v?.[2])
        return {
          id: k.id,
          params: { ...params, [v[1]!]: segments.slice(i).map(decodeURIComponent).join('/') },
        };
    }
    return undefined;
  };
  return walk(root, 0, {});
}

/** The method a request method uses on a resource: its own, else ANY. */
export function matchMethod(defined: string[], method: string): string | undefined {
  const upper = method.toUpperCase();
  if (defined.includes(upper)) return upper;
  return defined.includes('ANY') ? 'ANY' : undefined;
}

export interface RouteMatch {
  routeKey: string;
  params: Record<string, string>;
}

/** The HTTP API route a request takes among `routeKeys`, or undefined (404). */
export function matchRoute(routeKeys: string[], method: string, path: string): RouteMatch | undefined {
  // A trailing slash is significant for HTTP APIs: `/p/` is not `/p`, its empty last segment is one
  // that `{proxy+}` can take (docs/aws-behaviour.md §11, HTTP APIs). Only `/` itself is no segment.
  const segments = path === '/' || path === '' ? [] : path.split('/').slice(1);
  let best: { key: string; params: Record<string, string>; score: number[] } | undefined;
  for (const key of routeKeys) {
    if (key === '$default') continue;
    const [verb, template] = key.split(' ') as [string, string];
    if (verb !== 'ANY' && verb !== method.toUpperCase()) continue;
    const parts = template.split('/').filter((s) => s !== '');
    const params: Record<string, string> = {};
    let literals = 0;
    let greedy = 0;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const v = variable(parts[i]!);
      if (v?.[2]) {
        if (i >= segments.length) ok = false;
        else params[v[1]!] = segments.slice(i).join('/');
        greedy = 1;
        break;
      }
      const seg = segments[i];
      if (seg === undefined) ok = false;
      // A {param} takes one segment, never the empty one a trailing slash leaves.
      else if (v && seg !== '') params[v[1]!] = seg;
      else if (seg === parts[i]) literals++;
      else ok = false;
    }
    if (ok && !greedy && parts.length !== segments.length) ok = false;
    if (!ok) continue;
    const score = [1 - greedy, literals, parts.length, verb === 'ANY' ? 0 : 1];
    if (!best || compare(score, best.score) > 0) best = { key, params, score };
  }
  if (best) return { routeKey: best.key, params: best.params };
  return routeKeys.includes('$default') ? { routeKey: '$default', params: {} } : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
