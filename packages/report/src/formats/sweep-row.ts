/**
 * One row of a sweep (`scavsim sweep`): the grid point a run was made with, and the figures
 * that decide whether a service shows the incident.
 *
 * The figures are those of the run's first process in config order (the Go service every
 * teaching scenario puts first): peak and end RSS, end LazyFree and HeapReleased, the time RSS
 * took to fall from its peak to half of it (none when it never did: the MADV_FREE incident),
 * and when the OOM killer killed it (none when it did not). Rows serialise as JSONL (lossless,
 * what `sweep merge` reads) or CSV (one column per grid key, then the figures).
 *
 * @module
 */
import { ScavsimError, type RunResult } from '@scavsim/core';
import { csvCell } from './csv.js';
import { processesOf } from './processes.js';
import { processFigures } from './summary.js';

/** What a sweep measures for one run. */
export interface SweepFigures {
  readonly peak_rss_bytes: number | null;
  readonly end_rss_bytes: number | null;
  readonly end_lazyfree_bytes: number | null;
  readonly end_heap_released_bytes: number | null;
  /** Simulated ms from the RSS peak until RSS first fell to half of it; null if it never did. */
  readonly time_to_half_ms: number | null;
  /** Simulated ms of the OOM kill; null without one. */
  readonly oom_kill_ms: number | null;
}

/** Names of {@link SweepFigures}, in column order. */
export const SWEEP_FIGURES = [
  'peak_rss_bytes', 'end_rss_bytes', 'end_lazyfree_bytes', 'end_heap_released_bytes', 'time_to_half_ms', 'oom_kill_ms',
] as const satisfies readonly (keyof SweepFigures)[];

/** One run of a sweep. */
export interface SweepRow extends SweepFigures {
  /** Position of the grid point in the whole grid (0-based), whatever the shard. */
  readonly index: number;
  /** The grid point as written in the grid file (`{ scenario: "incident-go1.15", go: "1.16" }`). */
  readonly point: Readonly<Record<string, string>>;
  /** Why the point could not run (the figures are then null), or null. */
  readonly error: string | null;
}

/** The figures of a point that could not run. */
export const NO_FIGURES: SweepFigures = {
  peak_rss_bytes: null, end_rss_bytes: null, end_lazyfree_bytes: null, end_heap_released_bytes: null, time_to_half_ms: null, oom_kill_ms: null,
};

/** The figures of a run's first process. */
export function sweepFigures(result: RunResult): SweepFigures {
  const first = processFigures(result)[0];
  if (first === undefined) return NO_FIGURES;
  let timeToHalf: number | null = null;
  const { peakRss, peakRssAt } = first;
  if (peakRss !== undefined && peakRssAt !== undefined) {
    const samples = processesOf(result)[0]!.samples;
    const after = samples.find((s) => s.t_ms > peakRssAt && s.VmRSS !== undefined && s.VmRSS <= peakRss / 2);
    if (after !== undefined) timeToHalf = after.t_ms - peakRssAt;
  }
  return {
    peak_rss_bytes: first.peakRss ?? null,
    end_rss_bytes: first.end.VmRSS ?? null,
    end_lazyfree_bytes: first.end.LazyFree ?? null,
    end_heap_released_bytes: first.end.HeapReleased ?? null,
    time_to_half_ms: timeToHalf,
    oom_kill_ms: first.oomKill?.t_ms ?? null,
  };
}

/** A row as one JSONL line (with its newline). */
export function sweepRowJsonl(row: SweepRow): string {
  return `${JSON.stringify({ index: row.index, point: row.point, ...Object.fromEntries(SWEEP_FIGURES.map((k) => [k, row[k]])), error: row.error })}\n`;
}

/** The CSV header line for a grid with these keys (with its newline). */
export function sweepCsvHeader(keys: readonly string[]): string {
  return `${['index', ...keys, ...SWEEP_FIGURES, 'error'].map(csvCell).join(',')}\n`;
}

/** A row as one CSV line in the column order of {@link sweepCsvHeader} (empty cell for null). */
export function sweepRowCsv(row: SweepRow, keys: readonly string[]): string {
  return `${[String(row.index), ...keys.map((k) => row.point[k] ?? ''), ...SWEEP_FIGURES.map((k) => (row[k] === null ? '' : String(row[k]))), row.error ?? ''].map(csvCell).join(',')}\n`;
}

/**
 * Parses one JSONL row written by {@link sweepRowJsonl}.
 * @param where `<file>:<line>`, named in errors
 * @throws {@link ScavsimError} naming `where` for a line that is not such a row
 */
export function parseSweepRow(line: string, where: string): SweepRow {
  let d: unknown;
  try {
    d = JSON.parse(line);
  } catch {
    throw new ScavsimError('E_PARSE', where, 'not JSON', 'a row written by scavsim sweep --format jsonl');
  }
  const o = d as Record<string, unknown> | null;
  const ok = o !== null && typeof o === 'object' && Number.isSafeInteger(o['index']) && (o['index'] as number) >= 0
    && o['point'] !== null && typeof o['point'] === 'object' && !Array.isArray(o['point'])
    && Object.values(o['point'] as object).every((v) => typeof v === 'string')
    && SWEEP_FIGURES.every((k) => o[k] === null || typeof o[k] === 'number')
    && (o['error'] === null || typeof o['error'] === 'string');
  if (!ok) throw new ScavsimError('E_TYPE', where, 'not a sweep row', '{"index":N,"point":{...},"peak_rss_bytes":...}');
  const figures = Object.fromEntries(SWEEP_FIGURES.map((k) => [k, o[k] as number | null])) as unknown as SweepFigures;
  return { index: o['index'] as number, point: o['point'] as Record<string, string>, ...figures, error: o['error'] as string | null };
}
