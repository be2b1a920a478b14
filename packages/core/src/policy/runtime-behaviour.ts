/**
 * What one Go version's runtime does, as the engine needs it: the switches the page heap, the
 * GC pacer, the scavenger and the metrics read. Every switch is a column of the version-policy
 * table (`go-policy-table.ts`, with its citations and reasons) or, for the `runtime/metrics`
 * names and the heap-bitmap layout, the release that introduced them; this module only turns a resolved row into the
 * flags the hot path tests. No engine module compares version numbers itself.
 *
 * @module
 */
import type { BackgroundKind, GoPolicyRow, ScavengerWake, ScavengeSearchStart, ThpHandling } from './go-policy-table.js';
import { goAtLeast, type GoVersion } from './go-version.js';
import {
  HEAP_ARENA_BYTES, HEAP_METADATA_1BIT_BITMAP, HEAP_METADATA_2BIT_BITMAP, HEAP_METADATA_NO_BITMAP, SCAVENGE_MIN_FRACTION_117,
} from './runtime-constants.js';

/**
 * Which `runtime/metrics` names a version defines: the heap classes and GC goal from go1.16
 * (the package's first release), the scavenger CPU classes from go1.20, `/gc/gogc:percent` and
 * `/gc/gomemlimit:bytes` from go1.21 (runtime/metrics description.go of each release).
 */
export interface RuntimeMetricsSets {
  readonly heapClasses: boolean;
  readonly scavengeCpu: boolean;
  readonly gcKnobs: boolean;
}

/** The engine-facing switches of one runtime version. */
export interface RuntimeBehaviour {
  /** Page allocation: 1.12 best fit from two treaps; 1.13+ address-ordered first fit. */
  readonly allocator: 'best-fit' | 'first-fit';
  /** Fresh memory counts as released (1.13+) or as retained (≤1.12). */
  readonly freshMemoryReleased: boolean;
  /** HeapSys grows by whole 64 MiB arenas (≤1.16) or by the 4 MiB-multiple range mapped (1.17+). */
  readonly heapSysGranularity: 'arena' | 'chunk';
  /** Background scavenger design (the table's column). */
  readonly background: BackgroundKind;
  /** Bytes per background step (1.14–1.17 one runtime page, 1.18+ 64 KiB); null when not fixed. */
  readonly quantumBytes: number | null;
  /** Retained-heap goal: 1.13.0 uses 1.1 × next_gc; later ones scale the last HeapInuse. */
  readonly goalFormula: 'none' | 'next-gc' | 'heap-inuse';
  /** The goal is dropped when less than a physical page is above it (1.14+). */
  readonly goalOffBelowPhysPage: boolean;
  /** Scavenging when the heap grows: none (≤1.11), largest spans first (1.12), goal-based (1.13+). */
  readonly growthScavenge: 'none' | 'largest' | 'goal';
  /**
   * Where growth scavenging happens: in `mheap.grow`, before the new memory joins the heap
   * (≤1.17), or in `mheap.allocSpan` after the allocation, beside the memory-limit check, the
   * two asking for the larger of their amounts (1.18+; the limit check from 1.19).
   */
  readonly growthScavengeAt: 'grow' | 'alloc-span';
  /** 1.21+: when allocSpan's memory-limit check fires, the whole scavenge is forced (density ignored). */
  readonly limitScavengeForced: boolean;
  /** Allocation-path scavenging of 1.12.0–1.12.4 and 1.13.0. */
  readonly allocPathScavenge: boolean;
  /** Background CPU share is 1 % of all Ps (1.18+) rather than of one CPU. */
  readonly cpuShareOfAllPs: boolean;
  /** Memory limit (GOMEMLIMIT) exists (1.19+). */
  readonly memoryLimit: boolean;
  /** The background memory-limit goal is 95 × limit (bug #62449, 1.19–1.21). */
  readonly limitGoalBug: boolean;
  /** 1.21+ density rule: background and growth scavenging skip dense chunks. */
  readonly densityRule: boolean;
  /** Memory-limit headroom percent of the goal (1.21+: 3; 1.19–1.20: 0, i.e. the 1 MiB floor). */
  readonly headroomPercent: number;
  /** When a GC wakes the background scavenger. */
  readonly scavengerWake: ScavengerWake;
  /** Where a cycle's non-forced search for pages to release starts (the table's column). */
  readonly scavengeSearch: ScavengeSearchStart;
  /** sysmon's forced-GC period (ms). */
  readonly forcedGcPeriodMs: number;
  /** What the runtime tells the kernel about huge pages for the heap (the table's `thp` column). */
  readonly thp: ThpHandling;
  /** Non-heap `Sys` at start (bytes; measured). */
  readonly nonHeapBaseBytes: number;
  /** GC metadata outside the heap per byte of heap ({@link heapMetadataPerHeapByte}). */
  readonly heapMetadataPerHeapByte: number;
  /** The `runtime/metrics` names this version defines. */
  readonly runtimeMetrics: RuntimeMetricsSets;
  /**
   * 1.14–1.17 scavenger: the floor of a step's CPU fraction in its EWMA, 0 through 1.16 (the
   * integer constant `1 / 1000`), 0.001 from 1.17 (runtime-constants.ts `SCAVENGE_MIN_FRACTION_117`).
   */
  readonly selfPacedMinFraction: number;
  /**
   * Background steps keep free huge pages whole: a one-page step whose run of free pages covers
   * the whole huge page below its top releases that huge page (`findScavengeCandidate`, 1.14+).
   * On for the self-paced scavenger (1.14–1.17); off for 1.18+ (docs/runtime-model.md, Known gaps).
   */
  readonly preserveHugePages: boolean;
}

/**
 * GC metadata the runtime keeps outside the heap per byte of heap, by the heap-bitmap layout of
 * the release: 2 bits per heap word up to 1.19, 1 bit from 1.20, none from 1.22 (allocation
 * headers); `spans` and the page bitmaps always (runtime-constants.ts). A release property like
 * the `runtime/metrics` names, so it is looked up by version, not by policy row.
 */
export function heapMetadataPerHeapByte(v: GoVersion): number {
  if (goAtLeast(v, 22)) return HEAP_METADATA_NO_BITMAP;
  return goAtLeast(v, 20) ? HEAP_METADATA_1BIT_BITMAP : HEAP_METADATA_2BIT_BITMAP;
}

/** Turns a policy-table row (and the exact version, for `runtime/metrics`) into engine switches. */
export function behaviourFromRow(row: GoPolicyRow, v: GoVersion): RuntimeBehaviour {
  return {
    allocator: row.allocator === 'best-fit-treaps' ? 'best-fit' : 'first-fit',
    freshMemoryReleased: row.freshMemory === 'released',
    heapSysGranularity: row.heapSysStepBytes >= HEAP_ARENA_BYTES ? 'arena' : 'chunk',
    background: row.background,
    quantumBytes: row.quantumBytes,
    goalFormula: row.goal === 'none-idle-5min' ? 'none' : row.goal === 'next-gc-x1.1' ? 'next-gc' : 'heap-inuse',
    goalOffBelowPhysPage: row.goalOffBelowPhysPage,
    growthScavenge: row.heapGrowth === 'none' ? 'none' : row.heapGrowth === 'largest-spans-arena-rounded' ? 'largest' : 'goal',
    growthScavengeAt: row.heapGrowth === 'min-growth-excess-unlocked' || row.heapGrowth === 'max-growth-or-limit-excess'
      || row.heapGrowth === 'growth-nonforced-limit-forced' ? 'alloc-span' : 'grow',
    limitScavengeForced: row.heapGrowth === 'growth-nonforced-limit-forced',
    allocPathScavenge: row.allocPath !== 'none',
    cpuShareOfAllPs: row.cpuShare === 'gomaxprocs',
    memoryLimit: row.memoryLimit,
    limitGoalBug: row.memoryLimitGoal === '95x-limit-bug',
    densityRule: row.density,
    thp: row.thp,
    headroomPercent: row.memoryLimitHeadroomPercent,
    scavengerWake: row.scavengerWake,
    scavengeSearch: row.scavengeSearch,
    forcedGcPeriodMs: row.forcedGcPeriodMs,
    nonHeapBaseBytes: row.nonHeapBaseBytes,
    heapMetadataPerHeapByte: heapMetadataPerHeapByte(v),
    runtimeMetrics: { heapClasses: goAtLeast(v, 16), scavengeCpu: goAtLeast(v, 20), gcKnobs: goAtLeast(v, 21) },
    selfPacedMinFraction: goAtLeast(v, 17) ? SCAVENGE_MIN_FRACTION_117 : 0,
    preserveHugePages: row.background === 'self-paced-1.14',
  };
}
