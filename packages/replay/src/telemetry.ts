/**
 * What the readers produce: a run's telemetry on one clock, in bounded memory.
 *
 * Every series is kept under the name users read in `runtime.MemStats` or `/proc` (the names
 * of `@scavsim/core`'s samples), whatever the file called it, so the fit and the comparison
 * speak one language. Times are milliseconds on the run's own clock: since the Go runtime
 * started when a file tells it (gctrace's `@` times, a probe trace's `t_ms`, Prometheus'
 * `process_start_time_seconds`), otherwise since the first sample (and {@link Telemetry.clock}
 * says which).
 *
 * Memory stays flat whatever the input's length: a series or the GC log that reaches its
 * capacity merges neighbouring points pairwise (a counter keeps the later value, a gauge the
 * larger, so peaks survive; a merged GC keeps the earliest start, the largest heap, the last
 * live heap and goal, and whether any of them was forced), halving its resolution instead of
 * growing. A one-hour series at 1 s and a one-hour gctrace log at 10 GCs a second fit without
 * merging.
 *
 * @module
 */

/** Field names the telemetry is kept under (MemStats, `/proc`, cgroup names; see `metric-names.ts`). */
export type TelemetryField =
  | 'HeapAlloc' | 'HeapInuse' | 'HeapIdle' | 'HeapReleased' | 'HeapSys' | 'Sys' | 'NextGC' | 'NumGC' | 'NumForcedGC'
  | 'TotalAlloc' | 'Mallocs' | 'HeapObjects' | 'StackInuse' | 'HeapLive' | 'Goroutines' | 'LastGC'
  | 'VmRSS' | 'RssAnon' | 'RssFile' | 'LazyFree' | 'cg_usage' | 'cg_rss' | 'cg_working_set';

/** Fields that only grow (reset to 0 when the process restarts). */
export const COUNTER_FIELDS: ReadonlySet<TelemetryField> = new Set(['NumGC', 'NumForcedGC', 'TotalAlloc', 'Mallocs']);

/** Points kept per series before neighbours are merged. */
export const SERIES_CAPACITY = 1 << 17;
/** GC records kept before neighbours are merged. */
export const GC_CAPACITY = 1 << 16;

/** One series: times (ms, ascending) and values, of equal length. */
export interface TimeSeries {
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/** Appends points in bounded memory (see the module comment). */
export class SeriesBuilder {
  private t = new Float64Array(256);
  private v = new Float64Array(256);
  private n = 0;
  private sorted = true;

  constructor(private readonly counter: boolean, private readonly capacity = SERIES_CAPACITY) {}

  /** Number of points held. */
  get length(): number {
    return this.n;
  }

  /** Adds a point. */
  push(t: number, v: number): void {
    if (this.n === this.t.length) {
      if (this.n >= this.capacity) this.halve();
      else {
        const t2 = new Float64Array(Math.min(this.capacity, this.n * 2));
        const v2 = new Float64Array(t2.length);
        t2.set(this.t);
        v2.set(this.v);
        this.t = t2;
        this.v = v2;
      }
    }
    if (this.n > 0 && t < this.t[this.n - 1]!) this.sorted = false;
    this.t[this.n] = t;
    this.v[this.n] = v;
    this.n++;
  }

  private halve(): void {
    let j = 0;
    for (let i = 0; i + 1 < this.n; i += 2, j++) {
      const keepLater = this.counter || this.v[i + 1]! >= this.v[i]!;
      this.t[j] = keepLater ? this.t[i + 1]! : this.t[i]!;
      this.v[j] = keepLater ? this.v[i + 1]! : this.v[i]!;
    }
    if (this.n % 2 === 1) {
      this.t[j] = this.t[this.n - 1]!;
      this.v[j] = this.v[this.n - 1]!;
      j++;
    }
    this.n = j;
  }

  /** The points, in time order (ties keep their order), with `shift` added to every time. */
  build(shift = 0): TimeSeries {
    const idx = Array.from({ length: this.n }, (_, i) => i);
    if (!this.sorted) idx.sort((a, b) => this.t[a]! - this.t[b]! || a - b);
    const t = new Float64Array(this.n);
    const v = new Float64Array(this.n);
    idx.forEach((k, i) => {
      t[i] = this.t[k]! + shift;
      v[i] = this.v[k]!;
    });
    return { t, v };
  }
}

/**
 * One GC as the log tells it (bytes from the printed MB). A log of more than
 * {@link GC_CAPACITY} GCs keeps neighbouring GCs merged in pairs, so memory stays bounded:
 * `count` says how many GCs a record stands for.
 */
export interface GcRecord {
  /** Start of the cycle, ms on the run's clock. */
  readonly t: number;
  /** GC number (the last one when several were merged). */
  readonly n: number;
  /** Heap at GC start, marked live, and the goal this cycle ran against (set by the GC before it) (bytes). */
  readonly heapStart: number;
  readonly heapLive: number;
  readonly goal: number;
  /** `runtime.GC()` / FreeOSMemory (`(forced)`), or sysmon's periodic GC (`GC forced` before it). */
  readonly forced: boolean;
  readonly periodic: boolean;
  /** How many GCs this record stands for (1 unless merged). */
  readonly count: number;
}

/** The GC log in columns, bounded like a series. */
export class GcLogBuilder {
  private cols = { t: new Float64Array(256), n: new Float64Array(256), start: new Float64Array(256), live: new Float64Array(256), goal: new Float64Array(256), flags: new Uint8Array(256), count: new Float64Array(256) };
  private len = 0;

  constructor(private readonly capacity = GC_CAPACITY) {}

  /** Number of records held. */
  get length(): number {
    return this.len;
  }

  /** Adds a GC. */
  push(r: GcRecord): void {
    if (this.len === this.cols.t.length) {
      if (this.len >= this.capacity) this.halve();
      else this.grow(Math.min(this.capacity, this.len * 2));
    }
    const c = this.cols;
    const i = this.len++;
    c.t[i] = r.t;
    c.n[i] = r.n;
    c.start[i] = r.heapStart;
    c.live[i] = r.heapLive;
    c.goal[i] = r.goal;
    c.flags[i] = (r.forced ? 1 : 0) | (r.periodic ? 2 : 0);
    c.count[i] = r.count;
  }

  private grow(size: number): void {
    const c = this.cols;
    const g = <T extends Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.cols = { t: g(c.t), n: g(c.n), start: g(c.start), live: g(c.live), goal: g(c.goal), flags: g(c.flags), count: g(c.count) };
  }

  private halve(): void {
    const c = this.cols;
    let j = 0;
    for (let i = 0; i < this.len; i += 2, j++) {
      const k = Math.min(i + 1, this.len - 1);
      c.t[j] = c.t[i]!;
      c.n[j] = c.n[k]!;
      c.start[j] = Math.max(c.start[i]!, c.start[k]!);
      c.live[j] = c.live[k]!;
      c.goal[j] = c.goal[k]!;
      c.flags[j] = c.flags[i]! | c.flags[k]!;
      c.count[j] = k === i ? c.count[i]! : c.count[i]! + c.count[k]!;
    }
    this.len = j;
  }

  /** The records, with `shift` added to every time. */
  build(shift = 0): GcRecord[] {
    const c = this.cols;
    const out: GcRecord[] = [];
    for (let i = 0; i < this.len; i++) {
      out.push({
        t: c.t[i]! + shift, n: c.n[i]!, heapStart: c.start[i]!, heapLive: c.live[i]!, goal: c.goal[i]!,
        forced: (c.flags[i]! & 1) !== 0, periodic: (c.flags[i]! & 2) !== 0, count: c.count[i]!,
      });
    }
    return out;
  }
}

/** A setting the telemetry itself states (a probe header's `GOGC`, `go_info{version}`, a log's format). */
export interface TelemetryFact {
  /** The value as the telemetry states it (`"go1.19.8"`, `"100"`, `"madvdontneed=0"`). */
  readonly value: string;
  /** Where it was read (`metrics.json: go_info`, `gctrace.log: line layouts`). */
  readonly from: string;
}

/** What one file contributed. */
export interface FileSummary {
  readonly name: string;
  /** The reader that read it. */
  readonly format: 'gctrace' | 'prometheus' | 'csv' | 'jsonl';
  /** Lines (or, for JSON, series) read, used and skipped. */
  readonly lines: number;
  readonly used: number;
  readonly skipped: number;
  /** Series it provided, by field. */
  readonly fields: readonly TelemetryField[];
}

/** A run's telemetry on one clock. */
export interface Telemetry {
  /** The files, in the order given. */
  readonly files: readonly FileSummary[];
  /** Series by field, on the run's clock (ms). When several files have a field, the denser wins. */
  readonly series: Readonly<Partial<Record<TelemetryField, TimeSeries>>>;
  /** Where each series came from (file name). */
  readonly seriesFrom: Readonly<Partial<Record<TelemetryField, string>>>;
  /** GCs from a gctrace log, in order (empty without one). */
  readonly gcs: readonly GcRecord[];
  /** Go minor versions the trace layouts allow (intersected over all lines); empty when none tell. */
  readonly goMinors: readonly number[];
  /** Settings the files state. */
  readonly facts: Readonly<{ go?: TelemetryFact; gogc?: TelemetryFact; gomemlimit?: TelemetryFact; godebug?: TelemetryFact; kernel?: TelemetryFact; thp?: TelemetryFact; gomaxprocs?: TelemetryFact }>;
  /** How the files were put on one clock, and the process start in Unix ms when known. */
  readonly clock: { readonly originUnixMs: number | null; readonly how: string };
  /** First and last time with data (ms). */
  readonly startMs: number;
  readonly endMs: number;
  /** Damage that was tolerated, as `file:line: problem` (at most {@link MAX_WARNINGS}; `warningsDropped` counts the rest). */
  readonly warnings: readonly string[];
  readonly warningsDropped: number;
}

/** Most warnings kept verbatim. */
export const MAX_WARNINGS = 50;

/** Collects warnings up to {@link MAX_WARNINGS}, counting the rest. */
export class Warnings {
  readonly list: string[] = [];
  dropped = 0;

  /** Records `where: problem`. */
  add(where: string, problem: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(`${where}: ${problem}`);
    else this.dropped++;
  }
}
