/**
 * A run as the page draws it: columns for the chart, the figures of the CLI summary, and the
 * header. The worker records columns as the engine samples (run-stream.ts) and posts them in
 * chunks, each a set of typed arrays transferred, not copied; the page appends the chunks to a
 * {@link RunBuffer}, so it can draw the run while it is being simulated and holds it whole at
 * the end.
 *
 * Every process is sampled at the same moments; a row is one such moment. A process that has
 * not started, exited or was killed has no sample then, and its column holds NaN.
 *
 * @module
 */
import type { Sample, SimEventKind } from '@scavsim/core';

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
  /** Field → value per row (NaN where the process has no sample or no such field). */
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

/** What is known of a run before its first sample: the header's names and its processes. */
export interface RunLayout {
  readonly scenario: string;
  readonly go_version: string;
  readonly kernel: string;
  readonly GODEBUG: string;
  readonly seed: number;
  /** The simulated duration asked for (ms): the chart's x axis while the run is still going. */
  readonly durationMs: number;
  /** Go processes first, in config order, then plain processes. */
  readonly processes: readonly { readonly name: string; readonly kind: 'go' | 'plain' }[];
}

/** Rows recorded since the previous chunk: `cols[p][f]` is process p's field `fieldsOf(kind)[f]`. */
export interface RunChunk {
  readonly t: Float64Array;
  readonly cols: readonly (readonly Float64Array[])[];
  /** Per mark kind (in {@link MARK_KINDS} order), how many events fell in each row's interval. */
  readonly marks: readonly Uint32Array[];
}

/** A run as the page draws it, whole or (while simulating) so far. */
export interface RunData extends RunLayout {
  /** Row times (ms). */
  readonly t: Float64Array;
  /** One entry per layout process, in layout order. */
  readonly processes: readonly ProcessColumns[];
  /** For each mark kind, how many events fell in each row's interval (since the previous row). */
  readonly marks: Readonly<Record<MarkKind, Uint32Array>>;
  /** The CLI summary's figures for each process: only once the run is complete. */
  readonly summary: readonly ProcessSummary[] | undefined;
}

/** The fields kept for a process of this kind. */
export const fieldsOf = (kind: 'go' | 'plain'): readonly string[] => (kind === 'go' ? GO_FIELDS : PLAIN_FIELDS);

/** The typed arrays of a chunk, to transfer rather than copy between threads. */
export function transferables(c: RunChunk): ArrayBuffer[] {
  return [c.t, ...c.cols.flat(), ...c.marks].map((a) => a.buffer as ArrayBuffer);
}

/** A growable column: appends in amortised constant time, read as a view of its filled part. */
class Grow<A extends Float64Array | Uint32Array> {
  constructor(private a: A, private readonly make: (n: number) => A) {}
  append(src: A, at: number): void {
    if (at + src.length > this.a.length) {
      const b = this.make(Math.max(at + src.length, this.a.length * 2));
      b.set(this.a.subarray(0, at));
      this.a = b;
    }
    this.a.set(src, at);
  }
  view(n: number): A {
    return this.a.subarray(0, n) as A;
  }
}
const f64 = (n: number): Float64Array => new Float64Array(n);
const u32 = (n: number): Uint32Array => new Uint32Array(n);

/** The page's copy of a run, appended chunk by chunk. */
export class RunBuffer {
  private rows = 0;
  private readonly t = new Grow(f64(0), f64);
  private readonly cols: Grow<Float64Array>[][];
  private readonly marks = MARK_KINDS.map(() => new Grow(u32(0), u32));
  private summary: readonly ProcessSummary[] | undefined;

  constructor(readonly layout: RunLayout) {
    this.cols = layout.processes.map((p) => fieldsOf(p.kind).map(() => new Grow(f64(0), f64)));
  }

  /** Appends a chunk's rows. */
  append(c: RunChunk): void {
    this.t.append(c.t, this.rows);
    c.cols.forEach((fields, p) => fields.forEach((col, f) => this.cols[p]![f]!.append(col, this.rows)));
    c.marks.forEach((m, k) => this.marks[k]!.append(m, this.rows));
    this.rows += c.t.length;
  }

  /** Marks the run complete with its summary figures. */
  finish(summary: readonly ProcessSummary[]): void {
    this.summary = summary;
  }

  /** Whether {@link finish} was called. */
  get complete(): boolean {
    return this.summary !== undefined;
  }

  /** The run so far (views of the buffers: valid until the next {@link append}). */
  data(): RunData {
    const n = this.rows;
    return {
      ...this.layout,
      t: this.t.view(n),
      processes: this.layout.processes.map((p, i) => ({
        ...p, cols: Object.fromEntries(fieldsOf(p.kind).map((f, j) => [f, this.cols[i]![j]!.view(n)])),
      })),
      marks: Object.fromEntries(MARK_KINDS.map((k, i) => [k, this.marks[i]!.view(n)])) as Record<MarkKind, Uint32Array>,
      summary: this.summary,
    };
  }
}

const rebuilt = new WeakMap<Float64Array, Sample[]>();

/**
 * A process's samples rebuilt from the columns, with the fields the gap explanation reads, so
 * the page picks a moment with the same `sampleAt` as `scavsim explain --at`.
 */
export function samplesOfColumns(d: RunData, p: ProcessColumns): readonly Sample[] {
  const rss = p.cols['VmRSS']!;
  let out = rebuilt.get(rss);
  if (out !== undefined) return out;
  out = [];
  const fields = Object.entries(p.cols);
  for (let i = 0; i < d.t.length; i++) {
    if (Number.isNaN(rss[i]!)) continue;
    const s: Sample = { t_ms: d.t[i]! };
    if (d.processes.length > 1) s.process = p.name;
    for (const [f, col] of fields) if (!Number.isNaN(col[i]!)) s[f] = col[i]!;
    out.push(s);
  }
  rebuilt.set(rss, out);
  return out;
}
