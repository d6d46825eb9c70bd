/**
 * The one output module. Results go to stdout; progress, warnings and errors to stderr. With --json,
 * stdout carries only JSON. Colour is off under NO_COLOR, --no-color, or when stdout is not a TTY.
 */
import type { ChalkInstance } from 'chalk';

export interface OutputSettings {
  json: boolean;
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}

const settings: OutputSettings = { json: false, color: false, quiet: false, verbose: false };
/** Set only when colour is on: without colour no chalk is loaded (its start-up probes the terminal). */
let colors: ChalkInstance | undefined;

/** Applies the global flags; call once after parsing them. */
export async function configureOutput(
  flags: Partial<OutputSettings> & { colorFlag?: boolean },
): Promise<void> {
  settings.json = flags.json ?? false;
  settings.quiet = flags.quiet ?? false;
  settings.verbose = flags.verbose ?? false;
  const wantColor =
    flags.colorFlag !== false &&
    !('NO_COLOR' in process.env) &&
    process.stdout.isTTY === true &&
    !settings.json;
  settings.color = wantColor;
  colors = wantColor ? new (await import('chalk')).Chalk({ level: 1 }) : undefined;
}

export function outputSettings(): Readonly<OutputSettings> {
  return settings;
}

/** Colour helpers; they return plain text when colour is off. Never the only carrier of meaning. */
export const c = {
  ok: (s: string) => (colors ? colors.green(s) : `${s}`),
  warn: (s: string) => (colors ? colors.yellow(s) : `${s}`),
  bad: (s: string) => (colors ? colors.red(s) : `${s}`),
  dim: (s: string) => (colors ? colors.dim(s) : `${s}`),
  bold: (s: string) => (colors ? colors.bold(s) : `${s}`),
  accent: (s: string) => (colors ? colors.cyan(s) : `${s}`),
};

/** A line of the command's result, on stdout. Suppressed under --json (use `json`). */
export function result(text = ''): void {
  if (settings.json) return;
  process.stdout.write(`${text}\n`);
}

/** The machine-readable result: one JSON document on stdout. */
export function json(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One JSON document on one line (for streams such as one object per sync pass). */
export function jsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Progress for humans, on stderr; silenced by --quiet. */
export function info(text: string): void {
  if (settings.quiet) return;
  process.stderr.write(`${text}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`${c.warn('warning:')} ${text}\n`);
}

export function error(text: string): void {
  process.stderr.write(`${c.bad('error:')} ${text}\n`);
}

/** Detail shown only with --verbose, on stderr. */
export function verbose(text: string): void {
  if (!settings.verbose) return;
  process.stderr.write(`${c.dim(text)}\n`);
}

/** Renders rows as an aligned table (cli-table3, borderless). */
export async function table(head: string[], rows: (string | number)[][]): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const t = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '',
    },
  });
  for (const r of rows) t.push(r.map(String));
  return t.toString();
}

/**
 * Runs `work` with a spinner on a TTY (stderr), or a plain progress line elsewhere. The spinner is
 * always stopped, whether the work succeeds or throws.
 */
export async function spinner<T>(
  text: string,
  work: (update: (t: string) => void) => Promise<T>,
): Promise<T> {
  const interactive = process.stderr.isTTY === true && !settings.quiet && !settings.json && !process.env.CI;
  if (!interactive) {
    info(`${text}…`);
    return work(() => {});
  }
  const { default: ora } = await import('ora');
  const s = ora({ text, stream: process.stderr }).start();
  try {
    const value = await work((t) => {
      s.text = t;
    });
    s.succeed();
    return value;
  } catch (err) {
    s.fail();
    throw err;
  } finally {
    if (s.isSpinning) s.stop();
  }
}
