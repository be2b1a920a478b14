/**
 * Reading the fidelity probe's JSONL traces.
 *
 * The probe (a small Go program, see `test/fixtures/traces/README.md`) writes one JSON object
 * per line:
 *
 *  1. a header, `{"header":true, "go_version":..., "GODEBUG":..., "params":{...}, ...}`, on
 *     line 1;
 *  2. samples, `{"t_ms":..., "phase":..., "HeapInuse":..., "VmRSS":..., "LazyFree":..., ...}`,
 *     every 100 ms plus one at the end, in time order;
 *  3. events, `{"ev":"freeosmemory_done","t_ms":...,"took_ms":...}`, interleaved with the
 *     samples.
 *
 * A line is an event when it has an `ev` key, the header when `header` is true, a sample
 * otherwise — the same rule as the probe's `analyze.py` (`load()`).
 *
 * Validation is strict about what the analysis relies on and tolerant of everything else:
 * the header must carry the fields `scenarioFromHeader` reads, samples need `t_ms` and
 * `phase` and every known measurement field that is present must be a finite number, and
 * events need `ev` and `t_ms`. Unknown keys are kept untouched, because newer probes add
 * fields (the go1.21+ traces added `GOMEMLIMIT` to the header). Every rejection is a
 * {@link ScavsimError} whose field reads `<source>:<line>:<key>`.
 *
 * @module
 */
import { CGROUP_FIELDS, MEMSTATS_FIELDS, PROC_FIELDS, ScavsimError, VMSTAT_FIELDS } from '@scavsim/core';

/** The header line of a probe trace (line 1). Fields beyond these are kept as they are. */
export interface TraceHeader {
  readonly header: true;
  /** `runtime.Version()`, e.g. `"go1.19.8"`. */
  readonly go_version: string;
  /** The `GODEBUG` environment value (`""` when unset), e.g. `"madvdontneed=0"`. */
  readonly GODEBUG: string;
  /** The `GOGC` environment value (`""` when unset). */
  readonly GOGC: string;
  /** The `GOMEMLIMIT` environment value; only probes from go1.21-era runs write it. */
  readonly GOMEMLIMIT?: string;
  readonly GOMAXPROCS: number;
  /** `uname -r`, e.g. `"6.18.44-fc-v657"`. */
  readonly kernel: string;
  /** Bytes. */
  readonly page_size: number;
  /** `/sys/kernel/mm/transparent_hugepage/enabled`, e.g. `"always [madvise] never"`. */
  readonly thp_enabled: string;
  /** The probe's memory cgroup `memory.limit_in_bytes` (the v1 "unlimited" value when none). */
  readonly cgroup_limit: number;
  /** `/proc/meminfo` `MemTotal`, e.g. `"24684092 kB"`. */
  readonly mem_total: string;
  /** `freeosmemory`, `pressure` or `loadtest`. */
  readonly scenario: string;
  /** Every probe flag, as the string the flag package prints. */
  readonly params: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** Measurement fields whose values must be numbers when a sample has them. */
export const TRACE_NUMERIC_FIELDS: readonly string[] = [
  ...MEMSTATS_FIELDS, ...PROC_FIELDS, ...CGROUP_FIELDS, ...VMSTAT_FIELDS, 'hog_VmRSS', 'hog_RssAnon',
];

/**
 * One sample line. `t_ms` is ms since the probe started; measurement fields are bytes
 * (counts for `Num*`, pages for `vm_*`) and are absent when the probe did not read them
 * (`hog_*` outside the hog phase).
 */
export type TraceSample = {
  readonly t_ms: number;
  readonly phase: string;
} & { readonly [field: string]: number | string | undefined };

/** One event line, e.g. `{"ev":"phase","t_ms":1001,"name":"alloc"}`. */
export interface TraceEvent {
  readonly ev: string;
  readonly t_ms: number;
  readonly [key: string]: unknown;
}

/** A whole trace, real or simulated (see `traceFromRunResult` for the latter). */
export interface Trace<H = TraceHeader> {
  readonly header: H;
  readonly samples: readonly TraceSample[];
  readonly events: readonly TraceEvent[];
}

/** A parsed probe trace, with where it came from. */
export interface ProbeTrace extends Trace<TraceHeader> {
  /** The name used in error messages (the file name, or `"trace"`). */
  readonly source: string;
  /** True when the trace has the probe's final `exit` event (`analyze.py` skips others). */
  readonly complete: boolean;
}

const HEADER_STRINGS = ['go_version', 'GODEBUG', 'GOGC', 'kernel', 'thp_enabled', 'mem_total', 'scenario'] as const;
const HEADER_NUMBERS = ['GOMAXPROCS', 'page_size', 'cgroup_limit'] as const;
const NUMERIC = new Set(TRACE_NUMERIC_FIELDS);

function fail(code: 'E_TYPE' | 'E_PARSE' | 'E_RANGE', where: string, key: string, message: string, accepted?: string): never {
  throw new ScavsimError(code, `${where}:${key}`, message, accepted);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkHeader(d: Record<string, unknown>, where: string): TraceHeader {
  for (const k of HEADER_STRINGS) {
    if (typeof d[k] !== 'string') fail('E_TYPE', where, k, `header field ${k} must be a string, got ${JSON.stringify(d[k])}`, 'a string');
  }
  for (const k of HEADER_NUMBERS) {
    const v = d[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      fail('E_TYPE', where, k, `header field ${k} must be a non-negative number, got ${JSON.stringify(v)}`, 'a non-negative number');
    }
  }
  if (d['GOMEMLIMIT'] !== undefined && typeof d['GOMEMLIMIT'] !== 'string') {
    fail('E_TYPE', where, 'GOMEMLIMIT', `header field GOMEMLIMIT must be a string, got ${JSON.stringify(d['GOMEMLIMIT'])}`, 'a string');
  }
  const params = d['params'];
  if (!isObject(params)) fail('E_TYPE', where, 'params', 'header field params must be an object of flag values', 'an object of strings');
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string') fail('E_TYPE', where, `params.${k}`, `flag value must be a string, got ${JSON.stringify(v)}`, 'a string');
  }
  return d as TraceHeader;
}

function checkTime(d: Record<string, unknown>, where: string): number {
  const t = d['t_ms'];
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    fail('E_TYPE', where, 't_ms', `t_ms must be a non-negative number, got ${JSON.stringify(t)}`, 'a non-negative number of ms');
  }
  return t;
}

function checkSample(d: Record<string, unknown>, where: string): TraceSample {
  checkTime(d, where);
  if (typeof d['phase'] !== 'string') fail('E_TYPE', where, 'phase', `phase must be a string, got ${JSON.stringify(d['phase'])}`, 'a phase name');
  for (const [k, v] of Object.entries(d)) {
    if (NUMERIC.has(k) && (typeof v !== 'number' || !Number.isFinite(v))) {
      fail('E_TYPE', where, k, `${k} must be a finite number, got ${JSON.stringify(v)}`, 'a finite number');
    }
  }
  return d as TraceSample;
}

function checkEvent(d: Record<string, unknown>, where: string): TraceEvent {
  if (typeof d['ev'] !== 'string' || d['ev'] === '') fail('E_TYPE', where, 'ev', `ev must be a non-empty string, got ${JSON.stringify(d['ev'])}`, 'an event name');
  checkTime(d, where);
  return d as TraceEvent;
}

/**
 * Parses the text of a probe trace.
 * @param text the whole JSONL file
 * @param source the name used in errors (usually the file name)
 * @throws {@link ScavsimError} naming `<source>:<line>:<field>` for a line that is not JSON,
 *   not an object, a header that is missing or not on line 1, a second header, a missing or
 *   mistyped field, or samples out of time order; and `<source>` for a trace without samples.
 */
export function parseTrace(text: string, source = 'trace'): ProbeTrace {
  if (typeof text !== 'string') throw new ScavsimError('E_TYPE', source, `expected the trace text, got ${typeof text}`, 'a string');
  const lines = text.split('\n');
  let header: TraceHeader | undefined;
  const samples: TraceSample[] = [];
  const events: TraceEvent[] = [];
  let lastT = -Infinity;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const where = `${source}:${i + 1}`;
    let d: unknown;
    try {
      d = JSON.parse(line);
    } catch (e) {
      fail('E_PARSE', where, 'json', `line ${i + 1} is not valid JSON (${(e as Error).message})`, 'one JSON object per line');
    }
    if (!isObject(d)) fail('E_TYPE', where, 'json', `line ${i + 1} is not a JSON object`, 'one JSON object per line');
    if (header === undefined) {
      if (d['header'] !== true) fail('E_PARSE', where, 'header', `line ${i + 1} must be the header line {"header":true,...}`, 'the header as the first line');
      header = checkHeader(d, where);
    } else if (d['header'] === true) {
      fail('E_PARSE', where, 'header', `line ${i + 1} is a second header line`, 'one header, on line 1');
    } else if ('ev' in d) {
      events.push(checkEvent(d, where));
    } else {
      const s = checkSample(d, where);
      if (s.t_ms < lastT) fail('E_RANGE', where, 't_ms', `sample time ${s.t_ms} is before the previous sample's ${lastT}`, 'samples in time order');
      lastT = s.t_ms;
      samples.push(s);
    }
  }
  if (header === undefined) throw new ScavsimError('E_PARSE', `${source}:1:header`, 'the trace is empty', 'a header line followed by samples');
  if (samples.length === 0) throw new ScavsimError('E_PARSE', source, 'the trace has no sample lines', 'at least one sample');
  return { source, header, samples, events, complete: events.some((e) => e.ev === 'exit') };
}
