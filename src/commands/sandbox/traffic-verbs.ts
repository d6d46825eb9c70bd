/**
 * `rails sandbox traffic` and `rails sandbox target`: requests flowing through the rail in the
 * sandbox (the data plane's traffic sources) and what its targets do with them (injected errors,
 * latency, timeouts, resets, failing health checks). Loaded only when one runs.
 */
import type { TargetBehaviour, TrafficSpec } from 'rails-sandbox';
import { UsageError } from '../../lib/errors.js';
import type { CommandContext } from '../types.js';
import { withControl } from './embedded.js';

const out = () => import('../output.js');

function ends(t: TrafficSpec): string {
  return t.durationMs === undefined ? 'when stopped' : new Date(t.startedAt + t.durationMs).toISOString();
}

export async function traffic(ctx: CommandContext): Promise<number> {
  const { result, json, table } = await out();
  const listing = await withControl(ctx, (control) => control.traffic());
  if (ctx.global.json) {
    json(listing);
    return 0;
  }
  if (listing.traffic.length === 0) result('no traffic runs');
  else
    result(
      await table(
        ['id', 'rps', 'method', 'urls', 'sent', 'ends'],
        listing.traffic.map((t) => [t.id, t.rps, t.method, t.urls.join(' '), t.sent, ends(t)]),
      ),
    );
  result(`simulated until ${listing.simulatedUntil ?? 'not yet'}`);
  if (listing.skipped)
    result(`skipped ${listing.skipped.from} .. ${listing.skipped.to}: older than the hour of catch-up`);
  return 0;
}

export async function trafficStart(ctx: CommandContext): Promise<number> {
  const { result, json } = await out();
  const o = ctx.opts;
  const urls = (o.url as string[] | undefined) ?? [];
  if (urls.length === 0) {
    throw new UsageError('traffic start needs at least one --url.', {
      hint: 'e.g. `rails sandbox traffic start --url http://<nlb-dns-name>/orders --rps 50 --duration 10m`.',
    });
  }
  const spec = {
    urls,
    ...(o.rps !== undefined ? { rps: o.rps } : {}),
    ...(o.method ? { method: o.method } : {}),
    ...(o.duration !== undefined ? { durationMs: o.duration } : {}),
    ...(o.entry ? { entry: o.entry } : {}),
    ...(o.header ? { headers: o.header } : {}),
  };
  const source = await withControl(ctx, (control) => control.startTraffic(spec));
  if (ctx.global.json) json({ source });
  else
    result(
      `traffic ${source.id} started: ${source.rps} req/s ${source.method} ${source.urls.join(' ')}, ends ${ends(source)}`,
    );
  return 0;
}

export async function trafficStop(ctx: CommandContext): Promise<number> {
  const { result, json } = await out();
  const stopped = await withControl(ctx, (control) => control.stopTraffic(ctx.args[0]));
  if (ctx.global.json) json({ stopped });
  else if (stopped.length === 0) result('no traffic ran');
  else for (const t of stopped) result(`traffic ${t.id} stopped after ${t.sent} requests`);
  return 0;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** What the target argument names: an IP, a task (id or ARN), else an ECS service. */
export function selectorOf(target: string, cluster?: string): TargetBehaviour['selector'] {
  const withCluster = cluster ? { cluster } : {};
  if (IPV4.test(target)) return { ip: target, ...withCluster };
  const task = /^arn:aws[\w-]*:ecs:[^:]+:\d+:task\/(?:[^/]+\/)?([0-9a-f]{32})$/.exec(target)?.[1];
  if (task || /^[0-9a-f]{32}$/.test(target)) return { taskId: task ?? target, ...withCluster };
  return { service: target, ...withCluster };
}

function describe(b: TargetBehaviour): string {
  const what = Object.entries(b.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const does = [
    b.errorRate !== undefined ? `errors ${b.errorRate} (${b.status ?? 500})` : undefined,
    b.errorRate === undefined && b.status !== undefined ? `status ${b.status}` : undefined,
    b.latencyMs !== undefined ? `latency ${b.latencyMs} ms` : undefined,
    b.timeoutRate !== undefined ? `timeouts ${b.timeoutRate}` : undefined,
    b.resetRate !== undefined ? `resets ${b.resetRate}` : undefined,
    b.failHealth ? 'fails health checks' : undefined,
  ].filter(Boolean);
  return `${b.id}  ${what}: ${does.join(', ')}`;
}

export async function target(ctx: CommandContext): Promise<number> {
  const { result, json } = await out();
  const o = ctx.opts;
  const [name] = ctx.args;
  if (o.clear !== undefined) {
    if (name)
      throw new UsageError('target --clear takes a behaviour id, not a target.', {
        hint: 'e.g. `rails sandbox target --clear b-1`, or `--clear` alone for all.',
      });
    const id = o.clear === true ? undefined : String(o.clear);
    const removed = await withControl(ctx, (control) => control.clearTargetBehaviours(id));
    if (ctx.global.json) json({ removed });
    else result(removed.length ? `removed ${removed.map((b) => b.id).join(', ')}` : 'no target behaviours');
    return 0;
  }
  if (!name) {
    const behaviours = await withControl(ctx, (control) => control.targetBehaviours());
    if (ctx.global.json) json({ behaviours });
    else if (behaviours.length === 0) result('no target behaviours');
    else for (const b of behaviours) result(describe(b));
    return 0;
  }
  const spec = {
    selector: selectorOf(name, o.cluster),
    ...(o.errorRate !== undefined ? { errorRate: o.errorRate } : {}),
    ...(o.status !== undefined ? { status: o.status } : {}),
    ...(o.latency !== undefined ? { latencyMs: o.latency } : {}),
    ...(o.timeoutRate !== undefined ? { timeoutRate: o.timeoutRate } : {}),
    ...(o.resetRate !== undefined ? { resetRate: o.resetRate } : {}),
    ...(o.failHealth ? { failHealth: true } : {}),
  };
  if (Object.keys(spec).length === 1) {
    throw new UsageError(`target ${name}: say what the target does.`, {
      hint: 'give at least one of --error-rate, --status, --latency, --timeout-rate, --reset-rate, --fail-health.',
    });
  }
  const behaviour = await withControl(ctx, (control) => control.addTargetBehaviour(spec));
  if (ctx.global.json) json({ behaviour });
  else result(`target behaviour ${describe(behaviour)}`);
  return 0;
}
