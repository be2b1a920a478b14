/**
 * Version policy of scavsim: which Go versions release heap memory how, on which kernel, with
 * which GODEBUG settings, and how their trace lines look. Pure functions and data; no engine.
 * This file is the explicit list of what is public.
 *
 * @module
 */
export {
  type GoVersion, type GoPrerelease, OLDEST_KNOWN_GO, NEWEST_KNOWN_GO, NEWEST_READ_GO, GO_VERSION_ACCEPTED,
  parseGoVersion, formatGoVersion, compareGoVersions, goAtLeast, goVersionsEqual, effectivePatch, versionLookupNote,
} from './go-version.js';
export * from './runtime-constants.js';
export {
  type BackgroundKind, type CpuShare, type ScavengeQuantum, type ScavengeGoalFormula, type HeapGrowthScavenging,
  type AllocPathScavenging, type FreeOsMemoryKind, type FreshMemoryAccounting, type AllocatorKind, type ThpHandling,
  type MadvdontneedKnob, type AdviceFallback, type MemoryLimitGoal, type ScavengerTraceFormat, type GcTraceFormat,
  type VersionBound, type GoPolicyRow, ANY_PATCH, GO_POLICY_TABLE, policyRowFor,
} from './go-policy-table.js';
export {
  type GodebugKey, type GodebugSettings, type GodebugKeyInfo, GODEBUG_KEYS, isGodebugKey, parseGodebug, normalizeGodebug, formatGodebug,
} from './godebug.js';
export {
  type KernelVersion, KERNEL_VERSION_ACCEPTED, parseKernelVersion, formatKernelVersion, kernelAtLeast,
} from '../kernel/kernel-version.js';
export {
  type ResolvePolicyInput, type ResolvedPolicy, type TriggerName, type TriggerPolicy, type KnobEffect, type BackgroundPacing,
  resolvePolicy,
} from './effective-policy.js';
export {
  type GcTraceInput, type ScvgInput, type ScavTraceInput, formatGcTrace, formatScvgLines, formatScavTrace, traceFormatOf,
  itoaDiv, fmtNSAsMS,
} from './trace-format.js';
export {
  type ParsedTraceLine, type ParsedGcLine, type ParsedScavLine, type ParsedScvgLine, type ParsedForcedLine, type DamagedTraceLine,
  parseTraceLine, goMinorsPrinting, OLDEST_READ_TRACE_MINOR,
} from './trace-parse.js';
export {
  POLICY_TABLE_BEGIN, POLICY_TABLE_END, POLICY_EXAMPLE_BEGIN, POLICY_EXAMPLE_END,
  renderPolicyTableMarkdown, renderPolicyTableBlock, renderResolvedPolicyMarkdown, renderPolicyExamplesBlock, POLICY_DOC_EXAMPLES,
} from './policy-markdown.js';
export { type Citation, citationsIn } from './citations.js';
