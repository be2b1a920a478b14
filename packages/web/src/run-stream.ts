/**
 * The worker's side of a run: columns recorded as the engine samples (a `RunSink`), handed
 * over in chunks, and the summary at the end.
 *
 * Samples arrive in output order (time, then process; core `engine/recorder.ts`), so a sample
 * later than the last row opens a row and every process's sample at that moment fills its
 * place in it. An event counts in the row of the first sample at or after it: one that comes
 * before the sample of its millisecond waits for that row, one that comes after it (a tie,
 * which the sink may deliver on either side) joins the last row.
 *
 * @module
 */
import type { RunHeader, RunResult, Sample, SimConfig, SimEvent } from '@scavsim/core';
import { processFigures, soleProcessName } from '@scavsim/report';
import { fieldsOf, MARK_KINDS, RunBuffer, type ProcessSummary, type RunChunk, type RunData, type RunLayout } from './run-data.js';

const MARK_INDEX = new Map<string, number>(MARK_KINDS.map((k, i) => [k, i]));

/** The layout of a run from its header (the config's processes, Go ones first). */
export function layoutOf(header: RunHeader, durationMs: number): RunLayout {
  const config = header.config as SimConfig;
  const str = (x: unknown): string => (typeof x === 'string' ? x : '');
  const procs = config.processes.map((p) => ({ name: p.name, kind: p.kind === 'go' ? 'go' as const : 'plain' as const }));
  return {
    scenario: header.scenario, go_version: str(header['go_version']), kernel: str(header['kernel']), GODEBUG: str(header['GODEBUG']),
    seed: header.seed, durationMs,
    processes: [...procs.filter((p) => p.kind === 'go'), ...procs.filter((p) => p.kind === 'plain')],
  };
}

/** A column being filled: a typed array that doubles when full. */
class Column {
  a: Float64Array;
  constructor(capacity: number) {
    this.a = new Float64Array(capacity).fill(Number.NaN);
  }
  grow(n: number): void {
    if (n <= this.a.length) return;
    const b = new Float64Array(Math.max(n, this.a.length * 2)).fill(Number.NaN);
    b.set(this.a);
    this.a = b;
  }
}

/** Records a run's samples and events into columns; {@link flush} hands over the rows so far. */
export class ColumnRecorder {
  private readonly index = new Map<string, number>();
  private readonly sole: string;
  private capacity = 256;
  private rows = 0;
  private lastT = Number.NEGATIVE_INFINITY;
  private t!: Column;
  private cols!: Column[][];
  private marks!: Uint32Array[];
  /** Events waiting for the row of the next sample. */
  private readonly pending = new Uint32Array(MARK_KINDS.length);

  constructor(readonly layout: RunLayout, header: RunHeader) {
    layout.processes.forEach((p, i) => this.index.set(p.name, i));
    this.sole = soleProcessName({ header, samples: [], events: [], killed: [] });
    this.reset();
  }

  private reset(): void {
    this.rows = 0;
    this.t = new Column(this.capacity);
    this.cols = this.layout.processes.map((p) => fieldsOf(p.kind).map(() => new Column(this.capacity)));
    this.marks = MARK_KINDS.map(() => new Uint32Array(this.capacity));
  }

  /** The sink's `onSample`. */
  readonly onSample = (s: Sample): void => {
    const p = this.index.get(s.process ?? this.sole);
    if (p === undefined) return;
    if (s.t_ms > this.lastT) this.openRow(s.t_ms);
    const fields = fieldsOf(this.layout.processes[p]!.kind);
    const cols = this.cols[p]!;
    const row = this.rows - 1;
    for (let f = 0; f < fields.length; f++) {
      const v = s[fields[f]!];
      if (typeof v === 'number') cols[f]!.a[row] = v;
    }
  };

  /** The sink's `onEvent`. */
  readonly onEvent = (e: SimEvent): void => {
    const k = MARK_INDEX.get(e.kind);
    if (k === undefined) return;
    if (e.t_ms <= this.lastT && this.rows > 0) this.marks[k]![this.rows - 1]! += 1;
    else this.pending[k]! += 1;
  };

  private openRow(tMs: number): void {
    if (this.rows === this.t.a.length) {
      const n = this.rows * 2;
      this.t.grow(n);
      for (const p of this.cols) for (const c of p) c.grow(n);
      this.marks = this.marks.map((m) => { const b = new Uint32Array(n); b.set(m); return b; });
      this.capacity = n;
    }
    this.t.a[this.rows] = tMs;
    for (let k = 0; k < this.pending.length; k++) {
      this.marks[k]![this.rows] = this.pending[k]!;
      this.pending[k] = 0;
    }
    this.rows++;
    this.lastT = tMs;
  }

  /**
   * The rows since the last flush, as arrays of their own to transfer. The last row stays
   * behind until the end of the run (a later process's sample, or an event tied with it, may
   * still join it); at the end, events after the last sample join the last row.
   */
  flush(end = false): RunChunk {
    if (end && this.rows > 0) for (let k = 0; k < this.pending.length; k++) { this.marks[k]![this.rows - 1]! += this.pending[k]!; this.pending[k] = 0; }
    const n = end ? this.rows : Math.max(0, this.rows - 1);
    const chunk: RunChunk = {
      t: this.t.a.slice(0, n),
      cols: this.cols.map((p) => p.map((c) => c.a.slice(0, n))),
      marks: this.marks.map((m) => m.slice(0, n)),
    };
    const carry = this.rows - n;
    const [t, cols, marks] = [this.t, this.cols, this.marks];
    this.reset();
    if (carry === 1) {
      this.t.a[0] = t.a[n]!;
      cols.forEach((p, i) => p.forEach((c, j) => { this.cols[i]![j]!.a[0] = c.a[n]!; }));
      marks.forEach((m, k) => { this.marks[k]![0] = m[n]!; });
      this.rows = 1;
    }
    return chunk;
  }
}

const orNull = (x: number | undefined): number | null => (x === undefined ? null : x);

/** The CLI summary's figures (report's `processFigures`) for each process of the layout. */
export function summaryOf(result: RunResult, layout: RunLayout): ProcessSummary[] {
  const figures = new Map(processFigures(result).map((p) => [p.name, p]));
  return layout.processes.map(({ name }): ProcessSummary => {
    const p = figures.get(name);
    return {
      process: name, peakVmRSS: orNull(p?.peakRss), peakVmRSSAt_ms: orNull(p?.peakRssAt),
      VmRSS: orNull(p?.end.VmRSS), HeapInuse: orNull(p?.end.HeapInuse), HeapReleased: orNull(p?.end.HeapReleased),
      LazyFree: orNull(p?.end.LazyFree), GCs: orNull(p?.gcs),
    };
  });
}

/** Feeds a finished run's samples and events to a recorder in the order a sink would have had them (each event before the first later sample). */
export function replayInto(result: RunResult, rec: ColumnRecorder): void {
  let e = 0;
  for (const s of result.samples) {
    while (e < result.events.length && result.events[e]!.t_ms < s.t_ms) rec.onEvent(result.events[e++]!);
    rec.onSample(s);
  }
  while (e < result.events.length) rec.onEvent(result.events[e++]!);
}

/** A finished run as the page's data in one piece (the result's samples and events recorded as the sink would have had them). */
export function runData(result: RunResult): RunData {
  const layout = layoutOf(result.header, result.samples.at(-1)?.t_ms ?? 0);
  const rec = new ColumnRecorder(layout, result.header);
  replayInto(result, rec);
  const buf = new RunBuffer(layout);
  buf.append(rec.flush(true));
  buf.finish(summaryOf(result, layout));
  return buf.data();
}
