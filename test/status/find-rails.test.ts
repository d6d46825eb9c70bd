/** Grouping tagged resources into rails (find-rails.ts): the part of `status --all` that reads no AWS. */
import { describe, expect, it } from 'vitest';
import { railsFromResources, selectorOf } from '../../src/lib/status/find-rails.js';

const lb = (kind: 'app' | 'net', name: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/${kind}/${name}/0123456789abcdef`;
const svc = (cluster: string, name: string) =>
  `arn:aws:ecs:us-east-1:123456789012:service/${cluster}/${name}`;
const ours = (stage: string, role?: string, service?: string) => ({
  'rails:stage': stage,
  'rails:managed-by': 'rails',
  ...(role ? { 'rails:role': role } : {}),
  ...(service ? { 'rails:service': service } : {}),
});

describe('railsFromResources', () => {
  it('groups by stage, sorted, taking the load balancers by role and the services by ARN', () => {
    const rails = railsFromResources([
      { arn: svc('apps', 'prod-orders'), tags: ours('prod', 'ecs-service', 'orders') },
      { arn: lb('net', 'edge-n'), tags: ours('prod', 'nlb') },
      { arn: lb('app', 'edge-a'), tags: ours('prod', 'alb') },
      { arn: lb('net', 'dev-nlb'), tags: ours('dev', 'nlb') },
    ]);
    expect(rails).toEqual([
      { stage: 'dev', nlbName: 'dev-nlb', albName: 'dev-alb', services: [] },
      {
        stage: 'prod',
        nlbName: 'edge-n',
        albName: 'edge-a',
        services: [{ name: 'orders', cluster: 'apps', ecsName: 'prod-orders' }],
      },
    ]);
  });

  it('tells an untagged-role load balancer by its kind and skips what rails did not make', () => {
    const rails = railsFromResources([
      { arn: lb('app', 'qa-front'), tags: ours('qa') },
      { arn: lb('net', 'other-nlb'), tags: { 'rails:stage': 'other' } },
      { arn: svc('default', 'qa-x'), tags: { ...ours('qa'), 'rails:managed-by': 'terraform' } },
    ]);
    expect(rails).toEqual([{ stage: 'qa', nlbName: 'qa-nlb', albName: 'qa-front', services: [] }]);
  });
});

describe('selectorOf', () => {
  it('reads the tagged services’ clusters, or every cluster when none is tagged', () => {
    const prod = { stage: 'prod', nlbName: 'n', albName: 'a', services: [] };
    expect(selectorOf(prod)).toEqual({ stage: 'prod', nlbName: 'n', albName: 'a', discoveredBy: 'names' });
    const withServices = {
      ...prod,
      services: [
        { name: 'x', cluster: 'apps', ecsName: 'prod-x' },
        { name: 'y', cluster: 'apps', ecsName: 'prod-y' },
      ],
    };
    expect(selectorOf(withServices).clusters).toEqual(['apps']);
  });
});
