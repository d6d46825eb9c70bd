/**
 * The HTTP side of the sandbox: one keep-alive server on 127.0.0.1 for every service. Each request is
 * routed to a service, decoded by its wire protocol, passed through fault injection and latency, run
 * by the operation handler, encoded back, logged, and the state persisted when it changed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { AwsError } from '../core/aws-error.js';
import { type FaultInjector, validateFault } from '../core/faults.js';
import type { StateStore } from '../core/persistence.js';
import { isMutating, type RequestLog } from '../core/request-log.js';
import type { SandboxInstance } from '../core/sandbox-instance.js';
import type { RawResponse, RequestContext, ServiceDefinition } from '../core/types.js';
import { type Codec, codecs, type IncomingRequest } from '../protocols/codecs.js';
import type { AccessKeys } from '../sigv4/access-keys.js';
import { authenticate } from './authenticate.js';
import { foreignRefusal, isControlPath, requestIdHeaders } from './foreign-refusal.js';
import { foreignRequest } from './loopback-guard.js';
import { credentialsOf, folderOf, type ServiceRouter } from './routing.js';

/** Everything a request needs; the control API (control/api.ts) works on the same parts. */
export interface SandboxCore {
  sb: SandboxInstance;
  router: ServiceRouter;
  log: RequestLog;
  faults: FaultInjector;
  store?: StateStore;
  /** The keys signatures are checked against; undefined when signatures are not checked. */
  keys?: AccessKeys;
  /** Answers `/_sandbox/...`; undefined when the path is not a control path. */
  control(req: IncomingRequest): Promise<RawResponse>;
}

export { validateFault };

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: RawResponse, extraHeaders: Record<string, string>): void {
  const body = r.body === undefined ? undefined : typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  const headers: Record<string, string | number> = { ...extraHeaders, ...(r.headers ?? {}) };
  const hasLength = Object.keys(headers).some((k) => k.toLowerCase() === 'content-length');
  if (!hasLength) headers['content-length'] = body?.length ?? 0;
  res.writeHead(r.status, headers);
  res.end(body);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How long an idle keep-alive connection stays open. The SDK's agent keeps idle sockets with no limit
 * of its own, so a server that closes them first races with the client's next request on that socket
 * (ECONNRESET). On loopback an idle socket costs nothing: keep them longer than any client waits.
 */
const KEEP_ALIVE_MS = 10 * 60_000;

export function createSandboxServer(core: SandboxCore): Server {
  const server = createServer({ keepAlive: true, keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    handle(core, req, res).catch((err) => {
      // Only a bug in the core gets here; answer rather than leave the client hanging.
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`sandbox internal error: ${err instanceof Error ? err.message : String(err)}`);
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  return server;
}

async function handle(core: SandboxCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const at = new Date().toISOString();
  // The raw path, as sent: no dot-segment folding (an S3 key may contain `..`), no decoding.
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  // As received: a signature covers the body as sent, before any gunzip.
  const received = await readBody(req);
  let body = received;
  const raw: IncomingRequest = {
    method: req.method ?? 'GET',
    path,
    query: new URLSearchParams(rawQuery),
    headers: req.headers,
    body,
  };
  // Before anything else: a web page must not drive the sandbox. No CORS headers are ever sent, so a
  // browser's preflight fails too.
  const foreign = foreignRequest(req.headers);
  if (foreign) {
    send(res, foreignRefusal(core.router, raw, core.sb.uuid(), foreign), {});
    return;
  }
  if (isControlPath(path)) {
    send(res, await core.control(raw), {});
    return;
  }
  const { sb, router } = core;
  const creds = credentialsOf(raw);
  const def = router.route(raw, creds);
  const requestId = sb.uuid();
  if (!def) {
    const err = new AwsError(
      'UnrecognizedClientException',
      'The sandbox hosts no service for this request.',
      400,
    );
    send(res, codecs.awsQuery.error(err, requestId, { signingName: '', protocol: 'awsQuery' }), {
      'x-amzn-requestid': requestId,
    });
    return;
  }
  // From here the request is an AWS call the log records: its start and the calls then in flight.
  const ticket = core.log.begin(started);
  const codec = codecs[def.protocol];
  const service = folderOf(def);
  if (!def.rest && String(req.headers['content-encoding'] ?? '').includes('gzip')) {
    body = gunzipSync(body);
    raw.body = body;
  }
  const operation = (def.rest ? def.rest.match(raw) : codec.operation(raw)) ?? '';
  const mutating = isMutating(operation);

  let response: RawResponse;
  let code: string | undefined;
  let injected = false;
  // Another process on the same state file waits while this one reloads, handles and saves.
  let release: (() => void) | undefined;
  try {
    authenticate(
      creds,
      { ...raw, rawQuery, rawHeaders: req.rawHeaders, body: received },
      def,
      codec,
      core.keys,
      sb.clock.now(),
    );
    if (!operation || (!def.rest && !def.operations?.[operation])) {
      const what = operation
        ? `The action ${operation} is not valid for this web service.`
        : 'No action given.';
      throw new AwsError(codec.unknownOperation.code, what, codec.unknownOperation.status);
    }
    const call = { service, signingName: def.signingName, operation, mutating };
    const delay = core.faults.delayFor(call);
    if (delay > 0) await sleep(delay);
    const throttleCode = def.throttleCode ?? codec.throttle.code;
    const fault = core.faults.check(call, throttleCode);
    if (fault) {
      injected = true;
      const status =
        fault.code === throttleCode && fault.status === 400 ? codec.throttle.status : fault.status;
      throw new AwsError(fault.code, fault.message, status);
    }
    release = await core.store?.lock.acquire();
    if (core.store?.reloadIfChanged(sb)) sb.initServices();
    await sb.tick();
    const ctx: RequestContext = {
      sb,
      service,
      operation,
      region: creds.region ?? sb.region,
      accountId: sb.accountId,
      requestId,
      accessKeyId: creds.accessKeyId,
      headers: req.headers,
    };
    if (def.rest) {
      response = await def.rest.handle(raw, ctx);
    } else {
      const input = codec.input(raw);
      const output = await def.operations![operation]!(input, ctx);
      response = codec.success(operation, output, requestId, def);
    }
    // The call took effect; a fault now only changes what the caller hears.
    const lost = response.status < 300 ? core.faults.check(call, throttleCode, true) : undefined;
    if (lost) {
      injected = true;
      throw lost;
    }
  } catch (err) {
    const awsErr = toAwsError(err, def, sb);
    code = awsErr.code;
    response = codec.error(awsErr, requestId, def, raw);
  }
  try {
    if (core.store?.due(sb)) core.store.save(sb);
  } finally {
    release?.();
  }
  core.log.add(
    {
      at,
      service,
      operation: operation || '(unknown)',
      status: response.status,
      ...(code ? { code } : {}),
      ms: Math.round((performance.now() - started) * 100) / 100,
      mutating,
      ...(injected ? { injected } : {}),
      ...(creds ? { accessKeyId: creds.accessKeyId } : {}),
    },
    ticket,
  );
  // AWS's responses carry AWS's clock; the sandbox's clock is the sandbox's AWS time (moved by
  // clock/advance and the time scale). The SDK sets its clock offset from this header, so a caller
  // that asks for "the last 15 minutes" gets the sandbox's last 15 minutes.
  send(res, response, { ...requestIdHeaders(def, requestId), date: new Date(sb.clock.now()).toUTCString() });
}

function toAwsError(err: unknown, def: ServiceDefinition, sb: SandboxInstance): AwsError {
  if (err instanceof AwsError) return err;
  if (err instanceof SyntaxError && def.protocol.startsWith('awsJson')) {
    return new AwsError('SerializationException', `Malformed JSON: ${err.message}`, 400);
  }
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  sb.tickerErrors.push(text);
  if (sb.tickerErrors.length > 20) sb.tickerErrors.shift();
  const internal = def.signingName === 'ecs' ? 'ServerException' : 'InternalFailure';
  return new AwsError(
    internal,
    `The sandbox failed to handle the request: ${(err as Error)?.message ?? text}`,
    500,
  );
}

export type { Codec };
