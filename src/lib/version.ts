import pkg from '../../package.json' with { type: 'json' };

/** The package version, used in `--version` and the `rails/<version>` user agent. */
export const VERSION: string = pkg.version;
