import { describe, expect, it } from 'vitest';
import { apiVpcLink } from '../../../src/lib/config/checks.js';
import { resolveRailConfig } from '../../../src/lib/config/resolve.js';
import { ConfigError } from '../../../src/lib/errors.js';
import { certificateCovers } from '../../../src/lib/rail/preflight.js';

const BASE = `stage: dev
vpc: vpc-0123456789abcdef0
subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
certificate: arn:aws:acm:us-east-1:123456789012:certificate/abc
`;

function problems(text: string): { path: string; message: string }[] {
  try {
    resolveRailConfig({ file: 'rail.yaml', text });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('apiGateway in rail.yaml', () => {
  it('takes the defaults the issue names', () => {
    const rail = resolveRailConfig({ file: 'rail.yaml', text: `${BASE}apiGateway: {}\n` });
    expect(rail.apiGateway).toEqual({ type: 'rest', target: 'nlb', stageName: 'live' });
    expect(apiVpcLink(rail.apiGateway!)).toBe('v1');
    expect(apiVpcLink({ ...rail.apiGateway!, type: 'http' })).toBe('v2');
  });
  it('is absent by default (no front door)', () => {
    expect(resolveRailConfig({ file: 'rail.yaml', text: BASE }).apiGateway).toBeUndefined();
  });
  it.each([
    ['v1 + alb', 'apiGateway: { vpcLink: v1, target: alb }', 'apiGateway.target'],
    ['http + v1', 'apiGateway: { type: http, vpcLink: v1 }', 'apiGateway.vpcLink'],
    ['none + target nlb', 'staticIps: none\napiGateway: { vpcLink: v2 }', 'staticIps'],
    ['unknown field', 'apiGateway: { link: v2 }', 'apiGateway'],
  ])('refuses %s naming the field', (_n, extra, path) => {
    expect(problems(`${BASE}${extra}\n`).map((p) => p.path)).toContain(path);
  });
  it.each([
    ['a wildcard inside a path', '/a/*/b', 'api.abq.com', 'services[0].paths[0]'],
    ['a ? in a path', '/a?c/*', 'api.abq.com', 'services[0].paths[0]'],
    ['a wildcard host', '/a/*', '*.abq.com', 'services[0].host'],
  ])('with apiGateway refuses %s, naming the field', (_n, path, host, field) => {
    const svc = `services:\n  - { name: one, taskDefinition: td, container: app, port: 8080, host: '${host}', paths: ['${path}'] }\n`;
    expect(problems(`${BASE}apiGateway: {}\n${svc}`).map((p) => p.path)).toContain(field);
    expect(problems(`${BASE}${svc}`).map((p) => p.path)).not.toContain(field);
  });
  it('with apiGateway refuses one path on two hosts (the API routes by path alone)', () => {
    const svc = (name: string, host: string) =>
      `  - { name: ${name}, taskDefinition: td, container: app, port: 8080, host: ${host}, paths: ['/orders/*'] }\n`;
    const services = `services:\n${svc('a', 'a.abq.com')}${svc('b', 'b.abq.com')}`;
    const found = problems(`${BASE}apiGateway: {}\n${services}`);
    expect(found).toEqual([
      expect.objectContaining({
        path: 'services[1].paths[0]',
        message: expect.stringMatching(/also a's path/),
      }),
    ]);
    expect(problems(`${BASE}${services}`)).toEqual([]);
  });
  it.each([
    'apiGateway: { vpcLink: v2, target: alb }',
    'staticIps: none\napiGateway: { vpcLink: v2, target: alb }',
    'staticIps: none',
    'apiGateway: { type: http, target: alb, domainName: api.abq.com }',
  ])('accepts %s', (extra) => {
    expect(problems(`${BASE}${extra}\n`)).toEqual([]);
  });
});

describe('a certificate name covers a domain', () => {
  it.each([
    ['api.abq.com', 'api.abq.com', true],
    ['*.abq.com', 'api.abq.com', true],
    ['*.abq.com', 'API.abq.com', true],
    ['*.abq.com', 'abq.com', false],
    ['*.abq.com', 'a.b.abq.com', false],
    ['www.abq.com', 'api.abq.com', false],
  ])('%s covers %s: %s', (pattern, host, want) => expect(certificateCovers(pattern, host)).toBe(want));
});
