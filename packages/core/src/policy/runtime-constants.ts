/**
 * The Go runtime's scavenging and pacing constants, with the source each value was read from.
 *
 * Every value is exactly the runtime's constant (spec go-runtime.md §1, §3, §5), in the unit named
 * by the suffix: `Bytes`, `Ns` (nanoseconds), `Ms` (milliseconds), `Pages` (8 KiB runtime pages).
 * Constants that changed between versions say so; the per-version policy table
 * ({@link GO_POLICY_TABLE}) says which applies when.
 *
 * @module
 */
import { KiB, MiB } from '../units.js';

// ---- geometry (spec go-runtime.md §1) ----

/** Runtime page size: 8 KiB (`_PageShift = 13`) in every version [go1.11:sizeclasses.go]…[go1.23.5]. */
export const RUNTIME_PAGE_BYTES = 8 * KiB;
/** Heap arena on 64-bit Linux: 64 MiB (`logHeapArenaBytes = 6+20`) [go1.11:malloc.go]. HeapSys grew by whole arenas through 1.16. */
export const HEAP_ARENA_BYTES = 64 * MiB;
/** Pages per page-allocator chunk (`1 << logPallocChunkPages`, 9) in 1.14+ [go1.14.13:mpagealloc.go]. */
export const PALLOC_CHUNK_PAGES = 512;
/** One page-allocator chunk: 4 MiB. 1.14+ grows the heap and (1.17+) HeapSys in multiples of it [go1.14.13:mheap.go grow]. */
export const PALLOC_CHUNK_BYTES = PALLOC_CHUNK_PAGES * RUNTIME_PAGE_BYTES;
/** Per-P page cache: 64 pages, used for spans under 16 pages (1.14+) [go1.19.8:mheap.go allocSpan]. */
export const PAGE_CACHE_PAGES = 64;
/** Default transparent-huge-page size on amd64 (`hpage_pmd_size`) [go1.13.4…go1.23.5:os_linux.go]. */
export const DEFAULT_HUGE_PAGE_BYTES = 2 * MiB;

// ---- GC pacing the scavenger depends on (spec §5) ----

/** `forcegcperiod`: sysmon forces a GC after 2 minutes without one, in every version [go1.11:proc.go], [go1.19.8:proc.go:5125]. */
export const FORCEGC_PERIOD_MS = 120_000;
/** `defaultHeapMinimum`: 4 MiB × GOGC/100, the smallest GC trigger [go1.11:mgc.go:171], [go1.17.13:mgcpacer.go:49]. */
export const DEFAULT_HEAP_MINIMUM_BYTES = 4 * MiB;
/** Trigger ratio upper bound as a fraction of GOGC/100 (all versions, ≤1.17 pacer) [go1.11:mgc.go:786-843]. */
export const TRIGGER_RATIO_MAX_FRACTION = 0.95;
/** Trigger ratio lower bound as a fraction of GOGC/100, 1.14–1.17 (`C:74af7fc6038a`) [go1.14.13:mgc.go:794]. */
export const TRIGGER_RATIO_MIN_FRACTION = 0.6;
/** 1.18+ pacer: the trigger is at least 70 % of the runway from heapMarked to the goal [go1.18:mgcpacer.go]. */
export const TRIGGER_MIN_RUNWAY_FRACTION = 0.7;
/** Memory-limit heap-goal headroom in 1.19–1.20: 1 MiB [go1.19.8:mgcpacer.go memoryLimitHeapGoal]. */
export const MEMORY_LIMIT_HEADROOM_MIN_BYTES = 1 * MiB;
/** Memory-limit heap-goal headroom in 1.21+: max(3 % of the goal, 1 MiB) [go1.21.12:mgcpacer.go:68-73]. */
export const MEMORY_LIMIT_HEADROOM_PERCENT = 3;
/** The GC CPU limiter caps GC work at 50 % of CPU (1.19+) (D48409). */
export const GC_CPU_LIMITER_FRACTION = 0.5;

// ---- ≤ 1.12: the sysmon scavenger (spec §3.1) ----

/** `scavengelimit`: a free span is released once unused for 5 minutes (≤1.12) [go1.11:proc.go sysmon]. */
export const SCAVENGE_LIMIT_MS = 300_000;
/** sysmon scavenges when `lastscavenge + scavengelimit/2 < now`, i.e. every 2.5 minutes (≤1.12) [go1.11:proc.go sysmon]. */
export const SYSMON_SCAVENGE_INTERVAL_MS = SCAVENGE_LIMIT_MS / 2;
/** sysmon's longest park when every P is idle: min(forcegcperiod/2, scavengelimit/2) = 60 s [go1.11:proc.go sysmon]. */
export const SYSMON_MAX_PARK_MS = Math.min(FORCEGC_PERIOD_MS / 2, SCAVENGE_LIMIT_MS / 2);
/** sysmon's shortest sleep, 20 µs; doubles after 1 ms of idleness [go1.11:proc.go sysmon]. */
export const SYSMON_MIN_SLEEP_NS = 20_000;
/** sysmon's longest ordinary sleep, 10 ms [go1.11:proc.go sysmon]. */
export const SYSMON_MAX_SLEEP_NS = 10_000_000;
/** `GODEBUG=scavenge=1` test mode (≤1.12): forcegcperiod becomes 10 ms [go1.11:proc.go]. */
export const DEBUG_SCAVENGE_FORCEGC_PERIOD_MS = 10;
/** `GODEBUG=scavenge=1` test mode (≤1.12): scavengelimit becomes 20 ms [go1.11:proc.go]. */
export const DEBUG_SCAVENGE_LIMIT_MS = 20;

// ---- 1.13+: the background scavenger goroutine (spec §3.3–3.8) ----

/** `scavengePercent`: the background scavenger aims at 1 % of CPU (of one CPU ≤1.17, of GOMAXPROCS 1.18+) [go1.13.4:mgcscavenge.go], [go1.18:mgcscavenge.go]. */
export const SCAVENGE_PERCENT = 1;
/** `retainExtraPercent`: the GC-percent goal keeps 10 % over the in-use heap (1.13+) [go1.13.4:mgcscavenge.go]. */
export const RETAIN_EXTRA_PERCENT = 10;
/** `reduceExtraPercent`: the memory-limit goal is meant to be 95 % of the limit (1.19+; computed as 95×limit through 1.21, #62449) [go1.19.8:mgcscavenge.go:149], [go1.23.5:mgcscavenge.go:175]. */
export const REDUCE_EXTRA_PERCENT = 5;
/** `scavengePageLatency` (= `scavengeHugePageLatency`): 1.13 assumes 10 µs to release one page or huge page [go1.13.4:mgcscavenge.go]. */
export const SCAVENGE_PAGE_LATENCY_NS = 10_000;
/** 1.13 pacing-line period per page: latency / 1 % = 1 ms [go1.13.4:mgcscavenge.go `scavengePagePeriod`]. */
export const SCAVENGE_PAGE_PERIOD_NS = (SCAVENGE_PAGE_LATENCY_NS * 100) / SCAVENGE_PERCENT;
/** 1.13: when nothing could be released the scavenger sleeps with exponential back-off from 100 µs [go1.13.4:mgcscavenge.go bgscavenge]. */
export const SCAVENGE_RETRY_MIN_SLEEP_NS = 100_000;
/** 1.14–1.17: one step's measured critical time is capped at 10 ms [go1.14.13:mgcscavenge.go bgscavenge]. */
export const SCAVENGE_MAX_CRIT_NS = 10_000_000;
/** `scavengeCostRatio`: extra cost charged per unit of scavenge time; 0 on Linux (0.7 on darwin) [go1.14.13:mgcscavenge.go]. */
export const SCAVENGE_COST_RATIO_LINUX = 0;
/** 1.14–1.17 EWMA floor `minFraction`: meant 1/1000, but integer division made it 0 in 1.14–1.16 (`C:14ade57ab8` fixed it in 1.17) [go1.14.13:mgcscavenge.go]. */
export const SCAVENGE_MIN_FRACTION = 1 / 1000;
/** `scavengeQuantum`: the 1.18+ background scavenger releases 64 KiB per call [go1.18:mgcscavenge.go]. */
export const SCAVENGE_QUANTUM_BYTES = 64 * KiB;
/** `minScavWorkTime` (`minCritTime` in 1.18): work at least 1 ms per batch before sleeping [go1.18:mgcscavenge.go], [go1.19.8:mgcscavenge.go]. */
export const MIN_SCAV_WORK_TIME_NS = 1_000_000;
/** 1.18+ PI controller proportional gain `kp` [go1.18:mgcscavenge.go bgscavenge]. */
export const SCAVENGE_PI_KP = 0.3375;
/** 1.18+ PI controller integral time `ti` (ns units of the controller's input) [go1.18:mgcscavenge.go]. */
export const SCAVENGE_PI_TI = 3.2e6;
/** 1.18+ PI controller anti-windup reset time `tt` [go1.18:mgcscavenge.go]. */
export const SCAVENGE_PI_TT = 1e9;
/** 1.18+ PI controller output minimum (the sleep ratio) [go1.18:mgcscavenge.go]. */
export const SCAVENGE_PI_MIN = 0.001;
/** 1.18+ PI controller output maximum [go1.18:mgcscavenge.go]. */
export const SCAVENGE_PI_MAX = 1000;
/** `startingScavSleepRatio`: the PI controller starts (and restarts after overflow) at 0.001 [go1.19.8:mgcscavenge.go]. */
export const STARTING_SCAV_SLEEP_RATIO = 0.001;
/** After a PI controller overflow, 5 s of cool-down; the next trace line says `[controller reset]` [go1.18:mgcscavenge.go]. */
export const SCAVENGE_CONTROLLER_COOLDOWN_NS = 5_000_000_000;
/** The PI controller's set-point: 1 % CPU [go1.18:mgcscavenge.go]. */
export const SCAVENGE_CPU_SETPOINT = SCAVENGE_PERCENT / 100;

// ---- 1.21+: density heuristic (spec §3.8) ----

/** `scavChunkHiOccFrac`: a chunk at least 96.875 % in use is "dense" and skipped by non-forced scavenging (1.21+) [go1.21.12:mgcscavenge.go]. */
export const SCAV_CHUNK_HI_OCC_FRAC = 0.96875;
/** `scavChunkHiOccPages` = 0.96875 × 512 = 496 pages [go1.21.12:mgcscavenge.go], [go1.23.5]. */
export const SCAV_CHUNK_HI_OCC_PAGES = SCAV_CHUNK_HI_OCC_FRAC * PALLOC_CHUNK_PAGES;
