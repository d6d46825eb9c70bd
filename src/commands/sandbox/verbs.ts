/**
 * The verbs of `rails sandbox` that drive a sandbox through its control API: requests, fault,
 * latency, rotate-ips, info, state, time-scale (a running one, or the embedded state: embedded.ts). Loaded only when one runs, so the command file stays
 * a thin spec; it reaches the sandbox through its public entry alone.
 */
import type { FaultSpec } from 'rails-sandbox';
import { UsageError } from '../../lib/errors.js';
import type { CommandContext } from '../types.js';
import { withControl } from './embedded.js';

const out = () => import('../output.js');

export async function requests(ctx: CommandContext): Promise<number> {
  const { result, json, table } = await out();
  if (ctx.opts.reset) {
    await withControl(ctx, (control) => control.resetRequests());
    if (ctx.global.json) json({ cleared: true });
    else result('request log cleared');
    return 0;
  }
  const entries = await withControl(ctx, (control) =>
    control.requests({ service: ctx.opts.service, operation: ctx.opts.operation }),
  );
  if (ctx.global.json) {
    json({ requests: entries });
    return 0;
  }
  if (entries.length === 0) {
    result('no requests logged');
    return 0;
  }
  result(
    await table(
      ['#', 'time', 'service', 'operation', 'status', 'code', 'ms', 'caller'],
      entries.map((e) => [
        e.seq,
        e.at.slice(11, 23),
        e.service,
        e.operation,
        e.status,
        `${e.code ?? ''}${e.injected ? ' (injected)' : ''}`,
        e.ms,
        e.accessKeyId ?? '',
      ]),
    ),
  );
  return 0;
}

export async function fault(ctx: CommandContext): Promise<number> {
  const { result, json } = await out();
  const o = ctx.opts;
  const [operation, code] = ctx.args;
  if (o.list) {
    const faults = await withControl(ctx, (control) => control.faults());
    if (ctx.global.json) json(faults);
    else if (faults.faults.length === 0 && faults.latency.length === 0) result('no faults');
    else {
      for (const f of faults.faults) result(JSON.stringify(f));
      for (const l of faults.latency) result(`latency ${JSON.stringify(l)}`);
    }
    return 0;
  }
  if (o.clear) {
    await withControl(ctx, (control) => control.clearFaults());
    if (ctx.global.json) json({ cleared: true });
    else result('faults and latency cleared');
    return 0;
  }
  const selector = {
    ...(o.service ? { service: o.service } : {}),
    ...(operation && operation !== '*' ? { operation } : {}),
    ...(o.mutating ? { mutatingOnly: true } : {}),
  };
  let spec: FaultSpec;
  if (o.throttle !== undefined) {
    spec = { ...selector, kind: 'throttle', share: o.throttle, ...(code ? { code } : {}) };
  } else {
    if (!operation || !code) {
      throw new UsageError('fault needs an operation and an AWS error code.', {
        hint: "e.g. `rails sandbox fault CreateListener TooManyListeners --nth 1` ('*' for any operation), or --throttle 0.5, --list, --clear.",
      });
    }
    spec = {
      ...selector,
      code,
      ...(o.status ? { status: o.status } : {}),
      ...(o.nth ? { nth: o.nth } : {}),
      ...(o.probability !== undefined ? { probability: o.probability } : {}),
      ...(o.share !== undefined ? { share: o.share } : {}),
      ...(o.message ? { message: o.message } : {}),
      ...(o.afterEffect ? { afterEffect: true } : {}),
    };
  }
  const added = await withControl(ctx, (control) => control.injectFault(spec));
  if (ctx.global.json) json({ fault: added });
  else result(`fault ${added.id} added: ${JSON.stringify(spec)}`);
  return 0;
}

export async function latency(ctx: CommandContext): Promise<number> {
  const { result, json } = await out();
  const ms = Number(ctx.args[0]);
  if (!Number.isFinite(ms) || ms < 0)
    throw new UsageError(`latency must be milliseconds >= 0, got '${ctx.args[0]}'.`);
  const rule = {
    ms,
    ...(ctx.opts.service ? { service: ctx.opts.service } : {}),
    ...(ctx.opts.operation ? { operation: ctx.opts.operation } : {}),
  };
  await withControl(ctx, (control) => control.latency(rule));
  if (ctx.global.json) json({ latency: rule });
  else result(ms === 0 ? 'latency removed' : `latency ${ms} ms added`);
  return 0;
}

export async function rotateIps(ctx: CommandContext): Promise<number> {
  const { result, json } = await out();
  const raw = ctx.opts.replace;
  let replace: number | 'all' | undefined;
  if (raw !== undefined) {
    replace = raw === 'all' ? 'all' : Number(raw);
    if (replace !== 'all' && !(Number.isInteger(replace) && replace >= 0)) {
      throw new UsageError(`--replace must be a count or 'all', got '${raw}'.`);
    }
  }
  const replaceCount = replace ?? (ctx.opts.add ? 0 : 1);
  const outcome = await withControl(ctx, (control) =>
    control.rotateIps<{ before: string[]; after: string[] }>(ctx.args[0]!, {
      replace: replaceCount,
      ...(ctx.opts.add ? { add: ctx.opts.add } : {}),
    }),
  );
  if (ctx.global.json) json(outcome);
  else {
    result(`before: ${outcome.before?.join(', ')}`);
    result(`after:  ${outcome.after?.join(', ')}`);
  }
  return 0;
}

export async function info(ctx: CommandContext): Promise<number> {
  const { result, json } = await out();
  const i = await withControl(ctx, (control) => control.info());
  if (ctx.global.json) {
    json(i);
    return 0;
  }
  result(`endpoint: ${i.endpoint}`);
  result(`DNS:      ${i.dns.host} port ${i.dns.port} (UDP)`);
  result(`region:   ${i.region}, account ${i.accountId}`);
  result(`clock:    ${i.clock.now} (time scale ${i.clock.timeScale})`);
  result(`state:    ${i.stateFile ?? 'in memory only'}`);
  result(`settings: ${JSON.stringify(i.settings)}`);
  const verbs = i.services
    .filter((s: { controlVerbs: string[] }) => s.controlVerbs.length)
    .map((s: { folder: string; controlVerbs: string[] }) => `${s.folder}: ${s.controlVerbs.join(', ')}`);
  result(`verbs:    ${verbs.join('; ') || 'none'}`);
  if (i.errors?.length) result(`errors:   ${i.errors.length} (see --json)`);
  return 0;
}

export async function state(ctx: CommandContext): Promise<number> {
  const { json } = await out();
  json(await withControl(ctx, (control) => control.state()));
  return 0;
}

export async function timeScale(ctx: CommandContext): Promise<number> {
  const { result, json } = await out();
  const n = Number(ctx.args[0]);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`time scale must be a positive number, got '${ctx.args[0]}'.`);
  const settings = await withControl(ctx, (control) => control.settings({ timeScale: n }));
  if (ctx.global.json) json({ settings });
  else result(`time scale ${settings.timeScale}: ${settings.timeScale} sandbox seconds per real second`);
  return 0;
}
