/**
 * Real against simulated: the fidelity check.
 *
 * Both traces are reduced to their {@link keyMoments}, with the same scenario kind (the real
 * trace's), and compared figure by figure. Each figure is one of:
 *
 *  - a **level** (bytes: RSS, LazyFree, HeapReleased, HeapInuse at a moment, peaks). It passes
 *    when `|sim − real| ≤ 10 %` of the real trace's peak RSS. The scale is the peak, not the
 *    figure itself, because the question is "does the picture look the same": a 19 MiB floor
 *    simulated as 30 MiB is the same picture, 532 MiB simulated as 19 MiB is not. 10 % of the
 *    peak separates the main distinction the traces show (MADV_FREE vs MADV_DONTNEED moves RSS
 *    by ~95 % of peak) while leaving room for what a model abstracts (file-backed RSS of
 *    1–2 MiB, `Sys − HeapSys` metadata of 3–45 MiB, huge-page rounding of up to 16 MiB: each
 *    under 4 % of the peaks measured). Smaller effects, such as the 74–364 MiB partial release
 *    after the first forced GC in go1.21+, are not resolved by levels; the times below are.
 *  - a **time** (ms after the release point or the hog start). It passes when
 *    `|sim − real| ≤ max(20 % of |real|, 0.5 s)`. 20 % covers the run-to-run noise of the
 *    measured release timings (the repeated loadtests started their release up to ~15 s apart
 *    at ~120 s). The 0.5 s floor exists because a relative tolerance of a time near zero is
 *    zero, yet both traces are sampled every 100 ms: each time carries up to one interval of
 *    quantisation per trace (0.2 s together), plus the real run's scheduling (FreeOSMemory
 *    itself took up to 63 ms; `/proc` is read a few ms after MemStats). 0.5 s is that budget
 *    rounded up, fixed before any simulated trace was compared. It is far below the
 *    distinctions that matter (0 s vs never; +122 s vs +241 s).
 *  - a **count** (idle GCs): exact.
 *
 * "Never" (`null`) matches only "never": a release that never happens in reality must not
 * happen in the simulation, and vice versa.
 *
 * @module
 */
import { MiB, ScavsimError } from '@scavsim/core';
import { keyMoments, scenarioKindOf } from './key-moments.js';
import type { KeyMoments, LevelSnapshot } from './key-moments.js';
import type { ProbeScenarioKind } from './scenario-from-header.js';
import type { Trace } from './trace.js';

/** Levels pass within this fraction of the real trace's peak RSS. */
export const LEVEL_TOLERANCE_OF_PEAK = 0.1;
/** Times pass within this fraction of the real time... */
export const TIME_TOLERANCE_RELATIVE = 0.2;
/** ...or within this many ms, whichever is larger (see the module comment for why). */
export const TIME_TOLERANCE_FLOOR_MS = 500;

/** What a figure measures: bytes, ms, or a count. */
export type FigureKind = 'level' | 'time' | 'count';

/** One compared figure. `real`, `sim`, `diff` and `tolerance` are bytes, ms or counts by `kind`. */
export interface ComparisonRow {
  readonly figure: string;
  readonly kind: FigureKind;
  /** `null`: the figure does not exist (never happened). */
  readonly real: number | null;
  readonly sim: number | null;
  /** `sim − real`, `null` when either is `null`. */
  readonly diff: number | null;
  /** The largest `|diff|` that passes. */
  readonly tolerance: number;
  readonly pass: boolean;
}

function row(figure: string, kind: FigureKind, real: number | null, sim: number | null, tolerance: number): ComparisonRow {
  const diff = real !== null && sim !== null ? sim - real : null;
  const pass = diff === null ? real === null && sim === null : Math.abs(diff) <= tolerance;
  return { figure, kind, real, sim, diff, tolerance, pass };
}

/** The tolerance of a time figure whose real value is `realMs`. */
export function timeTolerance(realMs: number | null): number {
  return Math.max(TIME_TOLERANCE_RELATIVE * Math.abs(realMs ?? 0), TIME_TOLERANCE_FLOOR_MS);
}

const SNAPSHOT_FIELDS: readonly [keyof LevelSnapshot, string][] = [
  ['VmRSS', 'RSS'], ['LazyFree', 'LazyFree'], ['HeapReleased', 'HeapReleased'], ['HeapInuse', 'HeapInuse'],
];

/**
 * Compares two sets of key moments (the real one first).
 * @throws {@link ScavsimError} `E_CONFLICT` naming `sim.scenario` when the scenarios differ
 */
export function compareKeyMoments(real: KeyMoments, sim: KeyMoments): ComparisonRow[] {
  if (real.scenario !== sim.scenario) {
    throw new ScavsimError('E_CONFLICT', 'sim.scenario', `the simulated trace is a ${sim.scenario}, the real one a ${real.scenario}`, real.scenario);
  }
  const lv = LEVEL_TOLERANCE_OF_PEAK * real.peakRss;
  const level = (figure: string, r: number | null, s: number | null): ComparisonRow => row(figure, 'level', r, s, lv);
  const time = (figure: string, r: number | null, s: number | null): ComparisonRow => row(figure, 'time', r, s, timeTolerance(r));
  const rows: ComparisonRow[] = [level('peak RSS', real.peakRss, sim.peakRss)];
  // "Right after release" is the first sample after the release point, not analyze.py's "at
  // release" (the last sample at or before it): which side of the release that one falls on
  // depends on the sampling phase (go1.21.13 madv1 reads 11 MiB there, go1.19.8 531 MiB).
  const moments = [['right after release', 'afterRelease'], ['release +1 s', 'plus1s'], ['release +10 s', 'plus10s'], ['at end', 'end']] as const;
  for (const [label, key] of moments) {
    for (const [field, name] of SNAPSHOT_FIELDS) rows.push(level(`${name} ${label}`, real[key][field], sim[key][field]));
  }
  rows.push(level('LazyFree peak', real.lazyFreePeak, sim.lazyFreePeak));
  rows.push(time('RSS < 50% of peak, after release', real.rssBelowHalfPeakMs, sim.rssBelowHalfPeakMs));
  if (real.pressure && sim.pressure) {
    const [r, s] = [real.pressure, sim.pressure];
    rows.push(level('A: RSS before hog', r.rssBefore, s.rssBefore));
    rows.push(level('A: lowest RSS while hog runs', r.rssMin, s.rssMin));
    // When A reached its floor, not analyze.py's first occurrence of the minimum: see rssFloorAtMs.
    rows.push(time('A: RSS within 16 MiB of its lowest, after hog start', r.rssFloorAtMs, s.rssFloorAtMs));
    rows.push(time('A: RSS fell > 16 MiB, after hog start', r.rssFellAtMs, s.rssFellAtMs));
    rows.push(level('hog: peak RSS', r.hogMax, s.hogMax));
  }
  if (real.loadtest && sim.loadtest) {
    const [r, s] = [real.loadtest, sim.loadtest];
    rows.push(row('idle GCs (count)', 'count', r.idleGcsMs.length, s.idleGcsMs.length, 0));
    for (let i = 0; i < Math.max(r.idleGcsMs.length, s.idleGcsMs.length); i++) {
      rows.push(time(`idle GC #${i + 1}, after load end`, r.idleGcsMs[i] ?? null, s.idleGcsMs[i] ?? null));
    }
    rows.push(time('release starts (HeapReleased +16 MiB)', r.releaseStartMs, s.releaseStartMs));
    rows.push(time('95% released, after load end', r.released95Ms, s.released95Ms));
  }
  return rows;
}

/**
 * Compares a real trace with a simulated one of the same run.
 * @param real a probe trace (`parseTrace`)
 * @param sim a simulated trace in the same shape (`traceFromRunResult`)
 * @param scenario the scenario kind; by default the real trace's
 */
export function compareTraces(real: Trace<unknown>, sim: Trace<unknown>, scenario: ProbeScenarioKind = scenarioKindOf(real)): ComparisonRow[] {
  return compareKeyMoments(keyMoments(real, scenario), keyMoments(sim, scenario));
}

/** True when every figure passed: the exit-code rule of the fidelity check. */
export function fidelityPassed(rows: readonly ComparisonRow[]): boolean {
  return rows.every((r) => r.pass);
}

function fmt(kind: FigureKind, v: number | null, signed = false): string {
  if (v === null) return kind === 'time' ? 'never' : '-';
  const sign = signed && v > 0 ? '+' : '';
  if (kind === 'level') return `${sign}${(v / MiB).toFixed(1)} MiB`;
  if (kind === 'time') return `${sign}${(v / 1000).toFixed(1)} s`;
  return `${sign}${v}`;
}

/** Renders the rows as an aligned text table (levels in MiB, times in s). */
export function renderComparisonTable(rows: readonly ComparisonRow[]): string {
  const head = ['figure', 'real', 'sim', 'diff', 'tolerance', 'pass'];
  const cells = rows.map((r) => [
    r.figure, fmt(r.kind, r.real), fmt(r.kind, r.sim), fmt(r.kind, r.diff, true),
    `±${fmt(r.kind, r.tolerance)}`, r.pass ? 'ok' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string =>
    c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd();
  const failed = rows.filter((r) => !r.pass).length;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), '',
    failed === 0 ? `fidelity: all ${rows.length} figures within tolerance` : `fidelity: ${failed} of ${rows.length} figures outside tolerance`].join('\n');
}

/** Renders the rows as JSON: `{ passed, rows }`, levels in bytes, times in ms, with a `unit` per row. */
export function renderComparisonJson(rows: readonly ComparisonRow[]): string {
  const unit = { level: 'bytes', time: 'ms', count: 'count' } as const;
  return JSON.stringify({ passed: fidelityPassed(rows), rows: rows.map((r) => ({ ...r, unit: unit[r.kind] })) }, null, 2);
}
