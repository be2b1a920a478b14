/**
 * The Go runtime's scavenging and pacing constants, with the source each value was read from.
 *
 * Every value is exactly the runtime's constant (go §1, go §3, go §5), in the unit named
 * by the suffix: `Bytes`, `Ns` (nanoseconds), `Ms` (milliseconds), `Pages` (8 KiB runtime pages).
 * Constants that changed between versions say so; the per-version policy table
 * ({@link GO_POLICY_TABLE}) says which applies when. This is the only place the engine takes
 * them from: every constant here is read by the engine (the constants test checks that each is
 * imported outside `policy/` and that no engine module spells one of these values itself).
 *
 * @module
 */
import { KiB, MiB } from '../units.js';

// ---- geometry (go §1) ----

/** Runtime page size: 8 KiB (`_PageShift = 13`) in every version [go1.11:sizeclasses.go]…[go1.23.5]. */
export const RUNTIME_PAGE_BYTES = 8 * KiB;
/** log2 of {@link RUNTIME_PAGE_BYTES} (`_PageShift`). */
export const RUNTIME_PAGE_SHIFT = 13;
/** Heap arena on 64-bit Linux: 64 MiB (`logHeapArenaBytes = 6+20`) [go1.11:malloc.go]. HeapSys grew by whole arenas through 1.16. */
export const HEAP_ARENA_BYTES = 64 * MiB;
/** Pages per page-allocator chunk (`1 << logPallocChunkPages`, 9) in 1.14+ [go1.14.13:mpagealloc.go]. */
export const PALLOC_CHUNK_PAGES = 512;
/** log2 of {@link PALLOC_CHUNK_PAGES} (`logPallocChunkPages`). */
export const PALLOC_CHUNK_SHIFT = 9;
/** One page-allocator chunk: 4 MiB. 1.14+ grows the heap and (1.17+) HeapSys in multiples of it [go1.14.13:mheap.go grow]. */
export const PALLOC_CHUNK_BYTES = PALLOC_CHUNK_PAGES * RUNTIME_PAGE_BYTES;
/**
 * GC metadata kept outside the heap for every byte of heap, by the layout of `heapArena` (one
 * per 64 MiB arena, allocated with it and counted in `GCSys`), 64-bit. Up to 1.19 a 2-bit
 * pointer/scan bitmap per heap word: `bitmap [heapArenaBitmapBytes]byte`, 2 MiB per arena, 1/32
 * [go1.17.13:mheap.go heapArena] (2 bits per word: mbitmap.go's heap bitmap layout). Every version also keeps
 * `spans [pagesPerArena]*mspan` (8 bytes per 8 KiB page, 1/1024) and per-page bitmaps
 * (`pageInUse`, `pageMarks`, `pageSpecials`: one bit per page each, negligible, included).
 */
export const HEAP_METADATA_2BIT_BITMAP = 2 / 64 + 8 / RUNTIME_PAGE_BYTES + 3 / (8 * RUNTIME_PAGE_BYTES);
/**
 * The same with the 1-bit heap bitmap: `bitmap [heapArenaBitmapWords]uintptr` ("1 bit per word
 * of heap, or 1.6% of the heap size") and `noMorePtrs [heapArenaBitmapWords / 8]uint8`
 * (".024%") [go1.21.12:mheap.go heapArena]. Assumed from 1.20, the release of that rewrite (the
 * go1.20.2 tree's `mheap.go` was not read: UNVERIFIED boundary).
 */
export const HEAP_METADATA_1BIT_BITMAP = 1 / 64 + 1 / 64 / 64 + 8 / RUNTIME_PAGE_BYTES + 3 / (8 * RUNTIME_PAGE_BYTES);
/**
 * From 1.22 allocation headers replace the arena bitmap: "heapArenaPtrScalar struct {} // N.B.
 * This is no longer necessary with allocation headers" [go1.23.5:mbitmap.go], golang/go#66737;
 * the pointer bitmaps of small objects live at the end of their spans (inside the heap). Left:
 * `spans` and the page bitmaps.
 */
export const HEAP_METADATA_NO_BITMAP = 8 / RUNTIME_PAGE_BYTES + 3 / (8 * RUNTIME_PAGE_BYTES);
/** Default transparent-huge-page size on amd64 (`hpage_pmd_size`, the runtime's `physHugePageSize`) [go1.13.4…go1.23.5:os_linux.go]. */
export const DEFAULT_HUGE_PAGE_BYTES = 2 * MiB;

// ---- GC pacing the scavenger depends on (go §5) ----

/** `forcegcperiod`: sysmon forces a GC after 2 minutes without one, in every version [go1.11:proc.go], [go1.19.8:proc.go:5125]. */
export const FORCEGC_PERIOD_MS = 120_000;
/** `defaultHeapMinimum`: 4 MiB × GOGC/100, the smallest GC trigger [go1.11:mgc.go:171], [go1.17.13:mgcpacer.go:49]. */
export const DEFAULT_HEAP_MINIMUM_BYTES = 4 * MiB;
/** Memory-limit heap-goal headroom floor: 1 MiB (the whole headroom in 1.19–1.20) [go1.19.8:mgcpacer.go memoryLimitHeapGoal]. */
export const MEMORY_LIMIT_HEADROOM_MIN_BYTES = 1 * MiB;
/** Memory-limit heap-goal headroom in 1.21+: max(3 % of the goal, 1 MiB) [go1.21.12:mgcpacer.go:68-73]. */
export const MEMORY_LIMIT_HEADROOM_PERCENT = 3;

// ---- ≤ 1.12: the sysmon scavenger (go §3.1) ----

/** `scavengelimit`: a free span is released once unused for 5 minutes (≤1.12) [go1.11:proc.go sysmon]. */
export const SCAVENGE_LIMIT_MS = 300_000;
/** sysmon scavenges when `lastscavenge + scavengelimit/2 < now`, i.e. every 2.5 minutes (≤1.12) [go1.11:proc.go sysmon]. */
export const SYSMON_SCAVENGE_INTERVAL_MS = SCAVENGE_LIMIT_MS / 2;
/** sysmon's longest ordinary sleep, 10 ms: how late a scavenger readied at sweep done is woken (1.15+) [go1.11:proc.go sysmon], [go1.15.3:mgc.go]. */
export const SYSMON_MAX_SLEEP_MS = 10;

// ---- 1.13+: the background scavenger goroutine (go §3.3–3.8) ----

/** `scavengePercent`: the background scavenger aims at 1 % of CPU (of one CPU ≤1.17, of GOMAXPROCS 1.18+) [go1.13.4:mgcscavenge.go], [go1.18:mgcscavenge.go]. */
export const SCAVENGE_PERCENT = 1;
/** `retainExtraPercent`: the GC-percent goal keeps 10 % over the in-use heap (1.13+) [go1.13.4:mgcscavenge.go]. */
export const RETAIN_EXTRA_PERCENT = 10;
/** `reduceExtraPercent`: the memory-limit goal is meant to be 95 % of the limit (1.19+; computed as 95×limit through 1.21, #62449) [go1.19.8:mgcscavenge.go:149], [go1.23.5:mgcscavenge.go:175]. */
export const REDUCE_EXTRA_PERCENT = 5;
/** 1.13 pacing-line period per physical page or huge page: `scavengePageLatency` 10 µs / 1 % = 1 ms [go1.13.4:mgcscavenge.go `scavengePagePeriod`, `scavengeHugePagePeriod`]. */
export const SCAVENGE_PAGE_PERIOD_NS = 1_000_000;
/**
 * CPU time assumed for a release whose measured time is zero: 10 µs per physical page
 * (`approxCritNSPerPhysicalPage` [go1.14.13:mgcscavenge.go bgscavenge],
 * `approxWorkedNSPerPhysicalPage` [go1.19.8:mgcscavenge.go scavengerState.run]).
 */
export const APPROX_NS_PER_PHYS_PAGE = 10_000;
/** `maxCrit`: a 1.14–1.17 step's measured time counts at most 10 ms in the pacing [go1.14.13:mgcscavenge.go bgscavenge], [go1.15.3:mgcscavenge.go bgscavenge]. */
export const SCAVENGE_MAX_CRIT_NS = 10e6;
/** `scavengeCostRatio` on Linux: `0.7 × sys.GoosDarwin`, i.e. 0 [go1.14.13:mgcscavenge.go], [go1.15.3:mgcscavenge.go]. */
export const SCAVENGE_COST_RATIO = 0;
/** `alpha` of the 1.14–1.17 scavenger's EWMA of its CPU fraction [go1.14.13:mgcscavenge.go bgscavenge]. */
export const SCAVENGE_EWMA_ALPHA = 0.5;
/**
 * `minFraction`, the EWMA's floor per step: written `1 / 1000`, an untyped integer constant, so
 * 0 in 1.14–1.16; `1.0 / 1000.0` from 1.17 (C:14ade57ab8, go §3.4) [go1.15.3:mgcscavenge.go bgscavenge].
 */
export const SCAVENGE_MIN_FRACTION_117 = 1 / 1000;
/** epoll's timeout unit: `netpoll(delay)` waits `delay / 1e6` ms, at least 1 ms, for a pending timer [go1.15.3:netpoll_epoll.go netpoll]. */
export const NETPOLL_TIMEOUT_UNIT_NS = 1e6;
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
/** `controllerCooldown`: after a controller failure the 1.18+ scavenger sleeps at the starting ratio for 5 s of work and sleep before the controller is fed again [go1.19.8:mgcscavenge.go scavengerState.sleep], [go1.18:mgcscavenge.go bgscavenge]. */
export const SCAVENGE_CONTROLLER_COOLDOWN_NS = 5e9;
/** The PI controller's set-point: 1 % CPU [go1.18:mgcscavenge.go]. */
export const SCAVENGE_CPU_SETPOINT = SCAVENGE_PERCENT / 100;

// ---- 1.21+: density heuristic (go §3.8) ----

/** `scavChunkHiOccPages` = `scavChunkHiOccFrac` 0.96875 × 512 = 496: a chunk this full is "dense" and skipped by non-forced scavenging (1.21+) [go1.21.12:mgcscavenge.go], [go1.23.5]. */
export const SCAV_CHUNK_HI_OCC_PAGES = 0.96875 * PALLOC_CHUNK_PAGES;
