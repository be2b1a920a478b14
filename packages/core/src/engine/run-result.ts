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

/** Kinds of marked moments on a timeline. */
export type SimEventKind =
  /** A GC cycle ended (mark termination). `detail`: `{ n, forced, periodic, heapGoal, heapLive }`. */
  | 'gc'
  /** The runtime released memory. `detail`: `{ trigger: 'background'|'growth'|'freeosmemory'|'limit'|'sysmon', bytes, advice }`. */
  | 'scavenge'
  /** `debug.FreeOSMemory()` returned. `detail`: `{ releasedBytes }`. */
  | 'freeosmemory'
  /** The kernel discarded lazily freed pages. `detail`: `{ cause: 'memcg'|'kswapd'|'direct', cgroup?, bytes, fromProcess }`. */
  | 'reclaim'
  /** The OOM killer killed a process. `detail`: `{ cgroup?, victim, rssBytes }`. */
  | 'oom'
  /** A plain process exited or was killed (the probe's `hog_exited`). `detail`: `{ status: 'exited'|'killed' }`. */
  | 'exit'
  /** A workload phase began. `detail`: `{ name }`. */
  | 'phase'
  /** A runtime trace line (gctrace / scvg / scavtrace) in the version's exact format. */
  | 'trace'
  /** The runtime changed its advice (MADV_FREE failed with EINVAL, fell back to DONTNEED). */
  | 'advice-fallback'
  /** Anything else a component wants on the timeline. */
  | 'note';

/** A marked moment. */
export interface SimEvent {
  /** Simulated ms since start. */
  readonly t_ms: number;
  /** What happened. */
  readonly kind: SimEventKind;
  /** The process it happened to, when it has one. */
  readonly process?: string;
  /** For `trace` events: the exact line the runtime would print to stderr. */
  readonly text?: string;
  /** Kind-specific numbers and labels. */
  readonly detail?: Readonly<Record<string, number | string | boolean>>;
}

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
