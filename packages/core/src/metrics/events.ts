/**
 * The marked moments of a run's timeline: what a component reports as it happens (a GC, a
 * release, a reclaim, an OOM kill, a trace line). Declared here, below the runtime and the
 * engine, so that the components that emit events and the recorder that keeps them share one
 * type without an arrow from the model up to the engine.
 *
 * @module
 */

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
