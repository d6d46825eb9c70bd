/**
 * The run's config, resolved once: which rail.yaml (under --sandbox the shipped example stands in for
 * a missing ./rail.yaml), --stage and --region, and the fields the command's flags give, validated
 * together (lib/config/resolve.ts). The command resolves it first; the AWS session then reads the
 * same result for its region.
 */
import type { ConfigOverrides } from '../lib/config/resolve.js';
import type { RailConfig } from '../lib/config/schema.js';
import { configSource } from './example-config.js';
import { info } from './output.js';
import type { GlobalOptions } from './types.js';

export interface RunConfig {
  /** The rail.yaml this run reads (the sandbox example when it stands in), as messages name it. */
  configFile: string;
  loadConfig(): Promise<RailConfig>;
  loadConfigIfPresent(): Promise<RailConfig | undefined>;
  resolveConfig(flags: () => ConfigOverrides): Promise<RailConfig>;
}

export function runConfig(global: GlobalOptions): RunConfig {
  const source = configSource(global);
  let resolved: Promise<RailConfig | undefined> | undefined;

  const resolve = (required: boolean, flags?: () => ConfigOverrides) => {
    if (flags && resolved) throw new Error('internal: the config was resolved before the flags over it');
    resolved ??= (async () => {
      if (source.note) info(source.note);
      const { configFileExists, readRailFile } = await import('../lib/config/load.js');
      const present = required || source.explicit || (await configFileExists(source.file));
      const text = present ? await readRailFile(source.file) : undefined;
      if (text === undefined && !flags) return undefined;
      // The flags are read once the file is: a bad flag value is told after the sandbox note.
      const overrides = flags?.();
      const { resolveRailConfig } = await import('../lib/config/resolve.js');
      return resolveRailConfig({
        file: source.file,
        text,
        stage: global.stage,
        region: global.region,
        overrides,
      });
    })();
    return resolved;
  };

  return {
    configFile: source.file,
    loadConfigIfPresent: () => resolve(false),
    loadConfig: async () => {
      const config = await resolve(true);
      if (config) return config;
      // An earlier reader found no file; reading it now fails the way a first read would have.
      await (await import('../lib/config/load.js')).readRailFile(source.file);
      throw new Error(`internal: ${source.file} appeared during the run`);
    },
    resolveConfig: async (flags) => (await resolve(false, flags)) as RailConfig,
  };
}
