/**
 * What the telemetry reveals of the environment, each with the evidence it rests on.
 *
 * - **GOGC** from the goal a GC set against the heap it marked: `goal = live × (1 + GOGC/100)`
 *   [go1.19.8:mgcpacer.go]; gctrace prints each cycle's goal, set by the GC before it, so the
 *   ratio is goal(k) ÷ live(k−1), read over GCs whose live heap is large enough (≥ 16 MiB) for the
 *   printed MB to be precise, as the median, rounded to a multiple of 5. From Prometheus alone,
 *   the largest `NextGC ÷ HeapAlloc` over the scrapes is the ratio (HeapAlloc right after a GC
 *   is the live heap plus what was allocated since, so the ratio only approaches the true one
 *   from below).
 * - **A memory limit** when several GCs set a goal clearly (> 10 %) below GOGC's: the goal is
 *   then `limit − non-heap memory` [go1.19.8:mgcpacer.go memoryLimitHeapGoal].
 * - **MADV_FREE or MADV_DONTNEED** from how RSS follows HeapReleased: with MADV_DONTNEED
 *   released pages leave RSS at once; with MADV_FREE they stay resident until memory pressure
 *   (mm/madvise.c madvise_free_single_vma). The non-heap part of RSS, `RSS − (HeapSys −
 *   HeapReleased)`, is regressed on HeapReleased: a slope near 1 is MADV_FREE, near 0 is
 *   MADV_DONTNEED. It is only told when HeapReleased moved by enough to see (≥ 32 MiB and ≥ 5 %
 *   of peak RSS); MemStats alone never tell (they are identical in both modes).
 * - **Non-heap resident memory** (the binary's pages, runtime metadata): the regression's
 *   intercept at the smallest HeapReleased.
 *
 * @module
 */
import { MiB } from '@scavsim/core';
import type { Telemetry, TimeSeries } from './telemetry.js';

/** An inferred value and the evidence for it, in words. */
export interface Inferred<T> {
  readonly value: T;
  readonly evidence: string;
}

const MIN_PRECISE_LIVE = 16 * MiB;

/** Value of `s` at time `t` by linear interpolation (clamped at the ends). */
export function at(s: TimeSeries, t: number): number {
  const n = s.t.length;
  if (n === 0) return NaN;
  if (t <= s.t[0]!) return s.v[0]!;
  if (t >= s.t[n - 1]!) return s.v[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (s.t[mid]! <= t) lo = mid;
    else hi = mid;
  }
  const t0 = s.t[lo]!;
  const t1 = s.t[hi]!;
  return t1 === t0 ? s.v[hi]! : s.v[lo]! + ((s.v[hi]! - s.v[lo]!) * (t - t0)) / (t1 - t0);
}

function med(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Goal of each GC ÷ live heap marked by the one before (the goal it set), where both are precise. */
function goalRatios(t: Telemetry): { ratio: number; goal: number; t: number }[] {
  const out: { ratio: number; goal: number; t: number }[] = [];
  for (let k = 1; k < t.gcs.length; k++) {
    const prev = t.gcs[k - 1]!;
    const g = t.gcs[k]!;
    if (g.count !== 1 || prev.count !== 1 || g.n !== prev.n + 1 || prev.heapLive < MIN_PRECISE_LIVE) continue;
    out.push({ ratio: g.goal / prev.heapLive, goal: g.goal, t: g.t });
  }
  return out;
}

/** GOGC from the telemetry, or null when it does not tell. */
export function inferGogc(t: Telemetry): Inferred<number> | null {
  const ratios = goalRatios(t).map((p) => p.ratio);
  if (ratios.length >= 3) {
    const g = Math.max(5, Math.round((100 * (med(ratios) - 1)) / 5) * 5);
    return { value: g, evidence: `median heap goal ÷ marked live heap over ${ratios.length} GCs of the gctrace log is ${med(ratios).toFixed(2)}` };
  }
  const next = t.series.NextGC;
  const alloc = t.series.HeapAlloc;
  if (next !== undefined && alloc !== undefined) {
    let best = 0;
    for (let i = 0; i < next.t.length; i++) {
      const a = at(alloc, next.t[i]!);
      if (next.v[i]! >= MIN_PRECISE_LIVE && a > 0) best = Math.max(best, next.v[i]! / a);
    }
    if (best > 1) {
      const g = Math.max(5, Math.round((100 * (best - 1)) / 5) * 5);
      return { value: g, evidence: `largest NextGC ÷ HeapAlloc over the scrapes is ${best.toFixed(2)}` };
    }
  }
  return null;
}

/** A memory limit the GC goals reveal, or null. */
export function inferMemoryLimit(t: Telemetry, gogc: number): Inferred<number> | null {
  const capped = goalRatios(t).filter((p) => p.ratio < 0.9 * (1 + gogc / 100));
  if (capped.length < 3) return null;
  const goal = Math.max(...capped.map((g) => g.goal));
  const sys = t.series.Sys;
  const heapSys = t.series.HeapSys;
  const nonHeap = sys !== undefined && heapSys !== undefined ? Math.max(0, at(sys, capped[0]!.t) - at(heapSys, capped[0]!.t)) : 0;
  // With a limit every capped goal sits just under it; goals far below the largest were capped by something else.
  if (capped.filter((p) => p.goal >= 0.9 * goal).length < 3) return null;
  const limit = Math.ceil((goal + nonHeap) / MiB) * MiB;
  return { value: limit, evidence: `${capped.length} GCs set a goal below GOGC's (largest ${Math.round(goal / MiB)} MiB) plus ${Math.round(nonHeap / MiB)} MiB non-heap` };
}

/** The RSS-like series the telemetry has, best first, and what it is. */
export function rssSeries(t: Telemetry): { series: TimeSeries; field: 'VmRSS' | 'cg_rss' | 'cg_working_set' | 'cg_usage' } | null {
  for (const field of ['VmRSS', 'cg_rss', 'cg_working_set', 'cg_usage'] as const) {
    const s = t.series[field];
    if (s !== undefined && s.t.length > 0) return { series: s, field };
  }
  return null;
}

/** What RSS says about the madvise mode and the non-heap resident memory. */
export interface RssEvidence {
  /** `MADV_FREE`, `MADV_DONTNEED`, or null when HeapReleased did not move enough to tell. */
  readonly advice: Inferred<'MADV_FREE' | 'MADV_DONTNEED'> | null;
  /** RSS outside the retained heap at the smallest HeapReleased (bytes). */
  readonly nonHeapResident: Inferred<number> | null;
}

/** Regresses `RSS − (HeapSys − HeapReleased)` on HeapReleased (see the module comment). */
export function inferFromRss(t: Telemetry): RssEvidence {
  const rss = rssSeries(t);
  const sys = t.series.HeapSys;
  const rel = t.series.HeapReleased;
  if (rss === null || sys === undefined || rel === undefined) return { advice: null, nonHeapResident: null };
  const xs: number[] = [];
  const ys: number[] = [];
  let peak = 0;
  for (let i = 0; i < rss.series.t.length; i++) {
    const tt = rss.series.t[i]!;
    if (tt < sys.t[0]! || tt > sys.t[sys.t.length - 1]!) continue;
    const r = at(rel, tt);
    xs.push(r);
    ys.push(rss.series.v[i]! - (at(sys, tt) - r));
    peak = Math.max(peak, rss.series.v[i]!);
  }
  if (xs.length < 3) return { advice: null, nonHeapResident: null };
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const lo = Math.min(...xs);
  const range = Math.max(...xs) - lo;
  const visible = range >= 32 * MiB && range >= 0.05 * peak;
  const slope = sxx > 0 ? sxy / sxx : 0;
  const mib = (b: number): string => `${Math.round(b / MiB)} MiB`;
  const advice = visible
    ? {
      value: slope >= 0.5 ? 'MADV_FREE' as const : 'MADV_DONTNEED' as const,
      evidence: `HeapReleased rose by ${mib(range)} and ${rss.field} ${slope >= 0.5 ? 'stayed' : 'fell with it'} (RSS outside the retained heap grew ${slope.toFixed(2)} bytes per released byte)`,
    }
    : null;
  // MADV_FREE: the regression line at the smallest HeapReleased (before released pages piled up in
  // RSS); otherwise the gap does not depend on HeapReleased and its median is the robust estimate.
  const nonHeap = advice?.value === 'MADV_FREE' ? my + slope * (lo - mx) : med(ys);
  return {
    advice,
    nonHeapResident: { value: Math.max(0, nonHeap), evidence: `${rss.field} − (HeapSys − HeapReleased) over ${n} samples` },
  };
}
