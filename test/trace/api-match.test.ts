/** API Gateway's matching (pure): REST resources and HTTP API routes, as docs/aws-behaviour.md §11 describes them. */
import { describe, expect, it } from 'vitest';
import {
  fillIntegrationUri,
  matchHttpRoute,
  matchRestResource,
  type RestResourceView,
} from '../../src/lib/trace/api-match.js';

/** A tree from `path: methods` pairs; parents are made as needed (without methods). */
function tree(spec: Record<string, string[]>): RestResourceView[] {
  const byPath = new Map<string, RestResourceView>();
  byPath.set('/', { id: 'root', path: '/', methods: spec['/'] ?? [] });
  const ensure = (path: string): RestResourceView => {
    const have = byPath.get(path);
    if (have) return have;
    const i = path.lastIndexOf('/');
    const parent = ensure(i === 0 ? '/' : path.slice(0, i));
    const r: RestResourceView = {
      id: `r${byPath.size}`,
      parentId: parent.id,
      pathPart: path.slice(i + 1),
      path,
      methods: spec[path] ?? [],
    };
    byPath.set(path, r);
    return r;
  };
  for (const p of Object.keys(spec)) ensure(p);
  return [...byPath.values()];
}

const rest = (spec: Record<string, string[]>, path: string, method = 'GET') => {
  const m = matchRestResource(tree(spec), path, method);
  return m && { path: m.resource.path, method: m.method, params: m.params };
};

describe('REST resources', () => {
  const api = {
    '/': ['GET'],
    '/pets': ['GET'],
    '/pets/{id}': ['GET', 'DELETE'],
    '/pets/mine': ['ANY'],
    '/pets/{id}/{proxy+}': ['ANY'],
    '/{proxy+}': ['ANY'],
  };

  it('a literal segment wins over the {param} sibling, which wins over {proxy+}', () => {
    expect(rest(api, '/pets/mine')).toMatchObject({ path: '/pets/mine', method: 'ANY' });
    expect(rest(api, '/pets/7')).toEqual({ path: '/pets/{id}', method: 'GET', params: { id: '7' } });
    expect(rest(api, '/cats/7')).toEqual({ path: '/{proxy+}', method: 'ANY', params: { proxy: 'cats/7' } });
  });

  it('{proxy+} is greedy: one segment or more, joined', () => {
    expect(rest(api, '/pets/7/toys/ball')).toEqual({
      path: '/pets/{id}/{proxy+}',
      method: 'ANY',
      params: { id: '7', proxy: 'toys/ball' },
    });
    expect(rest({ '/a/{proxy+}': ['ANY'] }, '/a')).toBeUndefined();
  });

  it('the root matches only `/`, and only with a method; {proxy+} never takes it', () => {
    expect(rest(api, '/')).toMatchObject({ path: '/', method: 'GET' });
    expect(rest({ '/{proxy+}': ['ANY'] }, '/')).toBeUndefined();
  });

  it('a trailing slash is not a segment: /pets/ is /pets', () => {
    expect(rest(api, '/pets/')).toMatchObject({ path: '/pets' });
    expect(rest(api, '/pets/7/')).toMatchObject({ path: '/pets/{id}', params: { id: '7' } });
  });

  it('a resource that does not serve the method lets the next candidate take the request', () => {
    // POST /pets: /pets has only GET, so the root proxy serves it.
    expect(rest(api, '/pets', 'POST')).toEqual({
      path: '/{proxy+}',
      method: 'ANY',
      params: { proxy: 'pets' },
    });
    // A resource with no methods at all (a parent made for its child) does not keep the request either.
    expect(rest({ '/jobs/{op}': ['GET'], '/{proxy+}': ['ANY'] }, '/jobs')).toMatchObject({
      path: '/{proxy+}',
    });
    // With no other candidate: no match (403 Missing Authentication Token).
    expect(rest({ '/jobs/{op}': ['GET'] }, '/jobs')).toBeUndefined();
    expect(rest({ '/pets': ['GET'] }, '/pets', 'POST')).toBeUndefined();
  });

  it('a literal branch that leads nowhere falls back to the {param} branch', () => {
    const t = { '/a/b/c': ['GET'], '/a/{x}/d': ['GET'] };
    expect(rest(t, '/a/b/d')).toEqual({ path: '/a/{x}/d', method: 'GET', params: { x: 'b' } });
  });

  it('paths are case-sensitive; an unknown path has no match', () => {
    expect(rest({ '/Pets': ['GET'] }, '/pets')).toBeUndefined();
    expect(rest({ '/pets': ['GET'] }, '/dogs')).toBeUndefined();
  });

  it('the rail’s own shape: P/{proxy+} with ANY', () => {
    const t = { '/ice-station-zebra/{proxy+}': ['ANY'] };
    expect(rest(t, '/ice-station-zebra/v1/x', 'POST')).toEqual({
      path: '/ice-station-zebra/{proxy+}',
      method: 'ANY',
      params: { proxy: 'v1/x' },
    });
    expect(rest(t, '/ice-station-zebra')).toBeUndefined();
    expect(rest(t, '/ice-station-zebra/')).toBeUndefined();
  });
});

describe('HTTP API routes', () => {
  const routes = ['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default'];
  const http = (keys: string[], method: string, path: string) => matchHttpRoute(keys, method, path)?.routeKey;

  it('AWS’s example: full match, then greedy, then $default', () => {
    expect(http(routes, 'GET', '/pets/dog/1')).toBe('GET /pets/dog/1');
    expect(http(routes, 'GET', '/pets/dog/2')).toBe('GET /pets/dog/{id}');
    expect(http(routes, 'GET', '/pets/cat/1')).toBe('GET /pets/{proxy+}');
    expect(http(routes, 'POST', '/test/5')).toBe('ANY /{proxy+}');
    expect(http(routes, 'GET', '/')).toBe('$default');
  });

  it('the verb over ANY for the same path; the greedy value is the rest of the path', () => {
    expect(http(['ANY /a/{id}', 'GET /a/{id}'], 'GET', '/a/1')).toBe('GET /a/{id}');
    expect(http(['ANY /a/{id}', 'GET /a/{id}'], 'PUT', '/a/1')).toBe('ANY /a/{id}');
    expect(matchHttpRoute(['ANY /p/{proxy+}'], 'GET', '/p/x/y')?.params).toEqual({ proxy: 'x/y' });
  });

  it('nothing matches and no $default: undefined (404 Not Found)', () => {
    expect(http(['ANY /p/{proxy+}'], 'GET', '/q/x')).toBeUndefined();
    expect(http(['ANY /p/{proxy+}'], 'GET', '/p')).toBeUndefined();
    expect(http(['ANY /{proxy+}'], 'GET', '/')).toBeUndefined();
  });

  it('a trailing slash is a segment: /p/ is not /p, and {proxy+} takes it', () => {
    expect(http(['GET /p'], 'GET', '/p/')).toBeUndefined();
    expect(http(['GET /p', 'ANY /p/{proxy+}'], 'GET', '/p/')).toBe('ANY /p/{proxy+}');
    expect(http(['GET /p', 'ANY /p/{proxy+}'], 'GET', '/p')).toBe('GET /p');
  });

  it('the root route', () => {
    expect(http(['GET /', 'ANY /{proxy+}'], 'GET', '/')).toBe('GET /');
    expect(http(['GET /', 'ANY /{proxy+}'], 'GET', '/x')).toBe('ANY /{proxy+}');
  });
});

describe('fillIntegrationUri', () => {
  it('fills {proxy} from the method’s path parameter the integration maps', () => {
    expect(
      fillIntegrationUri(
        'https://api.abq.com/p/{proxy}',
        { 'integration.request.path.proxy': 'method.request.path.proxy' },
        { proxy: 'v1/x' },
      ),
    ).toBe('https://api.abq.com/p/v1/x');
  });
  it('leaves a placeholder no parameter maps as it is', () => {
    expect(fillIntegrationUri('https://h/p/{proxy}', {}, { proxy: 'x' })).toBe('https://h/p/{proxy}');
  });
});
