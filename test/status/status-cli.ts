/**
 * Shared by the status end-to-end suites: their sandbox, a rail.yaml on disk and `rails status --json`
 * parsed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatusReport } from '../../src/lib/status/model.js';
import { runCli, stdoutJson } from '../helpers/cli.js';
import { startRailSandbox } from '../helpers/rail-fixture.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

/**
 * Writes a rail.yaml for `stage` with these services (in `cluster` when given) into a fresh directory;
 * returns the directory.
 */
export function railYaml(stage: string, services: string[], extra: string[] = [], cluster?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rails-status-'));
  const body = [
    `stage: ${stage}`,
    'region: us-east-1',
    'vpc: vpc-0c0ffee0000000001',
    'subnets: [subnet-0c0ffee0000000a01, subnet-0c0ffee0000000b02]',
    'certificate: arn:aws:acm:us-east-1:123456789012:certificate/0c0ffee0-0000-4000-8000-000000000001',
    ...extra,
    'services:',
    ...services.flatMap((name) => [
      `  - name: ${name}`,
      ...(cluster ? [`    cluster: ${cluster}`] : []),
      '    taskDefinition: ice-station-zebra',
      '    container: app',
      '    port: 8080',
      '    host: api.abq.com',
      `    paths: ["/${name}/*"]`,
    ]),
  ].join('\n');
  writeFileSync(join(dir, 'rail.yaml'), `${body}\n`);
  return dir;
}

/** Runs `rails status --json` and parses its model (undefined when stdout is not JSON). */
export async function runStatusJson(endpoint: string, args: string[], cwd?: string) {
  const out = await runCli(['status', '--json', ...args], { endpoint, cwd });
  return { ...out, report: stdoutJson<StatusReport>(out.stdout) };
}

/** The verdict of one hop (`nlb`, `static-ips`, `alb`, `service:<name>`). */
export const hop = (r: StatusReport | undefined, name: string) =>
  r?.hops.find((h) => h.hop === name)?.verdict;

/**
 * A sandbox for the calling test file with sub-second health checks, task steps and provisioning, and
 * `status(args, cwd?)`: `rails status --json` against it. Call at module level.
 */
export function statusSandbox() {
  const sb = sandboxPerFile(startRailSandbox);
  const status = (args: string[], cwd?: string) => runStatusJson(sb.endpoint, args, cwd);
  return { sb, status };
}
