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
 * **Bands.** A loadtest's figures are read after a load whose last moments sit somewhere on
 * the GC sawtooth; where exactly depends on the timing of ~85 GC cycles, which neither the real
 * program nor the model repeats run to run (the 19 real loadtests stopped at phases 0.19–1.0
 * of a cycle). One seed against one run cannot judge that, so such a figure is judged against
 * the spread of several seeds ({@link bandRows}): it passes when the real value, or the range
 * of the real run and its repeats, meets the simulated range widened by the same tolerance
 * ({@link bandPass}). Where the phase does not matter, the seeds agree and the band is the
 * single-seed rule.
 *
 * @module
 */
import { MiB, ScavsimError } from '@scavsim/core';
import { keyMoments, scenarioKindOf } from './key-moments.js';
import type { KeyMoments, LevelSnapshot } from './key-moments.js';
import type { ProbeScenarioKind } from './scenario-from-header.js';
import type { Trace } from './trace.js';

/** Bytes a `thp_split_pmd` event stands for: one PMD-sized huge page (`hpage_pmd_size` of the traces). */
const HUGE_PAGE = 2 * MiB;

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
  /** Judged as a band: every simulated seed's value (the first is `sim`). */
  readonly simValues?: readonly (number | null)[];
  /** Judged as a band with real repeats: the trace's value and its repeats' (the first is `real`). */
  readonly realValues?: readonly (number | null)[];
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

const isNumber = (v: number | null): v is number => v !== null;

/**
 * The band rule: passes when some real value (the trace or a repeat) and some simulated seed
 * are both "never", or when the range of the real values meets the simulated range widened by
 * `tolerance` on both sides.
 */
export function bandPass(realValues: readonly (number | null)[], simValues: readonly (number | null)[], tolerance: number): boolean {
  if (realValues.includes(null) && simValues.includes(null)) return true;
  const r = realValues.filter(isNumber);
  const s = simValues.filter(isNumber);
  if (r.length === 0 || s.length === 0) return false;
  return Math.min(...r) <= Math.max(...s) + tolerance && Math.max(...r) >= Math.min(...s) - tolerance;
}

/**
 * Merges comparisons of one real trace with several simulated seeds into band rows.
 * @param perSeed the rows of each seed's comparison with the real trace (the first seed's
 *   values stay in `sim`)
 * @param repeats the rows of each real repeat compared with any seed: only their `real` is used
 */
export function bandRows(perSeed: readonly (readonly ComparisonRow[])[], repeats: readonly (readonly ComparisonRow[])[] = []): ComparisonRow[] {
  const figures: string[] = [];
  for (const rows of perSeed) for (const r of rows) if (!figures.includes(r.figure)) figures.push(r.figure);
  const valueOf = (rows: readonly ComparisonRow[], figure: string, side: 'real' | 'sim'): number | null => rows.find((r) => r.figure === figure)?.[side] ?? null;
  return figures.map((figure) => {
    const base = perSeed.map((rows) => rows.find((r) => r.figure === figure)).find((r) => r !== undefined)!;
    const simValues = perSeed.map((rows) => valueOf(rows, figure, 'sim'));
    const realValues = [base.real, ...repeats.map((rows) => valueOf(rows, figure, 'real'))];
    const sim = simValues[0]!;
    const diff = base.real !== null && sim !== null ? sim - base.real : null;
    return { ...base, sim, diff, simValues, realValues, pass: bandPass(realValues, simValues, base.tolerance) };
  });
}

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
  // Huge pages (kernel/transparent-huge-pages.ts): how much of the heap the kernel backed with
  // them, which the Go version decides (go §2.3); judged as a level like the other sizes.
  if (real.anonHugePagesPeak !== null && sim.anonHugePagesPeak !== null) {
    rows.push(level('AnonHugePages peak', real.anonHugePagesPeak, sim.anonHugePagesPeak));
  }
  rows.push(time('RSS < 50% of peak, after release', real.rssBelowHalfPeakMs, sim.rssBelowHalfPeakMs));
  if (real.pressure && sim.pressure) {
    const [r, s] = [real.pressure, sim.pressure];
    rows.push(level('A: RSS before hog', r.rssBefore, s.rssBefore));
    rows.push(level('A: lowest RSS while hog runs', r.rssMin, s.rssMin));
    // When A reached its floor, not analyze.py's first occurrence of the minimum: see rssFloorAtMs.
    rows.push(time('A: RSS within 16 MiB of its lowest, after hog start', r.rssFloorAtMs, s.rssFloorAtMs));
    rows.push(time('A: RSS fell > 16 MiB, after hog start', r.rssFellAtMs, s.rssFellAtMs));
    rows.push(level('hog: peak RSS', r.hogMax, s.hogMax));
    // The huge pages reclaim split to discard them, as memory (splits × 2 MiB): judged as a level.
    if (r.thpSplits !== null && s.thpSplits !== null) {
      rows.push(level('huge pages split while hog runs (thp_split_pmd × 2 MiB)', r.thpSplits * HUGE_PAGE, s.thpSplits * HUGE_PAGE));
    }
  }
  if (real.loadtest && sim.loadtest) {
    const [r, s] = [real.loadtest, sim.loadtest];
    rows.push(row('idle GCs (count)', 'count', r.idleGcsMs.length, s.idleGcsMs.length, 0));
    for (let i = 0; i < Math.max(r.idleGcsMs.length, s.idleGcsMs.length); i++) {
      rows.push(time(`idle GC #${i + 1}, after load end`, r.idleGcsMs[i] ?? null, s.idleGcsMs[i] ?? null));
    }
    // The release start is judged from the idle GC it followed, not from the load's end: the
    // GC comes ~120 s after the load, where 20 % of the time from the load's end would hide a
    // 12 s error in what the scavenger does after the GC (1 s or 13 s in real go1.19 runs).
    rows.push(time('release starts (HeapReleased +16 MiB), after the idle GC before it', r.releaseAfterGc?.delayMs ?? null, s.releaseAfterGc?.delayMs ?? null));
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

function range(kind: FigureKind, values: readonly (number | null)[] | undefined): string {
  if (values === undefined || values.length < 2) return '';
  const n = values.filter(isNumber);
  const never = values.length - n.length;
  const span = n.length === 0 ? '' : Math.min(...n) === Math.max(...n) ? fmt(kind, n[0]!) : `${fmt(kind, Math.min(...n))}…${fmt(kind, Math.max(...n))}`;
  return [span, never > 0 ? `never ×${never}` : ''].filter((x) => x !== '').join(', ');
}

/**
 * Renders the rows as an aligned text table (levels in MiB, times in s). Band rows show the
 * range of the seeds (`sim band`) and of the real run with its repeats (`real runs`).
 * @param status a status per row to print instead of ok/FAIL (the verdict's, verdict.ts)
 */
export function renderComparisonTable(rows: readonly ComparisonRow[], status?: readonly string[]): string {
  const banded = rows.some((r) => r.simValues !== undefined);
  const repeated = rows.some((r) => (r.realValues?.length ?? 0) > 1);
  const head = ['figure', 'real', ...(repeated ? ['real runs'] : []), 'sim', ...(banded ? ['sim band'] : []), 'diff', 'tolerance', 'pass'];
  const cells = rows.map((r, i) => [
    r.figure, fmt(r.kind, r.real), ...(repeated ? [range(r.kind, r.realValues)] : []), fmt(r.kind, r.sim), ...(banded ? [range(r.kind, r.simValues)] : []),
    fmt(r.kind, r.diff, true), `±${fmt(r.kind, r.tolerance)}`, status?.[i] ?? (r.pass ? 'ok' : 'FAIL'),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string =>
    c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd();
  const failed = rows.filter((r) => !r.pass).length;
  const table = [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  if (status !== undefined) return table.join('\n');
  return [...table, '', failed === 0 ? `fidelity: all ${rows.length} figures within tolerance` : `fidelity: ${failed} of ${rows.length} figures outside tolerance`].join('\n');
}

/** Renders the rows as JSON: `{ passed, rows }`, levels in bytes, times in ms, with a `unit` per row. */
export function renderComparisonJson(rows: readonly ComparisonRow[]): string {
  const unit = { level: 'bytes', time: 'ms', count: 'count' } as const;
  return JSON.stringify({ passed: fidelityPassed(rows), rows: rows.map((r) => ({ ...r, unit: unit[r.kind] })) }, null, 2);
}
