/**
 * What one Go version's runtime does, as the engine needs it: the switches the page heap, the
 * GC pacer and the scavengers read. Derived from the version-policy table (spec go-runtime.md
 * §7; `policy/` holds the table with its citations and reasons); this module only turns a
 * resolved row into the flags the hot path tests.
 *
 * @module
 */
import type { GoPolicyRow } from './go-policy-table.js';
import { effectivePatch, type GoVersion } from './go-version.js';

/** Which background scavenger an era runs (spec go-runtime.md §3). */
export type BackgroundKind =
  /** ≤1.12: sysmon every 2.5 min releases free spans idle for more than 5 min. */
  | 'sysmon'
  /** 1.13: a goroutine following a pacing line, 1 ms per 4 KiB page (or per 2 MiB huge page). */
  | 'pacing-line'
  /** 1.14–1.17: one page per step, sleeping so as to use 1 % of one CPU. */
  | 'self-paced'
  /** 1.18+: 64 KiB quanta in ≥1 ms batches, PI-controlled to 1 % of all Ps. */
  | 'pi';

/** The engine-facing switches of one runtime version. */
export interface RuntimeBehaviour {
  /** Go minor version (11 for ≤1.11) and patch, for the few checks that need them. */
  readonly minor: number;
  readonly patch: number;
  /** Page allocation: 1.12 best fit from two treaps; 1.13+ address-ordered first fit. */
  readonly allocator: 'best-fit' | 'first-fit';
  /** Fresh memory counts as released (1.13+) or as retained (≤1.12). */
  readonly freshMemoryReleased: boolean;
  /** HeapSys grows by whole 64 MiB arenas (≤1.16) or by the 4 MiB-multiple range mapped (1.17+). */
  readonly heapSysGranularity: 'arena' | 'chunk';
  /** Background scavenger kind. */
  readonly background: BackgroundKind;
  /** Retained-heap goal: 1.13.0 uses 1.1 × next_gc; later ones scale the last HeapInuse. */
  readonly goalFormula: 'none' | 'next-gc' | 'heap-inuse';
  /** Scavenging when the heap grows: none (≤1.11), largest spans first (1.12), goal-based (1.13+). */
  readonly growthScavenge: 'none' | 'largest' | 'goal';
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
  /** Memory-limit headroom percent of the goal (1.21+: 3; 1.19–1.20: 0, i.e. 1 MiB). */
  readonly headroomPercent: number;
  /** Scavenger wake-up goes through sysmon after sweep done (1.15+). */
  readonly wakeViaSysmon: boolean;
}


const BACKGROUND: Record<GoPolicyRow['background'], BackgroundKind> = {
  'sysmon-5min': 'sysmon',
  'pacing-line-1.13': 'pacing-line',
  'self-paced-1.14': 'self-paced',
  'pi-1.18': 'pi',
};

/** Turns a policy-table row (and the exact version, for its patch level) into engine switches. */
export function behaviourFromRow(row: GoPolicyRow, v: GoVersion): RuntimeBehaviour {
  return {
    minor: v.minor,
    patch: effectivePatch(v),
    allocator: row.allocator === 'best-fit-treaps' ? 'best-fit' : 'first-fit',
    freshMemoryReleased: row.freshMemory === 'released',
    heapSysGranularity: row.heapSysStepBytes >= 64 * 1024 * 1024 ? 'arena' : 'chunk',
    background: BACKGROUND[row.background],
    goalFormula: row.goal === 'none-idle-5min' ? 'none' : row.goal === 'next-gc-x1.1' ? 'next-gc' : 'heap-inuse',
    growthScavenge: row.heapGrowth === 'none' ? 'none' : row.heapGrowth === 'largest-spans-arena-rounded' ? 'largest' : 'goal',
    allocPathScavenge: row.allocPath !== 'none',
    cpuShareOfAllPs: row.cpuShare === 'gomaxprocs',
    memoryLimit: row.memoryLimit,
    limitGoalBug: row.memoryLimitGoal === '95x-limit-bug',
    densityRule: row.density,
    headroomPercent: v.minor >= 21 ? 3 : 0,
    wakeViaSysmon: v.minor >= 15,
  };
}
