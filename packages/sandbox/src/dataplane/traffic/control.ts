/**
 * The control API's traffic and target verbs (`/_sandbox/traffic`, `/_sandbox/targets`): validation
 * and the changes to the data plane's state. Bad input is an AwsError with status 400 (the control
 * API answers it as is) and changes nothing.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Sandbox } from '../../core/types.js';
import type { TargetBehaviour, TrafficSpec } from '../types.js';
import type { DataplaneParts } from './parts.js';
import { selectorProblem } from './selector.js';
import { dataplaneState, nextId } from './state.js';

const bad = (message: string) => new AwsError('ValidationError', message, 400);
const notFound = (message: string) => new AwsError('NotFound', message, 404);

export const MAX_RPS = 10_000;

/** What runs: sources, behaviours, how far the generator has simulated, and what it skipped. */
export function listTraffic(sb: Sandbox) {
  const s = dataplaneState(sb);
  return {
    traffic: s.traffic,
    behaviours: s.behaviours,
    simulatedUntil: s.simulatedUntil === undefined ? null : new Date(s.simulatedUntil).toISOString(),
    skipped: s.skipped
      ? { from: new Date(s.skipped.from).toISOString(), to: new Date(s.skipped.to).toISOString() }
      : null,
  };
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(`${what} must be an object of header name to value`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) throw bad(`${what}: '${k}' is not a header name`);
    if (typeof v !== 'string') throw bad(`${what}: the value of '${k}' must be a string`);
    out[k.toLowerCase()] = v;
  }
  return out;
}

/** Checks a new source's body; returns the source without id and start. */
function trafficInput(body: any): Omit<TrafficSpec, 'id' | 'startedAt' | 'sent'> {
  const urls = body?.urls;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string'))
    throw bad('urls must be a non-empty list of URLs');
  const rps = body.rps === undefined ? 1 : Number(body.rps);
  if (!Number.isFinite(rps) || rps <= 0 || rps > MAX_RPS)
    throw bad(`rps must be a number above 0 and at most ${MAX_RPS}, got ${JSON.stringify(body.rps)}`);
  const method = body.method === undefined ? 'GET' : String(body.method).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw bad(`method must be an HTTP method such as GET, got '${body.method}'`);
  let durationMs: number | undefined;
  if (body.durationMs !== undefined) {
    durationMs = Number(body.durationMs);
    if (!Number.isInteger(durationMs) || durationMs <= 0)
      throw bad(
        `durationMs must be a whole number of sandbox ms above 0, got ${JSON.stringify(body.durationMs)}`,
      );
  }
  if (body.entry !== undefined && (typeof body.entry !== 'string' || body.entry === ''))
    throw bad('entry must be a load balancer name or ARN');
  return {
    urls,
    rps,
    method,
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(body.entry ? { entry: body.entry } : {}),
    ...(body.headers !== undefined ? { headers: stringMap(body.headers, 'headers') } : {}),
  };
}

/** Starts a source once every URL can enter a load balancer in today's state. */
export function startTraffic(sb: Sandbox, body: any, parts: DataplaneParts): TrafficSpec {
  const input = trafficInput(body);
  const s = dataplaneState(sb);
  const table = parts.buildRoutingTable(sb, s.behaviours);
  const at = sb.clock.now();
  for (const url of input.urls) {
    let why: string | undefined;
    try {
      const req = parts.requestFromUrl(url, { ...input, at, clientIp: '10.0.100.10', clientPort: 40000 });
      why = table.check(req);
    } catch (err) {
      why = (err as Error).message;
    }
    if (why) throw bad(`${url}: ${why}`);
  }
  const source: TrafficSpec = { id: nextId(s, 't'), ...input, startedAt: at, sent: 0 };
  s.traffic.push(source);
  sb.markDirty();
  return source;
}

/** Stops one source, or every one. */
export function stopTraffic(sb: Sandbox, id?: string): { stopped: TrafficSpec[] } {
  const s = dataplaneState(sb);
  const stopped = id === undefined ? s.traffic : s.traffic.filter((t) => t.id === id);
  if (id !== undefined && stopped.length === 0)
    throw notFound(`no traffic source '${id}' runs (see GET /_sandbox/traffic)`);
  s.traffic = s.traffic.filter((t) => !stopped.includes(t));
  sb.markDirty();
  return { stopped };
}

function rate(body: any, key: string): number | undefined {
  if (body[key] === undefined) return undefined;
  const n = Number(body[key]);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw bad(`${key} must be within 0..1, got ${JSON.stringify(body[key])}`);
  return n;
}

/** Adds a behaviour once its selector names an existing service, task or IP. */
export function addBehaviour(sb: Sandbox, body: any): TargetBehaviour {
  const why = selectorProblem(sb, body?.selector);
  if (why) throw bad(why);
  const fields: Omit<TargetBehaviour, 'id' | 'selector'> = {};
  for (const key of ['errorRate', 'timeoutRate', 'resetRate'] as const) {
    const n = rate(body, key);
    if (n !== undefined) fields[key] = n;
  }
  if (body.status !== undefined) {
    const n = Number(body.status);
    if (!Number.isInteger(n) || n < 100 || n > 599)
      throw bad(`status must be 100..599, got ${JSON.stringify(body.status)}`);
    fields.status = n;
  }
  if (body.latencyMs !== undefined) {
    const n = Number(body.latencyMs);
    if (!Number.isFinite(n) || n < 0)
      throw bad(`latencyMs must be ms >= 0, got ${JSON.stringify(body.latencyMs)}`);
    fields.latencyMs = n;
  }
  if (body.failHealth !== undefined) {
    if (typeof body.failHealth !== 'boolean') throw bad('failHealth must be true or false');
    if (body.failHealth) fields.failHealth = true;
  }
  if (Object.keys(fields).length === 0)
    throw bad(
      'a behaviour needs at least one of errorRate, status, latencyMs, timeoutRate, resetRate, failHealth',
    );
  const s = dataplaneState(sb);
  const behaviour: TargetBehaviour = { id: nextId(s, 'b'), selector: { ...body.selector }, ...fields };
  s.behaviours.push(behaviour);
  sb.markDirty();
  return behaviour;
}

/** Removes one behaviour, or every one. */
export function removeBehaviour(sb: Sandbox, id?: string): { removed: TargetBehaviour[] } {
  const s = dataplaneState(sb);
  const removed = id === undefined ? s.behaviours : s.behaviours.filter((b) => b.id === id);
  if (id !== undefined && removed.length === 0)
    throw notFound(`no target behaviour '${id}' (see GET /_sandbox/targets)`);
  s.behaviours = s.behaviours.filter((b) => !removed.includes(b));
  sb.markDirty();
  return { removed };
}
