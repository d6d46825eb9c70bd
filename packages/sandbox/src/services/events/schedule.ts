/**
 * Schedule expressions as EventBridge validates them: `rate(1 minute)`, `rate(5 minutes)` (singular
 * exactly for 1), `cron(min hour day-of-month month day-of-week year)` with six fields and `?` in one
 * of the day fields. `nextFire` gives the next firing time in sandbox epoch ms.
 */
import { AwsError } from '../../core/aws-error.js';

const invalid = () => new AwsError('ValidationException', 'Parameter ScheduleExpression is not valid.', 400);

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export type Schedule = { kind: 'rate'; periodMs: number } | { kind: 'cron'; fields: CronField[] };

/** A cron field as the set of values it allows; undefined for `?`/`*` (any). */
type CronField = Set<number> | undefined;

/** [min, max, names (index 0 = min)] per field: minutes, hours, day-of-month, month, day-of-week, year. */
const FIELD_RANGES: Array<[number, number, string[]?]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12, MONTHS],
  [1, 7, DAYS],
  [1970, 2199],
];

function parseValue(text: string, [min, max, names]: [number, number, string[]?]): number {
  const byName = names?.indexOf(text.toUpperCase()) ?? -1;
  const n = byName >= 0 ? min + byName : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw invalid();
  return n;
}

function parseField(text: string, index: number): CronField {
  const range = FIELD_RANGES[index]!;
  if (text === '*' || (text === '?' && (index === 2 || index === 4))) return undefined;
  // L, W and # (last day, weekday, nth weekday) are valid syntax; the sandbox treats them as "any".
  if (
    (index === 2 && /^(L|L-\d+|\d+W|LW)$/.test(text)) ||
    (index === 4 && /^(\d|[A-Z]{3})(L|#[1-5])$/i.test(text))
  ) {
    return undefined;
  }
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^([^/]+?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw invalid();
    const [, base, stepText] = m;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw invalid();
    let from: number;
    let to: number;
    if (base === '*') [from, to] = [range[0], range[1]];
    else if (base!.includes('-')) {
      const [a, b] = base!.split('-');
      from = parseValue(a!, range);
      to = parseValue(b!, range);
      if (from > to) throw invalid();
    } else {
      from = parseValue(base!, range);
      to = stepText === undefined ? from : range[1];
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** Parses and validates a ScheduleExpression; throws ValidationException as AWS does. */
export function parseSchedule(expression: string): Schedule {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    const singular = !unit.endsWith('s');
    if (value < 1 || (value === 1) !== singular) throw invalid();
    return { kind: 'rate', periodMs: value * UNIT_MS[unit.replace(/s$/, '') as keyof typeof UNIT_MS] };
  }
  const cron = /^cron\(([^)]*)\)$/.exec(expression);
  if (cron) {
    const parts = cron[1]!.trim().split(/\s+/);
    if (parts.length !== 6) throw invalid();
    // Exactly one of day-of-month and day-of-week must be `?`.
    if ((parts[2] === '?') === (parts[4] === '?')) throw invalid();
    return { kind: 'cron', fields: parts.map((p, i) => parseField(p, i)) };
  }
  throw invalid();
}

function cronMatches(fields: CronField[], t: Date): boolean {
  const values = [
    t.getUTCMinutes(),
    t.getUTCHours(),
    t.getUTCDate(),
    t.getUTCMonth() + 1,
    t.getUTCDay() + 1,
    t.getUTCFullYear(),
  ];
  return fields.every((f, i) => f === undefined || f.has(values[i]!));
}

/**
 * The first firing strictly after `after` (sandbox ms). Rates count whole periods from `anchor`
 * (when the schedule was set); cron times are whole minutes, UTC. Undefined if cron never fires
 * again within ten years.
 */
export function nextFire(schedule: Schedule, anchor: number, after: number): number | undefined {
  if (schedule.kind === 'rate') {
    const periods = Math.floor((after - anchor) / schedule.periodMs) + 1;
    return anchor + Math.max(1, periods) * schedule.periodMs;
  }
  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  const limit = after + 10 * 366 * 86_400_000;
  while (t <= limit) {
    const d = new Date(t);
    if (!cronMatches(schedule.fields, d)) {
      // Skip whole hours or days that cannot match, so a sparse cron is found quickly.
      const [, hour, dom, month, dow] = schedule.fields;
      const dayOk =
        (dom === undefined || dom.has(d.getUTCDate())) &&
        (month === undefined || month.has(d.getUTCMonth() + 1)) &&
        (dow === undefined || dow.has(d.getUTCDay() + 1));
      if (!dayOk) t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      else if (hour !== undefined && !hour.has(d.getUTCHours()))
        t = Math.floor(t / 3_600_000) * 3_600_000 + 3_600_000;
      else t += 60_000;
      continue;
    }
    return t;
  }
  return undefined;
}
