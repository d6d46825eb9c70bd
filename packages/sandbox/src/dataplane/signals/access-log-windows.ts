/**
 * Access-log files as ELB delivers them (README.md "Access logs"): an ALB node writes one gzip object
 * per 5-minute window, an NLB one per window for its TLS listeners; each is delivered to the bucket
 * once its window has closed, under AWS's key layout, and lost when the bucket is gone by then.
 */
import { gzipSync } from 'node:zlib';
import type { Sandbox } from '../../core/types.js';
import { loadBalancerId } from '../../services/elbv2/arns.js';
import { findLoadBalancer } from '../../services/elbv2/lookup.js';
import type { LoadBalancer } from '../../services/elbv2/state.js';
import { putObjectInternal } from '../../services/s3/put-internal.js';
import type { RequestOutcome } from '../types.js';
import { albLine, albResponseTime, nlbLine } from './access-log-lines.js';
import { LineBuffer } from './line-buffer.js';
import { type LogWindow, signalsState, WINDOW_MS } from './state.js';

/** The logging settings of a load balancer, when its access logs are on. */
function logging(lb: LoadBalancer | undefined): { bucket: string; prefix: string } | undefined {
  if (!lb) return undefined;
  if (lb.attributes['access_logs.s3.enabled'] !== 'true') return undefined;
  const bucket = lb.attributes['access_logs.s3.bucket'] ?? '';
  return bucket ? { bucket, prefix: lb.attributes['access_logs.s3.prefix'] ?? '' } : undefined;
}

function windowFor(
  sb: Sandbox,
  lb: LoadBalancer,
  at: number,
  log: { bucket: string; prefix: string },
  nodeIp?: string,
): LogWindow {
  const start = Math.floor(at / WINDOW_MS) * WINDOW_MS;
  const windows = signalsState(sb).windows;
  const key = `${lb.arn}\n${nodeIp ?? ''}\n${start}`;
  windows[key] ??= {
    kind: lb.type === 'application' ? 'app' : 'net',
    name: lb.name,
    id: loadBalancerId(lb.arn),
    region: lb.region,
    ...(nodeIp ? { nodeIp } : {}),
    start,
    ...log,
    chunks: [],
  };
  return windows[key];
}

/** Adds the slice's access-log lines to their windows (load balancers looked up once per slice). */
export function collectAccessLogs(sb: Sandbox, outcomes: RequestOutcome[]): void {
  const lbs = new Map<string, LoadBalancer | undefined>();
  const lookup = (arn: string) => {
    if (!lbs.has(arn)) lbs.set(arn, findLoadBalancer(sb, arn));
    return lbs.get(arn);
  };
  // Lines gathered per window, then stored as one chunk: far fewer strings for the state to hold.
  const pending = new Map<LogWindow, LineBuffer>();
  const add = (w: LogWindow, line: string) => {
    const lines = pending.get(w) ?? new LineBuffer();
    pending.set(w, lines);
    lines.push(line);
  };
  for (const o of outcomes) {
    if (o.alb && o.alb.elbStatus > 0) {
      const lb = lookup(o.alb.loadBalancerArn);
      const log = logging(lb);
      if (lb && log) add(windowFor(sb, lb, albResponseTime(o, o.alb), log, o.alb.nodeIp), albLine(o, o.alb));
    }
    if (o.nlb?.listenerProtocol === 'TLS' && o.nlb.outcome !== 'no-listener') {
      const lb = lookup(o.nlb.loadBalancerArn);
      const log = logging(lb);
      if (lb && log) add(windowFor(sb, lb, o.request.at + o.nlb.connectionMs, log), nlbLine(o, o.nlb));
    }
  }
  for (const [w, lines] of pending) w.chunks.push(lines.text());
}

/** `20140215T2340Z`. */
function compactTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/** The object key AWS gives a window's file (dated by the window's end, when it is delivered). */
export function accessLogKey(sb: Sandbox, w: LogWindow): string {
  const end = w.start + WINDOW_MS;
  const day = new Date(end).toISOString().slice(0, 10).replaceAll('-', '/');
  const node = w.nodeIp ? `_${w.nodeIp}` : '';
  const file = `${sb.accountId}_elasticloadbalancing_${w.region}_${w.kind}.${w.name}.${w.id}_${compactTime(end)}${node}_${sb.hex(8)}.log.gz`;
  return `${w.prefix ? `${w.prefix}/` : ''}AWSLogs/${sb.accountId}/elasticloadbalancing/${w.region}/${day}/${file}`;
}

/** Delivers (and forgets) every window that closed at or before `to`. */
export function deliverClosedWindows(sb: Sandbox, to: number): void {
  const windows = signalsState(sb).windows;
  for (const [key, w] of Object.entries(windows)) {
    if (w.start + WINDOW_MS > to) continue;
    delete windows[key];
    if (w.chunks.length === 0) continue;
    const body = gzipSync(Buffer.from(w.chunks.join('')), { level: 1 });
    putObjectInternal(sb, w.bucket, accessLogKey(sb, w), body, 'application/x-gzip');
  }
}
