/**
 * `rails down` removes only what carries the stage's tags, in the order AWS requires; it asks for
 * --yes without a terminal, and --dry-run changes nothing. Another stage and foreign resources stay.
 */
import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FAST, mutatingCalls, railDir, railInventory, rails } from '../helpers.js';

let sb: TestSandbox;
let dev: string;
let prod: string;

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FAST });
  dev = railDir(exampleRail());
  prod = railDir(
    exampleRail((r) => {
      r.stage = 'prod';
      r.services[0].host = 'prod.abq.com';
    }),
  );
  for (const dir of [dev, prod]) {
    const r = await rails(sb, dir, ['up', '--no-wait']);
    expect(r.code, r.stderr).toBe(0);
  }
  await sb.sdk.elbv2.send(
    new CreateTargetGroupCommand({
      Name: 'foreign-tg',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: 'vpc-0c0ffee0000000001',
      TargetType: 'ip',
    }),
  );
  await sb.sdk.ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: 'dev-foreign',
      Description: 'not rails',
      VpcId: 'vpc-0c0ffee0000000001',
    }),
  );
});
afterAll(() => sb?.stop());

describe('rails down', () => {
  it('without a terminal and without --yes: exit 2 with the hint, nothing removed', async () => {
    await sb.resetRequests();
    const r = await rails(sb, dev, ['down']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('--dry-run lists what would go and makes no mutating call', async () => {
    await sb.resetRequests();
    const r = await rails(sb, dev, ['down', '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);
    const names = JSON.parse(r.stdout)
      .plan.filter((i: any) => i.action === 'delete')
      .map((i: any) => `${i.kind} ${i.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'ecs-service default/dev-ice-station-zebra',
        'load-balancer dev-nlb',
        'load-balancer dev-alb',
        'target-group dev-nlb-80',
        'security-group dev-alb',
        'security-group dev-ice-station-zebra-tasks',
      ]),
    );
    expect(names.join('\n')).not.toMatch(/prod|foreign/);
  });

  it('--yes removes the stage, in order, and leaves the other stage and foreign resources', async () => {
    const r = await rails(sb, dev, ['down', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const inv = await railInventory(sb);
    expect(inv.loadBalancers).toEqual(['prod-alb', 'prod-nlb']);
    expect(inv.targetGroups).toEqual([
      'foreign-tg',
      'ice-station-zebra-<hex>',
      'ice-station-zebra-<hex>',
      'prod-nlb-443',
      'prod-nlb-80',
    ]);
    expect(inv.securityGroups).toEqual(['dev-foreign', 'prod-alb', 'prod-ice-station-zebra-tasks']);
    expect(inv.services).toEqual(['prod-ice-station-zebra']);
    const gone = (
      await sb.sdk.ecs.send(
        new DescribeServicesCommand({ cluster: 'default', services: ['dev-ice-station-zebra'] }),
      )
    ).services?.[0];
    expect(gone?.status ?? 'INACTIVE').toBe('INACTIVE');
    // The order AWS needs: rules before their target groups, the NLB before its target groups.
    const ops = (await sb.requests()).filter((x) => x.mutating && x.status < 300).map((x) => x.operation);
    expect(ops.lastIndexOf('DeleteRule')).toBeLessThan(ops.indexOf('DeleteTargetGroup'));
    expect(ops.indexOf('DeleteLoadBalancer')).toBeLessThan(ops.indexOf('DeleteTargetGroup'));
  });

  it('a second down finds nothing and changes nothing', async () => {
    await sb.resetRequests();
    const r = await rails(sb, dev, ['down', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/nothing of stage dev to remove/);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('the other stage still converges with no change', async () => {
    await sb.resetRequests();
    const r = await rails(sb, prod, ['up', '--no-wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);
  });
});
