/**
 * How AWS-side failures reach the user: no region (exit 2 with the hint), an unreachable endpoint
 * (exit 1 naming it), an AWS error (`<operation> <resource>: <code>: <message>` with a hint, exit 1),
 * and --verbose's one line per AWS call.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

const emptyDir = mkdtempSync(join(tmpdir(), 'rails-noconfig-'));
const sb = sandboxPerFile();

describe('AWS errors as the user sees them', () => {
  it('no region configured: exit 2 with how to set one, and no AWS call', async () => {
    await sb.resetRequests();
    const r = await runCli(['status', '--nlb', 'a-nlb', '--alb', 'a-alb'], {
      cwd: emptyDir,
      env: { AWS_ENDPOINT_URL: sb.endpoint },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no AWS region configured');
    expect(r.stderr).toMatch(/hint: .*--region/);
    expect(await sb.requests()).toHaveLength(0);
  });

  it('an unreachable endpoint: exit 1 naming the endpoint', async () => {
    const r = await runCli(
      [
        'status',
        '--nlb',
        'a-nlb',
        '--alb',
        'a-alb',
        '--region',
        'us-east-1',
        '--endpoint-url',
        'http://127.0.0.1:9',
      ],
      {
        cwd: emptyDir,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('http://127.0.0.1:9');
  });

  it('an AWS error names the operation, the resource and the code, with a hint', async () => {
    const { id } = await sb.control.injectFault({
      service: 'elasticloadbalancing',
      operation: 'DescribeLoadBalancers',
      code: 'AccessDenied',
      status: 403,
      message: 'User is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers',
    });
    try {
      const r = await runCli(['status', '--nlb', 'a-nlb', '--alb', 'a-alb'], {
        cwd: emptyDir,
        endpoint: sb.endpoint,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/DescribeLoadBalancers .*AccessDenied: User is not authorized/);
      expect(r.stderr).toMatch(/hint: .*DescribeLoadBalancers/);
    } finally {
      await sb.control.clearFaults(id);
    }
  });

  it('--verbose prints one stderr line per AWS call: service, operation, start, round, duration, outcome', async () => {
    await sb.resetRequests();
    const r = await runCli(['status', '--nlb', 'a-nlb', '--alb', 'a-alb', '--verbose', '--json'], {
      cwd: emptyDir,
      endpoint: sb.endpoint,
    });
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('aws '));
    const logged = await sb.requests();
    expect(lines.length).toBe(logged.length);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^aws \w+ \w+ \+\d+ms r\d+ \d+ms (ok|\S+)$/);
    expect(lines.some((l) => /^aws elbv2 DescribeLoadBalancers \+\d+ms r1 \d+ms \S+$/.test(l))).toBe(true);
    // And one summary line at the end: the calls (as the sandbox counted them), the deepest round.
    const rounds = Math.max(...lines.map((l) => Number(/ r(\d+) /.exec(l)![1])));
    expect(r.stderr).toMatch(
      new RegExp(`^aws: ${logged.length} calls?, ${rounds} rounds?, wall \\d+ms$`, 'm'),
    );
  });
});
