/**
 * The Linux kernel model: address spaces with per-page madvise semantics, the lazyfree LRU,
 * memory cgroups, a machine with watermarks and reclaim, and plain (non-Go) processes.
 * See docs/kernel-model.md.
 *
 * @module
 */
export { PageState } from './types.js';
export type { Advice, MadviseResult, TouchResult, ProcessMemoryCounters, ProcessMemory } from './types.js';
// The kernel-version parser is public through the policy index (with the Go versions it is
// resolved against); madviseFreeSupport is the one MADV_FREE rule both layers read.
export { madviseFreeSupport } from './kernel-version.js';
export type { MadviseFreeMode, MadviseFreeSupport } from './kernel-version.js';
export { DEFAULT_KERNEL_COSTS, resolveKernelCosts, madviseCostNs } from './costs.js';
export type { KernelCosts } from './costs.js';
export { AddressSpace } from './address-space.js';
export { THP_MODES, DEFAULT_THP_MODE, parseThpMode } from './transparent-huge-pages.js';
export type { ThpMode, HugePageAdvice } from './transparent-huge-pages.js';
export type { PageCounts } from './address-space.js';
export { Memcg, MEMCG_CHARGE_BATCH } from './memcg.js';
export { SWAP_CLUSTER_MAX } from './global-reclaim.js';
export type { CgroupConfig, LimitInput, MemcgCounters } from './memcg.js';
export { Machine } from './machine.js';
export type { MachineConfig, ProcessConfig } from './machine-config.js';
export type { MachineCounters } from './meminfo.js';
export { PlainProcess } from './plain-process.js';
export type { PlainProcessConfig, PlainStep, PlainStepGenerator, PlainStatus } from './plain-process.js';
export { defaultMinFreeKbytes, zoneWatermarks, memAvailablePages, intSqrt } from './watermarks.js';
export type { Watermarks } from './watermarks.js';
export type { KernelEvent, ReclaimEvent, OomEvent, ReclaimCause } from './events.js';
