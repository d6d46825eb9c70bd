/** An in-process sandbox on ephemeral ports with SDK clients and request-log access, for tests. */

import {
  type FaultSpec,
  type RunningSandbox,
  SandboxControl,
  type StartSandboxOptions,
  startSandbox,
} from 'rails-sandbox';
import { afterAll, beforeAll } from 'vitest';
import { type SdkClients, sdkClients } from './sdk.js';

export interface TestSandbox {
  endpoint: string;
  dns: { host: string; port: number };
  sandbox: RunningSandbox['sandbox'];
  /** Real SDK clients pointed at the sandbox (maxAttempts 1). */
  sdk: SdkClients;
  /** The control API client (faults, latency, service verbs such as elbv2 rotate-ips). */
  control: SandboxControl;
  /** The control API's token, which `control` sends. */
  controlToken: string;
  requests: SandboxControl['requests'];
  resetRequests(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a sandbox on port 0 (seeded unless `empty`); call `stop()` in afterAll. */
export async function startTestSandbox(opts: StartSandboxOptions = {}): Promise<TestSandbox> {
  const running = await startSandbox({ port: 0, ...opts });
  const sdk = sdkClients(running.endpoint);
  const control = new SandboxControl(running.endpoint, running.controlToken);
  return {
    endpoint: running.endpoint,
    dns: running.dns,
    sandbox: running.sandbox,
    sdk,
    control,
    controlToken: running.controlToken,
    requests: (filter) => control.requests(filter),
    resetRequests: () => control.resetRequests(),
    async stop() {
      for (const client of Object.values(sdk)) client.destroy();
      await running.stop();
    },
  };
}

/**
 * Starts a sandbox before the calling file's tests and stops it after them; call at module level.
 * The returned object is filled in by that beforeAll hook, so read it only in hooks and tests.
 */
export function sandboxPerFile(start: () => Promise<TestSandbox> = () => startTestSandbox()): TestSandbox {
  const sb = {} as TestSandbox;
  beforeAll(async () => {
    Object.assign(sb, await start());
  });
  afterAll(async () => {
    await sb.stop?.();
  });
  return sb;
}

/** Runs `body` with the fault in place, then clears the sandbox's faults, whatever `body` did. */
export async function withFault<T>(sb: TestSandbox, fault: FaultSpec, body: () => Promise<T>): Promise<T> {
  await sb.control.injectFault(fault);
  try {
    return await body();
  } finally {
    await sb.control.clearFaults();
  }
}
