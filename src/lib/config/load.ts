/**
 * Reads rail.yaml from disk; making the config of it is resolve.ts's. A missing or unreadable file is
 * a config error that says what to do.
 */
import { access, readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { resolveRailConfig } from './resolve.js';
import type { RailConfig } from './schema.js';

export async function configFileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The file's text, or a ConfigError naming it (not found, or why it cannot be read). */
export async function readRailFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      file,
      [{ path: '', message: code === 'ENOENT' ? 'file not found' : `cannot read (${code})` }],
      'create it (examples/rail.yaml is a starting point) or pass --config <file>.',
    );
  }
}

/** The config of one file's text (with --stage / --region over it), validated. */
export function parseRailConfig(
  text: string,
  file: string,
  overrides: { stage?: string; region?: string } = {},
): RailConfig {
  return resolveRailConfig({ file, text, stage: overrides.stage, region: overrides.region });
}
