/**
 * The one-hop commands lay the same rail as `up`: create-nlb, create-alb, add-service, then `up`
 * finds nothing to change. `route add|list|remove` handle one route's rules and record it in rail.yaml.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { exampleRail, FAST, mutatingCalls, railDir, rails } from '../helpers.js';

let sb: TestSandbox;
let dir: string;

beforeAll(async () => {
  sb = await startTestSandbox({ settings: FAST });
  // No sync state bucket: the one-hop commands lay the NLB, ALB and services, not the sync runner.
  dir = railDir(
    exampleRail((r) => {
      delete r.sync.bucket;
    }),
  );
});
afterAll(() => sb?.stop());

describe('one hop at a time', () => {
  it('add-service before the ALB exists says what to run first (exit 2)', async () => {
    const r = await rails(sb, dir, ['add-service', 'ice-station-zebra', '--no-wait']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/create-alb/);
  });

  it('create-nlb, create-alb and add-service lay the rail that up expects', async () => {
    for (const args of [['create-nlb'], ['create-alb'], ['add-service', 'ice-station-zebra', '--no-wait']]) {
      const r = await rails(sb, dir, args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
    }
    await sb.resetRequests();
    const up = await rails(sb, dir, ['up', '--no-wait', '--json']);
    expect(up.code, up.stderr).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('create-alb again is idempotent on its own', async () => {
    await sb.resetRequests();
    const r = await rails(sb, dir, ['create-alb']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/\+ create|~ update/);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('route add lays a redirect and a forward, route list shows them, route remove takes them away', async () => {
    const file = join(dir, 'rail.yaml');
    writeFileSync(file, `# the team's rail: keep this comment\n${readFileSync(file, 'utf8')}`);
    const paths = () => parse(readFileSync(file, 'utf8')).services[0].paths;
    const add = await rails(sb, dir, [
      'route',
      'add',
      'ice-station-zebra',
      '--host',
      'api.abq.com',
      '--path',
      '/zebra/v2/*',
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect((await mutatingCalls(sb)).filter((c) => c === 'CreateRule')).toHaveLength(2);
    // Recorded in rail.yaml, comments kept: the next `up` keeps the route instead of removing it.
    expect(paths()).toEqual(['/ice-station-zebra/*', '/zebra/v2/*']);
    expect(readFileSync(file, 'utf8')).toMatch(/^# the team's rail: keep this comment/);
    await sb.resetRequests();
    const up = await rails(sb, dir, ['up', '--no-wait']);
    expect(up.code, up.stderr).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);

    const list = await rails(sb, dir, ['route', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout);
    const v2 = rows.filter((r: any) => r.path === '/zebra/v2/*');
    expect(v2.map((r: any) => `${r.listener} ${r.action.split(' ')[0]} ${r.service}`).sort()).toEqual([
      '443 forward ice-station-zebra',
      '80 redirect ice-station-zebra',
    ]);
    // The more specific path is evaluated before the broader one.
    const p = (path: string) => Number(rows.find((r: any) => r.listener === 443 && r.path === path).priority);
    expect(p('/zebra/v2/*')).not.toBe(p('/ice-station-zebra/*'));

    await sb.resetRequests();
    const again = await rails(sb, dir, ['route', 'add', 'ice-station-zebra', '--path', '/zebra/v2/*']);
    expect(again.code, again.stderr).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);

    const rm = await rails(sb, dir, ['route', 'remove', 'ice-station-zebra', '--path', '/zebra/v2/*']);
    expect(rm.code, rm.stderr).toBe(0);
    const after = JSON.parse((await rails(sb, dir, ['route', 'list', '--json'])).stdout);
    expect(after.filter((r: any) => r.path === '/zebra/v2/*')).toEqual([]);
    expect(after.filter((r: any) => r.path === '/ice-station-zebra/*')).toHaveLength(2);
    expect(paths()).toEqual(['/ice-station-zebra/*']);

    // The last path of a service stays in rail.yaml (a service needs one), and rails says so.
    const last = await rails(sb, dir, [
      'route',
      'remove',
      'ice-station-zebra',
      '--path',
      '/ice-station-zebra/*',
    ]);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toMatch(/only path of ice-station-zebra/);
    expect(paths()).toEqual(['/ice-station-zebra/*']);
    const relaid = await rails(sb, dir, ['up', '--no-wait']);
    expect(relaid.code, relaid.stderr).toBe(0);
  });

  it('add-service of a service not in rail.yaml records it there, so up keeps it', async () => {
    const file = join(dir, 'rail.yaml');
    const args = [
      'add-service',
      'billing',
      '--host',
      'api.abq.com',
      '--path',
      '/billing/*',
      '--port',
      '8080',
    ];
    const r = await rails(sb, dir, [
      ...args,
      '--task-definition',
      'ice-station-zebra',
      '--container',
      'app',
      '--no-wait',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/recorded service billing/);
    const billing = parse(readFileSync(file, 'utf8')).services.find((s: any) => s.name === 'billing');
    expect(billing).toMatchObject({
      host: 'api.abq.com',
      paths: ['/billing/*'],
      port: 8080,
      container: 'app',
    });
    await sb.resetRequests();
    const up = await rails(sb, dir, ['up', '--no-wait']);
    expect(up.code, up.stderr).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);
  });

  it('create-alb with flags records them in rail.yaml, so up keeps what the flags said', async () => {
    const file = join(dir, 'rail.yaml');
    const subnets = [...parse(readFileSync(file, 'utf8')).subnets].reverse();
    const r = await rails(sb, dir, ['create-alb', '--subnets', ...subnets, '--no-wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/recorded subnets/);
    expect(parse(readFileSync(file, 'utf8')).subnets).toEqual(subnets);
    const dry = await rails(sb, dir, ['create-alb', '--subnets', ...subnets, '--dry-run']);
    expect(dry.stdout).not.toMatch(/recorded/);
    await sb.resetRequests();
    const up = await rails(sb, dir, ['up', '--no-wait']);
    expect(up.code, up.stderr).toBe(0);
    expect(await mutatingCalls(sb)).toEqual([]);
  });
});
