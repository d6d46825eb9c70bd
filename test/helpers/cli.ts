/** Runs the real `rails` binary as a child process, as a user would. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/rails.js`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Sandbox endpoint: sets AWS_ENDPOINT_URL, a region and dummy credentials. */
  endpoint?: string;
  input?: string;
  timeoutMs?: number;
}

/** Environment for a child that must never reach real AWS or read real credentials. */
export function isolatedEnv(
  extra: Record<string, string | undefined> = {},
  endpoint?: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // No AWS settings and no sandbox token from the shell that runs the tests.
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('AWS_') && k !== 'RAILS_SANDBOX_TOKEN') env[k] = v;
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    CI: 'true',
  });
  if (endpoint) Object.assign(env, { AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'us-east-1' });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** The JSON document a run printed on stdout, or undefined when stdout is not JSON. */
export function stdoutJson<T>(stdout: string): T | undefined {
  try {
    return JSON.parse(stdout) as T;
  } catch {
    return undefined;
  }
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: isolatedEnv(options.env, options.endpoint),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 50_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
