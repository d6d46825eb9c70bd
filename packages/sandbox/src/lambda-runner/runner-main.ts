/**
 * The Lambda runtime that runs inside a child process, one per warm "container". It talks to the
 * sandbox over the IPC channel: `invoke` messages in; `log` and `result` messages out, in order, so
 * every log line of an invocation arrives before its result.
 *
 * This function is shipped as source text (`runnerSource()`), so it must be self-contained: no
 * imports, nothing from the enclosing module. `import()` and `require` come in as
 * parameters so that no compiler or bundler rewrites them.
 */
export function runnerMain(
  importModule: (specifier: string) => Promise<any>,
  nodeRequire: (id: string) => any,
): void {
  const proc: any = process;
  const path = nodeRequire('node:path');
  const url = nodeRequire('node:url');
  const util = nodeRequire('node:util');
  let current: { id: string } | undefined;
  let handlerFn: ((event: unknown, context: unknown, callback?: unknown) => unknown) | undefined;

  const send = (message: unknown) => {
    if (proc.connected) proc.send(message);
  };
  // Everything written to stdout/stderr becomes the invocation's log, in order with the result.
  const capture = (_stream: string) => (chunk: unknown, encoding?: unknown, cb?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    send({ type: 'log', text });
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') done();
    return true;
  };
  proc.stdout.write = capture('stdout');
  proc.stderr.write = capture('stderr');
  // console.* as the Node.js runtime formats it: time, request id, level, message.
  const levels: Record<string, string> = {
    log: 'INFO',
    info: 'INFO',
    warn: 'WARN',
    error: 'ERROR',
    debug: 'DEBUG',
    trace: 'TRACE',
  };
  for (const [method, level] of Object.entries(levels)) {
    (console as any)[method] = (...args: unknown[]) => {
      const message = util.format(...args);
      send({
        type: 'log',
        text: `${new Date().toISOString()}\t${current?.id ?? 'undefined'}\t${level}\t${message}\n`,
      });
    };
  }

  const errorPayload = (err: any) => ({
    errorType: err?.name ?? (err?.constructor?.name || 'Error'),
    errorMessage: err?.message ?? String(err),
    trace: typeof err?.stack === 'string' ? err.stack.split('\n') : [],
  });

  async function loadHandler(): Promise<typeof handlerFn> {
    const spec: string = proc.env._HANDLER ?? '';
    const root: string = proc.env.LAMBDA_TASK_ROOT ?? proc.cwd();
    const dot = spec.lastIndexOf('.');
    const modulePath = spec.slice(0, dot);
    const exportPath = spec.slice(dot + 1);
    const fs = nodeRequire('node:fs');
    const base = path.resolve(root, modulePath);
    const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f: string) => fs.existsSync(f));
    if (dot <= 0 || !file) {
      const e = new Error(`Cannot find module '${modulePath}'`);
      e.name = 'Runtime.ImportModuleError';
      e.message = `Error: Cannot find module '${modulePath}'\nRequire stack:\n- /var/runtime/index.mjs`;
      throw e;
    }
    let mod: any;
    try {
      if (file.endsWith('.mjs')) mod = await importModule(url.pathToFileURL(file).href);
      else {
        try {
          mod = nodeRequire(file);
        } catch (err: any) {
          if (err?.code !== 'ERR_REQUIRE_ESM') throw err;
          mod = await importModule(url.pathToFileURL(file).href);
        }
      }
    } catch (err: any) {
      if (err instanceof SyntaxError) err.name = 'Runtime.UserCodeSyntaxError';
      throw err;
    }
    const fn = exportPath.split('.').reduce((m: any, k: string) => m?.[k], mod) ?? mod?.default?.[exportPath];
    if (typeof fn !== 'function') {
      const e = new Error(`${spec} is undefined or not exported`);
      e.name = 'Runtime.HandlerNotFound';
      throw e;
    }
    return fn;
  }

  function runHandler(fn: NonNullable<typeof handlerFn>, event: unknown, context: any): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const callback = (err: unknown, result: unknown) => (err ? reject(err) : resolve(result));
      context.succeed = (result: unknown) => resolve(result);
      context.fail = (err: unknown) => reject(err);
      context.done = callback;
      try {
        const out: any = fn.length >= 3 ? fn(event, context, callback) : fn(event, context);
        if (fn.length < 3 || (out && typeof out.then === 'function'))
          Promise.resolve(out).then(resolve, reject);
      } catch (err) {
        reject(err);
      }
    });
  }

  proc.on('message', async (msg: any) => {
    if (msg?.type !== 'invoke') return;
    current = { id: msg.requestId };
    const started = Date.now();
    let deadline = started + msg.timeoutMs;
    const context = {
      ...msg.context,
      awsRequestId: msg.requestId,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    let initError: unknown;
    let initMs: number | undefined;
    if (!handlerFn) {
      try {
        handlerFn = await loadHandler();
      } catch (err) {
        initError = err;
      }
      initMs = Date.now() - started;
    }
    if (initError || !handlerFn) {
      send({
        type: 'result',
        requestId: msg.requestId,
        ok: false,
        init: true,
        initMs,
        error: errorPayload(initError),
      });
      return;
    }
    // The timeout covers the handler, not the cold start (Lambda limits init separately).
    deadline = Date.now() + msg.timeoutMs;
    send({ type: 'started', requestId: msg.requestId });
    try {
      const result = await runHandler(handlerFn, msg.event, context);
      send({
        type: 'result',
        requestId: msg.requestId,
        ok: true,
        initMs,
        payload: JSON.stringify(result === undefined ? null : result),
      });
    } catch (err) {
      send({ type: 'result', requestId: msg.requestId, ok: false, initMs, error: errorPayload(err) });
    }
    current = undefined;
  });
  // The sandbox went away: so does the container.
  proc.on('disconnect', () => proc.exit(0));
  proc.on('uncaughtException', (err: unknown) => {
    send({ type: 'crash', error: errorPayload(err) });
    proc.exit(129);
  });
  proc.on('unhandledRejection', (err: unknown) => {
    send({ type: 'crash', error: errorPayload(err) });
    proc.exit(128);
  });
  send({ type: 'ready' });
}

/** The runner as a CommonJS program, for `node <file>`. */
export function runnerSource(): string {
  return `'use strict';\n(${runnerMain.toString()})((specifier) => import(specifier), require);\n`;
}
