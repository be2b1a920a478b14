/**
 * Reading CSV (or TSV) telemetry, one line at a time: a header line, then one row per sample.
 *
 * Fields are split by papaparse (quoting, delimiter detection on the header line). One column
 * is the time: `t_ms` (ms since the process started), `t_s`/`seconds`/`elapsed` (seconds since
 * start), or `time`/`timestamp`/`date`/`ts`/`unix`/`epoch` holding an ISO date or Unix
 * seconds/ms (told apart by size). Every other column whose name is a MemStats, `/proc` or
 * Prometheus name (see `metric-names.ts`; a Grafana column such as
 * `go_memstats_heap_inuse_bytes{instance="a"}` counts by its metric name) becomes a series;
 * the rest are ignored. Values are numbers, or sizes with a unit (`12345 kB`, as
 * `/proc/PID/status` prints them).
 *
 * Damaged rows (too few fields, an unreadable time) are skipped and reported as `file:line`;
 * an unreadable cell drops only that cell. A file without a time column or without any
 * known column is refused.
 *
 * @module
 */
import Papa from 'papaparse';
import { ScavsimError } from '@scavsim/core';
import { fieldForColumn } from './metric-names.js';
import { SourceData, parseTimestamp } from './source.js';
import type { TelemetryField, Warnings } from './telemetry.js';

type TimeKind = 'ms-since-start' | 's-since-start' | 'absolute';

const TIME_COLUMNS: readonly [RegExp, TimeKind][] = [
  [/^t_?ms$|^time_?ms$|^elapsed_?ms$/i, 'ms-since-start'],
  [/^t_?s$|^t$|^seconds$|^elapsed(_?s)?$|^uptime(_?s)?$/i, 's-since-start'],
  [/^(time|timestamp|date|datetime|ts|unix|epoch|unix_?(ms|s)?)$/i, 'absolute'],
];

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };

/** A number, or a size with a unit (`12345 kB`); NaN when neither. */
function cellValue(cell: string): number {
  const m = /^\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*([a-zA-Z]*)\s*$/.exec(cell);
  if (m === null) return NaN;
  const unit = SIZE_UNITS[m[2]!.toLowerCase()];
  return unit === undefined ? NaN : Number(m[1]) * unit;
}

/** A line-by-line CSV reader: feed it lines, then take its {@link SourceData}. */
export class CsvReader {
  private readonly data: SourceData;
  private delimiter = ',';
  private header: string[] | null = null;
  private timeCol = -1;
  private timeKind: TimeKind = 'absolute';
  private cols: { index: number; field: TelemetryField; scale: number }[] = [];

  constructor(private readonly name: string, warnings: Warnings) {
    this.data = new SourceData(name, 'csv', 'run', warnings);
  }

  /** Reads one line (no line ending). */
  line(text: string, lineNo: number): void {
    const d = this.data;
    d.lines++;
    if (text.trim() === '' || text.startsWith('#')) return;
    if (this.header === null) {
      this.readHeader(text, lineNo);
      return;
    }
    const where = `${this.name}:${lineNo}`;
    const cells = (Papa.parse<string[]>(text, { delimiter: this.delimiter }).data[0] ?? []).map((c) => c.trim());
    if (cells.length < this.header.length) {
      d.skipped++;
      d.warnings.add(where, `${cells.length} fields where the header has ${this.header.length} (a cut-off row?); skipped`);
      return;
    }
    const t = this.time(cells[this.timeCol]!);
    if (t === null) {
      d.skipped++;
      d.warnings.add(where, `time ${JSON.stringify(cells[this.timeCol])} is not a time; row skipped`);
      return;
    }
    let any = false;
    for (const c of this.cols) {
      const cell = cells[c.index]!;
      if (cell === '' || /^(nan|null|-)$/i.test(cell)) continue;
      const v = cellValue(cell);
      if (!Number.isFinite(v)) {
        d.warnings.add(where, `${this.header[c.index]} = ${JSON.stringify(cell.slice(0, 40))} is not a number; cell skipped`);
        continue;
      }
      d.add(c.field, t, v * c.scale, where);
      any = true;
    }
    if (any) d.used++;
    else d.skipped++;
  }

  private readHeader(text: string, lineNo: number): void {
    const parsed = Papa.parse<string[]>(text, { delimitersToGuess: [',', '\t', ';', '|'] });
    this.delimiter = parsed.meta.delimiter || ',';
    const header = (parsed.data[0] ?? []).map((h) => h.trim());
    this.header = header;
    const where = `${this.name}:${lineNo}`;
    for (const [re, kind] of TIME_COLUMNS) {
      const i = header.findIndex((h) => re.test(h));
      if (i >= 0) {
        this.timeCol = i;
        this.timeKind = kind;
        break;
      }
    }
    if (this.timeCol < 0) {
      throw new ScavsimError('E_PARSE', where, `no time column among ${JSON.stringify(header.slice(0, 8))}`,
        'a header with a time column: t_ms, t_s, time, timestamp, date, unix or epoch');
    }
    const seen = new Set<TelemetryField>();
    header.forEach((h, index) => {
      if (index === this.timeCol) return;
      const m = fieldForColumn(h.replace(/\{.*\}$/, ''));
      if (m === null || seen.has(m.field)) return;
      seen.add(m.field);
      this.cols.push({ index, field: m.field, scale: m.scale });
    });
    if (this.cols.length === 0) {
      throw new ScavsimError('E_PARSE', where, `no memory column among ${JSON.stringify(header.slice(0, 8))}`,
        'MemStats names (HeapInuse, HeapReleased, ...), /proc names (VmRSS, RssAnon, LazyFree) or Prometheus names');
    }
    this.data.clock = this.timeKind === 'absolute' ? 'unix' : 'run';
  }

  /** The row's time in ms on the file's clock, or null. */
  private time(cell: string): number | null {
    const n = Number(cell);
    if (this.timeKind === 'ms-since-start') return cell !== '' && Number.isFinite(n) ? n : null;
    if (this.timeKind === 's-since-start') return cell !== '' && Number.isFinite(n) ? n * 1000 : null;
    if (cell !== '' && Number.isFinite(n)) {
      // Unix time: ms from 1e11 (1973 in ms, 5138 in s), µs from 1e14, ns from 1e17.
      if (n >= 1e17) return n / 1e6;
      if (n >= 1e14) return n / 1e3;
      if (n >= 1e11) return n;
      return n * 1000;
    }
    return parseTimestamp(cell);
  }

  /** The file's data, once every line was read. */
  finish(): SourceData {
    if (this.header === null) throw new ScavsimError('E_PARSE', `${this.name}:1`, 'the file is empty', 'a CSV header line and rows');
    return this.data;
  }
}
