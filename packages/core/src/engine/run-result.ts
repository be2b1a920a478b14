/**
 * What a finished run hands to the outputs (CLI formats, charts, fidelity comparison, docs).
 *
 * Data flows one way: workload → runtime → scavenger → kernel → metrics → recorder → outputs.
 * The recorder produces a {@link RunResult}; nothing downstream of it reaches back into the
 * engine.
 *
 * @module
 */
import type { Sample } from '../metrics/sample.js';
import type { SimEvent } from '../metrics/events.js';

export type { SimEvent, SimEventKind } from '../metrics/events.js';

/** The first line of a JSONL output: what produced the samples. */
export interface RunHeader {
  readonly header: true;
  /** Scenario name, or the file it came from. */
  readonly scenario: string;
  /** scavsim package version. */
  readonly scavsim_version: string;
  /** Root seed. */
  readonly seed: number;
  /** Tick and sample interval (ms). */
  readonly tick_ms: number;
  readonly sample_ms: number;
  /** The full resolved config, as plain JSON. */
  readonly config: unknown;
  /** Other header fields (go_version, kernel, GODEBUG, ...), named as the fidelity probe names them. */
  readonly [key: string]: unknown;
}

/** Everything a run produced. */
export interface RunResult {
  readonly header: RunHeader;
  /** Samples of every process, in time order, then process order within a time. */
  readonly samples: readonly Sample[];
  /** Marked moments in time order. */
  readonly events: readonly SimEvent[];
}
