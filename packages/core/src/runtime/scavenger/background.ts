/**
 * The background scavenger: how much heap the runtime wants to keep, and how fast it gives the
 * rest back.
 *
 * Goal (recomputed at every GC; go §3.3–3.8). The runtime keeps "retained"
 * memory (`HeapSys − HeapReleased`: in-use spans plus free pages not yet released) near what
 * the next cycle will need:
 *
 *     retainedGoal = lastHeapInUse × (heapGoal / lastHeapGoal) × (1 + retainExtraPercent/100)
 *
 * with `lastHeapInUse` sampled at mark termination, before sweeping (go1.13.4
 * mgcscavenge.go gcPaceScavenger, go1.19.8 mgcscavenge.go gcPaceScavenger, retainExtraPercent
 * = 10). Go 1.13.0 used `1.1 × next_gc` instead (#34048). Because the goal only moves at a GC,
 * an idle program keeps everything until the periodic GC two minutes later: the long flat
 * top of every loadtest trace. From 1.19 a second goal, `memoryLimitGoal`, asks for mapped
 * memory below 95 % of GOMEMLIMIT; until 1.21 the code computed 95 × the limit (#62449), so
 * that goal never fired.
 *
 * Pace (by era):
 * - ≤1.12 `sysmon`: every 2.5 min, release every free span idle for over 5 min (go1.11
 *   proc.go sysmon, mheap.go scavenge; `scavengelimit`).
 * - 1.13 `pacing-line`: release along a line at 1 ms per 4 KiB page (10 µs latency / 1 %),
 *   go1.13.4 mgcscavenge.go bgscavenge.
 * - 1.14–1.17 `self-paced`: one step asks for one runtime page (a whole free huge page when the
 *   run below the step covers one: findScavengeCandidate), then sleeps 100 × the step's time
 *   scaled by an EWMA of the CPU share it measured, the time capped at 10 ms and the sleep
 *   served in whole milliseconds by the poller (go1.14.13/go1.15.3 mgcscavenge.go bgscavenge;
 *   self-paced.ts). The step's time is the kernel model's cost of its sysUnused calls.
 * - 1.18+ `pi`: 64 KiB quanta in batches of ≥ 1 ms of work, then sleep `worked / ratio`,
 *   with the ratio set by a PI controller targeting 1 % of GOMAXPROCS CPUs (go1.18/go1.19.8
 *   mgcscavenge.go scavengerState, piController kp=0.3375 ti=3.2e6 tt=1e9, output in
 *   [0.001, 1000], start 0.001). The controller's slow start is why release begins in a
 *   burst about a second after the GC, as the traces show: the first batch (≥ 1 ms) is
 *   followed by a sleep 1000 times as long. The details follow go1.19.8/go1.23.5
 *   mgcscavenge.go `scavengerState.sleep`, `run` and `bgscavenge`: a batch shorter than 1 ms
 *   (the last one) still counts as 1 ms (`minScavWorkTime`); any batch that released
 *   something is followed by a sleep, and only one that released nothing parks; the
 *   controller is fed after the sleep with the time actually slept, and a wake (at every GC's
 *   sweep end) cuts a sleep short; when the controller fails (a non-finite output) the ratio
 *   falls back to 0.001 and the controller is left alone for 5 s of work and sleep
 *   (`controllerCooldown`).
 *
 * The release speed follows from "CPU share ÷ cost per call" without tuning (go §10). For
 * 1.14–1.17 the real traces release 1.5–5× slower than the kernel model's call costs give, and
 * pause after steps that waited for a lock: docs/runtime-model.md, Known gaps.
 *
 * @module
 */
import type { RuntimeBehaviour } from '../../policy/runtime-behaviour.js';
import type { PageHeap } from '../pages/page-heap.js';
import { PAGE_SIZE, PALLOC_CHUNK_PAGES } from '../pages/page-heap-types.js';
import {
  APPROX_NS_PER_PHYS_PAGE, DEFAULT_HUGE_PAGE_BYTES, MIN_SCAV_WORK_TIME_NS, REDUCE_EXTRA_PERCENT, RETAIN_EXTRA_PERCENT,
  SCAVENGE_CPU_SETPOINT, SCAVENGE_LIMIT_MS, SCAVENGE_PAGE_PERIOD_NS, SCAVENGE_PI_KP, SCAVENGE_PI_MAX,
  SCAVENGE_CONTROLLER_COOLDOWN_NS, SCAVENGE_PI_MIN, SCAVENGE_PI_TI, SCAVENGE_PI_TT, STARTING_SCAV_SLEEP_RATIO,
  SYSMON_SCAVENGE_INTERVAL_MS,
} from '../../policy/runtime-constants.js';
import { PiController } from './pi-controller.js';
import { askedSleepNs, IDEAL_FRACTION, nextEwma, stepCritNs, timerSleepNs } from './self-paced.js';
import type { PassResult, ScavengeLoop } from './scavenge-loop.js';
import type { ReleaseTarget } from './release.js';
import { releaseIdleSince } from './idle-release.js';
import { freeHugePages } from './huge-pages.js';

/** Inputs to the goal, sampled at the end of a GC. */
export interface GoalInputs {
  readonly heapInUseAtMarkTermination: number;
  readonly heapGoal: number;
  readonly lastHeapGoal: number;
  readonly retained: number;
  readonly memoryLimit: number;
  readonly physPageSize: number;
}

/** What the background scavenger did during one slice of time. */
export interface BackgroundWork {
  released: number;
  cpuNs: number;
}

/** Process totals the scavenger reads while it works. */
export interface ScavengerView {
  /** `HeapSys − HeapReleased`. */
  retained(): number;
  /** `Sys − HeapReleased` (what GOMEMLIMIT limits). */
  mappedReady(): number;
}

/** The background scavenger of one Go process. */
export class BackgroundScavenger {
  /** Retained-heap goal in bytes; Infinity when disabled. */
  gcPercentGoal = Infinity;
  /** Mapped-memory goal from the memory limit; Infinity when unset. */
  memoryLimitGoal = Infinity;
  /** CPU time spent (ns), for `/cpu/classes/scavenge/background:cpu-seconds`. */
  cpuNs = 0;
  /** Bytes released since the last trace line (scavtrace `work`). */
  workSinceTrace = 0;
  /** Simulated ms before which the scavenger sleeps. */
  private wakeAtMs = 0;
  /** Parked until the next GC (nothing to do). */
  private parked = true;
  private sleepRatio = STARTING_SCAV_SLEEP_RATIO;
  /** Work and sleep left before the controller is fed again after a failure (ns). */
  private cooldownNs = 0;
  /** When the current sleep began (ms); null when not sleeping. */
  private sleepStartMs: number | null = null;
  /** The work the current sleep pays for (ns; 1.18+ at least 1 ms, 1.14–1.17 the step's crit). */
  private sleepWorkedNs = 0;
  private readonly pi = new PiController(SCAVENGE_PI_KP, SCAVENGE_PI_TI, SCAVENGE_PI_TT, SCAVENGE_PI_MIN, SCAVENGE_PI_MAX);
  /** 1.14–1.17 `scavengeEWMA`: the CPU fraction of recent steps, starting at the ideal 1 %. */
  private ewma = IDEAL_FRACTION;
  private lineBasisMs = 0;
  private lineBasisRetained = 0;
  private lineRateBytesPerMs = 0;
  private nextSysmonMs = SYSMON_SCAVENGE_INTERVAL_MS;
  /** What {@link run} returns, reused: it runs every tick. */
  private readonly work: BackgroundWork = { released: 0, cpuNs: 0 };
  /** Reused by the per-page and per-quantum passes. */
  private readonly passResult: PassResult = { released: 0, costNs: 0, calls: 0, exhausted: false };
  /** One background step: the row's quantum per call (1.14–1.17 a runtime page, 1.18+ 64 KiB). */
  private readonly step: { readonly bytes: number; readonly maxRunPages: number; readonly force: false; readonly cpuBudgetNs: number };
  private readonly physPageSize: number;

  constructor(
    private readonly b: RuntimeBehaviour,
    private readonly pass: ScavengeLoop,
    private readonly pages: PageHeap,
    private readonly target: ReleaseTarget,
    private readonly view: ScavengerView,
    private readonly gomaxprocs: number,
  ) {
    const q = b.quantumBytes ?? PAGE_SIZE;
    this.step = Object.freeze({ bytes: q, maxRunPages: Math.max(1, q / PAGE_SIZE), force: false, cpuBudgetNs: Infinity });
    this.physPageSize = pages.physPageSize;
  }

  /** Recomputes the goals at the end of a GC (gcPaceScavenger). */
  updateGoals(g: GoalInputs, nowMs: number): void {
    if (this.b.goalFormula === 'none') return;
    let goal: number;
    if (g.lastHeapGoal === 0) goal = Infinity; // scavenger disabled before the first GC completes
    else if (this.b.goalFormula === 'next-gc') goal = g.heapGoal * (1 + RETAIN_EXTRA_PERCENT / 100);
    else goal = g.heapInUseAtMarkTermination * (g.heapGoal / g.lastHeapGoal) * (1 + RETAIN_EXTRA_PERCENT / 100);
    if (Number.isFinite(goal)) goal = Math.ceil(goal / g.physPageSize) * g.physPageSize;
    if (this.b.goalOffBelowPhysPage && g.retained - goal < g.physPageSize) goal = Infinity; // 1.14+: nothing worth doing
    this.gcPercentGoal = goal;
    if (this.b.memoryLimit && Number.isFinite(g.memoryLimit)) {
      // #62449: `uint64(float64(limit) * (100.0 - reduceExtraPercent))` until the 1.22 fix.
      this.memoryLimitGoal = this.b.limitGoalBug
        ? g.memoryLimit * (100 - REDUCE_EXTRA_PERCENT)
        : g.memoryLimit * (1 - REDUCE_EXTRA_PERCENT / 100);
    }
    if (this.b.background === 'pacing-line-1.13') {
      // gcPaceScavenger (go1.13.4): totalWork = retained − goal; hugeWork = min(free unscavenged
      // huge pages × 2 MiB, totalWork rounded down to huge pages); each huge page and each
      // physical page of the rest costs 1 ms of the line.
      const HUGE = DEFAULT_HUGE_PAGE_BYTES;
      const work = Math.max(0, g.retained - goal);
      const hugeWork = Math.min(freeHugePages(this.pages) * HUGE, Math.floor(work / HUGE) * HUGE);
      const timeMs = ((hugeWork / HUGE) * SCAVENGE_PAGE_PERIOD_NS) / 1e6 + ((work - hugeWork) / g.physPageSize) * (SCAVENGE_PAGE_PERIOD_NS / 1e6);
      this.lineBasisMs = nowMs;
      this.lineBasisRetained = g.retained;
      this.lineRateBytesPerMs = work > 0 && timeMs > 0 ? work / timeMs : 0;
    }
  }

  /** Wakes the scavenger at `atMs` (sweep done, or mark termination before 1.15). */
  wake(atMs: number): void {
    this.parked = false;
    this.pass.wake();
    // scavengerState.wake readies the goroutine when it is parked, which it also is while it
    // sleeps (sleep sets s.parked before gopark): a wake cuts a 1.18+ sleep short.
    this.wakeAtMs = this.sleepStartMs !== null ? Math.max(atMs, this.sleepStartMs) : Math.max(this.wakeAtMs, atMs);
  }

  /** True when retained memory is above a goal (the scavenger has work). */
  hasWork(): boolean {
    // Without a memory limit the second test is always false (a finite size is never above
    // Infinity): skipped, as this runs before every background step.
    return this.view.retained() > this.gcPercentGoal || (this.memoryLimitGoal !== Infinity && this.view.mappedReady() > this.memoryLimitGoal);
  }

  private bytesAboveGoal(): number {
    return Math.max(this.view.retained() - this.gcPercentGoal, this.view.mappedReady() - this.memoryLimitGoal, 0);
  }

  /** The earliest time the scavenger may do something (`nowMs` while it is awake and due). */
  quietUntil(nowMs: number): number {
    if (this.b.background === 'sysmon-5min') return Math.max(nowMs, this.nextSysmonMs);
    if (this.parked) return Infinity;
    return Math.max(nowMs, this.wakeAtMs);
  }

  /**
   * Runs the scavenger over simulated time [fromMs, toMs). The result is valid until the next
   * call (one object reused: this runs every tick).
   */
  run(fromMs: number, toMs: number): BackgroundWork {
    const w = this.work;
    w.released = 0;
    w.cpuNs = 0;
    switch (this.b.background) {
      case 'sysmon-5min':
        while (this.nextSysmonMs < toMs) {
          const r = releaseIdleSince(this.pages, this.target, this.nextSysmonMs - SCAVENGE_LIMIT_MS);
          w.released += r.released;
          w.cpuNs += r.cpuNs;
          this.nextSysmonMs += SYSMON_SCAVENGE_INTERVAL_MS;
        }
        break;
      case 'pacing-line-1.13':
        this.runPacingLine(toMs, w);
        break;
      case 'self-paced-1.14':
        this.runSelfPaced(fromMs, toMs, w);
        break;
      case 'pi-1.18':
        this.runPi(fromMs, toMs, w);
        break;
    }
    this.cpuNs += w.cpuNs;
    this.workSinceTrace += w.released;
    return w;
  }

  private runPacingLine(toMs: number, w: BackgroundWork): void {
    if (this.parked || this.lineRateBytesPerMs === 0 || toMs <= this.wakeAtMs) return;
    const want = this.lineBasisRetained - this.lineRateBytesPerMs * (toMs - this.lineBasisMs);
    const over = Math.min(this.view.retained() - Math.max(want, this.gcPercentGoal), this.bytesAboveGoal());
    if (over < PAGE_SIZE) return;
    const r = this.pass.run({ bytes: over, maxRunPages: PALLOC_CHUNK_PAGES, force: false, cpuBudgetNs: Infinity });
    w.released += r.released;
    w.cpuNs += r.costNs;
    if (r.exhausted || !this.hasWork()) this.parked = true;
  }

  /**
   * 1.14–1.17 (`bgscavenge`, self-paced.ts): one step, then a sleep of 100 × its crit scaled by
   * the EWMA, rounded up by the timer; the EWMA learns from the sleep actually taken, which a
   * wake (a GC) can cut short.
   */
  private runSelfPaced(fromMs: number, toMs: number, w: BackgroundWork): void {
    let t = Math.max(fromMs, this.wakeAtMs);
    while (!this.parked && t < toMs) {
      if (this.sleepStartMs !== null) {
        this.ewma = nextEwma(this.ewma, this.sleepWorkedNs, (t - this.sleepStartMs) * 1e6, this.b.selfPacedMinFraction);
        this.sleepStartMs = null;
      }
      // A step that finds nothing (or a goal already met) parks until the next wake.
      const r = this.hasWork() ? this.pass.run(this.step, this.passResult) : undefined;
      if (r === undefined || r.released === 0) {
        this.parked = true;
        break;
      }
      const crit = stepCritNs(r.costNs, r.released, this.physPageSize);
      w.released += r.released;
      w.cpuNs += crit;
      this.sleepStartMs = t + crit / 1e6;
      this.sleepWorkedNs = crit;
      t = this.sleepStartMs + timerSleepNs(askedSleepNs(this.ewma, crit)) / 1e6;
    }
    this.wakeAtMs = Math.max(this.wakeAtMs, t);
  }

  private runPi(fromMs: number, toMs: number, w: BackgroundWork): void {
    let t = Math.max(fromMs, this.wakeAtMs);
    while (!this.parked && t < toMs) {
      if (this.sleepStartMs !== null) this.endSleep(t);
      // One batch (scavengerState.run): quanta until ≥ 1 ms of work, nothing above the goals
      // (shouldStop), or a quantum that found less than it asked for.
      let worked = 0;
      let released = 0;
      while (worked < MIN_SCAV_WORK_TIME_NS && this.hasWork()) {
        const r = this.pass.run(this.step, this.passResult);
        worked += r.costNs > 0 ? r.costNs : APPROX_NS_PER_PHYS_PAGE * (r.released / this.physPageSize);
        released += r.released;
        if (r.released < this.step.bytes) break;
      }
      w.released += released;
      w.cpuNs += worked;
      // bgscavenge: a batch that released nothing parks until the next wake; any other sleeps,
      // a short last one included (the batch after it finds nothing and parks).
      if (released === 0) {
        this.parked = true;
        break;
      }
      this.sleepStartMs = t + worked / 1e6;
      this.sleepWorkedNs = Math.max(worked, MIN_SCAV_WORK_TIME_NS);
      t = this.sleepStartMs + this.sleepWorkedNs / this.sleepRatio / 1e6;
    }
    this.wakeAtMs = Math.max(this.wakeAtMs, t);
  }

  /**
   * The sleep ended at `atMs` (on time, or cut short by a wake): feed the controller the CPU
   * fraction actually used, `worked / ((slept + worked) × GOMAXPROCS)` (scavengerState.sleep).
   */
  private endSleep(atMs: number): void {
    const worked = this.sleepWorkedNs;
    const slept = (atMs - this.sleepStartMs!) * 1e6;
    this.sleepStartMs = null;
    if (this.cooldownNs > 0) {
      this.cooldownNs = slept + worked > this.cooldownNs ? 0 : this.cooldownNs - (slept + worked);
      return;
    }
    const procs = this.b.cpuShareOfAllPs ? this.gomaxprocs : 1;
    const [ratio, ok] = this.pi.next(worked / ((slept + worked) * procs), SCAVENGE_CPU_SETPOINT, slept + worked);
    if (ok) this.sleepRatio = ratio;
    else {
      this.sleepRatio = STARTING_SCAV_SLEEP_RATIO;
      this.cooldownNs = SCAVENGE_CONTROLLER_COOLDOWN_NS;
    }
  }
}
