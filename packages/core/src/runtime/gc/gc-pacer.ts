/**
 * When the GC runs, and what heap goal (`NextGC`) it sets.
 *
 * The GC's heap goal is the live heap found by the last mark plus GOGC percent of it:
 * `goal = heapMarked × (1 + GOGC/100)` (≤1.17: go1.11 mgc.go:156-230, go1.17.13 mgcpacer.go);
 * from 1.18 the stacks and globals scanned are added to the base (go1.18 mgcpacer.go commit,
 * design 44167), which scavsim folds into `heapMarked` since it does not model goroutine
 * stacks. The goal is never below `heapMinimum = 4 MiB × GOGC/100` (`defaultHeapMinimum`), so
 * a tiny program collects at about 4 MiB. With GOGC=off no GC is triggered by allocation.
 *
 * Every goal is an integer number of bytes computed as Go computes it, in unsigned integer
 * arithmetic: `heapMarked + heapMarked*uint64(gcPercent)/100` (go1.15 mgc.go gcSetTriggerRatio;
 * go1.21.0 mgcpacer.go commit: `gcPercentHeapGoal = c.heapMarked +
 * (c.heapMarked+c.lastStackScan.Load()+c.globalsScan.Load())*uint64(gcPercent)/100`), the
 * minimum `defaultHeapMinimum * uint64(gcPercent) / 100` (setGCPercent), and the headroom
 * `goal / 100 * memoryLimitHeapGoalHeadroomPercent` (go1.21.0 mgcpacer.go
 * memoryLimitHeapGoal). A fractional goal would reach `NextGC` and the gctrace line, where Go
 * only ever prints whole bytes.
 *
 * From 1.19 a memory limit caps the goal (go §5, go1.19.8 mgcpacer.go
 * memoryLimitHeapGoal): `limit − nonHeap − headroom`, headroom 1 MiB in 1.19–1.20 and
 * `max(3 % of goal, 1 MiB)` from 1.21, never below the marked heap; the limit also applies with
 * GOGC=off.
 *
 * Independently, sysmon forces a GC when none ran for `forcegcperiod` = 2 minutes, unless
 * GOGC=off (go1.19.8 proc.go forcegcperiod, mgc.go gcTrigger test). That periodic GC is what
 * finally lets an idle service return memory after a load test: no allocation means no GC,
 * and the scavenger's goal is only recomputed at a GC.
 *
 * Simplification: the runtime starts a cycle at a trigger below the goal and the mutator keeps
 * allocating during the concurrent mark, so the heap reaches about the goal when the cycle
 * ends. scavsim runs the cycle instantly when `HeapAlloc` reaches the goal, which gives the
 * same peak heap and the same goal sequence.
 *
 * @module
 */
import {
  DEFAULT_HEAP_MINIMUM_BYTES as DEFAULT_HEAP_MINIMUM, MEMORY_LIMIT_HEADROOM_MIN_BYTES,
} from '../../policy/runtime-constants.js';

/** Pacer inputs that do not change during a run. */
export interface PacerSettings {
  /** GOGC percent, or -1 for `off`. */
  readonly gogc: number;
  /** Memory limit in bytes (Infinity when unset or before 1.19). */
  readonly memoryLimit: number;
  /** Headroom rule: 1.19–1.20 use 1 MiB, 1.21+ use max(3 % of goal, 1 MiB). */
  readonly headroomPercent: number;
  /** sysmon's forced-GC period, `forcegcperiod` (the policy table's column). */
  readonly forcedGcPeriodMs: number;
}

/** GC pacing state of one Go process. */
export class GcPacer {
  /** Heap marked live by the last GC (bytes). */
  heapMarked = 0;
  /** Current heap goal (`NextGC`). */
  heapGoal: number;
  /** Goal before the last GC (the scavenger's `lastHeapGoal`). */
  lastHeapGoal = 0;
  /** Completed GC cycles (`NumGC`). */
  numGC = 0;
  /** Cycles forced by `runtime.GC()` / `debug.FreeOSMemory()` (`NumForcedGC`). */
  numForcedGC = 0;
  /** Simulated time of the last GC's end (ms). */
  lastGcMs = 0;

  constructor(private readonly s: PacerSettings) {
    // The memory limit caps the goal from the start, also with GOGC=off (go §5).
    this.heapGoal = this.computeGoal(0);
  }

  /** True when an allocation that brings the heap to `heapAlloc` starts a cycle. */
  shouldTrigger(heapAlloc: number): boolean {
    if (this.s.gogc < 0 && this.s.memoryLimit === Infinity) return false;
    return heapAlloc >= this.heapGoal;
  }

  /** True when sysmon's periodic GC is due at `nowMs`. */
  periodicDue(nowMs: number): boolean {
    // gcTrigger.test (go1.19.8 mgc.go): `lastgc != 0 && now - lastgc > forcegcperiod` — a
    // program that has never collected is not force-collected.
    return this.s.gogc >= 0 && this.numGC > 0 && nowMs - this.lastGcMs >= this.s.forcedGcPeriodMs;
  }

  /** When sysmon's periodic GC is next due (Infinity when it never is). */
  periodicDueAt(): number {
    return this.s.gogc >= 0 && this.numGC > 0 ? this.lastGcMs + this.s.forcedGcPeriodMs : Infinity;
  }

  /**
   * A cycle ended at `nowMs` with `marked` live bytes. `nonHeapBytes` is the runtime's mapped
   * memory outside the heap (for the memory-limit goal).
   */
  endCycle(nowMs: number, marked: number, nonHeapBytes: number, forced: boolean): void {
    this.numGC++;
    if (forced) this.numForcedGC++;
    this.lastGcMs = nowMs;
    this.heapMarked = marked;
    this.lastHeapGoal = this.heapGoal;
    this.heapGoal = this.computeGoal(nonHeapBytes);
  }

  private gcPercentGoal(marked: number): number {
    if (this.s.gogc < 0) return Infinity;
    const minimum = mulDiv100(DEFAULT_HEAP_MINIMUM, this.s.gogc);
    return Math.max(marked + mulDiv100(marked, this.s.gogc), minimum);
  }

  private computeGoal(nonHeapBytes: number): number {
    const percentGoal = this.gcPercentGoal(this.heapMarked);
    if (this.s.memoryLimit === Infinity) return percentGoal;
    const base = Math.max(0, Math.floor(this.s.memoryLimit - nonHeapBytes));
    const headroom = Math.max(MEMORY_LIMIT_HEADROOM_MIN_BYTES, Math.floor(base / 100) * this.s.headroomPercent);
    const limitGoal = Math.max(base - headroom, this.heapMarked);
    return Math.min(percentGoal, limitGoal);
  }
}

/**
 * `x * p / 100` in Go's uint64 arithmetic (the product truncated, not rounded), for whole
 * bytes `x` and a whole percent `p`. Split as `(x / 100) * p + (x % 100) * p / 100` so that the
 * product stays exact in a double up to 2^53 bytes of heap.
 */
export function mulDiv100(x: number, p: number): number {
  const whole = Math.floor(x);
  const q = Math.floor(whole / 100);
  return q * p + Math.floor(((whole - q * 100) * p) / 100);
}
