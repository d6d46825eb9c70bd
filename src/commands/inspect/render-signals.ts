/**
 * One line of traffic signals per hop: per-minute sparklines over the window (Unicode blocks) on a
 * terminal with colour, the last minutes as plain numbers elsewhere (--no-color, NO_COLOR, pipes), each
 * with its current value next to its threshold. "No traffic" is said in words, never drawn as zeros.
 */
import { groupedInteger } from '../../lib/common/compare.js';
import type { HopSignals, SignalSeries, SignalsSummary, SignalThresholds } from '../../lib/signals/model.js';
import { c, outputSettings } from '../output.js';

const BLOCKS = '▁▂▃▄▅▆▇█';
/** The widest sparkline: longer windows are folded into this many buckets. */
const MAX_BARS = 30;
const MINUTE = 60_000;

type Line = (number | undefined)[];

/** The per-minute values of every series of `metric` (and stat), added (counts) or the worst (`max`). */
function perMinute(s: HopSignals, metric: string, stat: string, how: 'add' | 'max'): Line {
  const start = Date.parse(s.window.start);
  const minutes = Math.round((Date.parse(s.window.end) - start) / MINUTE);
  const out: Line = Array.from({ length: minutes }, () => undefined);
  for (const series of s.series.filter((x: SignalSeries) => x.metric === metric && x.stat === stat))
    series.timestamps.forEach((t, i) => {
      const k = Math.floor((Date.parse(t) - start) / MINUTE);
      if (k < 0 || k >= minutes) return;
      const v = series.values[i]!;
      out[k] = out[k] === undefined ? v : how === 'add' ? out[k]! + v : Math.max(out[k]!, v);
    });
  return out;
}

const zeroFilled = (line: Line): Line => line.map((v) => v ?? 0);

/** `errors / requests` per minute, in percent (no requests: no value). */
function shareLine(errors: Line, requests: Line): Line {
  return requests.map((r, i) => (r && r > 0 ? ((errors[i] ?? 0) / r) * 100 : undefined));
}

function fold(line: Line, how: 'add' | 'max'): Line {
  if (line.length <= MAX_BARS) return line;
  const size = Math.ceil(line.length / MAX_BARS);
  const out: Line = [];
  for (let i = 0; i < line.length; i += size) {
    const part = line.slice(i, i + size).filter((v): v is number => v !== undefined);
    out.push(
      part.length === 0 ? undefined : how === 'add' ? part.reduce((a, b) => a + b, 0) : Math.max(...part),
    );
  }
  return out;
}

/** ▁▂▃▅█ scaled to the line's largest value (or `top`); `·` where a minute has no value. */
export function sparkline(line: Line, top?: number): string {
  const peak = top ?? Math.max(0, ...line.filter((v): v is number => v !== undefined));
  return line
    .map((v) => {
      if (v === undefined) return '·';
      if (peak <= 0) return BLOCKS[0];
      return BLOCKS[Math.min(BLOCKS.length - 1, Math.round((v / peak) * (BLOCKS.length - 1)))];
    })
    .join('');
}

const num = (v: number) => (v >= 100 || Number.isInteger(v) ? groupedInteger(v) : v.toFixed(v < 1 ? 2 : 1));
const pct = (v: number) => `${v >= 10 || v === 0 ? Math.round(v) : v.toFixed(1)} %`;
const secs = (v: number) => (v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(1)} s`);

/** The minutes the verdicts judged, as plain numbers (`-` for none). */
function plain(line: Line, minutes: number, format: (v: number) => string): string {
  return line
    .slice(-minutes)
    .map((v) => (v === undefined ? '-' : format(v)))
    .join(' ');
}

interface Part {
  label: string;
  line: Line;
  how: 'add' | 'max';
  /** The value judged (over the verdict minutes), formatted, and whether it crosses a threshold. */
  current: string;
  level?: 'degraded' | 'broken';
  threshold?: string;
  format: (v: number) => string;
  /** The value the top block stands for at least (the threshold that breaks or degrades). */
  top?: number;
}

function render(p: Part, s: HopSignals, spark: boolean): string {
  const value =
    p.level === 'broken' ? c.bad(p.current) : p.level === 'degraded' ? c.warn(p.current) : p.current;
  const shape = spark
    ? sparkline(
        fold(p.line, p.how),
        p.top === undefined ? undefined : Math.max(p.top, ...p.line.map((v) => v ?? 0)),
      )
    : `[${plain(p.line, s.window.verdictMinutes, p.format)}]`;
  return `${p.label} ${shape} ${value}${p.threshold ? ` ${c.dim(`(${p.threshold})`)}` : ''}`;
}

const shareThreshold = (t: SignalThresholds) =>
  `degraded ≥${t.errorRate.degraded} %, broken ≥${t.errorRate.broken} %`;

function shareLevel(p: number | undefined, t: SignalThresholds): Part['level'] {
  if (p === undefined) return undefined;
  return p >= t.errorRate.broken ? 'broken' : p >= t.errorRate.degraded ? 'degraded' : undefined;
}

/** The parts of one hop's line, by what the hop's series hold. */
function parts(s: HopSignals, t: SignalThresholds): Part[] {
  const has = (metric: string) => s.series.some((x) => x.metric === metric);
  const per = `/${s.window.verdictMinutes}m`;
  const inputs = s.inputs;
  const out: Part[] = [];
  const traffic = (metric: string, label: string) => {
    out.push({
      label,
      line: zeroFilled(perMinute(s, metric, 'Sum', 'add')),
      how: 'add',
      current: `${num(inputs.requests ?? 0)}${per}`,
      format: num,
    });
  };
  const errors = (label: string, metrics: string[], requestMetric: string) => {
    const requests = zeroFilled(perMinute(s, requestMetric, 'Sum', 'add'));
    const errs = metrics
      .map((m) => zeroFilled(perMinute(s, m, 'Sum', 'add')))
      .reduce((a, b) => a.map((v, i) => (v ?? 0) + (b[i] ?? 0)), zeroFilled(requests.map(() => 0)));
    out.push({
      label,
      line: shareLine(errs, requests),
      how: 'max',
      current: inputs.errorPercent === undefined ? '-' : pct(inputs.errorPercent),
      level: shareLevel(inputs.errorPercent, t),
      threshold: shareThreshold(t),
      format: pct,
      top: t.errorRate.broken,
    });
  };
  if (has('NewFlowCount')) {
    traffic('NewFlowCount', 'flows');
    errors('target resets', ['TCP_Target_Reset_Count'], 'NewFlowCount');
  } else if (has('HTTPCode_ELB_502_Count')) {
    traffic('RequestCount', 'requests');
    errors(
      'ELB 5xx',
      ['HTTPCode_ELB_502_Count', 'HTTPCode_ELB_503_Count', 'HTTPCode_ELB_504_Count'],
      'RequestCount',
    );
  } else if (has('HTTPCode_Target_5XX_Count')) {
    traffic('RequestCount', 'requests');
    errors('5xx', ['HTTPCode_Target_5XX_Count', 'TargetConnectionErrorCount'], 'RequestCount');
    if (has('TargetResponseTime'))
      out.push({
        label: 'p99',
        line: perMinute(s, 'TargetResponseTime', 'p99', 'max'),
        how: 'max',
        current: inputs.p99Seconds === undefined ? '-' : secs(inputs.p99Seconds),
        level:
          inputs.p99Seconds !== undefined && inputs.p99Seconds > t.targetP99Seconds ? 'degraded' : undefined,
        threshold: `≤${secs(t.targetP99Seconds)}`,
        format: secs,
        top: t.targetP99Seconds,
      });
  } else if (has('Count')) {
    // API Gateway: REST APIs count errors in 5XXError, HTTP APIs in 5xx; latencies are milliseconds.
    traffic('Count', 'requests');
    errors('5xx', ['5XXError', '5xx'], 'Count');
    if (has('Latency'))
      out.push({
        label: 'p99',
        line: perMinute(s, 'Latency', 'p99', 'max').map((v) => (v === undefined ? v : v / 1000)),
        how: 'max',
        current: inputs.p99Seconds === undefined ? '-' : secs(inputs.p99Seconds),
        level:
          inputs.p99Seconds !== undefined && inputs.p99Seconds > t.apiLatencyP99Seconds
            ? 'degraded'
            : undefined,
        threshold: `≤${secs(t.apiLatencyP99Seconds)}`,
        format: secs,
        top: t.apiLatencyP99Seconds,
      });
  } else if (has('Invocations')) {
    traffic('Invocations', 'sync runs');
    errors('errors', ['Errors'], 'Invocations');
  }
  for (const [metric, label, value, limit] of [
    ['CPUUtilization', 'cpu', inputs.cpuPercent, t.cpuPercent],
    ['MemoryUtilization', 'mem', inputs.memoryPercent, t.memoryPercent],
  ] as const)
    if (has(metric) && value !== undefined)
      out.push({
        label,
        line: perMinute(s, metric, 'Average', 'max'),
        how: 'max',
        current: pct(value),
        level: value >= limit ? 'degraded' : undefined,
        threshold: `<${limit} %`,
        format: pct,
        top: limit,
      });
  return out;
}

/** The hop's signal line (indented), or none when the hop has no signals. */
export function signalLines(
  s: HopSignals | undefined,
  summary: SignalsSummary | undefined,
  indent: string,
): string[] {
  if (!s || !summary) return [];
  const spark = outputSettings().color;
  const head = `${indent}${c.dim(`signals ${summary.window.since}:`)} `;
  if (!s.traffic) return [`${head}${s.note ?? 'no traffic'}`];
  const line = parts(s, summary.thresholds)
    .map((p) => render(p, s, spark))
    .join('   ');
  return [`${head}${line}${s.note ? `  ${c.dim(`(${s.note})`)}` : ''}`];
}

/** The hop's signals in a few words, for a one-line hop (`requests 6,000/5m, 5xx 31 %`). */
export function signalWords(s: HopSignals | undefined, summary: SignalsSummary | undefined): string {
  if (!s || !summary) return '';
  if (!s.traffic) return s.note ?? 'no traffic';
  return parts(s, summary.thresholds)
    .map(
      (p) =>
        `${p.label} ${p.level === 'broken' ? c.bad(p.current) : p.level === 'degraded' ? c.warn(p.current) : p.current}`,
    )
    .join(', ');
}

/** Under the hops: the window and calls, or why there are no signals. */
export function signalsFooter(summary: SignalsSummary | undefined): string[] {
  if (!summary) return [];
  if (summary.error) return [`${c.warn('warning')} traffic signals could not be read: ${summary.error}`];
  return [
    c.dim(
      `signals: ${summary.window.start} → ${summary.window.end} (${summary.window.since}), verdicts over the last ${summary.window.verdictMinutes} minutes; ${summary.queries} metrics in ${summary.calls} GetMetricData call${summary.calls === 1 ? '' : 's'}`,
    ),
  ];
}
