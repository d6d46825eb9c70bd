/**
 * API Gateway's request matching as pure functions (docs/aws-behaviour.md §11 "Matching a request at
 * API Gateway"). REST: the resource tree is walked literal segment first, then the `{param}` sibling,
 * then `{proxy+}` (greedy, one segment or more), and the request stays on a resource only when that
 * resource serves its method (the verb, else ANY); otherwise the next candidate in that order takes it.
 * HTTP APIs: the most specific route wins, a full match before a greedy one, `$default` last; a
 * trailing slash is a segment of its own.
 */

export interface RestResourceView {
  id: string;
  parentId?: string;
  /** Undefined for the root `/`. */
  pathPart?: string;
  /** `/a/{proxy+}`. */
  path: string;
  /** Methods the resource defines (`GET`, `ANY`...). */
  methods: string[];
}

export interface RestMatch {
  resource: RestResourceView;
  /** The method the request uses: its own verb when defined, else ANY. */
  method: string;
  /** Path variables by name; `{proxy+}` holds the rest of the path joined by `/`. */
  params: Record<string, string>;
}

const variable = (part: string | undefined) => (part ? /^\{([^}+]+)(\+?)\}$/.exec(part) : null);

/** The method a request method uses on a resource: its own, else ANY, else none. */
export function methodFor(defined: string[], method: string): string | undefined {
  const upper = method.toUpperCase();
  if (defined.includes(upper)) return upper;
  return defined.includes('ANY') ? 'ANY' : undefined;
}

/** Path segments as REST matching sees them: empty segments (a trailing slash) do not count. */
export function restSegments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * Every resource the path reaches, in the order API Gateway prefers them: depth first, a literal child
 * before the `{param}` child before the `{proxy+}` child.
 */
function* candidates(
  children: Map<string, RestResourceView[]>,
  node: RestResourceView,
  segments: string[],
  i: number,
  params: Record<string, string>,
): Generator<{ resource: RestResourceView; params: Record<string, string> }> {
  if (i === segments.length) {
    yield { resource: node, params };
    return;
  }
  const kids = children.get(node.id) ?? [];
  const seg = segments[i]!;
  for (const k of kids.filter((k) => k.pathPart === seg))
    yield* candidates(children, k, segments, i + 1, params);
  for (const k of kids) {
    const v = variable(k.pathPart);
    if (v && !v[2]) yield* candidates(children, k, segments, i + 1, { ...params, [v[1]!]: seg });
  }
  for (const k of kids) {
    const v = variable(k.pathPart);
    if (v?.[2]) yield { resource: k, params: { ...params, [v[1]!]: segments.slice(i).join('/') } };
  }
}

/** The resource and method a REST request meets, or undefined (API Gateway's 403 Missing Authentication Token). */
export function matchRestResource(
  resources: RestResourceView[],
  path: string,
  method: string,
): RestMatch | undefined {
  const root = resources.find((r) => r.parentId === undefined);
  if (!root) return undefined;
  const children = new Map<string, RestResourceView[]>();
  for (const r of resources)
    if (r.parentId !== undefined) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  for (const c of candidates(children, root, restSegments(path), 0, {})) {
    const m = methodFor(c.resource.methods, method);
    if (m) return { resource: c.resource, method: m, params: c.params };
  }
  return undefined;
}

export interface HttpRouteMatch {
  routeKey: string;
  /** Path variables by name; `{proxy+}` holds the rest of the path. */
  params: Record<string, string>;
}

/** Segments as HTTP API routing sees them: `/` has none, a trailing slash leaves an empty last segment. */
export function httpSegments(path: string): string[] {
  return path === '/' || path === '' ? [] : path.replace(/^\//, '').split('/');
}

/**
 * The HTTP API route a request takes among `routeKeys` (`GET /pets/{id}`, `ANY /p/{proxy+}`,
 * `$default`), or undefined (API Gateway's 404 Not Found).
 */
export function matchHttpRoute(
  routeKeys: string[],
  method: string,
  path: string,
): HttpRouteMatch | undefined {
  const segments = httpSegments(path);
  let best: { key: string; params: Record<string, string>; score: number[] } | undefined;
  for (const key of routeKeys) {
    if (key === '$default') continue;
    const space = key.indexOf(' ');
    if (space < 0) continue;
    const verb = key.slice(0, space);
    if (verb !== 'ANY' && verb !== method.toUpperCase()) continue;
    const parts = httpSegments(key.slice(space + 1));
    const params: Record<string, string> = {};
    // Per segment: 2 a literal, 1 a variable; compared left to right, so the earlier literal wins.
    const kinds: number[] = [];
    let greedy = false;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const v = variable(parts[i]);
      if (v?.[2]) {
        // Greedy: the rest of the path, at least one segment (an empty one after a trailing slash counts).
        if (i >= segments.length) ok = false;
        else params[v[1]!] = segments.slice(i).join('/');
        greedy = true;
        break;
      }
      const seg = segments[i];
      if (seg === undefined) ok = false;
      else if (v && seg !== '') {
        params[v[1]!] = seg;
        kinds.push(1);
      } else if (!v && seg === parts[i]) kinds.push(2);
      else ok = false;
    }
    if (ok && !greedy && parts.length !== segments.length) ok = false;
    if (!ok) continue;
    const score = [
      greedy ? 0 : 1,
      ...kinds,
      ...new Array(Math.max(0, 16 - kinds.length)).fill(0),
      verb === 'ANY' ? 0 : 1,
    ];
    if (!best || compare(score, best.score) > 0) best = { key, params, score };
  }
  if (best) return { routeKey: best.key, params: best.params };
  return routeKeys.includes('$default') ? { routeKey: '$default', params: {} } : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/**
 * A REST integration's URI with `{name}` filled as API Gateway fills it: from the integration's
 * request parameters that map `integration.request.path.<name>` from `method.request.path.<source>`.
 */
export function fillIntegrationUri(
  uri: string,
  requestParameters: Record<string, string> | undefined,
  params: Record<string, string>,
): string {
  let out = uri;
  for (const [to, from] of Object.entries(requestParameters ?? {})) {
    const target = /^integration\.request\.path\.(.+)$/.exec(to)?.[1];
    const source = /^method\.request\.path\.(.+)$/.exec(from)?.[1];
    if (target && source && params[source] !== undefined)
      out = out.split(`{${target}}`).join(params[source]!);
  }
  return out;
}
