/**
 * Reads the import graph of the repository's own source files, for the architecture tests: every file
 * is read, its import specifiers are picked out with regular expressions, and relative ones resolved to
 * the file they name. Text only: nothing is loaded or run.
 */
import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const SKIPPED = new Set(['node_modules', 'dist', 'coverage']);

/** `from '…'` (import and export), `import '…'`, `import('…')`, `require('…')`. */
const SPECIFIERS = [
  /\bfrom\s*['"]([^'"\n]+)['"]/g,
  /\bimport\s*['"]([^'"\n]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

export function importSpecifiers(text: string): string[] {
  return SPECIFIERS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!));
}

export function sourceFiles(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIPPED.has(e.name) ? [] : sourceFiles(path);
    return SOURCE.has(extname(e.name)) ? [path] : [];
  });
}

export const inside = (path: string, dir: string) => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Where a specifier points on disk, or undefined for a package name (or a node: built-in). */
export function target(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return resolve(dirname(file), specifier);
  if (isAbsolute(specifier)) return specifier;
  if (specifier.startsWith('file:')) return fileURLToPath(specifier);
  return undefined;
}

/** The TypeScript file an ESM specifier (`./x.js`) names, when it exists. */
export function sourceOf(path: string): string | undefined {
  for (const candidate of [path.replace(/\.js$/, '.ts'), path, `${path}.ts`, join(path, 'index.ts')])
    if (existsSync(candidate) && extname(candidate)) return candidate;
  return undefined;
}

/** Repository-relative, `/`-separated. */
export const shownPath = (path: string) => relative(ROOT, path).split(sep).join('/');

/** file -> the repository files it imports (relative imports only), for every source file under `dir`. */
export function fileGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const to = importSpecifiers(readFileSync(file, 'utf8'))
      .map((s) => target(file, s))
      .filter((t): t is string => t !== undefined)
      .map((t) => sourceOf(t))
      .filter((t): t is string => t !== undefined);
    // Only edges inside `dir`: a package.json read for its version is no layer.
    graph.set(shownPath(file), [...new Set(to.filter((t) => inside(t, dir)).map(shownPath))]);
  }
  return graph;
}

/** The circles of a directed graph: its strongly connected components of more than one node. */
export function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return found;
}
