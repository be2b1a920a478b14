/**
 * Reading a run's files and putting them on one clock: the entry point of the readers.
 *
 * Each file's format is told from its first 64 KiB (its name only breaks ties): gctrace
 * lines anywhere in it → gctrace; a first line that is a JSON sample or probe header → JSONL;
 * other JSON → a Prometheus `query_range` export; a header line with separators → CSV.
 *
 * The clock is the Go runtime's: ms since the process started. Files on it already (gctrace's
 * `@`, probe `t_ms`) stay; files in Unix time (Prometheus, dated CSV) are shifted by the
 * process start, taken from the first of: a file that states it (a probe header's
 * `start_unix_ms`, `process_start_time_seconds`, timestamps in front of gctrace lines); or the
 * GC both kinds of file saw (`go_memstats_last_gc_time_seconds` at a scrape whose GC count is
 * `n` is the end of gctrace's `gc n`: the median offset over all scrapes); or, with nothing to
 * tell, the first sample (said in `clock.how`, and warned about when files on the runtime's
 * clock are mixed in).
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';
import { chunksOf, forEachLine, type TelemetryFile } from './lines.js';
import { parseTraceLine } from '@scavsim/core';
import { COMPOSITES } from './metric-names.js';
import { CsvReader } from './read-csv.js';
import { GctraceReader } from './read-gctrace.js';
import { JsonlReader } from './read-jsonl.js';
import { PrometheusReader } from './read-prometheus.js';
import { median, SourceData, type SourceFacts } from './source.js';
import { Warnings, type FileSummary, type GcRecord, type Telemetry, type TelemetryField, type TimeSeries } from './telemetry.js';

/** How much of a file is looked at to tell its format. */
const SNIFF_CHARS = 64 * 1024;

type Format = FileSummary['format'];

/** Tells a file's format from its head (and its name, for ties). */
export function sniffFormat(name: string, head: string): Format {
  const lines = head.split(/\r\n|\r|\n/).slice(0, 400);
  if (lines.some((l) => {
    const p = parseTraceLine(l);
    return p !== null && p.kind !== 'damaged';
  })) return 'gctrace';
  const first = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  if (first.startsWith('{')) {
    try {
      const o = JSON.parse(first) as Record<string, unknown>;
      if (o !== null && typeof o === 'object' && ('header' in o || 't_ms' in o || 'ev' in o)) return 'jsonl';
      if ('status' in o || 'data' in o) return 'prometheus';
    } catch {
      // A multi-line or cut-off JSON document: a Prometheus export unless the name says JSONL.
    }
    return /\.jsonl$/i.test(name) ? 'jsonl' : 'prometheus';
  }
  if (/[,\t;|]/.test(first)) return 'csv';
  throw new ScavsimError('E_PARSE', `${name}:1`, `cannot tell the format from ${JSON.stringify(first.slice(0, 60))}`,
    'gctrace/scavtrace lines, a Prometheus query_range JSON export, CSV with a time column, or JSONL samples');
}

/** Reads one file into its {@link SourceData}. */
async function readFile(file: TelemetryFile, warnings: Warnings): Promise<SourceData> {
  const it = chunksOf(file)[Symbol.asyncIterator]();
  const head: string[] = [];
  let headLen = 0;
  let done = false;
  while (headLen < SNIFF_CHARS) {
    const r = await it.next();
    if (r.done === true) {
      done = true;
      break;
    }
    head.push(r.value);
    headLen += r.value.length;
  }
  const all: AsyncIterable<string> = {
    async *[Symbol.asyncIterator]() {
      yield* head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done === true) return;
        yield r.value;
      }
    },
  };
  const format = sniffFormat(file.name, head.join('').slice(0, SNIFF_CHARS));
  if (format === 'prometheus') {
    const reader = new PrometheusReader(file.name, warnings);
    for await (const c of all) reader.write(c);
    return reader.finish();
  }
  const reader = format === 'gctrace' ? new GctraceReader(file.name, warnings)
    : format === 'csv' ? new CsvReader(file.name, warnings) : new JsonlReader(file.name, warnings);
  await forEachLine(file.name, all, (text, n) => reader.line(text, n));
  return reader.finish();
}

/**
 * Reads the files of one run (a gctrace log, a Prometheus export, a CSV, a probe trace, in any
 * combination) and puts them on one clock.
 * @throws {@link ScavsimError} naming `file:line` (or `file: <json path>`) and the problem
 */
export async function readTelemetry(files: readonly TelemetryFile[]): Promise<Telemetry> {
  if (!Array.isArray(files) || files.length === 0) throw new ScavsimError('E_TYPE', 'files', 'no files given', 'one or more telemetry files');
  const warnings = new Warnings();
  const sources: SourceData[] = [];
  for (const f of files) sources.push(await readFile(f, warnings));
  for (const s of sources) addComposites(s);
  const { originUnixMs, how } = findOrigin(sources, warnings);
  const series: Partial<Record<TelemetryField, TimeSeries>> = {};
  const seriesFrom: Partial<Record<TelemetryField, string>> = {};
  const best = new Map<TelemetryField, SourceData>();
  for (const s of sources) {
    for (const [key, b] of s.series) {
      if (key.startsWith('go_')) continue; // composite parts
      const f = key as TelemetryField;
      const cur = best.get(f);
      if (cur === undefined || (cur.series.get(f)?.length ?? 0) < b.length) best.set(f, s);
    }
  }
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const [f, s] of best) {
    const shift = s.clock === 'unix' ? -(originUnixMs ?? 0) : 0;
    const ts = s.series.get(f)!.build(shift);
    if (f === 'LastGC') for (let i = 0; i < ts.v.length; i++) ts.v[i] = ts.v[i]! - (originUnixMs ?? 0);
    if (ts.t.length === 0) continue;
    series[f] = ts;
    seriesFrom[f] = s.name;
    // A gctrace log has a point per GC, and an idle service collects every 2 minutes: that is no gap.
    if (s.format !== 'gctrace') reportGaps(f, s.name, ts, warnings);
    startMs = Math.min(startMs, ts.t[0]!);
    endMs = Math.max(endMs, ts.t[ts.t.length - 1]!);
  }
  const gcSource = sources.filter((s) => s.gcs.length > 0).sort((a, b) => b.gcs.length - a.gcs.length)[0];
  const gcs: GcRecord[] = gcSource?.gcs.build() ?? [];
  if (gcs.length > 0) {
    startMs = Math.min(startMs, gcs[0]!.t);
    endMs = Math.max(endMs, gcs[gcs.length - 1]!.t);
  }
  if (!Number.isFinite(startMs)) {
    throw new ScavsimError('E_PARSE', files.map((f) => f.name).join(', '), 'no memory data in the files',
      'gctrace lines, or series of MemStats, /proc, Prometheus or cAdvisor memory fields');
  }
  let goMinors: number[] = [];
  for (const s of sources) {
    if (s.goMinors === null) continue;
    goMinors = goMinors.length === 0 ? s.goMinors : goMinors.filter((m) => s.goMinors!.includes(m));
  }
  const facts: SourceFacts = {};
  for (const s of sources) for (const [k, v] of Object.entries(s.facts)) facts[k as keyof SourceFacts] ??= v;
  return {
    files: sources.map((s) => ({
      name: s.name, format: s.format, lines: s.lines, used: s.used, skipped: s.skipped,
      fields: [...s.series.keys()].filter((k) => !k.startsWith('go_')) as TelemetryField[],
    })),
    series, seriesFrom, gcs, goMinors, facts,
    clock: { originUnixMs, how },
    startMs, endMs,
    warnings: warnings.list, warningsDropped: warnings.dropped,
  };
}

/** Adds MemStats fields that a file only has as `runtime/metrics` classes (unless it has them directly). */
function addComposites(s: SourceData): void {
  for (const c of COMPOSITES) {
    if (s.series.has(c.field)) continue;
    const parts = c.parts.map((p) => s.series.get(p)?.build());
    if (parts.some((p) => p === undefined)) continue;
    const first = parts[0]!;
    for (let i = 0; i < first.t.length; i++) {
      let sum = 0;
      let ok = true;
      for (const p of parts) {
        // Parts of one scrape share its timestamp.
        const j = p!.t[i] === first.t[i] ? i : p!.t.indexOf(first.t[i]!);
        if (j < 0) {
          ok = false;
          break;
        }
        sum += p!.v[j]!;
      }
      if (ok) s.add(c.field, first.t[i]!, sum, s.name);
    }
  }
}

/** The process start in Unix ms, and how it was found. */
function findOrigin(sources: readonly SourceData[], warnings: Warnings): { originUnixMs: number | null; how: string } {
  const stated = sources.find((s) => s.originUnixMs !== null);
  if (stated !== undefined) return { originUnixMs: stated.originUnixMs, how: `process start from ${stated.originHow}` };
  const unix = sources.filter((s) => s.clock === 'unix');
  const run = sources.filter((s) => s.clock === 'run');
  if (unix.length === 0) return { originUnixMs: null, how: 'ms since the Go runtime started (gctrace @ times / t_ms)' };
  const gcSource = run.find((s) => s.gcs.length > 0);
  if (gcSource !== undefined) {
    const ends = new Map<number, number>();
    for (const g of gcSource.gcs.build()) ends.set(g.n, g.t);
    const numGcEnd = new Map<number, number>();
    for (const [t, v] of pairs(gcSource.series.get('NumGC')?.build())) numGcEnd.set(v, t);
    for (const s of unix) {
      const last = s.series.get('LastGC')?.build();
      const count = s.series.get('NumGC')?.build();
      if (last === undefined || count === undefined) continue;
      const offsets: number[] = [];
      for (let i = 0; i < last.t.length; i++) {
        const j = count.t[i] === last.t[i] ? i : count.t.indexOf(last.t[i]!);
        if (j < 0) continue;
        const end = numGcEnd.get(count.v[j]!);
        if (end !== undefined && last.v[i]! > 0) offsets.push(last.v[i]! - end);
      }
      if (offsets.length > 0) {
        return {
          originUnixMs: median(offsets),
          how: `process start from matching ${s.name}'s go_memstats_last_gc_time_seconds with ${gcSource.name}'s GC end times (median of ${offsets.length} scrapes)`,
        };
      }
    }
  }
  let first = Infinity;
  for (const s of unix) for (const b of s.series.values()) { const ts = b.build(); if (ts.t.length > 0) first = Math.min(first, ts.t[0]!); }
  if (run.length > 0) {
    warnings.add(unix.map((s) => s.name).join(', '), `nothing tells when the process started relative to ${run.map((s) => s.name).join(', ')}; assumed it started at the first sample`);
  }
  return { originUnixMs: Number.isFinite(first) ? first : null, how: 'ms since the first sample (the files do not say when the process started)' };
}

/**
 * Warns about stretches without data (a scrape target down, lines lost): longer than ten usual
 * steps and than a minute. The fit bridges them in straight lines; the warning says where.
 */
function reportGaps(field: TelemetryField, file: string, ts: TimeSeries, warnings: Warnings): void {
  if (ts.t.length < 3) return;
  const steps: number[] = [];
  for (let i = 1; i < ts.t.length; i++) steps.push(ts.t[i]! - ts.t[i - 1]!);
  const usual = median(steps);
  for (let i = 1; i < ts.t.length; i++) {
    const dt = ts.t[i]! - ts.t[i - 1]!;
    if (dt > 10 * usual && dt > 60_000) {
      warnings.add(file, `${field} has no data from ${(ts.t[i - 1]! / 1000).toFixed(1)} s to ${(ts.t[i]! / 1000).toFixed(1)} s (a gap of ${(dt / 1000).toFixed(0)} s; bridged in a straight line)`);
    }
  }
}

function* pairs(ts: TimeSeries | undefined): Generator<[number, number]> {
  if (ts === undefined) return;
  for (let i = 0; i < ts.t.length; i++) yield [ts.t[i]!, ts.v[i]!];
}
