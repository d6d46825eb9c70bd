/**
 * Invoke: runs the function's handler in a warm (or new) worker with the timeout enforced, and
 * reports the result as Lambda does (200 with `X-Amz-Function-Error: Unhandled` for a failed
 * invocation). `invokeFunctionInternal` is how other services (EventBridge) invoke functions.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import { resourceConflict } from './errors.js';
import { getFunctionOrThrow } from './lifecycle.js';
import { appendLog } from './logs.js';
import { recordInvocationMetrics } from './metrics.js';
import { policyAllows } from './permissions.js';
import { isNodeRuntime } from './runtimes.js';
import type { LambdaFunction } from './state.js';
import { acquireWorker, releaseWorker } from './workers.js';

/** Who is invoking: the account itself (direct calls) or a service principal on behalf of a resource. */
export interface Invoker {
  principal: string;
  sourceArn?: string;
  sourceAccount?: string;
}

export interface InvokeResult {
  requestId: string;
  /** Set when the invocation failed (`Unhandled`). */
  functionError?: 'Unhandled';
  /** The JSON payload: the handler's result, or {errorType, errorMessage, trace}. */
  payload: string;
  /** This invocation's log (START ... REPORT). */
  log: string;
  durationMs: number;
}

interface Outcome {
  ok: boolean;
  payload: string;
  /** The worker can be reused. */
  healthy: boolean;
  timedOut?: boolean;
  /** Real ms the runtime spent loading the handler (cold starts only). */
  initMs?: number;
}

/** Lambda's limit on the init phase (loading the handler module). */
const INIT_LIMIT_MS = 10_000;

const errorJson = (errorType: string, errorMessage: string, trace: string[] = []) =>
  JSON.stringify({ errorType, errorMessage, trace });

/** Runs one invocation in a worker; resolves on the result, a crash, or the timeout. */
async function execute(
  sb: Sandbox,
  fn: LambdaFunction,
  event: unknown,
  requestId: string,
  log: (t: string) => void,
) {
  const { worker } = await acquireWorker(sb, fn);
  const timeoutMs = fn.timeout * 1000;
  const outcome = await new Promise<Outcome>((resolve) => {
    let settled = false;
    const finish = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.child.off('message', onMessage);
      worker.child.off('exit', onExit);
      resolve(o);
    };
    const onMessage = (msg: any) => {
      if (msg?.type === 'log') log(msg.text);
      else if (msg?.type === 'started' && msg.requestId === requestId) {
        clearTimeout(timer);
        timer = setTimeout(timeOut, timeoutMs);
      } else if (msg?.type === 'result' && msg.requestId === requestId) {
        finish(
          msg.ok
            ? { ok: true, payload: msg.payload, healthy: true, initMs: msg.initMs }
            : { ok: false, payload: JSON.stringify(msg.error), healthy: !msg.init, initMs: msg.initMs },
        );
      } else if (msg?.type === 'crash') {
        log(
          `${new Date().toISOString()}\t${requestId}\tERROR\tUncaught Exception \t${JSON.stringify(msg.error)}\n`,
        );
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      const status = signal ? `signal: ${signal}` : `exit status ${code}`;
      log(`RequestId: ${requestId} Error: Runtime exited with error: ${status}\n`);
      finish({
        ok: false,
        payload: errorJson(
          'Runtime.ExitError',
          `RequestId: ${requestId} Error: Runtime exited with error: ${status}`,
        ),
        healthy: false,
      });
    };
    const timeOut = () => {
      const seconds = fn.timeout.toFixed(2);
      log(`${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds\n`);
      finish({
        ok: false,
        payload: JSON.stringify({
          errorType: 'Sandbox.Timedout',
          errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`,
        }),
        healthy: false,
        timedOut: true,
      });
    };
    // Until the handler starts, the cold start may take up to Lambda's 10 s init limit on top.
    let timer = setTimeout(timeOut, INIT_LIMIT_MS + timeoutMs);
    worker.onOutput = log;
    worker.child.on('message', onMessage);
    worker.child.on('exit', onExit);
    worker.child.send({
      type: 'invoke',
      requestId,
      event,
      timeoutMs,
      context: {
        functionName: fn.name,
        functionVersion: '$LATEST',
        invokedFunctionArn: fn.arn,
        memoryLimitInMB: String(fn.memorySize),
        logGroupName: `/aws/lambda/${fn.name}`,
        logStreamName: `${new Date(sb.clock.now()).toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${worker.key.slice(0, 32)}`,
      },
    });
  });
  releaseWorker(sb, fn.name, worker, outcome.healthy);
  return outcome;
}

/**
 * Invokes a function. Direct callers (the account) need no resource policy; a service principal
 * (e.g. `events.amazonaws.com`) must be allowed by the function's policy for `sourceArn`, else
 * AccessDeniedException. The returned payload and error follow Lambda's RequestResponse semantics.
 */
export async function invokeFunctionInternal(
  sb: Sandbox,
  nameOrArn: string,
  payload: unknown,
  invoker: Invoker,
  /** The invocation's id (Lambda reuses the Invoke call's x-amzn-RequestId); a fresh one otherwise. */
  requestId: string = sb.uuid(),
): Promise<InvokeResult> {
  const fn = getFunctionOrThrow(sb, nameOrArn);
  const direct =
    invoker.principal === sb.accountId || invoker.principal.startsWith(`arn:aws:iam::${sb.accountId}:`);
  if (!direct && !policyAllows(fn, invoker.principal, invoker.sourceArn, invoker.sourceAccount)) {
    throw new AwsError(
      'AccessDeniedException',
      `User: ${invoker.principal} is not authorized to perform: lambda:InvokeFunction on resource: ${fn.arn} because no resource-based policy allows the lambda:InvokeFunction action`,
      403,
    );
  }
  if (fn.state !== 'Active') {
    throw resourceConflict(
      `The operation cannot be performed at this time. The function is currently in the following state: ${fn.state}`,
    );
  }
  const event =
    typeof payload === 'string' || Buffer.isBuffer(payload) ? parsePayload(payload) : (payload ?? {});
  const started = Date.now();
  let text = `START RequestId: ${requestId} Version: $LATEST\n`;
  const log = (t: string) => {
    text += t;
  };
  let outcome: Outcome;
  if (!isNodeRuntime(fn.runtime)) {
    outcome = {
      ok: false,
      healthy: true,
      payload: errorJson(
        'Runtime.Unsupported',
        `The sandbox runs Node.js functions only; ${fn.runtime} is not supported.`,
      ),
    };
  } else {
    outcome = await execute(sb, fn, event, requestId, log);
  }
  const durationMs = Date.now() - started;
  text += `END RequestId: ${requestId}\n`;
  text += `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\tMemory Size: ${fn.memorySize} MB\tMax Memory Used: ${Math.min(fn.memorySize, 64)} MB${outcome.initMs !== undefined ? `\tInit Duration: ${outcome.initMs.toFixed(2)} ms` : ''}${outcome.timedOut ? '\tStatus: timeout' : ''}\n`;
  appendLog(sb, fn.name, text);
  recordInvocationMetrics(sb, fn.name, durationMs, !outcome.ok);
  return {
    requestId,
    ...(outcome.ok ? {} : { functionError: 'Unhandled' as const }),
    payload: outcome.payload,
    log: text,
    durationMs,
  };
}

/** An invocation payload must be JSON (an empty one is `{}`). */
export function parsePayload(raw: string | Buffer): unknown {
  const text = raw.toString();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AwsError(
      'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`,
      400,
    );
  }
}
