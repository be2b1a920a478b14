/**
 * Public API of `@scavsim/core`: a deterministic simulator of Go's heap scavenger and the
 * Linux kernel's view of the same memory.
 *
 * The list below is the whole public surface; anything not exported here is internal.
 *
 * @module @scavsim/core
 */
// Errors and units.
export { ScavsimError, isScavsimError, printable, showValue } from './errors.js';
export type { ScavsimErrorCode } from './errors.js';
export { KiB, MiB, GiB, TiB, parseSize, parseDuration, formatBytes, checkInt, checkNumber, checkPowerOfTwo } from './units.js';
export type { SizeInput, DurationInput } from './units.js';
export { SCAVSIM_VERSION } from './version.js';

// Engine.
export { simulate, Simulation } from './engine/simulation.js';
export type { SimSnapshot, ProcessSnapshot } from './engine/snapshot.js';
export { runtimeMetrics } from './metrics/runtime-metrics.js';
export type { RuntimeMetrics, RuntimeMetricsInput } from './metrics/runtime-metrics.js';
export type { ChunkSummary } from './runtime/pages/page-heap.js';
export type { SimConfig, SimulateOptions, PlainProcessSpec } from './engine/simulation.js';
export type { RunSink } from './engine/recorder.js';

// Config validation: the one schema, and the bound on a run's work.
export { validateConfig, parseWith } from './config/validate.js';
export { simConfigSchema, MAX_GC_TIMES } from './config/schema.js';
export { formatPath, type PathKey } from './config/paths.js';
export { estimateWork, checkWorkBound, streamMax, MAX_WORK_UNITS, BYTES_PER_WORK_UNIT, MAX_OBJECTS_PER_SECOND, MAX_SAMPLES_PER_PROCESS, type WorkEstimate } from './config/work-bound.js';
export type { RunResult, RunHeader, ProcessKill } from './engine/run-result.js';
export type { SimEvent, SimEventKind } from './metrics/events.js';
export { RandomStreams } from './random/random-streams.js';
export type { RandomStream } from './random/random-streams.js';
export { DEFAULT_TICK_MS } from './engine/simulation.js';

// Metrics names.
export * from './metrics/sample.js';

// Go runtime model.
export type { GoProcessConfig } from './runtime/go-config.js';
export type { WorkloadConfig, PhaseConfig, ActionConfig, SizeMix } from './workload/workload.js';
export type { StreamSpec } from './workload/streams.js';
export { PageHeap } from './runtime/pages/page-heap.js';
export { nonHeapResidentBytes } from './runtime/heap/non-heap.js';

// Kernel model.
export * from './kernel/index.js';

// Version policy (Go versions, kernel versions, GODEBUG, the per-version table).
export {
  type GoVersion, type GoPrerelease, OLDEST_KNOWN_GO, NEWEST_KNOWN_GO, NEWEST_READ_GO, GO_VERSION_ACCEPTED,
  parseGoVersion, formatGoVersion, compareGoVersions, goAtLeast, goVersionsEqual, effectivePatch, versionLookupNote,
  type GoPolicyRow, type VersionBound, ANY_PATCH, GO_POLICY_TABLE, policyRowFor,
  type KernelVersion, KERNEL_VERSION_ACCEPTED, parseKernelVersion, formatKernelVersion, kernelAtLeast,
  type GodebugKey, type GodebugSettings, type GodebugKeyInfo, GODEBUG_KEYS, parseGodebug, normalizeGodebug, formatGodebug,
  type ResolvePolicyInput, type ResolvedPolicy, type TriggerName, type TriggerPolicy, type KnobEffect, type BackgroundPacing,
  resolvePolicy,
  type GcTraceInput, type ScvgInput, type ScavTraceInput, formatGcTrace, formatScvgLines, formatScavTrace, traceFormatOf,
  type ParsedTraceLine, type ParsedGcLine, type ParsedScavLine, type ParsedScvgLine, type ParsedForcedLine, type DamagedTraceLine,
  parseTraceLine, goMinorsPrinting, OLDEST_READ_TRACE_MINOR,
  renderPolicyTableMarkdown, renderResolvedPolicyMarkdown,
  type Citation, citationsIn,
} from './policy/index.js';
