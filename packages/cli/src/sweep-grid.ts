/**
 * Sweep grids (`scavsim sweep <grid.json>`): every combination of the values listed, each
 * written as on the command line.
 *
 * ```json
 * { "scenario": ["incident-go1.15"], "go": ["1.15", "1.16"], "godebug": ["madvdontneed=0", "madvdontneed=1"],
 *   "kernel": ["4.14", "5.10"], "heatmap": { "x": "go", "value": "end_rss_bytes" } }
 * ```
 *
 * Keys are `scenario` (names or scenario files) and the override flags of `run` without their
 * dashes (`go`, `kernel`, `godebug`, `gogc`, `gomemlimit`, `seed`, `duration`, `mem-total`,
 * `cgroup-limit`, `swap`, `sample-interval`); each value is validated by the same parser as the
 * flag, with errors naming `go[3]`. Points are numbered in grid order: the last key varies
 * fastest. A shard `i/n` is the points whose index is `i-1` modulo `n`, so shards are disjoint,
 * cover the grid, and do not depend on the machine that runs them.
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';
import { SWEEP_FIGURES } from '@scavsim/report';
import type { RunOverrides } from '@scavsim/scenarios';
import { OVERRIDE_FLAGS, overridesFrom } from './overrides.js';

/** A parsed grid. */
export interface Grid {
  /** Keys in file order (`scenario` first). */
  readonly keys: readonly string[];
  /** Values of each key, as written. */
  readonly values: Readonly<Record<string, readonly string[]>>;
  /** Number of points (product of the value counts). */
  readonly total: number;
  /** The heatmap: columns by `x`, rows by every other key that varies, colour by `value`. */
  readonly heatmap: { readonly x: string; readonly value: (typeof SWEEP_FIGURES)[number] };
}

/** Most points one grid may have: a year of one run per second would not fit a CSV anyone reads. */
export const MAX_GRID_POINTS = 1_000_000;

const KEYS: readonly string[] = ['scenario', ...OVERRIDE_FLAGS];

/**
 * Parses and validates a grid file's text.
 * @param source the path, named in errors about the document itself
 * @throws {@link ScavsimError} naming the key (`go[3]`, `heatmap.x`) and what is accepted
 */
export function parseGrid(text: string, source: string): Grid {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ScavsimError('E_PARSE', source, `not JSON: ${(e as Error).message}`, 'a JSON object of arrays, e.g. {"scenario":["incident-go1.15"],"go":["1.15","1.16"]}');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ScavsimError('E_TYPE', source, 'expected a JSON object', '{"scenario":[...], "go":[...], ...}');
  const o = doc as Record<string, unknown>;
  const keys: string[] = [];
  const values: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  let total = 1;
  for (const [key, raw] of Object.entries(o)) {
    if (key === 'heatmap' || key === '$schema') continue;
    if (!KEYS.includes(key)) throw new ScavsimError('E_UNKNOWN_NAME', key, 'unknown grid key', [...KEYS, 'heatmap'].join(', '));
    if (!Array.isArray(raw) || raw.length === 0) throw new ScavsimError('E_TYPE', key, 'expected a non-empty array of values as written on the command line', `e.g. "${key}": ["…", "…"]`);
    const list = raw.map((v, j) => {
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
      if (typeof v !== 'string') throw new ScavsimError('E_TYPE', `${key}[${j}]`, `expected a string, got ${JSON.stringify(v)?.slice(0, 40) ?? typeof v}`, 'a value as written on the command line');
      return v;
    });
    list.forEach((v, j) => {
      if (key === 'scenario') {
        if (v.trim() === '') throw new ScavsimError('E_PARSE', `scenario[${j}]`, 'expected a scenario name or file, got ""');
      } else {
        overridesFrom((name) => (name === key && key !== 'godebug' ? v : undefined), key === 'godebug' ? [v] : [], () => `${key}[${j}]`);
      }
    });
    keys.push(key);
    values[key] = list;
    total *= list.length;
    if (total > MAX_GRID_POINTS) throw new ScavsimError('E_RANGE', key, `the grid has more than ${MAX_GRID_POINTS} points`, `at most ${MAX_GRID_POINTS}; split it into several grids`);
  }
  if (!keys.includes('scenario')) throw new ScavsimError('E_PARSE', 'scenario', 'missing: the grid must list its scenarios', '"scenario": ["incident-go1.15", ...]');
  return { keys, values, total, heatmap: parseHeatmap(o['heatmap'], keys, values) };
}

function parseHeatmap(raw: unknown, keys: readonly string[], values: Readonly<Record<string, readonly string[]>>): Grid['heatmap'] {
  const varying = keys.filter((k) => values[k]!.length > 1);
  const fallbackX = varying.includes('go') ? 'go' : varying[0] ?? keys[0]!;
  if (raw === undefined) return { x: fallbackX, value: 'end_rss_bytes' };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ScavsimError('E_TYPE', 'heatmap', 'expected an object', '{"x":"go","value":"end_rss_bytes"}');
  const h = raw as Record<string, unknown>;
  for (const k of Object.keys(h)) if (k !== 'x' && k !== 'value') throw new ScavsimError('E_UNKNOWN_NAME', `heatmap.${k}`, 'unknown heatmap key', 'x, value');
  const x = h['x'] ?? fallbackX;
  if (typeof x !== 'string' || !keys.includes(x)) throw new ScavsimError('E_UNKNOWN_NAME', 'heatmap.x', `"${String(x)}" is not a key of the grid`, keys.join(', '));
  const value = h['value'] ?? 'end_rss_bytes';
  if (typeof value !== 'string' || !(SWEEP_FIGURES as readonly string[]).includes(value)) throw new ScavsimError('E_UNKNOWN_NAME', 'heatmap.value', `"${String(value)}" is not a figure of a sweep row`, SWEEP_FIGURES.join(', '));
  return { x, value: value as Grid['heatmap']['value'] };
}

/** The grid point with this index, as written: `{ scenario: "incident-go1.15", go: "1.16", ... }`. */
export function pointAt(grid: Grid, index: number): Record<string, string> {
  const point: Record<string, string> = {};
  let rest = index;
  for (let k = grid.keys.length - 1; k >= 0; k--) {
    const key = grid.keys[k]!;
    const list = grid.values[key]!;
    point[key] = list[rest % list.length]!;
    rest = Math.floor(rest / list.length);
  }
  // Keys in grid order, not the reverse order they were filled in.
  return Object.fromEntries(grid.keys.map((key) => [key, point[key]!]));
}

/** The overrides of a point (already validated by {@link parseGrid}). */
export function overridesOf(point: Readonly<Record<string, string>>): RunOverrides {
  return overridesFrom((name) => (name === 'godebug' ? undefined : point[name]), point['godebug'] === undefined ? [] : [point['godebug']]);
}

/** A shard `i/n`: run the points whose index is `i-1` modulo `n`. */
export interface Shard {
  readonly i: number;
  readonly n: number;
}

/**
 * Parses `--shard i/n` (1 ≤ i ≤ n ≤ 100000).
 * @throws {@link ScavsimError} naming `--shard`
 */
export function parseShard(raw: string): Shard {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(raw.trim());
  const i = m === null ? Number.NaN : Number(m[1]);
  const n = m === null ? Number.NaN : Number(m[2]);
  if (!(i >= 1 && n >= 1 && i <= n && n <= 100_000)) throw new ScavsimError('E_PARSE', '--shard', `expected i/n with 1 ≤ i ≤ n ≤ 100000, got "${raw}"`, 'e.g. 1/4 for the first of four shards');
  return { i, n };
}

/** Indexes of the points of a shard (every point without one), in order. */
export function* shardIndexes(total: number, shard: Shard | undefined): Generator<number> {
  const step = shard?.n ?? 1;
  for (let i = (shard?.i ?? 1) - 1; i < total; i += step) yield i;
}
