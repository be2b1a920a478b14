/**
 * Immutable views of a running simulation, for callers that look between ticks (notebooks,
 * step-through teaching pictures, tests). The engine's state lives in typed arrays that it
 * mutates in place; a snapshot copies what a caller may read into plain objects and freezes
 * them deeply with immer's `freeze`, so holding on to one never observes later ticks and can
 * never change the engine.
 *
 * @module
 */
import { freeze } from 'immer';
import type { MachineCounters } from '../kernel/meminfo.js';
import type { MemcgCounters } from '../kernel/memcg.js';
import type { ProcessMemoryCounters } from '../kernel/types.js';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.js';
import type { ChunkSummary } from '../runtime/pages/page-heap.js';
import type { MemStats } from '../runtime/go-process.js';

/** One process at the moment of the snapshot. */
export interface ProcessSnapshot {
  readonly name: string;
  readonly kind: 'go' | 'plain';
  /** True while the process runs (false once it exited or was OOM-killed). */
  readonly alive: boolean;
  /** The kernel's counters (`/proc/PID/status`, `smaps_rollup`). */
  readonly memory: ProcessMemoryCounters;
  /** Go processes: `runtime.MemStats`. */
  readonly memStats?: MemStats;
  /** Go processes: `runtime/metrics` as the version reports them (1.16+). */
  readonly runtimeMetrics?: RuntimeMetrics;
  /** Go processes: what releasing memory has cost. */
  readonly costs?: { readonly madviseCalls: number; readonly madvisedBytes: number; readonly scavengeBackgroundSeconds: number; readonly scavengeAssistSeconds: number };
  /** Go processes: the advice in force (after any EINVAL fallback). */
  readonly advice?: string;
  /** Go processes: per-4 MiB-chunk summaries of the page heap (in use, scavenged, density). */
  readonly chunks?: readonly ChunkSummary[];
}

/** The whole simulation at one moment. */
export interface SimSnapshot {
  readonly t_ms: number;
  readonly machine: MachineCounters;
  readonly cgroups: Readonly<Record<string, MemcgCounters>>;
  readonly processes: readonly ProcessSnapshot[];
}

/** Deep-freezes a freshly built snapshot (immer `freeze`). */
export function frozenSnapshot(s: SimSnapshot): SimSnapshot {
  return freeze(s, true);
}
