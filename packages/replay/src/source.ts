/**
 * What one file yields before the files are put on one clock: its series (still on its own
 * clock), its GC log, the settings it states, and how its times relate to the process start.
 *
 * Counter resets are undone here, the way Prometheus' `increase()` does: when a counter
 * (`NumGC`, `TotalAlloc`, ...) goes down, the process restarted (or the exporter did), and
 * everything after continues from the last value before the drop. The reset is reported.
 *
 * @module
 */
import { COUNTER_FIELDS, GcLogBuilder, SeriesBuilder, type FileSummary, type TelemetryFact, type TelemetryField, type Warnings } from './telemetry.js';

/** Which clock a file's times are on. */
export type SourceClock =
  /** ms since the Go runtime started (gctrace `@`, probe `t_ms`). */
  | 'run'
  /** Unix ms (Prometheus timestamps, CSV dates). */
  | 'unix';

/** Settings a file states. */
export interface SourceFacts {
  go?: TelemetryFact;
  gogc?: TelemetryFact;
  gomemlimit?: TelemetryFact;
  godebug?: TelemetryFact;
  kernel?: TelemetryFact;
  thp?: TelemetryFact;
  gomaxprocs?: TelemetryFact;
}

/** One file's contribution, filled by a reader. */
export class SourceData {
  /** Series by field, or by raw `runtime/metrics` name for composites. */
  readonly series = new Map<string, SeriesBuilder>();
  /** The file's GC log (gctrace only). */
  readonly gcs = new GcLogBuilder();
  /** Go minors the file's trace layouts allow; null when it tells none. */
  goMinors: number[] | null = null;
  /** Settings stated by the file. */
  readonly facts: SourceFacts = {};
  /** The process start in Unix ms, when the file itself says it. */
  originUnixMs: number | null = null;
  /** What the origin was read from. */
  originHow = '';
  lines = 0;
  used = 0;
  skipped = 0;
  private readonly counters = new Map<string, { last: number; offset: number }>();

  constructor(
    /** The file's name. */
    readonly name: string,
    /** The reader. */
    readonly format: FileSummary['format'],
    /** The clock its times are on. */
    public clock: SourceClock,
    /** Where tolerated damage is reported. */
    readonly warnings: Warnings,
  ) {}

  /** Adds a value of `key` at time `t`; `where` names the place for a counter-reset warning. */
  add(key: TelemetryField | string, t: number, v: number, where: string): void {
    let s = this.series.get(key);
    const counter = COUNTER_FIELDS.has(key as TelemetryField);
    if (s === undefined) {
      s = new SeriesBuilder(counter);
      this.series.set(key, s);
    }
    if (counter) {
      const c = this.counters.get(key) ?? { last: -Infinity, offset: 0 };
      if (v < c.last) {
        this.warnings.add(where, `${key} went down from ${c.last} to ${v}: a counter reset (the process restarted?); later values continue from ${c.last}`);
        c.offset += c.last;
      }
      c.last = v;
      this.counters.set(key, c);
      v += c.offset;
    }
    s.push(t, v);
  }

  /** Sets a fact unless the file already stated it. */
  fact(key: keyof SourceFacts, value: string, from: string): void {
    if (this.facts[key] === undefined && value !== '') this.facts[key] = { value, from: `${this.name}: ${from}` };
  }
}

/** Unix ms of an ISO-8601 or Go `log` timestamp at the start of `text`, else null (no zone means UTC). */
export function parseTimestamp(text: string): number | null {
  const m = /(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?/.exec(text);
  if (m === null) return null;
  const frac = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  let ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + frac;
  const z = m[8];
  if (z !== undefined && z !== 'Z') {
    const sign = z.startsWith('-') ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(ms) ? ms : null;
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
