/**
 * The workload behind the telemetry: allocation and live heap over time, as ordinary
 * scavsim phases (`@scavsim/core` `workload/workload.ts`).
 *
 * What a GC reveals is the heap it marked live; between two GCs nothing tells when objects
 * died, and nothing needs to: garbage stays in the heap until the next GC either way. So the
 * live heap is drawn as straight lines through the GC marks (a `ramp` live target per phase),
 * which makes the replay's GC find what the real one found even when the two GCs are not at
 * the same instant. This is what carries, without naming it, everything a program keeps alive
 * for a while: buffers parked in a `sync.Pool` survive one GC in its victim cache
 * [go1.13+:sync/pool.go poolCleanup] and show as live heap at the first periodic GC after a
 * load, freed at the second.
 *
 * Allocation is the cumulative allocated bytes, from `TotalAlloc` (`go_memstats_alloc_bytes_total`)
 * when the telemetry has it, else from the log (between GC k−1 and GC k the program allocated
 * `heap at start of k − live after k−1`), spread evenly between the points that tell it. The
 * marks come from the gctrace log (every GC), else from the scrapes (the last GC of each:
 * `go_gc_heap_live_bytes` when exported, else `NextGC ÷ (1 + GOGC/100)`, at most HeapAlloc).
 *
 * Phases are cut at the marks, merged to at least {@link minPhaseMs} so that a long recording
 * stays a few thousand phases; a phase is `busy` when it allocates at least 10 % of the peak
 * rate, `quiet` otherwise. Object sizes are not in any telemetry at a usable resolution
 * (`TotalAlloc ÷ Mallocs` is a mean over every tiny object), so they take the model's default,
 * log-uniform 1 KiB–1 MiB.
 *
 * @module
 */
import { ScavsimError, type PhaseConfig, type WorkloadConfig } from '@scavsim/core';
import { at } from './infer.js';
import type { Telemetry } from './telemetry.js';

/** A GC's time (ms) and the heap it marked live (bytes). */
export interface GcMark {
  readonly t: number;
  readonly live: number;
}

/** The GC marks the telemetry tells (see the module comment). */
export function gcMarks(t: Telemetry, gogc: number): GcMark[] {
  if (t.gcs.length > 0) return t.gcs.map((g) => ({ t: g.t, live: g.heapLive }));
  const num = t.series.NumGC;
  if (num === undefined) return [];
  const marks: GcMark[] = [];
  const ratio = gogc > 0 ? 1 + gogc / 100 : Infinity;
  for (let i = 1; i < num.t.length; i++) {
    if (num.v[i]! <= num.v[i - 1]!) continue;
    const tt = num.t[i]!;
    const when = t.series.LastGC !== undefined ? at(t.series.LastGC, tt) : tt;
    let live: number;
    if (t.series.HeapLive !== undefined) live = at(t.series.HeapLive, tt);
    else if (t.series.NextGC !== undefined) {
      live = at(t.series.NextGC, tt) / ratio;
      if (t.series.HeapAlloc !== undefined) live = Math.min(live, at(t.series.HeapAlloc, tt));
    } else continue;
    if (Number.isFinite(live) && Number.isFinite(when) && (marks.length === 0 || when > marks[marks.length - 1]!.t)) marks.push({ t: when, live });
  }
  return marks;
}

/** Cumulative allocated bytes at a time. */
export type AllocCurve = (tMs: number) => number;

/**
 * The cumulative allocation curve (see the module comment). `fromLog`: from the gctrace log
 * even when a `TotalAlloc` series exists, because the replay's GCs follow the log's times and
 * must find what each logged GC found (the log tells the allocation between two GCs exactly;
 * scrapes of `TotalAlloc` a second apart, whose times jitter by a fraction of that, do not).
 */
export function allocCurve(t: Telemetry, fromLog = false): { curve: AllocCurve; from: string } {
  const total = t.series.TotalAlloc;
  if (total !== undefined && total.t.length >= 2 && !fromLog) {
    const first = total.v[0]!;
    const t0 = total.t[0]!;
    // Before the first scrape the process allocated `first` bytes since it started.
    return { curve: (x) => (x <= t0 ? (first * Math.max(0, x)) / Math.max(1, t0) : at(total, x)), from: `TotalAlloc (${t.seriesFrom.TotalAlloc})` };
  }
  const gcs = t.gcs;
  if (gcs.length >= 2) {
    const ts = [0];
    const cum = [0];
    let sum = 0;
    for (let k = 0; k < gcs.length; k++) {
      sum += Math.max(0, gcs[k]!.heapStart - (k === 0 ? 0 : gcs[k - 1]!.heapLive));
      ts.push(gcs[k]!.t);
      cum.push(sum);
    }
    const n = ts.length;
    const lastRate = (cum[n - 1]! - cum[n - 2]!) / Math.max(1, ts[n - 1]! - ts[n - 2]!);
    const series = { t: Float64Array.from(ts), v: Float64Array.from(cum) };
    return {
      curve: (x) => (x <= ts[n - 1]! ? at(series, x) : cum[n - 1]! + lastRate * (x - ts[n - 1]!)),
      from: 'the gctrace log (heap at each GC start − live heap after the one before)',
    };
  }
  throw new ScavsimError('E_CONFLICT', 'files', 'the telemetry says nothing about allocation',
    'a gctrace log with two or more GCs, or a TotalAlloc / go_memstats_alloc_bytes_total series');
}

/** Shortest phase for a recording of `durationMs` (1 s, or longer so that there are at most ~3000). */
export function minPhaseMs(durationMs: number): number {
  return Math.max(1000, Math.ceil(durationMs / 3000 / 1000) * 1000);
}

/**
 * Builds the phases over [0, endMs] from the marks and the allocation curve, cut at the marks
 * and at `allocTimes` (where the allocation curve has points of its own), at least
 * {@link minPhaseMs} apart; neighbours on one live-heap line whose rates differ by under 10 %
 * of the peak rate are merged again. `atMarks`: the replay's GCs run at the marks (see the cut
 * rule below).
 */
export function fitPhases(
  marks: readonly GcMark[], alloc: AllocCurve, endMs: number, allocTimes: readonly number[] = [], atMarks = false,
): PhaseConfig[] {
  if (marks.length === 0) {
    throw new ScavsimError('E_CONFLICT', 'files', 'the telemetry shows no GC, so nothing tells the live heap',
      'a gctrace log, or NumGC with NextGC (go_gc_duration_seconds_count, go_memstats_next_gc_bytes)');
  }
  const minMs = minPhaseMs(endMs);
  const live = { t: Float64Array.from([0, ...marks.map((m) => m.t)]), v: Float64Array.from([0, ...marks.map((m) => m.live)]) };
  const liveAt = (x: number): number => at(live, x);
  // Marks first (they carry the live heap), then the allocation curve's own points where they
  // are at least minMs from every cut.
  // When the replay's GCs run at the marks (`atMarks`), a mark followed by a quiet stretch (no
  // mark for minMs) is cut even closer than minMs to the cut before it: what was allocated up to
  // that GC belongs to the busy phase before it, and spread over the stretch after it the GC at
  // the mark would not find it (a load's last GC).
  const markCuts = [0];
  for (let i = 0; i < marks.length; i++) {
    const c = Math.round(marks[i]!.t);
    const next = i + 1 < marks.length ? marks[i + 1]!.t : endMs;
    const prev = markCuts[markCuts.length - 1]!;
    if (c < endMs && c > prev && (c - prev >= minMs || (atMarks && next - c >= minMs))) markCuts.push(c);
  }
  const cuts: number[] = [];
  let mi = 0;
  for (const x of [...allocTimes.map((v) => Math.round(v)), Infinity]) {
    while (mi < markCuts.length && markCuts[mi]! <= x) cuts.push(markCuts[mi++]!);
    if (x === Infinity || x >= endMs) continue;
    const prev = cuts[cuts.length - 1] ?? -Infinity;
    const next = markCuts[mi] ?? Infinity;
    if (x - prev >= minMs && next - x >= minMs) cuts.push(x);
  }
  if (endMs - cuts[cuts.length - 1]! > 0) cuts.push(Math.ceil(endMs));
  const sortedMarks = marks.map((m) => m.t);
  /** True when a mark lies strictly inside (a, b): the live heap bends there. */
  const bends = (a: number, b: number): boolean => {
    let lo = 0;
    let hi = sortedMarks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedMarks[mid]! <= a) lo = mid + 1;
      else hi = mid;
    }
    return lo < sortedMarks.length && sortedMarks[lo]! < b;
  };
  const raw: { a: number; b: number; rate: number; from: number; to: number }[] = [];
  let peak = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    const rate = Math.max(0, Math.round(((alloc(b) - alloc(a)) * 1000) / (b - a)));
    peak = Math.max(peak, rate);
    raw.push({ a, b, rate, from: Math.round(liveAt(a)), to: Math.round(liveAt(b)) });
  }
  const merged: typeof raw = [];
  for (const p of raw) {
    const q = merged[merged.length - 1];
    // Same live-heap line (no mark inside) and nearly the same rate: one phase says it as well.
    if (q !== undefined && !bends(q.a, p.b) && Math.abs(q.rate - p.rate) <= 0.1 * peak) {
      const len = p.b - q.a;
      merged[merged.length - 1] = { a: q.a, b: p.b, rate: Math.round((q.rate * (q.b - q.a) + p.rate * (p.b - p.a)) / len), from: q.from, to: p.to };
    } else merged.push(p);
  }
  return merged.map((p) => ({
    name: p.rate >= 0.1 * peak ? 'busy' : 'quiet',
    duration: p.b - p.a,
    allocRate: p.rate,
    liveTarget: p.from === p.to ? p.from : { kind: 'ramp', from: p.from, to: p.to },
  }));
}

/**
 * The fitted workload. `gcsAt` says where the replay's GCs will run: where its own pacer starts
 * them, or at the GC times of the sampled series or of the gctrace log (`gc-schedule.ts`); the
 * last takes the allocation from the log too.
 */
export function fitWorkload(t: Telemetry, gogc: number, endMs: number, gcsAt: 'pacer' | 'series' | 'log' = 'pacer'): { workload: WorkloadConfig; notes: string[] } {
  const marks = gcMarks(t, gogc);
  const fromLog = gcsAt === 'log';
  const { curve, from } = allocCurve(t, fromLog);
  const phases = fitPhases(marks, curve, endMs, t.series.TotalAlloc !== undefined && !fromLog ? [...t.series.TotalAlloc.t] : [], gcsAt !== 'pacer');
  const total = curve(endMs);
  const notes = [
    `live heap: straight lines through ${marks.length} GC marks (${t.gcs.length > 0 ? 'gctrace' : 'scrapes'})`,
    `allocation: ${(total / 2 ** 30).toFixed(2)} GiB in all, from ${from}`,
    `${phases.length} phases of at least ${minPhaseMs(endMs) / 1000} s; object sizes log-uniform 1 KiB–1 MiB (the model's default: telemetry does not tell sizes)`,
  ];
  return { workload: { phases }, notes };
}
