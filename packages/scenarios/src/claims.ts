/**
 * Small readers over a run's samples and events, for writing scenario claims.
 *
 * @module
 */
import type { RunResult, Sample, SimEvent } from '@scavsim/core';
import { formatBytes } from '@scavsim/core';

/** The samples of one process (the only process when `process` is undefined). */
export function samplesOf(r: RunResult, process?: string): readonly Sample[] {
  return process === undefined ? r.samples.filter((s) => s.process === undefined || s.process === r.samples[0]?.process) : r.samples.filter((s) => s.process === process);
}

/** A numeric field of a sample (0 when absent). */
export function num(s: Sample | undefined, field: string): number {
  const v = s?.[field];
  return typeof v === 'number' ? v : 0;
}

/** The last sample at or before `tMs`. */
export function at(samples: readonly Sample[], tMs: number): Sample | undefined {
  let found: Sample | undefined;
  for (const s of samples) {
    if (s.t_ms > tMs) break;
    found = s;
  }
  return found;
}

/** The last sample. */
export function last(samples: readonly Sample[]): Sample | undefined {
  return samples[samples.length - 1];
}

/** Largest value of a field over the samples. */
export function peak(samples: readonly Sample[], field: string): number {
  let m = 0;
  for (const s of samples) m = Math.max(m, num(s, field));
  return m;
}

/** Smallest value of a field over the samples. */
export function trough(samples: readonly Sample[], field: string): number {
  let m = Infinity;
  for (const s of samples) m = Math.min(m, num(s, field));
  return m === Infinity ? 0 : m;
}

/** First time (ms) a predicate holds, or undefined. */
export function firstTime(samples: readonly Sample[], pred: (s: Sample) => boolean): number | undefined {
  for (const s of samples) if (pred(s)) return s.t_ms;
  return undefined;
}

/** Events of a kind (and process). */
export function eventsOf(r: RunResult, kind: SimEvent['kind'], process?: string): readonly SimEvent[] {
  return r.events.filter((e) => e.kind === kind && (process === undefined || e.process === process));
}

/** Time (ms) a phase began in a process, or undefined. */
export function phaseStart(r: RunResult, name: string, process?: string): number | undefined {
  return eventsOf(r, 'phase', process).find((e) => e.detail?.['name'] === name)?.t_ms;
}

/** Formats a sample's fields as "VmRSS 2.91 GiB, HeapInuse 104.0 MiB". */
export function describe(s: Sample | undefined, fields: readonly string[]): string {
  return fields.map((f) => `${f} ${formatBytes(num(s, f))}`).join(', ');
}
