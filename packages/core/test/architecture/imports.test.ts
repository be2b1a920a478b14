/**
 * The house's shape, checked from the source: no import cycle (type-only imports included) and
 * no arrow from a lower room to a higher one. Rooms and their order are docs/architecture.md's;
 * the imports are read with the TypeScript parser, so comments and strings do not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/**
 * Rooms from the bottom up: a module may import from its own room and from rooms listed before
 * it, never from a room listed after it. A room is the first path segment under src/ (files
 * directly in src/ are the `base` room), or for runtime/ the second (runtime's sub-rooms).
 */
const ROOMS = [
  'base', // errors.ts, units.ts, version.ts
  'random', // seeded random streams
  'kernel', // the Linux memory model: knows nothing of Go
  'policy', // the per-version table, GODEBUG, kernel answers, trace formats
  'metrics', // names users read: sample schema, runtime/metrics, events
  'workload', // what the program does
  'runtime/pages', // the page heap
  'runtime/trace', // the runtime's trace lines
  'runtime/scavenger', // every trigger and the one loop
  'runtime/heap', // mheap, spans, non-heap memory
  'runtime/gc', // the pacer
  'runtime', // the Go process that wires them
  'config', // the one schema, input guard and work bound: what a run may ask for
  'engine', // the tick loop and the recorder
  'index', // the public entry
] as const;

function roomOf(file: string): string {
  const rel = relative(SRC, file).split('/');
  if (rel.length === 1) return rel[0] === 'index.ts' ? 'index' : 'base';
  if (rel[0] === 'runtime' && rel.length > 2) return `runtime/${rel[1]}`;
  return rel[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Relative imports and re-exports of a module (type-only ones included), resolved to files. */
function importsOf(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const st of sf.statements) {
    const spec = (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)
      ? st.moduleSpecifier.text : null;
    if (spec !== null && spec.startsWith('.')) out.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  return out;
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('packages/core/src imports', () => {
  it('resolve to existing modules', () => {
    const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${relative(SRC, f)} -> ${relative(SRC, d)}`));
    expect(missing).toEqual([]);
  });

  it('form no cycle, type-only imports included', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => relative(SRC, x)).join(' -> '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('never point from a lower room to a higher one', () => {
    const rank = (f: string): number => {
      const r = ROOMS.indexOf(roomOf(f) as (typeof ROOMS)[number]);
      if (r < 0) throw new Error(`${relative(SRC, f)} is in no room: add its folder to ROOMS and to docs/architecture.md`);
      return r;
    };
    const upward = [...graph].flatMap(([f, deps]) =>
      deps.filter((d) => rank(d) > rank(f)).map((d) => `${relative(SRC, f)} (${roomOf(f)}) -> ${relative(SRC, d)} (${roomOf(d)})`));
    expect(upward).toEqual([]);
  });
});
