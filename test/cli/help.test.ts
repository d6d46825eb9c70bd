import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, ROOT, runCli } from '../helpers/cli.js';

const COMMANDS = [
  'up',
  'create-nlb',
  'create-alb',
  'add-service',
  'route',
  'sync-ips',
  'status',
  'down',
  'sandbox',
  'validate',
];
const GLOBAL_OPTIONS = [
  '--config',
  '--stage',
  '--region',
  '--profile',
  '--endpoint-url',
  '--json',
  '--no-color',
  '--quiet',
  '--verbose',
  '--yes',
];

describe('rails --help', () => {
  it('lists every command with a one-line summary and examples', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const name of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b.*\\S`, 'm'));
    for (const flag of GLOBAL_OPTIONS) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('Examples:');
    expect(r.stderr).toBe('');
  });

  it.each(COMMANDS)('rails %s --help shows its options, the global options and examples', async (name) => {
    const r = await runCli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: rails ${name}`);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(/\$ rails /);
    for (const flag of GLOBAL_OPTIONS) expect(r.stdout).toContain(flag);
  });

  it.each(['list', 'add', 'remove', 'trace'])('rails route %s --help', async (sub) => {
    const r = await runCli(['route', sub, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: rails route ${sub}`);
    expect(r.stdout).toContain('Examples:');
  });

  it('an unknown command or option is a usage error (exit 2)', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const r = await runCli(['validate', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--no-such-flag');
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  // bin/rails.js prints dist/help.txt and dist/version.txt for these command lines without loading the
  // CLI: the files must be what the CLI's commander program prints.
  it.each([
    ['--help', 'help.txt'],
    ['-h', 'help.txt'],
    ['--version', 'version.txt'],
    ['-V', 'version.txt'],
  ])('rails %s prints the prebuilt %s, the same text the CLI prints', async (flag, file) => {
    const prebuilt = readFileSync(join(ROOT, 'dist', file), 'utf8');
    const cli = createRequire(import.meta.url)(join(ROOT, 'dist/cli.cjs'));
    expect(cli.commanderOutput([flag])).toBe(prebuilt);
    // The CLI's own main(), as bin/rails.js ran it before the prebuilt text.
    const viaMain = execFileSync(
      process.execPath,
      ['-e', `require(${JSON.stringify(join(ROOT, 'dist/cli.cjs'))}).main(['node', 'rails', '${flag}'])`],
      { env: isolatedEnv(), encoding: 'utf8' },
    );
    expect(viaMain).toBe(prebuilt);
    const r = await runCli([flag]);
    expect(r).toEqual({ code: 0, stdout: prebuilt, stderr: '' });
  });
});
