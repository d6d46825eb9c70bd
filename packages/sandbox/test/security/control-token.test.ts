/**
 * The control API answers only callers that carry the sandbox's token: a random one per sandbox,
 * compared in constant time; the state file, which holds everything, is written owner-only.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tokenMatches } from '../../src/control/control-token.js';
import { SandboxControl, SandboxControlError } from '../../src/control-client.js';
import { CONTROL_TOKEN_HEADER, startSandbox } from '../../src/index.js';
import { rawRequest } from '../helpers/raw-http.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

const sb = sandboxPerFile();
const token = () => sb.controlToken;

describe('the control token', () => {
  it('refuses a call without it, and changes nothing', async () => {
    const r = await rawRequest(sb.endpoint, {
      method: 'POST',
      path: '/_sandbox/faults',
      headers: { 'content-type': 'application/json' },
      body: '{"operation":"*","code":"X"}',
    });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'Forbidden' });
    expect(JSON.parse(r.body).error.message).toContain(CONTROL_TOKEN_HEADER);
    expect((await sb.control.faults()).faults).toEqual([]);
  });

  it('refuses a wrong one, of any length', async () => {
    for (const wrong of ['', 'x', token().replace(/.$/, (c) => (c === '0' ? '1' : '0')), `${token()}0`]) {
      const r = await rawRequest(sb.endpoint, {
        path: '/_sandbox/state',
        headers: { [CONTROL_TOKEN_HEADER]: wrong },
      });
      expect(r.status, wrong).toBe(403);
      expect(r.body).not.toContain('vpcs');
    }
  });

  it('serves the right one', async () => {
    const r = await rawRequest(sb.endpoint, {
      path: '/_sandbox/state',
      headers: { [CONTROL_TOKEN_HEADER]: token() },
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).state.ec2.vpcs.length).toBeGreaterThan(0);
  });

  it('makes the client without it fail with 403', async () => {
    const err = await new SandboxControl(sb.endpoint).info().catch((e) => e);
    expect(err).toBeInstanceOf(SandboxControlError);
    expect([err.status, err.code]).toEqual([403, 'Forbidden']);
  });

  it('is 256 random bits, different for every sandbox', async () => {
    const other = await startSandbox({ port: 0, empty: true });
    try {
      expect(other.controlToken).toMatch(/^[0-9a-f]{64}$/);
      expect(other.controlToken).not.toBe(token());
      const err = await new SandboxControl(other.endpoint, token()).info().catch((e) => e);
      expect(err.status).toBe(403);
    } finally {
      await other.stop();
    }
  });

  it('compares whole tokens only', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
    expect(tokenMatches('abc', ['abc'])).toBe(false);
  });
});

describe('the state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-mode-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written owner-only (0600)', async () => {
    const file = join(dir, 'state.json');
    const running = await startSandbox({ port: 0, stateFile: file });
    try {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await new SandboxControl(running.endpoint, running.controlToken).advanceClock(1000);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await running.stop();
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
