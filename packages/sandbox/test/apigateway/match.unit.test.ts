/** API Gateway's matching rules as pure functions: REST resources and methods, HTTP API routes. */
import { describe, expect, it } from 'vitest';
import { matchMethod, matchResource, matchRoute } from '../../src/dataplane/route/apigw-match.js';

const tree = [
  { id: 'root' },
  { id: 'p', parentId: 'root', pathPart: 'p' },
  { id: 'proxy', parentId: 'p', pathPart: '{proxy+}' },
  { id: 'health', parentId: 'p', pathPart: 'health' },
  { id: 'items', parentId: 'root', pathPart: 'items' },
  { id: 'item', parentId: 'items', pathPart: '{id}' },
];

describe('REST resource matching', () => {
  it('prefers a literal segment, then a {param}, and takes the rest with {proxy+}', () => {
    expect(matchResource(tree, '/p/health')).toEqual({ id: 'health', params: {} });
    expect(matchResource(tree, '/p/a/b/c')).toEqual({ id: 'proxy', params: { proxy: 'a/b/c' } });
    expect(matchResource(tree, '/items/42')).toEqual({ id: 'item', params: { id: '42' } });
    expect(matchResource(tree, '/')).toEqual({ id: 'root', params: {} });
  });

  it('needs at least one segment for {proxy+} and matches nothing else', () => {
    expect(matchResource(tree, '/p')).toEqual({ id: 'p', params: {} });
    expect(matchResource(tree, '/p/')).toEqual({ id: 'p', params: {} });
    expect(matchResource(tree, '/items/42/x')).toBeUndefined();
    expect(matchResource(tree, '/nope')).toBeUndefined();
  });

  it('uses ANY for every method the resource does not define', () => {
    expect(matchMethod(['GET', 'ANY'], 'get')).toBe('GET');
    expect(matchMethod(['GET', 'ANY'], 'DELETE')).toBe('ANY');
    expect(matchMethod(['GET'], 'POST')).toBeUndefined();
  });
});

describe('HTTP API route matching', () => {
  const keys = ['ANY /p/{proxy+}', 'GET /p/health', 'GET /items/{id}', '$default'];
  it('takes the most specific route, then $default', () => {
    expect(matchRoute(keys, 'GET', '/p/health')).toEqual({ routeKey: 'GET /p/health', params: {} });
    expect(matchRoute(keys, 'POST', '/p/health')).toEqual({
      routeKey: 'ANY /p/{proxy+}',
      params: { proxy: 'health' },
    });
    expect(matchRoute(keys, 'GET', '/items/7')).toEqual({ routeKey: 'GET /items/{id}', params: { id: '7' } });
    expect(matchRoute(keys, 'GET', '/p')).toEqual({ routeKey: '$default', params: {} });
    expect(matchRoute(keys.slice(0, 3), 'GET', '/elsewhere')).toBeUndefined();
  });

  it('a trailing slash is a segment: /p/ is not /p, and {proxy+} takes it', () => {
    expect(matchRoute(['GET /p'], 'GET', '/p/')).toBeUndefined();
    expect(matchRoute(['GET /p', 'ANY /p/{proxy+}'], 'GET', '/p/')).toEqual({
      routeKey: 'ANY /p/{proxy+}',
      params: { proxy: '' },
    });
    expect(matchRoute(['GET /p', 'ANY /p/{proxy+}'], 'GET', '/p')?.routeKey).toBe('GET /p');
    expect(matchRoute(['GET /', 'ANY /{proxy+}'], 'GET', '/')?.routeKey).toBe('GET /');
    // A {param} never takes the empty segment a trailing slash leaves.
    expect(matchRoute(['GET /p/{id}'], 'GET', '/p/')).toBeUndefined();
    expect(matchRoute(['GET /p/{id}', 'ANY /p/{proxy+}'], 'GET', '/p/')?.routeKey).toBe('ANY /p/{proxy+}');
  });
});
