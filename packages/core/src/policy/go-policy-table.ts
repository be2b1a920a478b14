/**
 * The per-version policy table (go §7) as data: one row per range of Go
 * versions whose heap-release behaviour is the same.
 *
 * How to read a row. `adviceDefault` is what `sysUnused` passes to `madvise` with GODEBUG
 * unset; `madvdontneedKnob` says what `GODEBUG=madvdontneed` can change; `adviceFallback` says
 * what the runtime does when the kernel rejects MADV_FREE (go §2.1). `background` names the
 * scavenger design: the ≤1.12 sysmon pass that releases spans idle for 5 minutes, the 1.13
 * pacing line, the 1.14 self-paced loop, the 1.18 PI controller; `cpuShare` says what its 1 %
 * is a share of (one CPU before 1.18, GOMAXPROCS CPUs from 1.18). `goal` is the retained-heap
 * goal formula, `heapGrowth`/`allocPath` the synchronous scavenging on heap growth and on
 * allocation, `freshMemory` whether newly mapped memory counts as retained (≤1.12) or released
 * (1.13+), `heapSysStepBytes` how HeapSys grows. Rows are contiguous and cover go1.5 through
 * go1.26.x; {@link policyRowFor} finds the row for a version.
 *
 * Finer steps than the summary table of go §7 are kept where the version notes have them:
 * 1.16 and 1.17 are separate rows because HeapSys growth changed in 1.17 (`C:bd6aeca9686d`,
 * go §3.5(4)).
 *
 * @module
 */
import type { Advice } from '../kernel/types.js';
import type { GoVersion } from './go-version.js';
import { effectivePatch } from './go-version.js';
import {
  FORCEGC_PERIOD_MS, HEAP_ARENA_BYTES, MEMORY_LIMIT_HEADROOM_PERCENT, PALLOC_CHUNK_BYTES, RUNTIME_PAGE_BYTES, SCAVENGE_QUANTUM_BYTES,
} from './runtime-constants.js';
import { MiB } from '../units.js';
import { ScavsimError } from '../errors.js';

/** Background scavenger design. */
export type BackgroundKind = 'sysmon-5min' | 'pacing-line-1.13' | 'self-paced-1.14' | 'pi-1.18';
/** What the background scavenger's 1 % CPU is a share of (`none`: the sysmon pass is not CPU-paced). */
export type CpuShare = 'none' | 'one-cpu' | 'gomaxprocs';
/** How much one background step releases. */
export type ScavengeQuantum = 'whole-spans' | 'pacing-deficit' | 'one-runtime-page' | 'scavenge-quantum';
/** The background scavenger's retained-heap goal. */
export type ScavengeGoalFormula = 'none-idle-5min' | 'next-gc-x1.1' | 'last-inuse-x-goal-ratio-x1.1';
/** Synchronous scavenging when the heap grows. */
export type HeapGrowthScavenging =
  | 'none' | 'largest-spans-arena-rounded' | 'min-growth-excess-locked' | 'min-growth-excess-unlocked'
  | 'max-growth-or-limit-excess' | 'growth-nonforced-limit-forced';
/** Synchronous scavenging when a span is allocated out of scavenged memory (the 1.12/1.13 latency regressions). */
export type AllocPathScavenging = 'none' | 'scavenge-largest-span-bytes' | 'scavenge-if-needed-span-bytes';
/** What `debug.FreeOSMemory` does after its GC. */
export type FreeOsMemoryKind = 'release-all-spans' | 'scavenge-all' | 'reset-addr-then-all' | 'new-gen-then-all' | 'all' | 'all-forced';
/** How newly mapped heap memory is counted. */
export type FreshMemoryAccounting = 'retained' | 'released';
/** Span allocation policy. */
export type AllocatorKind = 'best-fit-treaps' | 'first-fit';
/** What the runtime tells the kernel about huge pages for the heap (go §2.3). */
export type ThpHandling =
  | 'nohugepage-release-edges' | 'nohugepage-edges-hugepage-coalesce' | 'hugepage-new-nohugepage-before-scavenge'
  | 'collapse-dense-chunks' | 'kernel-governed';
/** What `GODEBUG=madvdontneed` can do. */
export type MadvdontneedKnob = 'absent' | 'opt-in-dontneed' | 'opt-out-to-free';
/** What the runtime does when `madvise` fails (go §2.1). */
export type AdviceFallback = 'none' | 'free-to-dontneed' | 'free-to-dontneed-to-mmap';
/** The background memory-limit goal. */
export type MemoryLimitGoal = 'none' | '95x-limit-bug' | '0.95x-limit';
/** Scavenger trace line layout (go §6). */
export type ScavengerTraceFormat =
  | 'scvg-numbered' | 'scvg-1.13' | 'scavtrace-1.14' | 'scavtrace-gen' | 'scavtrace-gen-reset' | 'scavtrace-1.19' | 'scavtrace-bg-eager';
/** gctrace GC line layout (go §6). */
export type GcTraceFormat = 'gctrace-1.11' | 'gctrace-1.18';
/** When a GC wakes the background scavenger. */
export type ScavengerWake = 'mark-termination' | 'sysmon-after-sweep';
/** Where a new cycle's non-forced (background and growth) search for pages to release starts. */
export type ScavengeSearchStart = 'top-each-gc' | 'below-low-water-or-freed' | 'raised-on-free' | 'raised-at-new-gen';

/** An inclusive version bound; `patch` {@link ANY_PATCH} means "every point release". */
export interface VersionBound {
  /** The `N` of `go1.N`. */
  readonly minor: number;
  /** Point release, or {@link ANY_PATCH}. */
  readonly patch: number;
}

/** Patch value of an open upper bound (`1.12.x`). */
export const ANY_PATCH = Number.MAX_SAFE_INTEGER;

/** One row of the policy table. Every field is data; see the module comment for how to read it. */
export interface GoPolicyRow {
  /** Stable id, e.g. `"1.12.0-1.12.4"`. */
  readonly id: string;
  /** Human label, e.g. `"1.12.0 – 1.12.4"`. */
  readonly label: string;
  /** First version of the row (inclusive). */
  readonly from: VersionBound;
  /** Last version of the row (inclusive). */
  readonly to: VersionBound;
  /** Advice with GODEBUG unset. */
  readonly adviceDefault: Advice;
  /** What `GODEBUG=madvdontneed` can change. */
  readonly madvdontneedKnob: MadvdontneedKnob;
  /** What the runtime does when `madvise` fails. */
  readonly adviceFallback: AdviceFallback;
  /** Background scavenger design. */
  readonly background: BackgroundKind;
  /** What the background 1 % is a share of. */
  readonly cpuShare: CpuShare;
  /** What one background step releases. */
  readonly quantum: ScavengeQuantum;
  /** Bytes per background step when fixed, else `null`. */
  readonly quantumBytes: number | null;
  /** Retained-heap goal of the background scavenger. */
  readonly goal: ScavengeGoalFormula;
  /** Scavenging on heap growth. */
  readonly heapGrowth: HeapGrowthScavenging;
  /** Scavenging on allocation from scavenged memory. */
  readonly allocPath: AllocPathScavenging;
  /** What FreeOSMemory does after its GC. */
  readonly freeOsMemory: FreeOsMemoryKind;
  /** Whether fresh memory counts as retained or released. */
  readonly freshMemory: FreshMemoryAccounting;
  /** HeapSys growth step: 64 MiB arenas (≤1.16) or 4 MiB chunks (1.17+). */
  readonly heapSysStepBytes: number;
  /** Span allocation policy. */
  readonly allocator: AllocatorKind;
  /** `GOMEMLIMIT` / `debug.SetMemoryLimit` exist. */
  readonly memoryLimit: boolean;
  /** Background memory-limit goal. */
  readonly memoryLimitGoal: MemoryLimitGoal;
  /** 1.21+ density rule: chunks ≥ 496/512 pages in use are skipped by non-forced scavenging. */
  readonly density: boolean;
  /** Heap THP handling. */
  readonly thp: ThpHandling;
  /** Scavenger trace layout. */
  readonly scavengerTrace: ScavengerTraceFormat;
  /** gctrace GC line layout. */
  readonly gcTrace: GcTraceFormat;
  /** sysmon's forced-GC period. */
  readonly forcedGcPeriodMs: number;
  /**
   * When a GC wakes the background scavenger: at mark termination (≤1.14, go1.14.13 mgc.go
   * gcMarkTermination → wakeScavenger) or readied at sweep done and woken by sysmon (1.15+,
   * go1.15.3 mgcsweep.go, proc.go sysmon).
   */
  readonly scavengerWake: ScavengerWake;
  /**
   * Where the non-forced search for pages to release starts (it always walks down from there).
   * `top-each-gc`: from the top at every pacing update (≤1.14; go1.14.13 mgcscavenge.go
   * gcPaceScavenger → resetScavengeAddr). `below-low-water-or-freed`: a new generation at sweep
   * done resumes below the lowest address released in the last one, or from the highest address
   * freed since if that is higher, or from the top if nothing was released (1.15–1.18;
   * go1.15.3 mgcscavenge.go scavengeStartGen, scavLWM/freeHWM). `raised-on-free`: one search
   * address, raised by every free (1.19–1.20; go1.19.8 mgcscavenge.go scavengeIndex.mark).
   * `raised-at-new-gen`: the background's address rises only at a new generation (mark
   * termination), to the highest address freed in the generation before; forced scavenging has
   * its own, raised by every free (1.21+; go1.21.12, go1.23.5 mgcscavenge.go scavengeIndex:
   * "searchAddrBg is increased only on each new generation").
   */
  readonly scavengeSearch: ScavengeSearchStart;
  /**
   * The background goal is dropped when less than one physical page is above it (1.14+,
   * go1.14.13 mgcscavenge.go gcPaceScavenger: `retainedNow-retainedGoal < physPageSize`).
   */
  readonly goalOffBelowPhysPage: boolean;
  /** Memory-limit heap-goal headroom in percent of the goal (0: the 1 MiB floor alone, 1.19–1.20; 3 from 1.21). */
  readonly memoryLimitHeadroomPercent: number;
  /**
   * Non-heap `Sys` at start (stacks, GC metadata, mspans). Measured, not read from source: the
   * fidelity traces' `Sys − HeapSys` floors (docs/runtime-model.md "Non-heap memory").
   */
  readonly nonHeapBaseBytes: number;
  /** Runtime source tree(s) the row was read from (go §0 keys). */
  readonly verifiedAt: string;
  /** What about this row is not confirmed from source (go §9); empty when everything is. */
  readonly unverified: readonly string[];
  /** Where each rule comes from. */
  readonly citation: string;
}

const b = (minor: number, patch: number): VersionBound => ({ minor, patch });

// Shared column groups, so that a row states only what changed from its predecessor.
const SYSMON = {
  background: 'sysmon-5min', cpuShare: 'none', quantum: 'whole-spans', quantumBytes: null, goal: 'none-idle-5min',
  freeOsMemory: 'release-all-spans', freshMemory: 'retained', heapSysStepBytes: HEAP_ARENA_BYTES,
  allocator: 'best-fit-treaps', scavengerTrace: 'scvg-numbered',
} as const;
const NO_LIMIT = { memoryLimit: false, memoryLimitGoal: 'none', density: false } as const;
const COMMON = {
  gcTrace: 'gctrace-1.11', forcedGcPeriodMs: FORCEGC_PERIOD_MS, thp: 'nohugepage-release-edges',
  scavengerWake: 'mark-termination', goalOffBelowPhysPage: false, memoryLimitHeadroomPercent: 0, nonHeapBaseBytes: 8.5 * MiB,
  scavengeSearch: 'top-each-gc',
} as const;
/** 1.15+: the scavenger is readied at sweep done and woken by sysmon; a generation starts there. */
const WAKE_115 = { scavengerWake: 'sysmon-after-sweep', scavengeSearch: 'below-low-water-or-freed' } as const;
const FREE_112 = { adviceDefault: 'MADV_FREE', madvdontneedKnob: 'opt-in-dontneed', adviceFallback: 'free-to-dontneed' } as const;
const DONTNEED_116 = { adviceDefault: 'MADV_DONTNEED', madvdontneedKnob: 'opt-out-to-free', adviceFallback: 'free-to-dontneed' } as const;
const SELF_PACED = {
  background: 'self-paced-1.14', cpuShare: 'one-cpu', quantum: 'one-runtime-page', quantumBytes: RUNTIME_PAGE_BYTES,
  goal: 'last-inuse-x-goal-ratio-x1.1', heapGrowth: 'min-growth-excess-locked', allocPath: 'none',
  freshMemory: 'released', allocator: 'first-fit', goalOffBelowPhysPage: true,
} as const;
const PI = {
  ...DONTNEED_116, background: 'pi-1.18', cpuShare: 'gomaxprocs', quantum: 'scavenge-quantum', quantumBytes: SCAVENGE_QUANTUM_BYTES,
  goal: 'last-inuse-x-goal-ratio-x1.1', allocPath: 'none', freshMemory: 'released', heapSysStepBytes: PALLOC_CHUNK_BYTES,
  allocator: 'first-fit', gcTrace: 'gctrace-1.18', forcedGcPeriodMs: FORCEGC_PERIOD_MS,
  scavengerWake: 'sysmon-after-sweep', goalOffBelowPhysPage: true, memoryLimitHeadroomPercent: 0, nonHeapBaseBytes: 8.5 * MiB,
  scavengeSearch: 'below-low-water-or-freed',
} as const;
const DENSITY_121 = {
  ...PI, adviceFallback: 'free-to-dontneed-to-mmap', heapGrowth: 'growth-nonforced-limit-forced', freeOsMemory: 'all-forced',
  memoryLimit: true, memoryLimitGoal: '95x-limit-bug', density: true, scavengerTrace: 'scavtrace-bg-eager',
  memoryLimitHeadroomPercent: MEMORY_LIMIT_HEADROOM_PERCENT, nonHeapBaseBytes: 3 * MiB, scavengeSearch: 'raised-at-new-gen',
} as const;

/** The policy table, oldest first. Rows are contiguous and cover go1.5 through go1.26.x. */
export const GO_POLICY_TABLE: readonly GoPolicyRow[] = Object.freeze([
  {
    id: '1.5-1.11', label: '≤ 1.11', from: b(5, 0), to: b(11, ANY_PATCH), ...COMMON, ...SYSMON, ...NO_LIMIT,
    adviceDefault: 'MADV_DONTNEED', madvdontneedKnob: 'absent', adviceFallback: 'none', heapGrowth: 'none', allocPath: 'none',
    verifiedAt: 'go1.11',
    unverified: ['Go 1.5–1.10 were not read; they are assumed to behave as go1.11 (the 5-minute sysmon scavenger dates from C:5c598d3c9f0b; the large-span treap from Go 1.9)'],
    citation: '[go1.11:mem_linux.go sysUnused], [go1.11:proc.go sysmon], [go1.11:mheap.go scavenge, grow], go §3.1',
  },
  {
    id: '1.12.0-1.12.4', label: '1.12.0 – 1.12.4', from: b(12, 0), to: b(12, 4), ...COMMON, ...SYSMON, ...NO_LIMIT, ...FREE_112,
    heapGrowth: 'largest-spans-arena-rounded', allocPath: 'scavenge-largest-span-bytes', verifiedAt: 'go1.12',
    unverified: ['1.12.5 as the release that removed the allocation-path scavenge comes from #31679 and golang-builder#66; the 1.12.5 diff was not read'],
    citation: '[go1.12:mem_linux.go adviseUnused], [go1.12:mheap.go grow, scavengeLargest, allocSpanLocked], C:77f9b2728eb0, C:c803ffc67d0c, C:8e093e7a1cd8, RN1.12, go §3.2',
  },
  {
    id: '1.12.5-1.12.x', label: '1.12.5 – 1.12.x', from: b(12, 5), to: b(12, ANY_PATCH), ...COMMON, ...SYSMON, ...NO_LIMIT, ...FREE_112,
    heapGrowth: 'largest-spans-arena-rounded', allocPath: 'none', verifiedAt: 'go1.12.9', unverified: [],
    citation: '[go1.12.9:mheap.go allocSpanLocked] (no allocation-path scavenge), #31679, go §3.2',
  },
  {
    id: '1.13.0', label: '1.13.0', from: b(13, 0), to: b(13, 0), ...COMMON, ...NO_LIMIT, ...FREE_112,
    background: 'pacing-line-1.13', cpuShare: 'one-cpu', quantum: 'pacing-deficit', quantumBytes: null, goal: 'next-gc-x1.1',
    heapGrowth: 'none', allocPath: 'scavenge-if-needed-span-bytes', freeOsMemory: 'scavenge-all', freshMemory: 'released',
    heapSysStepBytes: HEAP_ARENA_BYTES, allocator: 'first-fit', thp: 'nohugepage-edges-hugepage-coalesce', scavengerTrace: 'scvg-1.13',
    verifiedAt: 'go1.13dev',
    unverified: ['the 1.1×next_gc goal is taken from #34048\'s description of 1.13.0'],
    citation: '[go1.13dev:mheap.go scavengeIfNeededLocked on alloc], [go1.13.4:mgcscavenge.go bgscavenge], C:fe67ea32bf58, C:4e7bef84c1a8, C:40036a99a07e, #32828, #34048, go §3.3',
  },
  {
    id: '1.13.1-1.13.x', label: '1.13.1 – 1.13.x', from: b(13, 1), to: b(13, ANY_PATCH), ...COMMON, ...NO_LIMIT, ...FREE_112,
    background: 'pacing-line-1.13', cpuShare: 'one-cpu', quantum: 'pacing-deficit', quantumBytes: null,
    goal: 'last-inuse-x-goal-ratio-x1.1', heapGrowth: 'min-growth-excess-locked', allocPath: 'none', freeOsMemory: 'scavenge-all',
    freshMemory: 'released', heapSysStepBytes: HEAP_ARENA_BYTES, allocator: 'first-fit', thp: 'nohugepage-edges-hugepage-coalesce',
    scavengerTrace: 'scvg-1.13', verifiedAt: 'go1.13.4',
    unverified: ['the goal (#34149) and growth-path (#34556) backports are present in go1.13.4; the first point release carrying them was not confirmed, so 1.13.1–1.13.3 may behave like 1.13.0'],
    citation: '[go1.13.4:mgcscavenge.go gcPaceScavenger, bgscavenge], [go1.13.4:mheap.go grow, scavengeIfNeededLocked, scavengeLocked], C:9b3081128042, go §3.3',
  },
  {
    id: '1.14', label: '1.14', from: b(14, 0), to: b(14, ANY_PATCH), ...COMMON, ...NO_LIMIT, ...FREE_112, ...SELF_PACED,
    freeOsMemory: 'reset-addr-then-all', heapSysStepBytes: HEAP_ARENA_BYTES, scavengerTrace: 'scavtrace-1.14',
    verifiedAt: 'go1.14.13', unverified: [],
    citation: '[go1.14.13:mgcscavenge.go bgscavenge, scavengeOne, printScavTrace], [go1.14.13:mheap.go grow], C:689f6f77f0d5, C:21445b091ec0, C:8ac98e7b3fca, go §3.4',
  },
  {
    id: '1.15', label: '1.15', from: b(15, 0), to: b(15, ANY_PATCH), ...COMMON, ...NO_LIMIT, ...FREE_112, ...SELF_PACED, ...WAKE_115,
    freeOsMemory: 'new-gen-then-all', heapSysStepBytes: HEAP_ARENA_BYTES, scavengerTrace: 'scavtrace-gen',
    verifiedAt: 'go1.15.3', unverified: [],
    citation: '[go1.15.3:mgcscavenge.go printScavTrace], [go1.15.3:mem_linux.go], C:55ec5182d7b8, C:2491c5fd2451, go §3.5',
  },
  {
    id: '1.16', label: '1.16', from: b(16, 0), to: b(16, ANY_PATCH), ...COMMON, ...NO_LIMIT, ...SELF_PACED, ...DONTNEED_116, ...WAKE_115,
    freeOsMemory: 'new-gen-then-all', heapSysStepBytes: HEAP_ARENA_BYTES, scavengerTrace: 'scavtrace-gen',
    verifiedAt: 'go1.16.14', unverified: [],
    citation: '[go1.16.14:runtime1.go:368 parsedebugvars], [go1.16.14:malloc.go:739], C:05e6d2884929, RN1.16, go §3.5',
  },
  {
    id: '1.17', label: '1.17', from: b(17, 0), to: b(17, ANY_PATCH), ...COMMON, ...NO_LIMIT, ...SELF_PACED, ...DONTNEED_116, ...WAKE_115,
    freeOsMemory: 'new-gen-then-all', heapSysStepBytes: PALLOC_CHUNK_BYTES, scavengerTrace: 'scavtrace-gen',
    verifiedAt: 'go1.17.13', unverified: [],
    citation: '[go1.17.13:mheap.go grow] (sysMap per 4 MiB), [go1.17.13:mgcscavenge.go], C:bd6aeca9686d, C:14ade57ab8, go §3.5',
  },
  {
    id: '1.18', label: '1.18', from: b(18, 0), to: b(18, ANY_PATCH), ...PI, ...NO_LIMIT,
    heapGrowth: 'min-growth-excess-unlocked', freeOsMemory: 'new-gen-then-all', thp: 'nohugepage-release-edges',
    scavengerTrace: 'scavtrace-gen-reset', verifiedAt: 'go1.18', unverified: [],
    citation: '[go1.18:mgcscavenge.go bgscavenge, printScavTrace], [go1.18:mheap.go allocSpan], [go1.18:mgc.go:1093-1098], C:4f543b59c561, RN1.18, go §3.6',
  },
  {
    id: '1.19-1.20', label: '1.19 – 1.20', from: b(19, 0), to: b(20, ANY_PATCH), ...PI,
    heapGrowth: 'max-growth-or-limit-excess', freeOsMemory: 'all', memoryLimit: true, memoryLimitGoal: '95x-limit-bug', density: false,
    scavengeSearch: 'raised-on-free',
    thp: 'nohugepage-release-edges', scavengerTrace: 'scavtrace-1.19', verifiedAt: 'go1.19.8, go1.20.2', unverified: [],
    citation: '[go1.19.8:mgcscavenge.go:149, scavengeIndex, printScavTrace], [go1.19.8:mheap.go allocSpan], [go1.20.2:mgcscavenge.go:149], C:b4d81147d8dc, #62449, RN1.19, go §3.7',
  },
  {
    id: '1.21.0', label: '1.21.0', from: b(21, 0), to: b(21, 0), ...DENSITY_121, thp: 'hugepage-new-nohugepage-before-scavenge',
    verifiedAt: 'go1.21.12 (scavenger); D59960 (THP)',
    unverified: ['exact 1.21.0 MADV_HUGEPAGE/NOHUGEPAGE call sites are taken from D59960 and the C:9f9bb26880388 message'],
    citation: '[go1.21.12:mgcscavenge.go scavChunkData, printScavTrace], [go1.21.12:mem_linux.go sysUnusedOS], D59960, #61718, go §2.3, go §3.8',
  },
  {
    id: '1.21.1-1.21.3', label: '1.21.1 – 1.21.3', from: b(21, 1), to: b(21, 3), ...DENSITY_121, thp: 'collapse-dense-chunks',
    verifiedAt: 'go@06df3292 (mgcscavenge.go), go1.21.12', unverified: [],
    citation: '[go@06df3292:mgcscavenge.go scavengeIndex.alloc], C:9f9bb26880388, #61718, go §2.3',
  },
  {
    id: '1.21.4-1.21.x', label: '1.21.4 – 1.21.x', from: b(21, 4), to: b(21, ANY_PATCH), ...DENSITY_121, thp: 'kernel-governed',
    verifiedAt: 'go1.21.12',
    unverified: ['1.21.4 (not 1.21.3) as the first release without MADV_COLLAPSE is quoted from #64332'],
    citation: '[go1.21.12:mgcscavenge.go scavengeIndex.alloc comment], [go1.21.12:mem_linux.go sysMapOS] (disablethp, 1.21.6+), CL 531816, #63334, #64332, go §2.3',
  },
  {
    id: '1.22-1.26', label: '1.22 – 1.26', from: b(22, 0), to: b(26, ANY_PATCH), ...DENSITY_121, memoryLimitGoal: '0.95x-limit',
    thp: 'kernel-governed', verifiedAt: 'go1.23.5',
    unverified: [
      'the #62449 memory-limit goal fix is in go1.23.5 and not in go1.21.12; 1.22.0 as its first release is assumed',
      'Go 1.24–1.26 runtime source was not read; they are assumed to behave as go1.23.5 (measured go1.26.10 traces agree)',
    ],
    citation: '[go1.23.5:mgcscavenge.go:175], [go1.23.5:malloc.go:781, mpagealloc.go:432], #62449, go §3.9',
  },
] satisfies GoPolicyRow[]).map((row) => Object.freeze({ ...row, unverified: Object.freeze([...row.unverified]) }));

function key(minor: number, patch: number): number {
  return minor * 1e6 + Math.min(patch, 999_999);
}

/**
 * The policy row a version falls in. A prerelease or patch-less version is looked up as its
 * `.0` release ({@link effectivePatch}).
 * @throws {@link ScavsimError} `E_UNKNOWN_VERSION` if no row covers it (only possible for a
 *   hand-built {@link GoVersion}; {@link parseGoVersion} already rejects those)
 */
export function policyRowFor(v: GoVersion, field = 'go'): GoPolicyRow {
  const k = key(v.minor, effectivePatch(v));
  const row = GO_POLICY_TABLE.find((r) => key(r.from.minor, r.from.patch) <= k && k <= key(r.to.minor, r.to.patch));
  if (row === undefined) {
    throw new ScavsimError('E_UNKNOWN_VERSION', field, `no policy row covers go1.${v.minor}`, 'go1.5 through go1.26.x');
  }
  return row;
}


