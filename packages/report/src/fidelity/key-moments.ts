/**
 * The key moments of a trace: the figures the fidelity probe's `analyze.py` prints.
 *
 * This is a port of `summarise()` in the probe's `analyze.py` (the script that produced the
 * tables in `test/fixtures/traces/key-figures.md`), so a simulated trace is summarised by
 * exactly the rules that summarised the measurements. Where the Python has a quirk, the port
 * keeps it and says so; a "better" rule here would make real and simulated figures
 * incomparable with the published tables.
 *
 * Everything hangs off the **release point** `t_rel`:
 *
 *  - freeosmemory and pressure: the end of `debug.FreeOSMemory()`, the `freeosmemory_done`
 *    event (`analyze.py`: `ev_time(ev, "freeosmemory_done")`);
 *  - loadtest: the end of the load, the `load_end` event (`ev_time(ev, "load_end")`).
 *
 * A simulated trace may mark these moments only by its phases; then the first `phase` event
 * named `idle` (else the first sample in phase `idle`) stands in, which is where the probe
 * starts its `idle` phase in both scenarios (same millisecond in every fixture).
 *
 * Values "at" a time are the last sample at or before it (`at()`: the first sample if there
 * is none). Sizes are bytes, times ms; figures that do not exist ("never") are `null`.
 *
 * @module
 */
import { MiB, ScavsimError } from '@scavsim/core';
import type { ProbeScenarioKind } from './scenario-from-header.js';
import type { Trace, TraceEvent, TraceSample } from './trace.js';

/** The four levels read at each moment after release. */
export interface LevelSnapshot {
  /** Time of the moment, ms relative to the release point. */
  readonly t_ms: number;
  readonly VmRSS: number;
  readonly LazyFree: number;
  readonly HeapReleased: number;
  readonly HeapInuse: number;
}

/** Loadtest-only figures (`analyze.py`, the `scen.startswith("loadtest")` block). */
export interface LoadtestMoments {
  /** RSS and HeapReleased at +N s after load end (`null` when the trace ended before N−1 s). */
  readonly idleOffsets: readonly { readonly offsetS: number; readonly VmRSS: number | null; readonly HeapReleased: number | null }[];
  /** GCs during the idle phase (NumGC changed), ms after load end. */
  readonly idleGcsMs: readonly number[];
  /** First sample where HeapReleased rose ≥ 16 MiB above its value at load end, ms after load end. */
  readonly releaseStartMs: number | null;
  /** The idle GC that preceded the release start: 1-based index, its time and the delay (ms). */
  readonly releaseAfterGc: { readonly index: number; readonly gcMs: number; readonly delayMs: number } | null;
  /** First sample where 95 % of (HeapReleased at end − at load end) was released, ms after load end. */
  readonly released95Ms: number | null;
  /** From the first idle GC to HeapReleased +16 MiB (ms); `null` when < 32 MiB followed that GC. */
  readonly gcToReleaseMs: number | null;
  /** From HeapReleased +16 MiB to 95 % released after the first idle GC (ms). */
  readonly releaseDurationMs: number | null;
  /** `analyze.py`'s approximate release rate (MiB/s). */
  readonly releaseRateMiBps: number | null;
  /** The `load` phase: GCs, peak RSS, peak mapped (Sys − HeapReleased), HeapReleased at its end. */
  readonly load: { readonly gcs: number; readonly peakRss: number; readonly peakMapped: number | null; readonly heapReleasedAtEnd: number } | null;
}

/** Pressure-only figures (`analyze.py`, the `scen.startswith("pressure")` block). Times are relative to the hog's start. */
export interface PressureMoments {
  /** Absolute ms of hog start (`hog_started`, else the `hog` phase). */
  readonly hogStartAtMs: number;
  /** Absolute ms of hog exit (`hog_exited`, else the `post` phase), `null` if never. */
  readonly hogExitAtMs: number | null;
  /** Process A's RSS and LazyFree just before the hog started. */
  readonly rssBefore: number;
  readonly lazyFreeBefore: number;
  /** A's lowest RSS while the hog ran, and when it was first reached. */
  readonly rssMin: number;
  readonly rssMinAtMs: number;
  /**
   * First sample within 16 MiB of `rssMin` (not in `analyze.py`). The minimum itself sits on a
   * plateau that drifts by a few pages, so its first occurrence is noise (go1.26.10: 21.1 s,
   * against 10.3 s when its floor is actually reached); this time is when the floor is reached.
   */
  readonly rssFloorAtMs: number;
  /** First sample where A's RSS was > 16 MiB below `rssBefore`. */
  readonly rssFellAtMs: number | null;
  /** First sample whose LazyFree is ≥ 1 MiB below the previous sample's. */
  readonly lazyFreeDropAtMs: number | null;
  /** The hog's peak RSS and the cgroup's peak usage while the hog ran (`null` when not recorded). */
  readonly hogMax: number | null;
  readonly cgMax: number | null;
  /**
   * Huge-page PMDs split while the hog ran (`vm_thp_split_pmd` at hog exit − at hog start; the
   * vmstat counters are clean in the pressure runs, which ran one at a time), `null` when not
   * recorded.
   */
  readonly thpSplits: number | null;
}

/** Everything {@link keyMoments} computes. */
export interface KeyMoments {
  readonly scenario: ProbeScenarioKind;
  /** Absolute ms of the release point. */
  readonly releaseAtMs: number;
  readonly peakRss: number;
  /** Absolute ms of the first sample at the peak. */
  readonly peakRssAtMs: number;
  /**
   * `analyze.py`'s "at release": the last sample at or before the release point. It usually
   * shows the state *before* the release took effect, but not always (a sample taken while
   * FreeOSMemory runs already shows part of it), so it depends on the sampling phase.
   */
  readonly atRelease: LevelSnapshot;
  /** The first sample after the release point: the first that reflects the release (not in `analyze.py`). */
  readonly afterRelease: LevelSnapshot;
  readonly plus1s: LevelSnapshot;
  readonly plus10s: LevelSnapshot;
  /** The last sample (its `t_ms` is the trace end, relative to release). */
  readonly end: LevelSnapshot;
  readonly lazyFreePeak: number;
  /** `null` when no sample has `AnonHugePages` (simulators without THP). */
  readonly anonHugePagesPeak: number | null;
  /** First sample after release with RSS < 50 % of peak, ms after release; `null` = never. */
  readonly rssBelowHalfPeakMs: number | null;
  readonly loadtest: LoadtestMoments | null;
  readonly pressure: PressureMoments | null;
}

/** `analyze.py` reports loadtest levels at these offsets (s after load end): OFFSETS_LONG ∪ OFFSETS_SHORT. */
export const LOADTEST_OFFSETS_S: readonly number[] = [30, 60, 90, 115, 150, 200, 270, 360];
const SIXTEEN_MIB = 16 * MiB;

function num(s: TraceSample, field: string, samples: readonly TraceSample[]): number {
  const v = s[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ScavsimError('E_TYPE', `samples[${samples.indexOf(s)}].${field}`, `the sample at t_ms=${s.t_ms} has no numeric ${field}`, 'a finite number');
  }
  return v;
}

function opt(s: TraceSample, field: string): number | undefined {
  const v = s[field];
  return typeof v === 'number' ? v : undefined;
}

/** `ev_time`: the time of the first event with this name. */
function evTime(events: readonly TraceEvent[], name: string): number | null {
  for (const e of events) if (e.ev === name) return e.t_ms;
  return null;
}

/** The first `phase` event named `name`, else the first sample in that phase. */
function phaseStart(trace: Trace<unknown>, name: string): number | null {
  for (const e of trace.events) if (e.ev === 'phase' && e['name'] === name) return e.t_ms;
  for (const s of trace.samples) if (s.phase === name) return s.t_ms;
  return null;
}

/** `at()`: the last sample with t_ms ≤ t, or the first sample if there is none (samples are in time order). */
export function sampleAt(samples: readonly TraceSample[], t: number): TraceSample {
  let best: TraceSample | undefined;
  for (const s of samples) {
    if (s.t_ms <= t) best = s;
    else break;
  }
  return best ?? samples[0]!;
}

function snapshot(s: TraceSample, tRel: number, samples: readonly TraceSample[], tMs = s.t_ms - tRel): LevelSnapshot {
  return {
    t_ms: tMs,
    VmRSS: num(s, 'VmRSS', samples),
    LazyFree: num(s, 'LazyFree', samples),
    HeapReleased: num(s, 'HeapReleased', samples),
    HeapInuse: num(s, 'HeapInuse', samples),
  };
}

/**
 * Which scenario a trace ran: the header's `scenario` when it is one of the probe's, else
 * inferred from what happened (a hog → pressure, a load → loadtest, FreeOSMemory → freeosmemory).
 * @throws {@link ScavsimError} `E_UNKNOWN_NAME` naming `header.scenario` when neither works
 */
export function scenarioKindOf(trace: Trace<unknown>): ProbeScenarioKind {
  const h = trace.header as { scenario?: unknown } | undefined;
  const name = h?.scenario;
  if (typeof name === 'string') {
    for (const k of ['freeosmemory', 'pressure', 'loadtest'] as const) if (name === k || name.startsWith(k)) return k;
  }
  if (evTime(trace.events, 'hog_started') !== null || phaseStart(trace, 'hog') !== null) return 'pressure';
  if (evTime(trace.events, 'load_end') !== null || phaseStart(trace, 'load') !== null) return 'loadtest';
  if (evTime(trace.events, 'freeosmemory_done') !== null) return 'freeosmemory';
  throw new ScavsimError('E_UNKNOWN_NAME', 'header.scenario', `cannot tell the scenario of this trace (${JSON.stringify(name)})`, 'freeosmemory, pressure or loadtest');
}

/**
 * The release point (absolute ms): see the module comment.
 * @throws {@link ScavsimError} `E_STATE` naming `events` when the trace has none
 */
export function releasePoint(trace: Trace<unknown>, scenario: ProbeScenarioKind): number {
  const t = evTime(trace.events, scenario === 'loadtest' ? 'load_end' : 'freeosmemory_done') ?? phaseStart(trace, 'idle');
  if (t === null) {
    throw new ScavsimError('E_STATE', 'events', `the ${scenario} trace has no release point`, scenario === 'loadtest' ? 'a load_end event or an idle phase' : 'a freeosmemory_done event or an idle phase');
  }
  return t;
}

/**
 * Computes the key moments of a trace, real or simulated.
 * @param trace samples in time order, events
 * @param scenario the scenario kind; by default {@link scenarioKindOf}
 * @throws {@link ScavsimError} for a trace without samples, without a release point, or with
 *   samples missing `VmRSS`, `LazyFree`, `HeapReleased`, `HeapInuse` (or `NumGC` in loadtests)
 */
export function keyMoments(trace: Trace<unknown>, scenario: ProbeScenarioKind = scenarioKindOf(trace)): KeyMoments {
  const ss = trace.samples;
  if (ss.length === 0) throw new ScavsimError('E_STATE', 'samples', 'the trace has no samples', 'at least one sample');
  const tRel = releasePoint(trace, scenario);
  let peak = -Infinity;
  let tPeak = 0;
  for (const s of ss) {
    const v = num(s, 'VmRSS', ss);
    if (v > peak) [peak, tPeak] = [v, s.t_ms];
  }
  const after = ss.filter((s) => s.t_ms >= tRel);
  const below = after.find((s) => num(s, 'VmRSS', ss) < 0.5 * peak);
  const end = ss[ss.length - 1]!;
  let thp: number | null = null;
  let lazyPeak = -Infinity;
  for (const s of ss) {
    lazyPeak = Math.max(lazyPeak, num(s, 'LazyFree', ss));
    const a = opt(s, 'AnonHugePages');
    if (a !== undefined) thp = Math.max(thp ?? a, a);
  }
  return {
    scenario,
    releaseAtMs: tRel,
    peakRss: peak,
    peakRssAtMs: tPeak,
    // The snapshot times are the nominal offsets; the values are those of the sample `at` them.
    atRelease: snapshot(sampleAt(ss, tRel), tRel, ss, 0),
    afterRelease: snapshot(ss.find((s) => s.t_ms > tRel) ?? end, tRel, ss),
    plus1s: snapshot(sampleAt(ss, tRel + 1000), tRel, ss, 1000),
    plus10s: snapshot(sampleAt(ss, tRel + 10000), tRel, ss, 10000),
    end: snapshot(end, tRel, ss),
    lazyFreePeak: lazyPeak,
    anonHugePagesPeak: thp,
    rssBelowHalfPeakMs: below ? below.t_ms - tRel : null,
    loadtest: scenario === 'loadtest' ? loadtestMoments(ss, after, tRel, end) : null,
    pressure: scenario === 'pressure' ? pressureMoments(trace, ss) : null,
  };
}

function loadtestMoments(ss: readonly TraceSample[], after: readonly TraceSample[], tRel: number, end: TraceSample): LoadtestMoments {
  const rel = (s: TraceSample): number => num(s, 'HeapReleased', ss);
  const idleOffsets = LOADTEST_OFFSETS_S.map((k) => {
    const s = sampleAt(ss, tRel + k * 1000);
    // analyze.py: only when the trace reached at least k-1 s (else "-").
    const ok = s.t_ms >= tRel + (k - 1) * 1000;
    return { offsetS: k, VmRSS: ok ? num(s, 'VmRSS', ss) : null, HeapReleased: ok ? rel(s) : null };
  });
  // GC times: NumGC changed between consecutive samples of the idle phase (the first sample at or
  // after t_rel is the baseline). Kept in seconds, as analyze.py does, so that the
  // comparisons below round exactly as in Python.
  const gcsS: number[] = [];
  let last: number | undefined;
  for (const s of after) {
    const n = num(s, 'NumGC', ss);
    if (last !== undefined && n !== last) gcsS.push((s.t_ms - tRel) / 1000);
    last = n;
  }
  const r0 = rel(sampleAt(ss, tRel));
  const relEnd = rel(end);
  const up = after.find((s) => rel(s) - r0 >= SIXTEEN_MIB);
  let releaseAfterGc: LoadtestMoments['releaseAfterGc'] = null;
  let released95Ms: number | null = null;
  if (up) {
    const tr = (up.t_ms - tRel) / 1000;
    let prev = -1;
    gcsS.forEach((g, i) => { if (g <= tr) prev = i; });
    if (prev >= 0) releaseAfterGc = { index: prev + 1, gcMs: gcsS[prev]! * 1000, delayMs: (tr - gcsS[prev]!) * 1000 };
    const up95 = after.find((s) => rel(s) - r0 >= 0.95 * (relEnd - r0));
    released95Ms = up95 ? up95.t_ms - tRel : null;
  }
  // Background-scavenger release after the first idle GC. analyze.py recomputes the GC's
  // absolute time as t_rel + gcs[0]*1000 from the seconds value; the same float expression
  // here picks the same sample in `at()`.
  let gcToReleaseMs: number | null = null;
  let releaseDurationMs: number | null = null;
  let releaseRateMiBps: number | null = null;
  if (gcsS.length > 0) {
    const tg = tRel + gcsS[0]! * 1000;
    const relG = rel(sampleAt(ss, tg));
    const post = ss.filter((s) => s.t_ms >= tg);
    const up16 = post.find((s) => rel(s) - relG >= SIXTEEN_MIB);
    const up95 = post.find((s) => rel(s) - relG >= 0.95 * (relEnd - relG));
    if (up16 && up95 && relEnd - relG >= 32 * MiB) {
      gcToReleaseMs = up16.t_ms - tg;
      releaseDurationMs = up95.t_ms - up16.t_ms;
      releaseRateMiBps = ((relEnd - relG) * 0.95) / MiB / Math.max(0.1, (up95.t_ms - tg - gcToReleaseMs) / 1000 + 0.1);
    }
  }
  const loadSs = ss.filter((s) => s.phase === 'load');
  let load: LoadtestMoments['load'] = null;
  if (loadSs.length > 0) {
    let peakMapped: number | null = null;
    for (const s of loadSs) {
      const sys = opt(s, 'Sys');
      if (sys !== undefined) peakMapped = Math.max(peakMapped ?? -Infinity, sys - rel(s));
    }
    load = {
      gcs: num(loadSs[loadSs.length - 1]!, 'NumGC', ss) - num(loadSs[0]!, 'NumGC', ss),
      peakRss: Math.max(...loadSs.map((s) => num(s, 'VmRSS', ss))),
      peakMapped,
      heapReleasedAtEnd: rel(loadSs[loadSs.length - 1]!),
    };
  }
  return {
    idleOffsets,
    idleGcsMs: gcsS.map((g) => g * 1000),
    releaseStartMs: up ? up.t_ms - tRel : null,
    releaseAfterGc,
    released95Ms,
    gcToReleaseMs,
    releaseDurationMs,
    releaseRateMiBps,
    load,
  };
}

function splitsOf(from: TraceSample, to: TraceSample): number | null {
  const a = opt(from, 'vm_thp_split_pmd');
  const b = opt(to, 'vm_thp_split_pmd');
  return a === undefined || b === undefined ? null : b - a;
}

function pressureMoments(trace: Trace<unknown>, ss: readonly TraceSample[]): PressureMoments {
  const th = evTime(trace.events, 'hog_started') ?? phaseStart(trace, 'hog');
  if (th === null) throw new ScavsimError('E_STATE', 'events', 'the pressure trace never starts the hog', 'a hog_started event or a hog phase');
  const tx = evTime(trace.events, 'hog_exited') ?? phaseStart(trace, 'post');
  const pre = sampleAt(ss, th);
  // analyze.py: `during` includes both ends; `tx or 1e18` when the hog never exited.
  const during = ss.filter((s) => th <= s.t_ms && s.t_ms <= (tx ?? Infinity));
  if (during.length === 0) throw new ScavsimError('E_STATE', 'samples', 'no sample while the hog ran', 'samples during the hog phase');
  const rss = (s: TraceSample): number => num(s, 'VmRSS', ss);
  // Python's min() keeps the first of equal minima.
  let amin = during[0]!;
  for (const s of during) if (rss(s) < rss(amin)) amin = s;
  const rssBefore = rss(pre);
  const fell = during.find((s) => rss(s) < rssBefore - SIXTEEN_MIB);
  let onset: number | null = null;
  for (let i = 1; i < during.length; i++) {
    if (num(during[i]!, 'LazyFree', ss) <= num(during[i - 1]!, 'LazyFree', ss) - MiB) {
      onset = during[i]!.t_ms - th;
      break;
    }
  }
  // analyze.py: max(s.get(field, -1)); here null when no sample has the field.
  const peakOf = (field: string): number | null => {
    let m: number | null = null;
    for (const s of during) {
      const v = opt(s, field);
      if (v !== undefined) m = Math.max(m ?? v, v);
    }
    return m;
  };
  return {
    hogStartAtMs: th,
    hogExitAtMs: tx,
    rssBefore,
    lazyFreeBefore: num(pre, 'LazyFree', ss),
    rssMin: rss(amin),
    rssMinAtMs: amin.t_ms - th,
    rssFloorAtMs: during.find((s) => rss(s) <= rss(amin) + SIXTEEN_MIB)!.t_ms - th,
    rssFellAtMs: fell ? fell.t_ms - th : null,
    lazyFreeDropAtMs: onset,
    hogMax: peakOf('hog_VmRSS'),
    cgMax: peakOf('cg_usage'),
    thpSplits: splitsOf(pre, during[during.length - 1]!),
  };
}
