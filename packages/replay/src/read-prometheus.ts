/**
 * Reading a Prometheus HTTP API `query_range` response: the JSON a user exports from
 * Prometheus (`/api/v1/query_range`) or from Grafana's query inspector.
 *
 * Shape (prometheus/docs/querying/api.md): `{"status":"success","data":{"resultType":"matrix",
 * "result":[{"metric":{"__name__":…, labels…},"values":[[<unix s>,"<value>"],…]},…]}}`. An
 * instant query's `vector` (`"value"` instead of `"values"`) is read as one point per series.
 * Metric names map to fields by `metric-names.ts`; `go_info{version}`, `go_gc_gogc_percent`,
 * `go_gc_gomemlimit_bytes` state settings and `process_start_time_seconds` the process start.
 * Values `NaN` (staleness markers) and `±Inf` are gaps, not data.
 *
 * The document is streamed: `@streamparser/json` (a tokenizer that works in browsers) hands
 * each series' labels and then each `[t, "v"]` pair to this reader as it is parsed, and each is
 * dropped once read (`keepStack: false`), so memory is that of the series kept (bounded by
 * `telemetry.ts`), not of the file: a multi-GiB export is read in flat memory. Native
 * histograms (`"histograms"`) are streamed past the same way. Labels come before values in
 * every export Prometheus and Grafana write (and in `jq -S`'s sorted order); values that come
 * first are held until the series' labels arrive.
 *
 * A syntax error (a cut-off export, a stray character) names `file:line:column` and the byte
 * offset; a malformed part of the document names its JSON path (`$.data.result[3].values[7]`).
 * One process per replay: a metric with several label sets (two instances, two containers) is
 * refused, naming them.
 *
 * @module
 */
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { ScavsimError } from '@scavsim/core';
import { COMPOSITE_PARTS, PROMETHEUS_FIELDS, PROMETHEUS_SETTINGS } from './metric-names.js';
import { SourceData } from './source.js';
import type { Warnings } from './telemetry.js';

/** Labels that tell series of one metric apart without making them another process. */
const IGNORED_LABELS = new Set(['__name__', 'quantile', 'le']);

/** The only parts of the document the reader is handed; everything else is parsed past and dropped. */
const PATHS = [
  '$.status', '$.error', '$.data.resultType',
  '$.data.result.*.metric', '$.data.result.*.values.*', '$.data.result.*.value', '$.data.result.*.histograms.*',
];

/** What a series' points are for, decided from its labels. */
type Sink =
  | { kind: 'skip' }
  | { kind: 'go-info' }
  | { kind: 'start' }
  | { kind: 'last'; fact: 'gogc' | 'gomemlimit' }
  | { kind: 'series'; key: string; scale: number; composite: string | null };

/** The chunk being tokenized and the one before it, to turn a byte offset into a line and column. */
interface ChunkMark {
  readonly text: string;
  readonly bytes: Uint8Array;
  /** Byte offset of the chunk's start in the file. */
  readonly start: number;
  /** Line number (1-based) at the chunk's start. */
  readonly line: number;
  /** Characters since that line's start, at the chunk's start. */
  readonly col: number;
}

const settingNames = new Set<string>(Object.values(PROMETHEUS_SETTINGS));

/** A streaming `query_range` reader: `write` chunks in order, then `finish`. */
export class PrometheusReader {
  private readonly data: SourceData;
  private readonly tokenizer = new Tokenizer({ stringBufferSize: 64 * 1024, numberBufferSize: 64 * 1024 });
  private readonly parser = new TokenParser({ paths: PATHS, keepStack: false });
  private readonly encoder = new TextEncoder();
  private lastTokenOffset = 0;
  private bytesIn = 0;
  private prev: ChunkMark | null = null;
  private cur: ChunkMark | null = null;
  private firstToken = true;
  private status: unknown;
  private errorText: unknown;
  private resultType: unknown;
  /** The series being read: its index, what its points are for, how many were read, points that came before its labels. */
  private series = -1;
  private sink: Sink | null = null;
  private points = 0;
  private early: [unknown, string][] = [];
  private lastValue: number | null = null;
  private readonly labelsOf = new Map<string, string>();
  private readonly fieldOwner = new Map<string, string>();

  constructor(private readonly name: string, warnings: Warnings) {
    this.data = new SourceData(name, 'prometheus', 'unix', warnings);
    this.tokenizer.onToken = (t) => {
      this.lastTokenOffset = t.offset;
      if (this.firstToken) {
        this.firstToken = false;
        if (t.token !== TokenType.LEFT_BRACE) throw new ScavsimError('E_TYPE', `${name}: $`, 'expected a JSON object', 'a Prometheus query_range response {"status":"success","data":{...}}');
      }
      this.parser.write(t);
    };
    this.parser.onValue = ({ value, key, stack }) => this.value(value, key, stack);
    // Wired as the library's own JSONParser wires them: each side's end ends the other.
    this.tokenizer.onEnd = () => {
      if (!this.parser.isEnded) this.parser.end();
    };
    this.parser.onEnd = () => {
      if (!this.tokenizer.isEnded) this.tokenizer.end();
    };
  }

  /** Reads the next piece of the document (any split). */
  write(chunk: string): void {
    const bytes = this.encoder.encode(chunk);
    const at = this.cur === null ? { line: 1, col: 0 } : endOf(this.cur);
    this.prev = this.cur;
    this.cur = { text: chunk, bytes, start: this.bytesIn, line: at.line, col: at.col };
    this.bytesIn += bytes.length;
    if (this.tokenizer.isEnded) {
      if (chunk.trim() === '') return;
      throw this.syntaxError(this.cur.start + (bytes.length - this.encoder.encode(chunk.trimStart()).length), 'text after the end of the JSON document');
    }
    this.guard(() => this.tokenizer.write(bytes));
  }

  /**
   * Ends the document and returns what was read.
   * @throws {@link ScavsimError} naming the file and the place for a cut-off or malformed export
   */
  finish(): SourceData {
    if (!this.tokenizer.isEnded) this.guard(() => this.tokenizer.end());
    if (this.firstToken) throw new ScavsimError('E_PARSE', `${this.name}:1`, 'the file is empty', 'a Prometheus query_range response');
    if (this.status === 'error') throw new ScavsimError('E_PARSE', `${this.name}: $.status`, `the export is an error response: ${String(this.errorText)}`, 'a successful query');
    if (this.resultType === undefined) throw new ScavsimError('E_TYPE', `${this.name}: $.data.resultType`, 'missing', 'a query_range response with data.resultType and data.result');
    this.endSeries();
    return this.data;
  }

  /** Runs the tokenizer, turning its and the token parser's errors into `file:line:col` ones. */
  private guard(run: () => void): void {
    try {
      run();
    } catch (e) {
      if (e instanceof ScavsimError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      const abs = /absolute position "(\d+)"/.exec(msg);
      const ended = /ended in the middle|ended in mid-parsing/i.test(msg);
      const pos = abs !== null ? Number(abs[1]) : ended ? this.bytesIn : this.lastTokenOffset;
      const what = ended ? 'the document ends in the middle (a truncated export?)' : `not valid JSON (${msg.replace(/ at chunk position.*$| in state \w+$/, '').replace(/^Unexpected [A-Z_]+ \((.*)\)$/, 'Unexpected $1').toLowerCase()})`;
      throw this.syntaxError(pos, what);
    }
  }

  /** A syntax error at byte `pos`, named `file:line:col` when the byte is in the last two chunks. */
  private syntaxError(pos: number, what: string): ScavsimError {
    const mark = [this.cur, this.prev].find((m) => m !== null && pos >= m.start && pos <= m.start + m.bytes.length);
    let where = `${this.name}: byte ${pos}`;
    if (mark !== undefined && mark !== null) {
      const lc = endOf({ ...mark, text: new TextDecoder().decode(mark.bytes.subarray(0, pos - mark.start)) });
      where = `${this.name}:${lc.line}:${lc.col + 1}`;
    }
    return new ScavsimError('E_PARSE', where, `${what} at byte ${pos}`, 'a Prometheus query_range response');
  }

  /** A value at one of {@link PATHS}; `stack` holds the keys of its containers, outermost first. */
  private value(value: unknown, key: unknown, stack: readonly { readonly key?: unknown }[]): void {
    const depth = stack.length;
    if (depth === 1) {
      if (key === 'status') this.status = value;
      else this.errorText = value;
      return;
    }
    if (depth === 2) {
      this.resultType = value;
      if (value !== 'matrix' && value !== 'vector') {
        throw new ScavsimError('E_TYPE', `${this.name}: $.data.resultType`, `is ${JSON.stringify(value)}`, '"matrix" (query_range) or "vector"');
      }
      return;
    }
    const i = stack[3]!.key;
    if (typeof i !== 'number') throw new ScavsimError('E_TYPE', `${this.name}: $.data.result`, 'expected an array', 'an array of series');
    if (i !== this.series) {
      this.endSeries();
      this.series = i;
    }
    const at = `${this.name}: $.data.result[${i}]`;
    if (key === 'metric') this.labels(value, at);
    else if (stack[4]?.key === 'histograms') return;
    else if (key === 'value') this.point(value, `${at}.value`);
    else this.point(value, `${at}.values[${String(key)}]`);
  }

  private endSeries(): void {
    if (this.series < 0) return;
    const at = `${this.name}: $.data.result[${this.series}]`;
    if (this.sink === null) throw new ScavsimError('E_TYPE', `${at}.metric`, 'missing', 'a series {"metric":{...},"values":[...]}');
    if (this.sink.kind === 'last' && this.lastValue !== null) {
      const v = this.lastValue;
      // A negative GOGC is off; math.MaxInt64 means no memory limit.
      if (this.sink.fact === 'gogc') this.data.fact('gogc', v < 0 ? 'off' : String(v), PROMETHEUS_SETTINGS.gogc);
      else if (v < 2 ** 62) this.data.fact('gomemlimit', String(Math.round(v)), PROMETHEUS_SETTINGS.gomemlimit);
    }
    if (this.points === 0 && this.sink.kind !== 'skip' && this.sink.kind !== 'go-info') this.data.warnings.add(at, 'a series without points');
    this.sink = null;
    this.points = 0;
    this.lastValue = null;
  }

  /** A series' labels: decides what its points are for. */
  private labels(value: unknown, at: string): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ScavsimError('E_TYPE', `${at}.metric`, 'expected an object of labels', 'a series {"metric":{...},"values":[...]}');
    const metric = value as Record<string, unknown>;
    const d = this.data;
    d.lines++;
    const metricName = typeof metric['__name__'] === 'string' ? metric['__name__'] : '';
    const known = PROMETHEUS_FIELDS[metricName];
    if ((known === undefined && !COMPOSITE_PARTS.has(metricName) && !settingNames.has(metricName)) || 'quantile' in metric || 'le' in metric) {
      d.skipped++;
      this.sink = { kind: 'skip' };
    } else {
      const labelKey = Object.entries(metric).filter(([k]) => !IGNORED_LABELS.has(k)).map(([k, v]) => `${k}="${String(v)}"`).sort().join(',');
      const seen = this.labelsOf.get(metricName);
      if (seen !== undefined && seen !== labelKey) {
        throw new ScavsimError('E_CONFLICT', `${at}.metric`, `${metricName} has several series ({${seen}} and {${labelKey}}): one replay is one process`,
          'an export of one process (filter by instance, pod or container)');
      }
      this.labelsOf.set(metricName, labelKey);
      d.used++;
      this.sink = this.sinkOf(metricName, metric, known);
    }
    const early = this.early;
    this.early = [];
    for (const [p, where] of early) this.point(p, where);
  }

  private sinkOf(metricName: string, metric: Record<string, unknown>, known: { field: string; scale?: number } | undefined): Sink {
    if (metricName === PROMETHEUS_SETTINGS.goInfo) {
      if (typeof metric['version'] === 'string') this.data.fact('go', metric['version'], 'go_info{version}');
      return { kind: 'go-info' };
    }
    if (metricName === PROMETHEUS_SETTINGS.processStart) return { kind: 'start' };
    if (metricName === PROMETHEUS_SETTINGS.gogc) return { kind: 'last', fact: 'gogc' };
    if (metricName === PROMETHEUS_SETTINGS.gomemlimit) return { kind: 'last', fact: 'gomemlimit' };
    const key = known?.field ?? metricName;
    // Two names of one quantity (go_memstats_alloc_bytes and _heap_alloc_bytes): the first read wins.
    const owner = this.fieldOwner.get(key);
    const mine = owner === undefined || owner === metricName;
    this.fieldOwner.set(key, owner ?? metricName);
    const composite = known !== undefined && COMPOSITE_PARTS.has(metricName) ? metricName : null;
    return mine ? { kind: 'series', key, scale: known?.scale ?? 1, composite } : composite !== null ? { kind: 'series', key: metricName, scale: 1, composite: null } : { kind: 'skip' };
  }

  /** One `[unix seconds, "value"]` pair. */
  private point(p: unknown, where: string): void {
    const sink = this.sink;
    if (sink === null) {
      this.early.push([p, where]);
      return;
    }
    this.points++;
    if (sink.kind === 'skip' || sink.kind === 'go-info') return;
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || !Number.isFinite(p[0])) {
      throw new ScavsimError('E_TYPE', where, `expected [unix seconds, "value"], got ${JSON.stringify(p)?.slice(0, 60)}`, 'a [number, string] pair');
    }
    const raw: unknown = p[1];
    if (typeof raw === 'string' && !/^[-+]?(?:\d|\.\d|Inf|NaN)/i.test(raw)) {
      throw new ScavsimError('E_PARSE', where, `value ${JSON.stringify(raw)} is not a number`, 'a decimal number as a string');
    }
    const v = typeof raw === 'string' ? Number(raw) : typeof raw === 'number' ? raw : NaN;
    if (!Number.isFinite(v)) return;
    const t = p[0];
    if (sink.kind === 'start') {
      // The start time is the same number in every scrape of one process; a change means a restart: keep the last.
      this.data.originUnixMs = v * 1000;
      this.data.originHow = `${this.name}: process_start_time_seconds`;
    } else if (sink.kind === 'last') this.lastValue = v;
    else {
      if (sink.composite !== null) this.data.add(sink.composite, t * 1000, v, where);
      this.data.add(sink.key, t * 1000, v * sink.scale, where);
    }
  }
}

/** Line and column (characters since the line's start) at the end of a chunk. */
function endOf(m: Pick<ChunkMark, 'text' | 'line' | 'col'>): { line: number; col: number } {
  let line = m.line;
  let last = -1;
  for (let i = m.text.indexOf('\n'); i >= 0; i = m.text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, col: last < 0 ? m.col + m.text.length : m.text.length - last - 1 };
}
