/**
 * The sandbox: a loopback stand-in for the AWS APIs rails calls. Started in-process (any command's
 * --sandbox flag, and the tests) or as a server (`rails sandbox`).
 */
import type { Sandbox, SandboxSettings } from './core/types.js';

export interface StartSandboxOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** UDP port of the DNS server on 127.0.0.1; 0 (default) picks a free one. */
  dnsPort?: number;
  /** Persist state to this file (atomic writes after each mutating call; loaded at start). */
  stateFile?: string;
  /** Start without the seeded default environment. */
  empty?: boolean;
  settings?: Partial<SandboxSettings>;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  region: string;
  accountId: string;
  dns: { host: string; port: number };
  sandbox: Sandbox;
  stop(): Promise<void>;
}

export async function startSandbox(_options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  throw new Error('the sandbox is not implemented yet');
}
