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
 * JSON is parsed whole, so the file's size is bounded ({@link MAX_JSON_CHARS}); a larger export
 * is refused with that size named (export a shorter range or a longer step). A syntax error
 * names the line and column; a malformed part of the document names its JSON path. One
 * process per replay: a metric with several label sets (two instances, two containers) is
 * refused, naming them.
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';
import { COMPOSITE_PARTS, PROMETHEUS_FIELDS, PROMETHEUS_SETTINGS } from './metric-names.js';
import { SourceData } from './source.js';
import type { Warnings } from './telemetry.js';

/** The largest JSON export read (characters). */
export const MAX_JSON_CHARS = 256 * 1024 * 1024;

/** Labels that tell series of one metric apart without making them another process. */
const IGNORED_LABELS = new Set(['__name__', 'quantile', 'le']);

/** Line and column of character `pos` in `text` (1-based). */
function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, col: pos - last };
}

/** Collects a JSON file's chunks up to {@link MAX_JSON_CHARS}. */
export async function collectJson(name: string, chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  let size = 0;
  for await (const c of chunks) {
    size += c.length;
    if (size > MAX_JSON_CHARS) {
      throw new ScavsimError('E_RANGE', name, `the JSON export is larger than ${MAX_JSON_CHARS / 1024 / 1024} MiB`,
        'a query_range export of at most 256 MiB (export a shorter range, a longer step, or fewer metrics)');
    }
    parts.push(c);
  }
  return parts.join('');
}

/**
 * Reads a `query_range` response's text.
 * @throws {@link ScavsimError} naming `file:line:col` for a syntax error, `file: <json path>` for a wrong shape
 */
export function readPrometheus(name: string, text: string, warnings: Warnings): SourceData {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const at = lc !== null ? `${lc[1]}:${lc[2]}` : pos !== null ? (({ line, col }) => `${line}:${col}`)(lineCol(text, Number(pos[1]))) : '1';
    throw new ScavsimError('E_PARSE', `${name}:${at}`, `not valid JSON (${msg.replace(/^.*?: /, '')}); a truncated export?`, 'a Prometheus query_range response');
  }
  const d = new SourceData(name, 'prometheus', 'unix', warnings);
  const obj = doc as { status?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } } | null;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new ScavsimError('E_TYPE', `${name}: $`, 'expected a JSON object', 'a Prometheus query_range response {"status":"success","data":{...}}');
  }
  if (obj.status === 'error') throw new ScavsimError('E_PARSE', `${name}: $.status`, `the export is an error response: ${String(obj.error)}`, 'a successful query');
  const data = obj.data;
  if (data === null || typeof data !== 'object') throw new ScavsimError('E_TYPE', `${name}: $.data`, 'missing', 'a query_range response with data.result');
  if (data.resultType !== 'matrix' && data.resultType !== 'vector') {
    throw new ScavsimError('E_TYPE', `${name}: $.data.resultType`, `is ${JSON.stringify(data.resultType)}`, '"matrix" (query_range) or "vector"');
  }
  if (!Array.isArray(data.result)) throw new ScavsimError('E_TYPE', `${name}: $.data.result`, 'expected an array', 'an array of series');
  const labelsOf = new Map<string, string>();
  const startCandidates: number[] = [];
  const fieldOwner = new Map<string, string>();
  data.result.forEach((series: unknown, i: number) => {
    const path = `${name}: $.data.result[${i}]`;
    const s = series as { metric?: Record<string, unknown>; values?: unknown; value?: unknown } | null;
    if (s === null || typeof s !== 'object' || s.metric === null || typeof s.metric !== 'object') {
      throw new ScavsimError('E_TYPE', `${path}.metric`, 'missing', 'a series {"metric":{...},"values":[...]}');
    }
    d.lines++;
    const metric = s.metric;
    const metricName = typeof metric['__name__'] === 'string' ? metric['__name__'] : '';
    const known = PROMETHEUS_FIELDS[metricName];
    const settings = Object.values(PROMETHEUS_SETTINGS) as string[];
    if (known === undefined && !COMPOSITE_PARTS.has(metricName) && !settings.includes(metricName)) {
      d.skipped++;
      return;
    }
    const labelKey = Object.entries(metric).filter(([k]) => !IGNORED_LABELS.has(k)).map(([k, v]) => `${k}="${String(v)}"`).sort().join(',');
    if ('quantile' in metric || 'le' in metric) {
      d.skipped++;
      return;
    }
    const seen = labelsOf.get(metricName);
    if (seen !== undefined && seen !== labelKey) {
      throw new ScavsimError('E_CONFLICT', `${path}.metric`, `${metricName} has several series ({${seen}} and {${labelKey}}): one replay is one process`,
        'an export of one process (filter by instance, pod or container)');
    }
    labelsOf.set(metricName, labelKey);
    const points = pointsOf(s, path);
    d.used++;
    if (metricName === PROMETHEUS_SETTINGS.goInfo) {
      if (typeof metric['version'] === 'string') d.fact('go', metric['version'], 'go_info{version}');
      return;
    }
    if (metricName === PROMETHEUS_SETTINGS.processStart) {
      for (const [, v] of points) startCandidates.push(v * 1000);
      return;
    }
    if (metricName === PROMETHEUS_SETTINGS.gogc) {
      const last = points[points.length - 1];
      if (last !== undefined) d.fact('gogc', last[1] < 0 ? 'off' : String(last[1]), metricName);
      return;
    }
    if (metricName === PROMETHEUS_SETTINGS.gomemlimit) {
      const last = points[points.length - 1];
      // math.MaxInt64 means no limit.
      if (last !== undefined && last[1] < 2 ** 62) d.fact('gomemlimit', String(Math.round(last[1])), metricName);
      return;
    }
    if (known !== undefined && COMPOSITE_PARTS.has(metricName)) {
      points.forEach(([t, v], j) => d.add(metricName, t * 1000, v, `${path}.values[${j}]`));
    }
    const key = known?.field ?? metricName;
    // Two names of one quantity (go_memstats_alloc_bytes and _heap_alloc_bytes): the first read wins.
    const owner = fieldOwner.get(key);
    if (owner !== undefined && owner !== metricName) return;
    fieldOwner.set(key, metricName);
    const scale = known?.scale ?? 1;
    points.forEach(([t, v], j) => d.add(key, t * 1000, v * scale, `${path}.values[${j}]`));
  });
  if (startCandidates.length > 0) {
    // The start time is the same number in every scrape of one process; a change means a restart: keep the last.
    d.originUnixMs = startCandidates[startCandidates.length - 1]!;
    d.originHow = `${name}: process_start_time_seconds`;
  }
  return d;
}

function pointsOf(s: { values?: unknown; value?: unknown }, path: string): [number, number][] {
  const raw = Array.isArray(s.values) ? s.values : Array.isArray(s.value) ? [s.value] : null;
  if (raw === null) throw new ScavsimError('E_TYPE', `${path}.values`, 'missing', 'an array of [unix seconds, "value"] pairs');
  const out: [number, number][] = [];
  raw.forEach((p: unknown, j: number) => {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || !Number.isFinite(p[0])) {
      throw new ScavsimError('E_TYPE', `${path}.values[${j}]`, `expected [unix seconds, "value"], got ${JSON.stringify(p)?.slice(0, 60)}`, 'a [number, string] pair');
    }
    const v = typeof p[1] === 'string' ? Number(p[1]) : typeof p[1] === 'number' ? p[1] : NaN;
    if (typeof p[1] === 'string' && !/^[-+]?(?:\d|\.\d|Inf|NaN)/i.test(p[1])) {
      throw new ScavsimError('E_PARSE', `${path}.values[${j}]`, `value ${JSON.stringify(p[1])} is not a number`, 'a decimal number as a string');
    }
    if (Number.isFinite(v)) out.push([p[0], v]);
  });
  return out;
}
