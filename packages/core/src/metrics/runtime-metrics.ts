/**
 * `runtime/metrics` names (Go 1.16+) derived from the runtime's books, as the runtime derives
 * them (go1.19.8 metrics.go, go1.21.12 metrics.go; descriptions in runtime/metrics
 * description.go, go §4.2). A name is present only in the versions that define
 * it: heap classes and the GC goal from 1.16, scavenger CPU from 1.20, GOGC and GOMEMLIMIT
 * from 1.21.
 *
 * @module
 */

import type { RuntimeMetricsSets } from '../policy/runtime-behaviour.js';

/** What the derivation reads. */
export interface RuntimeMetricsInput {
  /** The names the version defines (the policy's `RuntimeBehaviour.runtimeMetrics`). */
  readonly sets: RuntimeMetricsSets;
  readonly HeapAlloc: number;
  readonly HeapInuse: number;
  readonly HeapIdle: number;
  readonly HeapReleased: number;
  readonly Sys: number;
  readonly NextGC: number;
  readonly NumGC: number;
  readonly NumForcedGC: number;
  /** Background scavenger CPU (s). */
  readonly scavengeBackgroundSeconds: number;
  /** Scavenging done synchronously on the allocation path (growth, memory limit) (s). */
  readonly scavengeAssistSeconds: number;
  /** GOGC (−1 = off). */
  readonly gogc: number;
  /** GOMEMLIMIT in bytes (Infinity = unset: the runtime reports math.MaxInt64). */
  readonly memoryLimit: number;
}

/** A `runtime/metrics` sample set: metric name → value. */
export type RuntimeMetrics = Readonly<Record<string, number>>;

/** The metrics a Go version would report for these books. Empty before 1.16. */
export function runtimeMetrics(m: RuntimeMetricsInput): RuntimeMetrics {
  if (!m.sets.heapClasses) return {};
  const out: Record<string, number> = {
    // "completely free and has been returned to the underlying system" (HeapReleased).
    '/memory/classes/heap/released:bytes': m.HeapReleased,
    // "completely free and eligible to be returned … but has not been" (HeapIdle − HeapReleased).
    '/memory/classes/heap/free:bytes': m.HeapIdle - m.HeapReleased,
    '/memory/classes/heap/objects:bytes': m.HeapAlloc,
    '/memory/classes/heap/unused:bytes': m.HeapInuse - m.HeapAlloc,
    '/memory/classes/total:bytes': m.Sys,
    '/gc/heap/goal:bytes': m.NextGC,
    '/gc/cycles/total:gc-cycles': m.NumGC,
    '/gc/cycles/forced:gc-cycles': m.NumForcedGC,
  };
  if (m.sets.scavengeCpu) {
    out['/cpu/classes/scavenge/background:cpu-seconds'] = m.scavengeBackgroundSeconds;
    out['/cpu/classes/scavenge/assist:cpu-seconds'] = m.scavengeAssistSeconds;
    out['/cpu/classes/scavenge/total:cpu-seconds'] = m.scavengeBackgroundSeconds + m.scavengeAssistSeconds;
  }
  if (m.sets.gcKnobs) {
    out['/gc/gogc:percent'] = m.gogc;
    out['/gc/gomemlimit:bytes'] = Number.isFinite(m.memoryLimit) ? m.memoryLimit : Number.MAX_SAFE_INTEGER;
  }
  return out;
}
