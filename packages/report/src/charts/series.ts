/**
 * The data both chart renderers draw: four memory curves and the run's marked moments.
 *
 * The curves are the ones the incident was argued over: `VmRSS` (what monitoring shows),
 * `HeapInuse` (what the program uses), `HeapReleased` (what the runtime believes it gave back)
 * and `LazyFree` (what it gave back with MADV_FREE that the kernel still counts in RSS). When
 * `HeapReleased` climbs while `VmRSS` stays flat and `LazyFree` climbs with it, memory was
 * released lazily; when `VmRSS` follows `HeapReleased` down, it was released eagerly.
 *
 * Events become marks. GCs and scavenger work can number in the thousands, so they are
 * binned: at most one mark per kind, panel and bin (the renderer picks the bin width from its
 * pixel width), keeping the output small and stable.
 *
 * @module
 */
import { MiB, ScavsimError } from '@scavsim/core';
import type { RunResult, SimEventKind } from '@scavsim/core';
import { soleProcessName } from '../formats/processes.js';
import { processLimits, type LimitKind } from './references.js';

/** The memory curves every chart draws, in legend order. */
export const CHART_SERIES = ['VmRSS', 'HeapInuse', 'HeapReleased', 'LazyFree'] as const;
/**
 * The memory cgroup's own figures, drawn for a process in a cgroup: `memory.usage_in_bytes`
 * (what the cgroup is charged, MADV_FREE pages included) and the working set container
 * dashboards show (usage − inactive file, as cAdvisor computes it).
 */
export const CGROUP_SERIES = ['cg_usage', 'cg_working_set'] as const;
/** Every curve a chart may draw, in legend order. */
export const DRAWN_SERIES = [...CHART_SERIES, ...CGROUP_SERIES] as const;
/** A curve name. */
export type ChartSeries = (typeof DRAWN_SERIES)[number];

/** The order curves are drawn in: the cgroup's first, so that RSS, when equal to usage, stays on top. */
const DRAW_ORDER: readonly ChartSeries[] = [...CGROUP_SERIES, ...CHART_SERIES];

/** How each curve is named in legends. */
export const SERIES_LABELS: Readonly<Record<ChartSeries, string>> = {
  VmRSS: 'VmRSS', HeapInuse: 'HeapInuse', HeapReleased: 'HeapReleased', LazyFree: 'LazyFree',
  cg_usage: 'cgroup usage', cg_working_set: 'cgroup working set',
};

/** Colours of the curves (Observable Plot's default categorical scheme, fixed per curve). */
export const SERIES_COLORS: Readonly<Record<ChartSeries, string>> = {
  VmRSS: '#e15759', HeapInuse: '#4269d0', HeapReleased: '#3ca951', LazyFree: '#ff8ab7',
  cg_usage: '#efb118', cg_working_set: '#9c6b4e',
};

/** Event kinds drawn as marks, in legend order. */
export const MARKED_EVENTS = ['gc', 'scavenge', 'freeosmemory', 'reclaim', 'oom'] as const;
/** A marked event kind. */
export type MarkedEvent = (typeof MARKED_EVENTS)[number];

/** Colours of the event marks. */
export const EVENT_COLORS: Readonly<Record<MarkedEvent, string>> = {
  gc: '#9498a0', scavenge: '#3ca951', freeosmemory: '#6cc5b0', reclaim: '#a463f2', oom: '#000000',
};

/** One labelled run, e.g. one variant of `scavsim compare`. */
export interface ChartVariant {
  /** The label shown for the run (e.g. `"go 1.16"`). */
  readonly label: string;
  /** The run. */
  readonly result: RunResult;
}

/** One point of one curve. */
export interface SeriesPoint {
  /** Panel: variant and/or process. */
  readonly panel: string;
  /** Curve name. */
  readonly series: ChartSeries;
  /** Simulated seconds. */
  readonly t_s: number;
  /** MiB. */
  readonly mib: number;
}

/** One (binned) event mark. */
export interface EventMark {
  /** Panel: variant and/or process. */
  readonly panel: string;
  /** Event kind. */
  readonly kind: MarkedEvent;
  /** Simulated seconds (start of the first event in the bin). */
  readonly t_s: number;
  /** How many events fell into the bin. */
  readonly count: number;
}

/** A point of a panel's heap goal (`NextGC`). */
export interface GoalPoint {
  /** Panel: variant and/or process. */
  readonly panel: string;
  /** Simulated seconds. */
  readonly t_s: number;
  /** MiB. */
  readonly mib: number;
}

/** A limit drawn across a panel. */
export interface LimitLine {
  /** Panel: variant and/or process. */
  readonly panel: string;
  /** Which limit. */
  readonly kind: LimitKind;
  /** MiB. */
  readonly mib: number;
}

/** Everything a chart draws. */
export interface ChartData {
  /** Panels in display order. */
  readonly panels: readonly string[];
  /** Curve points. */
  readonly points: readonly SeriesPoint[];
  /** The heap goal of each panel's Go process (`NextGC`), over time. */
  readonly goals: readonly GoalPoint[];
  /** GOMEMLIMIT and cgroup limits. */
  readonly limits: readonly LimitLine[];
  /** Event marks. */
  readonly events: readonly EventMark[];
  /** Largest time (s) over all runs. */
  readonly maxT_s: number;
  /** Largest value (MiB) over all curves. */
  readonly maxMib: number;
}

/** Appends a point, keeping only the two ends of a flat stretch (the same line, far fewer points). */
function pushPoint<P extends { readonly mib: number }>(line: P[], point: P): void {
  const n = line.length;
  if (n >= 2 && line[n - 1]!.mib === point.mib && line[n - 2]!.mib === point.mib) line[n - 1] = point;
  else line.push(point);
}

/** Normalises the renderers' input: one run, or labelled variants. */
export function asVariants(input: RunResult | readonly ChartVariant[]): readonly ChartVariant[] {
  return Array.isArray(input) ? input : [{ label: '', result: input as RunResult }];
}

/**
 * Extracts the curves and binned events of every variant and process.
 * @param binMs width of an event bin in simulated ms (≥ 1)
 */
export function chartData(variants: readonly ChartVariant[], binMs: number): ChartData {
  const panels: string[] = [];
  const points: SeriesPoint[] = [];
  const goals: GoalPoint[] = [];
  const limits: LimitLine[] = [];
  const events: EventMark[] = [];
  const bin = Math.max(1, binMs);
  let maxT_s = 0;
  let maxMib = 0;
  for (const { label, result } of variants) {
    const own: string[] = [];
    const sole = soleProcessName(result);
    const panelOf = (process: string | undefined): string => {
      const name = label === '' ? process ?? sole : process === undefined ? label : `${label} · ${process}`;
      if (!own.includes(name)) own.push(name);
      return name;
    };
    // Flat stretches are common (RSS held for minutes): keep only a flat run's two ends, which
    // draws the same line with far fewer points.
    const runs = new Map<string, SeriesPoint[]>();
    const goalRuns = new Map<string, GoalPoint[]>();
    for (const s of result.samples) {
      const panel = panelOf(s.process);
      const t_s = s.t_ms / 1000;
      maxT_s = Math.max(maxT_s, t_s);
      if (typeof s.NextGC === 'number') {
        let line = goalRuns.get(panel);
        if (line === undefined) goalRuns.set(panel, (line = []));
        pushPoint(line, { panel, t_s, mib: s.NextGC / MiB });
      }
      for (const series of DRAW_ORDER) {
        const v = s[series];
        if (typeof v !== 'number') continue;
        const mib = v / MiB;
        maxMib = Math.max(maxMib, mib);
        const key = `${panel}\u0000${series}`;
        let line = runs.get(key);
        if (line === undefined) runs.set(key, (line = []));
        pushPoint(line, { panel, series, t_s, mib });
      }
    }
    for (const line of runs.values()) points.push(...line);
    for (const line of goalRuns.values()) goals.push(...line);
    // A limit goes to its process's panel (the run's one panel when its samples name no process).
    for (const l of processLimits(result)) {
      const named = label === '' ? l.process : `${label} · ${l.process}`;
      const panel = own.includes(named) ? named : own.length === 1 && l.process === sole ? own[0]! : undefined;
      if (panel !== undefined) limits.push({ panel, kind: l.kind, mib: l.bytes / MiB });
    }
    // An event goes to its process's panel. One without a process (machine-wide reclaim), or
    // whose process has no panel (single-process runs leave samples unnamed), goes to every
    // panel of its run.
    const samplePanels = [...own];
    const targetsOf = (process: string | undefined): string[] => {
      const name = label === '' ? (process ?? sole) : process === undefined ? label : `${label} · ${process}`;
      return samplePanels.includes(name) ? [name] : samplePanels;
    };
    const bins = new Map<string, { panel: string; kind: MarkedEvent; t_ms: number; count: number }>();
    for (const e of result.events) {
      if (!(MARKED_EVENTS as readonly SimEventKind[]).includes(e.kind)) continue;
      for (const panel of targetsOf(e.process)) {
        const key = `${panel}\u0000${e.kind}\u0000${Math.floor(e.t_ms / bin)}`;
        const b = bins.get(key);
        if (b === undefined) bins.set(key, { panel, kind: e.kind as MarkedEvent, t_ms: e.t_ms, count: 1 });
        else b.count++;
      }
    }
    for (const b of bins.values()) events.push({ panel: b.panel, kind: b.kind, t_s: b.t_ms / 1000, count: b.count });
    for (const p of own) if (!panels.includes(p)) panels.push(p);
  }
  return { panels, points, goals, limits, events, maxT_s, maxMib };
}

