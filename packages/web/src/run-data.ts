/**
 * What the worker hands the page for one finished run: columns for the chart, the figures of
 * the CLI summary, and the header. Built from a `RunResult` in the worker; plain data and typed
 * arrays, so it crosses to the page by structured clone with the arrays transferred.
 *
 * Columns follow the first Go process's sample times (every process is sampled at the same
 * moments; a process that exited or was killed has no sample then, and its column holds NaN).
 *
 * @module
 */
import type { RunResult, Sample, SimEventKind } from '@scavsim/core';
import { processesOf, processFigures } from '@scavsim/report';

/** Per-process fields the chart and the gap explanation read (the gap's inputs included). */
export const GO_FIELDS = ['VmRSS', 'HeapInuse', 'HeapReleased', 'LazyFree', 'NextGC', 'HeapIdle', 'ScavengeGoal'] as const;
/** Fields kept for a plain (non-Go) process. */
export const PLAIN_FIELDS = ['VmRSS'] as const;

/** Event kinds marked on the chart. */
export const MARK_KINDS = ['gc', 'scavenge', 'freeosmemory', 'reclaim', 'oom'] as const satisfies readonly SimEventKind[];
/** One of {@link MARK_KINDS}. */
export type MarkKind = (typeof MARK_KINDS)[number];

/** One process's columns. */
export interface ProcessColumns {
  readonly name: string;
  /** `go` when the process has MemStats. */
  readonly kind: 'go' | 'plain';
  /** Field → value per sample time (NaN where the process has no sample or no such field). */
  readonly cols: Readonly<Record<string, Float64Array>>;
}

/** End-of-run figures of one process, named as the CLI summary names them (bytes as numbers). */
export interface ProcessSummary {
  readonly process: string;
  readonly peakVmRSS: number | null;
  readonly peakVmRSSAt_ms: number | null;
  readonly VmRSS: number | null;
  readonly HeapInuse: number | null;
  readonly HeapReleased: number | null;
  readonly LazyFree: number | null;
  readonly GCs: number | null;
}

/** A finished run as the page draws it. */
export interface RunData {
  readonly scenario: string;
  readonly go_version: string;
  readonly kernel: string;
  readonly GODEBUG: string;
  readonly seed: number;
  /** Sample times (ms). */
  readonly t: Float64Array;
  /** Go processes first, in config order, then plain processes. */
  readonly processes: readonly ProcessColumns[];
  /** For each mark kind, how many events fell in each sample's interval (since the previous sample). */
  readonly marks: Readonly<Record<MarkKind, Uint32Array>>;
  /** The CLI summary's figures for each process. */
  readonly summary: readonly ProcessSummary[];
}

const orNull = (x: number | undefined): number | null => (x === undefined ? null : x);

/** Builds the page's view of a run. */
export function runData(result: RunResult): RunData {
  // Every process under its configured name, as the CLI's summary and explain name it.
  const groups = processesOf(result);
  const isGo = (s: readonly Sample[]): boolean => s.some((x) => x.HeapInuse !== undefined);
  const ordered = [...groups.filter((g) => isGo(g.samples)), ...groups.filter((g) => !isGo(g.samples))];
  const axis = ordered[0]?.samples ?? [];
  const t = Float64Array.from(axis, (s) => s.t_ms);
  const index = new Map<number, number>();
  t.forEach((x, i) => index.set(x, i));
  const processes = ordered.map(({ name, samples }): ProcessColumns => {
    const kind = isGo(samples) ? 'go' : 'plain';
    const fields = kind === 'go' ? GO_FIELDS : PLAIN_FIELDS;
    const cols: Record<string, Float64Array> = {};
    for (const f of fields) cols[f] = new Float64Array(t.length).fill(Number.NaN);
    for (const s of samples) {
      const i = index.get(s.t_ms);
      if (i === undefined) continue;
      for (const f of fields) {
        const v = s[f];
        if (typeof v === 'number') cols[f]![i] = v;
      }
    }
    return { name, kind, cols };
  });
  const marks = Object.fromEntries(MARK_KINDS.map((k) => [k, new Uint32Array(t.length)])) as Record<MarkKind, Uint32Array>;
  let i = 0;
  for (const e of result.events) {
    if (!(MARK_KINDS as readonly string[]).includes(e.kind)) continue;
    // Events are in time order: the first sample at or after the event counts it.
    while (i < t.length - 1 && t[i]! < e.t_ms) i++;
    marks[e.kind as MarkKind][i]! += 1;
  }
  const figures = new Map(processFigures(result).map((p) => [p.name, p]));
  const summary = ordered.map(({ name }): ProcessSummary => {
    const p = figures.get(name)!;
    return {
      process: name, peakVmRSS: orNull(p.peakRss), peakVmRSSAt_ms: orNull(p.peakRssAt),
      VmRSS: orNull(p.end.VmRSS), HeapInuse: orNull(p.end.HeapInuse), HeapReleased: orNull(p.end.HeapReleased),
      LazyFree: orNull(p.end.LazyFree), GCs: orNull(p.gcs),
    };
  });
  const h = result.header;
  const str = (x: unknown): string => (typeof x === 'string' ? x : '');
  return {
    scenario: h.scenario, go_version: str(h['go_version']), kernel: str(h['kernel']), GODEBUG: str(h['GODEBUG']), seed: h.seed,
    t, processes, marks, summary,
  };
}

/** The typed arrays of a run, to transfer rather than copy to the page. */
export function transferables(d: RunData): ArrayBuffer[] {
  const out: ArrayBuffer[] = [d.t.buffer as ArrayBuffer];
  for (const p of d.processes) for (const c of Object.values(p.cols)) out.push(c.buffer as ArrayBuffer);
  for (const m of Object.values(d.marks)) out.push(m.buffer as ArrayBuffer);
  return out;
}

const rebuilt = new WeakMap<ProcessColumns, Sample[]>();

/**
 * A process's samples rebuilt from the columns, with the fields the gap explanation reads, so
 * the page picks a moment with the same `sampleAt` as `scavsim explain --at`.
 */
export function samplesOfColumns(d: RunData, p: ProcessColumns): readonly Sample[] {
  let out = rebuilt.get(p);
  if (out !== undefined) return out;
  out = [];
  const fields = Object.entries(p.cols);
  for (let i = 0; i < d.t.length; i++) {
    if (Number.isNaN(p.cols['VmRSS']![i]!)) continue;
    const s: Sample = { t_ms: d.t[i]! };
    if (d.processes.length > 1) s.process = p.name;
    for (const [f, col] of fields) if (!Number.isNaN(col[i]!)) s[f] = col[i]!;
    out.push(s);
  }
  rebuilt.set(p, out);
  return out;
}
