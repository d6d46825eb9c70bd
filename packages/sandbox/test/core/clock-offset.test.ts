/**
 * A sandbox started with its clock away from the machine's: AWS's clock is not a laptop's, and callers
 * learn it from the Date header. The header, the control API's clock and the SDK's offset all follow it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';

const MINUTE = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'rails-sandbox-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clockOffsetMs', () => {
  it('puts the sandbox clock, its Date header and the SDK offset ten minutes behind the machine', async () => {
    const sb = await startTestSandbox({ clockOffsetMs: -10 * MINUTE });
    try {
      const now = Date.parse((await sb.control.info()).clock.now);
      expect(Date.now() - now).toBeGreaterThan(9 * MINUTE);
      expect(Date.now() - now).toBeLessThan(11 * MINUTE);
      await sb.sdk.elbv2.send(new DescribeLoadBalancersCommand({}));
      const offset = sb.sdk.elbv2.config.systemClockOffset ?? 0;
      expect(offset).toBeLessThan(-9 * MINUTE);
      expect(offset).toBeGreaterThan(-11 * MINUTE);
    } finally {
      await sb.stop();
    }
  });

  it('is ignored when the state file already holds a clock: time goes on from it', async () => {
    const file = join(dir, 'sandbox.json');
    const first = await startTestSandbox({ stateFile: file, clockOffsetMs: 60 * MINUTE });
    await first.stop();
    const second = await startTestSandbox({ stateFile: file, clockOffsetMs: -60 * MINUTE });
    try {
      expect(second.sandbox.clock.now() - Date.now()).toBeGreaterThan(59 * MINUTE);
    } finally {
      await second.stop();
    }
  });
});
