/**
 * Warm execution environments: one child process per concurrent invocation of a function version,
 * kept after use and reused (like Lambda's warm containers), so only a cold start pays for starting
 * Node.js. A worker runs one invocation at a time; a timeout kills it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { sessionCredentials } from '../../core/session-credentials.js';
import type { Sandbox } from '../../core/types.js';
import { prepareRuntime, unpackedCode } from './code-cache.js';
import type { LambdaFunction } from './state.js';

/** Real ms an idle worker is kept before it is stopped. */
const IDLE_MS = 120_000;
/** Idle workers kept per function. */
const MAX_IDLE = 8;
/**
 * Execution environments per function at once. Lambda would scale further; on a small machine,
 * queueing behind a warm worker beats starting yet another Node.js process.
 */
const MAX_CONCURRENT = 3;

interface Worker {
  key: string;
  child: ChildProcess;
  busy: boolean;
  retired: boolean;
  /** False until its first invocation finished: a cold start is under way. */
  initialized: boolean;
  idleTimer?: NodeJS.Timeout;
  /** The running invocation's listener for output written straight to the pipes. */
  onOutput?: (text: string) => void;
}

const pools = new WeakMap<Sandbox, Map<string, Worker[]>>();
/** Invocations waiting for a worker of a function, woken when one is released. */
const waiting = new WeakMap<Sandbox, Map<string, Array<() => void>>>();

function waitersOf(sb: Sandbox, functionName: string): Array<() => void> {
  let byFunction = waiting.get(sb);
  if (!byFunction) {
    byFunction = new Map();
    waiting.set(sb, byFunction);
  }
  let list = byFunction.get(functionName);
  if (!list) {
    list = [];
    byFunction.set(functionName, list);
  }
  return list;
}

function poolOf(sb: Sandbox, functionName: string): Worker[] {
  let byFunction = pools.get(sb);
  if (!byFunction) {
    byFunction = new Map();
    pools.set(sb, byFunction);
  }
  let pool = byFunction.get(functionName);
  if (!pool) {
    pool = [];
    byFunction.set(functionName, pool);
  }
  return pool;
}

/** Everything that shapes an execution environment: a change means fresh workers. */
function fingerprint(sb: Sandbox, fn: LambdaFunction): string {
  const shape = [
    fn.codeSha256,
    fn.handler,
    fn.runtime,
    fn.role,
    fn.memorySize,
    fn.timeout,
    fn.environment,
    sb.endpoint,
  ];
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

/** The role's session credentials, as Lambda passes them to a function in its environment. */
function roleCredentials(sb: Sandbox, roleArn: string) {
  const creds = sessionCredentials(sb, roleArn);
  return {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
  };
}

/** The environment Lambda gives a function: its variables, the sandbox endpoint and the role. */
function environmentOf(
  sb: Sandbox,
  fn: LambdaFunction,
  taskRoot: string,
  nodeModules?: string,
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    ...fn.environment,
    _HANDLER: fn.handler,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: taskRoot,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: sb.region,
    AWS_DEFAULT_REGION: sb.region,
    AWS_ENDPOINT_URL: sb.endpoint,
    ...roleCredentials(sb, fn.role),
    // Nothing from the host's AWS configuration leaks in.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(nodeModules ? { NODE_PATH: nodeModules } : {}),
  };
}

/** Lets the sandbox process exit while workers idle; they exit when the IPC channel closes. */
function setHeld(w: Worker, held: boolean): void {
  const handles: any[] = [w.child, (w.child as any).channel, w.child.stdout, w.child.stderr];
  for (const h of handles) (held ? h?.ref : h?.unref)?.call(h);
}

function stop(w: Worker): void {
  clearTimeout(w.idleTimer);
  w.retired = true; // never handed out again, even before its exit is seen
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
}

async function spawnWorker(sb: Sandbox, fn: LambdaFunction, key: string): Promise<Worker> {
  const { runner, nodeModules } = await prepareRuntime();
  const taskRoot = await unpackedCode(fn.codeSha256, fn.zip);
  const child = spawn(process.execPath, [runner], {
    cwd: taskRoot,
    env: environmentOf(sb, fn, taskRoot, nodeModules),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const w: Worker = { key, child, busy: false, retired: false, initialized: false };
  const forward = (chunk: Buffer) => w.onOutput?.(chunk.toString('utf8'));
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  child.on('error', () => {});
  return w;
}

/** A warm worker for the function's current version, or a new one (cold start). */
export async function acquireWorker(
  sb: Sandbox,
  fn: LambdaFunction,
): Promise<{ worker: Worker; cold: boolean }> {
  const key = fingerprint(sb, fn);
  const pool = poolOf(sb, fn.name);
  for (;;) {
    const warm = pool.find((w) => !w.busy && !w.retired && w.key === key && w.child.exitCode === null);
    if (warm) {
      clearTimeout(warm.idleTimer);
      warm.busy = true;
      setHeld(warm, true);
      return { worker: warm, cold: false };
    }
    const idleStale = pool.find((w) => !w.busy && (w.retired || w.key !== key));
    if (idleStale) stop(idleStale);
    const busy = pool.filter((w) => w.busy && !w.retired && w.key === key);
    // Queue behind a cold start in progress rather than pay for a second one at the same time.
    if (busy.length < MAX_CONCURRENT && busy.every((w) => w.initialized)) break;
    await new Promise<void>((resolve) => waitersOf(sb, fn.name).push(resolve));
  }
  const worker = await spawnWorker(sb, fn, key);
  worker.busy = true;
  pool.push(worker);
  worker.child.on('exit', () => {
    const i = pool.indexOf(worker);
    if (i >= 0) pool.splice(i, 1);
    waitersOf(sb, fn.name).shift()?.();
  });
  return { worker, cold: true };
}

/** Returns a worker after an invocation: kept warm, or stopped if it is stale or broken. */
export function releaseWorker(sb: Sandbox, fnName: string, worker: Worker, healthy: boolean): void {
  worker.busy = false;
  worker.initialized = true;
  worker.onOutput = undefined;
  const pool = poolOf(sb, fnName);
  const idle = pool.filter((w) => !w.busy).length;
  if (!healthy || worker.retired || idle > MAX_IDLE) {
    stop(worker); // its exit wakes a waiting invocation
    return;
  }
  setHeld(worker, false);
  worker.idleTimer = setTimeout(() => stop(worker), IDLE_MS);
  worker.idleTimer.unref();
  waitersOf(sb, fnName).shift()?.();
}

/** Stops a function's workers (after an update or delete); busy ones stop when they finish. */
export function retireWorkers(sb: Sandbox, fnName: string): void {
  for (const w of [...poolOf(sb, fnName)]) {
    w.retired = true;
    if (!w.busy) stop(w);
  }
}

/** Stops every worker of a sandbox (used when it shuts down). */
export function stopAllWorkers(sb: Sandbox): void {
  for (const pool of pools.get(sb)?.values() ?? []) for (const w of [...pool]) stop(w);
}

export type { Worker };
