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

/** A process the OOM killer killed: it ran no more after `t_ms`, and has no samples after it. */
export interface ProcessKill {
  /** The killed process's name, as in the config. */
  readonly process: string;
  /** Simulated time of the kill (ms): the end of the tick in which it happened, 0 at start-up. */
  readonly t_ms: number;
  /** `memcg` when a cgroup's limit was hit, `global` when the machine ran out of memory. */
  readonly scope: 'memcg' | 'global';
  /** The cgroup whose limit was hit (memcg) or the victim's cgroup (global). */
  readonly cgroup?: string;
  /** The process's RSS when it was killed (bytes). */
  readonly rssBytes: number;
}

/** Everything a run produced. */
export interface RunResult {
  readonly header: RunHeader;
  /** Samples of every process, in time order, then process order within a time. */
  readonly samples: readonly Sample[];
  /** Marked moments in time order. */
  readonly events: readonly SimEvent[];
  /**
   * Every process the OOM killer killed, in the order it happened; empty when every process
   * ran to the end (or exited on its own). Outputs should say this plainly: a killed
   * process's last sample is its state just before the kill, not at the end of the run.
   */
  readonly killed: readonly ProcessKill[];
}
