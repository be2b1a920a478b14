/**
 * Test helpers: the real traces in `test/fixtures/traces/` and the reference tables that the
 * probe's `analyze.py` printed from them (`test/fixtures/traces/key-figures.md`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MiB } from '@scavsim/core';
import { basename } from 'node:path';
import { parseTrace } from '../../src/fidelity/trace.js';
import type { ProbeTrace } from '../../src/fidelity/trace.js';

/** `test/fixtures/traces/` of the repository. */
export const TRACES_DIR = fileURLToPath(new URL('../../../../test/fixtures/traces/', import.meta.url));

/** Every fixture trace, as `name` (file name without `.jsonl`) → path; `defaults/` included. */
export function fixtureTraces(): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  for (const dir of ['', 'defaults/']) {
    for (const f of readdirSync(TRACES_DIR + dir).filter((x) => x.endsWith('.jsonl')).sort()) {
      out.push({ name: f.slice(0, -'.jsonl'.length), path: TRACES_DIR + dir + f });
    }
  }
  return out;
}

/** Reads and parses a trace file as the CLI's `readTraceFile` does (the package itself reads no files). */
export function readFixtureTrace(path: string): ProbeTrace {
  return parseTrace(readFileSync(path, 'utf8'), basename(path));
}

const cache = new Map<string, ProbeTrace>();
/** Reads a fixture trace by name (cached: the files are large and never change). */
export function fixture(name: string): ProbeTrace {
  let t = cache.get(name);
  if (!t) {
    const f = fixtureTraces().find((x) => x.name === name);
    if (!f) throw new Error(`no fixture ${name}`);
    t = readFixtureTrace(f.path);
    cache.set(name, t);
  }
  return t;
}

/** One table of key-figures.md: its heading, column names and rows (trace name → cells). */
export interface RefTable {
  readonly columns: readonly string[];
  readonly rows: ReadonlyMap<string, readonly string[]>;
}

/** Parses the tables of `key-figures.md`, keyed by the text of their `## ` heading. */
export function referenceTables(): Map<string, RefTable> {
  const text = readFileSync(TRACES_DIR + 'key-figures.md', 'utf8');
  const tables = new Map<string, { columns: string[]; rows: Map<string, string[]> }>();
  let current: { columns: string[]; rows: Map<string, string[]> } | undefined;
  const cellsOf = (line: string): string[] => line.split('|').slice(1, -1).map((c) => c.trim());
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) {
      current = { columns: [], rows: new Map() };
      tables.set(line.slice(3).trim(), current);
    } else if (current && line.startsWith('| trace')) {
      current.columns = cellsOf(line).slice(1);
    } else if (current && line.startsWith('| go')) {
      const c = cellsOf(line);
      current.rows.set(c[0]!, c.slice(1));
    }
  }
  return tables;
}

/** A `%.0f` MiB cell: a number, or null for "-". */
export function mibCell(cell: string): number | null {
  return cell === '-' ? null : Number(cell);
}

/** A `%.1f s` cell: seconds, or null for "never" / "-". */
export function secsCell(cell: string): number | null {
  if (cell === 'never' || cell === '-') return null;
  const m = /^\+?(-?\d+(?:\.\d+)?) s$/.exec(cell);
  if (!m) throw new Error(`not a time cell: ${cell}`);
  return Number(m[1]);
}

/**
 * Whether `bytes` prints as `tableMiB` with `%.0f`: the table's only error is its rounding to
 * 1 MiB, so the exact value lies within ±0.5 MiB of it.
 */
export function matchesMiB(bytes: number | null, tableMiB: number | null): boolean {
  if (bytes === null || tableMiB === null) return bytes === tableMiB;
  return Math.abs(bytes / MiB - tableMiB) <= 0.5 + 1e-9;
}

/** Whether `ms` prints as `tableS` with `%.1f` (within ±0.05 s). */
export function matchesSecs(ms: number | null, tableS: number | null): boolean {
  if (ms === null || tableS === null) return ms === tableS;
  return Math.abs(ms / 1000 - tableS) <= 0.05 + 1e-9;
}
