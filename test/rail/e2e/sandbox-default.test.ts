/**
 * The embedded default: in a directory without rail.yaml, `rails up --sandbox` lays examples/rail.yaml
 * in the embedded sandbox, keeps its state in .rails/sandbox.json and exits; a later `--sandbox`
 * command sees the same rail.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../helpers/cli.js';

describe('npx rails up --sandbox in a fresh clone', () => {
  it('lays the example, persists it, and the next commands see the same rail', {
    timeout: 600_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rails-sandbox-'));
    const up = await runCli(['up', '--sandbox', '--no-wait'], { cwd: dir, timeoutMs: 300_000 });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/using .*examples\/rail\.yaml/);
    expect(up.stdout).toMatch(/Rail dev: \d+ created/);
    expect(existsSync(join(dir, '.rails/sandbox.json'))).toBe(true);
    // The example runs the sync Lambda: up deploys it with the rail.
    expect(up.stdout).toMatch(/\+ create\s+lambda\s+dev-rails-sync-ips/);

    const status = await runCli(['status', '--sandbox', '--json'], { cwd: dir, timeoutMs: 300_000 });
    expect([0, 1], status.stderr).toContain(status.code);
    expect(JSON.parse(status.stdout).alb.name).toBe('dev-alb');

    const again = await runCli(['up', '--sandbox', '--dry-run', '--json'], { cwd: dir, timeoutMs: 300_000 });
    expect(again.code, again.stderr).toBe(0);
    const plan = JSON.parse(again.stdout).plan;
    expect(plan.filter((i: any) => i.action !== 'unchanged')).toEqual([]);

    // A route added to the embedded rail is laid, but the shipped example is never edited.
    const example = readFileSync(join(ROOT, 'examples/rail.yaml'), 'utf8');
    const route = await runCli(['route', 'add', 'ice-station-zebra', '--path', '/zebra/v9/*', '--sandbox'], {
      cwd: dir,
      timeoutMs: 300_000,
    });
    expect(route.code, route.stderr).toBe(0);
    expect(route.stdout).toMatch(/shipped example and is not edited/);
    expect(readFileSync(join(ROOT, 'examples/rail.yaml'), 'utf8')).toBe(example);

    const down = await runCli(['down', '--sandbox', '--yes'], { cwd: dir, timeoutMs: 300_000 });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/resource\(s\) removed/);
  });
});
