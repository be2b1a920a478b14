/**
 * JSON Lines output in the fidelity probe's trace format.
 *
 * Line 1 is the {@link RunHeader} (`{"header":true,...}`), every further line one sample, so a
 * simulated run can be read by the same tools as a real trace (`analyze.py`, `scavsim fidelity`)
 * and compared field by field. Output is canonical: the same {@link RunResult} always produces
 * the same bytes, whatever order its objects' keys were inserted in. Keys follow
 * {@link orderFields}; the header's known keys come first in a fixed order, the resolved config
 * last with its keys sorted at every depth; byte and count fields are rounded to integers (a
 * fraction of a byte is a modelling artefact, and the probe never writes one).
 *
 * @module
 */
import type { RunHeader, RunResult, Sample, SimEvent } from '@scavsim/core';
import { compareCodePoints, isIntegerField, orderFields } from './field-order.js';

/** Header keys that come first, in this order; the probe's names where the probe has them. */
export const HEADER_KEY_ORDER = [
  'header', 'scenario', 'scavsim_version', 'go_version', 'GODEBUG', 'GOGC', 'GOMEMLIMIT',
  'kernel', 'page_size', 'seed', 'tick_ms', 'sample_ms',
] as const;

/** Options of {@link toJsonl}. */
export interface JsonlOptions {
  /**
   * Also write the run's events as `{"ev":<kind>,"t_ms":...}` lines, interleaved in time order
   * after the samples of the same millisecond, as the probe writes its own event lines.
   * Default `false`: header and samples only.
   */
  readonly events?: boolean;
}

/**
 * Serialises a run as JSON Lines: the header, then one line per sample (and optionally per
 * event). Ends with a newline. The same bytes as a {@link jsonlWriter} fed while the run is made.
 */
export function toJsonl(result: RunResult, options: JsonlOptions = {}): string {
  const parts: string[] = [];
  const writer = jsonlWriter((text) => parts.push(text), result.header, options);
  // Every event first: the writer holds each until a later sample has been written.
  for (const ev of result.events) writer.onEvent(ev);
  for (const sample of result.samples) writer.onSample(sample);
  writer.end();
  return parts.join('');
}

/** A JSONL output fed as a run is made: the callbacks of a run's sink (`RunSink`) and an `end`. */
export interface JsonlWriter {
  /** Writes one sample's line, after the held events strictly earlier than it. */
  onSample(sample: Sample): void;
  /** Holds an event until a sample later than it is written (or the end). */
  onEvent(event: SimEvent): void;
  /** Writes the events still held. */
  end(): void;
}

/**
 * Writes a run as JSON Lines while it is made (`Simulation` with `keepSamples: false`), so that
 * memory does not grow with the run's duration; the header is written at once. Pass `onSample`
 * and `onEvent` as the run's sink. Events go after the samples of their millisecond, as
 * {@link toJsonl} writes them: the engine may record an event before the sample of the same
 * millisecond (`RunSink.onEvent`), so each is held until a later sample arrives.
 * @param write receives the text, line by line (each line ends with a newline)
 */
export function jsonlWriter(write: (text: string) => void, header: RunHeader, options: JsonlOptions = {}): JsonlWriter {
  write(`${JSON.stringify(canonicalHeader(header))}\n`);
  const withEvents = options.events === true;
  // Held events are held[head..]; the written prefix is dropped now and then, not per sample.
  let held: SimEvent[] = [];
  let head = 0;
  return {
    onSample(sample) {
      while (head < held.length && held[head]!.t_ms < sample.t_ms) write(`${eventLine(held[head++]!)}\n`);
      if (head > 1024 && head * 2 > held.length) {
        held = held.slice(head);
        head = 0;
      }
      write(`${sampleLine(sample)}\n`);
    },
    onEvent(event) {
      if (withEvents) held.push(event);
    },
    end() {
      while (head < held.length) write(`${eventLine(held[head++]!)}\n`);
      held = [];
      head = 0;
    },
  };
}

/** One sample as a canonical JSON object text (no newline). */
export function sampleLine(sample: Sample): string {
  const out: Record<string, unknown> = {};
  for (const key of orderFields(Object.keys(sample))) {
    const v = sample[key];
    if (v === undefined) continue;
    out[key] = typeof v === 'number' && (isIntegerField(key)) ? Math.round(v) : v;
  }
  return JSON.stringify(out);
}

/** The header with its keys in {@link HEADER_KEY_ORDER}, then others by name, config last. */
export function canonicalHeader(header: RunHeader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rest = Object.keys(header)
    .filter((k) => k !== 'config' && !(HEADER_KEY_ORDER as readonly string[]).includes(k))
    .sort(compareCodePoints);
  for (const key of [...HEADER_KEY_ORDER, ...rest]) {
    if (header[key] !== undefined) out[key] = sortKeysDeep(header[key]);
  }
  out['config'] = sortKeysDeep(header.config);
  return out;
}

function eventLine(ev: SimEvent): string {
  const out: Record<string, unknown> = { ev: ev.kind, t_ms: ev.t_ms };
  if (ev.process !== undefined) out['process'] = ev.process;
  if (ev.text !== undefined) out['text'] = ev.text;
  if (ev.detail !== undefined) Object.assign(out, sortKeysDeep(ev.detail));
  return JSON.stringify(out);
}

/** A copy of plain JSON data with object keys sorted at every depth (arrays keep their order). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareCodePoints)) {
      out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}
