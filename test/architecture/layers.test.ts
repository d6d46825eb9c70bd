/**
 * Arrows point down only: the CLI's top (src/cli.ts) -> commands (src/commands) -> engines
 * (src/lib/<engine>) -> the AWS wrappers (src/lib/aws) -> the few leaf modules at src/lib's root
 * (errors, version, io-host). No engine imports the command layer, the AWS wrappers import no engine,
 * and there is no circle of files, nor of folders (an engine's subfolders count as the engine).
 */
import { describe, expect, it } from 'vitest';
import { circles, fileGraph, ROOT } from './import-graph.js';

/** The folder a file belongs to for the layering: `commands`, `lib/rail`, `lib` (its root), `cli`. */
function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'src') return parts[0]!;
  if (parts[1] === 'lib') return parts.length > 3 ? `lib/${parts[2]}` : 'lib';
  return parts.length > 2 ? parts[1]! : 'cli';
}

const rank = (folder: string) =>
  folder === 'cli' ? 4 : folder === 'commands' ? 3 : folder === 'lib' ? 0 : folder === 'lib/aws' ? 1 : 2;

/** Imports that run upward: `from -> to` for each. Engines may import each other (no circle, below). */
function upwardImports(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  for (const [from, tos] of graph)
    for (const to of tos) if (rank(folderOf(to)) > rank(folderOf(from))) found.push(`${from} -> ${to}`);
  return found;
}

/** The folder graph: folder -> the other folders its files import. */
function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [from, tos] of graph) {
    const f = folderOf(from);
    const set = folders.get(f) ?? new Set<string>();
    folders.set(f, set);
    for (const to of tos) if (folderOf(to) !== f) set.add(folderOf(to));
  }
  return new Map([...folders].map(([f, set]) => [f, [...set].sort()]));
}

describe('the layers of src/', () => {
  const graph = fileGraph(`${ROOT}src`);

  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect([...graph.keys()].some((f) => f.startsWith('src/lib/aws/'))).toBe(true);
  });

  it('no import runs upward: commands -> engines -> lib/aws -> lib root', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('no circle of files', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('no circle of folders', () => {
    expect(circles(folderGraph(graph))).toEqual([]);
  });

  it('the checks catch each kind of wrong arrow', () => {
    const bad = new Map([
      ['src/lib/rail/up.ts', ['src/commands/types.ts', 'src/lib/sync/pass.ts']],
      ['src/lib/sync/pass.ts', ['src/lib/rail/names.ts']],
      ['src/lib/rail/names.ts', []],
      ['src/lib/aws/elbv2.ts', ['src/lib/rail/names.ts', 'src/lib/errors.ts']],
      ['src/lib/errors.ts', ['src/lib/aws/elbv2.ts']],
      ['src/commands/types.ts', []],
    ]);
    expect(upwardImports(bad)).toEqual([
      'src/lib/rail/up.ts -> src/commands/types.ts',
      'src/lib/aws/elbv2.ts -> src/lib/rail/names.ts',
      'src/lib/errors.ts -> src/lib/aws/elbv2.ts',
    ]);
    expect(circles(bad)).toEqual([['src/lib/aws/elbv2.ts', 'src/lib/errors.ts']]);
    expect(circles(folderGraph(bad)).map((c) => c.sort())).toContainEqual(['lib/rail', 'lib/sync']);
  });
});
