/**
 * A changed field updates only what changed: health check path, desired count, host, a new path, a
 * new service, a removed service. A change AWS cannot make in place is explained, not skipped.
 */
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import {
  exampleRail,
  FAST,
  mutatingCalls,
  railDir,
  railInventory,
  rails,
  upJson,
  writeRail,
} from '../helpers.js';

let sb: TestSandbox;
let dir: string;
let raw: any;

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FAST });
  raw = exampleRail((r) => {
    r.services[0].blueGreen = false;
    r.services[0].desiredCount = 1;
  });
  dir = railDir(raw);
  const r = await rails(sb, dir, ['up', '--no-wait']);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => sb?.stop());

async function change(patch: (r: any) => void) {
  patch(raw);
  writeRail(dir, raw);
  await sb.resetRequests();
  const r = await upJson(sb, dir, ['--no-wait']);
  expect(r.code, r.stderr).toBe(0);
  const changed = r.out.plan.filter((i: any) => i.action !== 'unchanged');
  return { changed, calls: (await mutatingCalls(sb)).sort() };
}

describe('up after a change', () => {
  it('health check path: one ModifyTargetGroup', async () => {
    const { changed, calls } = await change((r) => {
      r.services[0].healthCheck.path = '/ready';
    });
    expect(changed).toEqual([
      expect.objectContaining({
        kind: 'target-group',
        action: 'update',
        changes: [{ field: 'healthCheck.path', from: '/health', to: '/ready' }],
      }),
    ]);
    expect(calls).toEqual(['ModifyTargetGroup']);
  });

  it('desired count: one UpdateService', async () => {
    const { changed, calls } = await change((r) => {
      r.services[0].desiredCount = 2;
    });
    expect(changed.map((i: any) => i.kind)).toEqual(['ecs-service']);
    expect(calls).toEqual(['UpdateService']);
    const svc = (
      await sb.sdk.ecs.send(
        new DescribeServicesCommand({ cluster: 'default', services: ['dev-ice-station-zebra'] }),
      )
    ).services![0]!;
    expect(svc.desiredCount).toBe(2);
  });

  it('host: the two rules are modified in place', async () => {
    const { changed, calls } = await change((r) => {
      r.services[0].host = 'www.abq.com';
    });
    expect(changed.map((i: any) => `${i.kind} ${i.action} ${i.changes.map((c: any) => c.field)}`)).toEqual([
      'rule update host',
      'rule update host',
    ]);
    expect(calls).toEqual(['ModifyRule', 'ModifyRule']);
  });

  it('a new path: two new rules, the others untouched', async () => {
    const { changed, calls } = await change((r) => {
      r.services[0].paths.push('/ice-station-zebra');
    });
    expect(changed.map((i: any) => `${i.kind} ${i.action}`)).toEqual(['rule create', 'rule create']);
    expect(calls).toEqual(['CreateRule', 'CreateRule']);
  });

  it('a new service: its target group, group, rules and ECS service', async () => {
    const { calls } = await change((r) => {
      r.services.push({
        ...structuredClone(r.services[0]),
        name: 'billing',
        paths: ['/billing/*'],
        blueGreen: false,
      });
    });
    expect(calls).toEqual(
      [
        'AuthorizeSecurityGroupIngress',
        'CreateRule',
        'CreateRule',
        'CreateSecurityGroup',
        'CreateService',
        'CreateTargetGroup',
        'ModifyTargetGroupAttributes',
      ].sort(),
    );
    expect((await railInventory(sb)).services).toEqual(['dev-billing', 'dev-ice-station-zebra']);
  });

  it('a removed service: its rules, ECS service, target group and group go; nothing else changes', async () => {
    const { changed, calls } = await change((r) => {
      r.services = r.services.filter((s: any) => s.name !== 'billing');
    });
    expect(changed.every((i: any) => i.action === 'delete')).toBe(true);
    expect(calls.filter((c) => !c.startsWith('Delete'))).toEqual([]);
    const inv = await railInventory(sb);
    expect(inv.services).toEqual(['dev-ice-station-zebra']);
    expect(inv.targetGroups.filter((n) => n.startsWith('billing'))).toEqual([]);
    expect(inv.securityGroups).not.toContain('dev-billing-tasks');
    expect(inv.rules).toHaveLength(4);
  });

  it('a target group type AWS cannot change in place is explained with what to do, exit 1', async () => {
    raw.staticIps = 'alb-target';
    writeRail(dir, raw);
    const r = await upJson(sb, dir, ['--no-wait', '--dry-run']);
    expect(r.code).toBe(1);
    const blocked = r.out.plan.filter((i: any) => i.action === 'blocked');
    expect(blocked.map((i: any) => i.name).sort()).toEqual(['dev-nlb-443', 'dev-nlb-80']);
    expect(blocked[0].changes.map((c: any) => c.field)).toContain('targetType');
    expect(blocked[0].note).toMatch(/cannot change .* in place.*rails down/);
    expect(r.stderr).toMatch(/cannot make in place/);
  });
});
