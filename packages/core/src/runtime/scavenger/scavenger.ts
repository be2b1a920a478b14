/**
 * The scavenger of one Go process: every reason the runtime releases heap memory, and the one
 * loop they all drive.
 *
 * Triggers (who asks, and how much):
 * - **heap growth**: ≤1.11 none; 1.12 the largest free spans, as much as the heap grows
 *   (go1.12 mheap.go grow → scavengeLargest); 1.13+ enough to keep retained memory under the
 *   background goal after the growth, at most the growth: `min(growth, retained + growth −
 *   goal)`, in `mheap.grow` before the new memory joins the heap up to 1.17 (go1.13.4,
 *   go1.17.13 mheap.go grow), in `mheap.allocSpan` after the allocation from 1.18
 *   (go1.18 mheap.go allocSpan, C:4f543b59c561).
 * - **memory limit** (`mheap.allocSpan`, 1.19+): every span allocation checks whether the
 *   released memory it pages back in (`scav`, possibly 0) would take mapped memory over
 *   GOMEMLIMIT: `scav + mappedReady − limit`. It and the growth amount are one request, the
 *   larger of the two ("the maximum satisfies all conditions"), not their sum; from 1.21 the
 *   whole request is forced (density ignored) when the limit part fired, the growth part alone
 *   is not (go1.19.8, go1.21.12 and go1.23.5 mheap.go allocSpan: `bytesToScavenge`,
 *   `forceScavenge`).
 * - **allocation path** (1.12.0–1.12.4, 1.13.0): the same place released again whatever went
 *   over the background goal (go1.13.0 mheap.go allocSpanLocked).
 * - **`debug.FreeOSMemory`**: after a forced GC, everything free (go1.19.8 mheap.go
 *   scavengeAll; 1.21+ forced, so density does not apply).
 * - **background**: the era's pacer (`background.ts`): sysmon's ≤1.12 idle release, 1.13's
 *   pacing line with its huge-page count, 1.14–1.17 self-pacing, 1.18+ the PI controller.
 *
 * Each trigger runs the one {@link ScavengeLoop} over the page heap and releases through the
 * process's {@link SysUnused}; what happens after a release (CPU charged as assist or
 * background time, the `scavenge` event, the trace line) is written once per kind of caller
 * below. The heap (`MHeap`) asks for growth and allocation scavenging itself, at the points
 * where Go's mheap does; the process drives the GC hooks, FreeOSMemory and the background.
 *
 * @module
 */
import type { Advice, ProcessMemory } from '../../kernel/types.js';
import type { RuntimeBehaviour } from '../../policy/runtime-behaviour.js';
import type { PageHeap } from '../pages/page-heap.js';
import { PAGE_SIZE, PALLOC_CHUNK_PAGES } from '../pages/page-heap-types.js';
import { SYSMON_MAX_SLEEP_MS } from '../../policy/runtime-constants.js';
import type { RuntimeTrace, TraceHeap } from '../trace/runtime-trace.js';
import { BackgroundScavenger, type GoalInputs, type ScavengerView } from './background.js';
import { SysUnused } from './release.js';
import type { HeapHugePageAdvice } from './thp-advice.js';
import { densityRule, ScavengeLoop, type PassResult } from './scavenge-loop.js';


/** Why memory was released (the `trigger` of a `scavenge` event). */
export type ScavengeTrigger = 'background' | 'growth' | 'limit' | 'alloc-path' | 'freeosmemory';

/** What the scavenger reads of its process, and how it reports. */
export interface ScavengerHost extends ScavengerView {
  /** The heap figures a trace line prints. */
  traceHeap(): TraceHeap;
  /** Puts a marked moment on the process's timeline, at the process's current time. */
  event(kind: 'scavenge' | 'freeosmemory' | 'advice-fallback', detail: Record<string, number | string | boolean>): void;
}

/** What the heap asks of the scavenger, at the points Go's mheap does. */
export interface HeapScavenging {
  /** `mheap.grow`: the heap is about to grow by `growthBytes` (acts only where growth scavenging is done in grow, ≤1.17). */
  forGrowth(growthBytes: number): void;
  /** The sweeper freed pages `[base, base+npages)` (`pageAlloc.free`: Go moves its scavenge search addresses here). */
  freed(base: number, npages: number): void;
  /**
   * `mheap.allocSpan`, once per span: the allocation paged `scavBytes` of released memory back
   * in, after the heap grew by `growthBytes` for it (0 if it did not grow). Called after the
   * page heap's books took the span, so `retained` and `mappedReady` already count it.
   */
  forAllocation(scavBytes: number, growthBytes: number): void;
}

/** The settings of one process's scavenger. */
export interface ScavengerSettings {
  readonly behaviour: RuntimeBehaviour;
  /** GOMEMLIMIT in bytes (Infinity when unset). */
  readonly memoryLimit: number;
  readonly gomaxprocs: number;
  /** The advice the process starts with. */
  readonly advice: Advice;
  /** The heap's huge-page calls (sysUnused's part of them). */
  readonly hugePages?: HeapHugePageAdvice;
}

/**
 * Runtime pages per huge page for the "don't split a free huge page" rule: `physHugePageSize`
 * is `hpage_pmd_size`, which the runtime reads whatever THP's `enabled` says (go1.15.3
 * os_linux.go getHugePageSize); a huge page larger than a 4 MiB chunk (64 KiB base pages: 512 MiB)
 * never fits inside one, so the rule never applies there (0 = off).
 */
function preservedHugePagePages(hugePages: HeapHugePageAdvice | undefined): number {
  if (hugePages === undefined) return 0;
  const n = hugePages.hugePageBytes / PAGE_SIZE;
  return n > 1 && n <= PALLOC_CHUNK_PAGES ? n : 0;
}

/** Every trigger and the loop they drive, for one process. */
export class Scavenger implements HeapScavenging {
  /** `sysUnused`: the advice in force and the madvise calls made. */
  readonly sys: SysUnused;
  /** CPU spent scavenging on the allocation path (growth, memory limit, 1.12/1.13 alloc path), ns. */
  assistNs = 0;
  private readonly b: RuntimeBehaviour;
  private readonly memoryLimit: number;
  private readonly loop: ScavengeLoop;
  private readonly bg: BackgroundScavenger;

  constructor(
    s: ScavengerSettings,
    private readonly pages: PageHeap,
    mem: ProcessMemory,
    private readonly host: ScavengerHost,
    private readonly trace: RuntimeTrace,
  ) {
    this.b = s.behaviour;
    this.memoryLimit = s.memoryLimit;
    this.sys = new SysUnused(mem, s.advice, (reason) => host.event('advice-fallback', { reason, advice: 'MADV_DONTNEED' }), s.hugePages);
    this.loop = new ScavengeLoop(pages, this.sys, {
      search: this.b.scavengeSearch,
      ...(this.b.preserveHugePages ? { hugePagePages: preservedHugePagePages(s.hugePages) } : {}),
      ...(this.b.densityRule ? { eligible: densityRule(pages) } : {}) });
    this.bg = new BackgroundScavenger(this.b, this.loop, pages, this.sys, host, s.gomaxprocs);
  }

  // ---- the heap's triggers ---------------------------------------------------------------

  forGrowth(growthBytes: number): void {
    const b = this.b;
    if (b.growthScavenge === 'none' || b.growthScavengeAt !== 'grow') return;
    let want: number;
    if (b.growthScavenge === 'largest') want = growthBytes; // 1.12 scavengeLargest(arena-rounded growth)
    else want = this.growthExcess(growthBytes, this.host.retained());
    if (want > 0) this.assist('growth', want, false);
  }

  forAllocation(scavBytes: number, growthBytes: number): void {
    const b = this.b;
    if (b.growthScavengeAt === 'alloc-span') {
      // Go reads its counters here before it books the span (allocSpan: the scavenge comes
      // before `heapReleased -= scav` and sysUsed); ours already count its `scav` released
      // bytes as retained and mapped, so they are taken back out.
      let limitPart = 0;
      if (b.memoryLimit && Number.isFinite(this.memoryLimit)) limitPart = Math.max(0, this.host.mappedReady() - this.memoryLimit);
      const growthPart = growthBytes > 0 ? this.growthExcess(growthBytes, this.host.retained() - scavBytes) : 0;
      const want = Math.max(limitPart, growthPart);
      if (want > 0) this.assist(limitPart >= growthPart ? 'limit' : 'growth', want, limitPart > 0 && b.limitScavengeForced);
      return;
    }
    if (scavBytes > 0 && b.allocPathScavenge) {
      // 1.12.0–1.12.4 and 1.13.0 scavenged again when allocating out of scavenged memory.
      const want = this.growthExcess(scavBytes, this.host.retained());
      if (want > 0) this.assist('alloc-path', want, false);
    }
  }

  /** `min(bytes, retained + bytes − goal)`: what keeps retained memory at the goal after `bytes` more (0 without a goal). */
  private growthExcess(bytes: number, retained: number): number {
    const goal = this.bg.gcPercentGoal;
    return Number.isFinite(goal) ? Math.min(bytes, retained + bytes - goal) : 0;
  }

  // ---- the process's triggers ------------------------------------------------------------

  /** `debug.FreeOSMemory` after its forced GC: release everything free (`scavengeAll`). */
  freeOSMemory(gcCount: number): void {
    const r = this.pass(Infinity, true);
    this.report('freeosmemory', r.released, r.costNs, true);
    this.host.event('freeosmemory', { releasedBytes: r.released });
    this.trace.freeOSMemory(r.released, this.bg.workSinceTrace, this.host.traceHeap(), gcCount);
    this.bg.workSinceTrace = 0;
  }

  /**
   * Mark termination, before sweeping: a new density generation (1.21+, go1.21.12 mgc.go:1026)
   * and the background goals (`gcPaceScavenger`).
   */
  gcMarkTermination(g: GoalInputs, nowMs: number): void {
    if (this.b.densityRule) this.pages.nextGen();
    this.loop.markTermination();
    this.bg.updateGoals(g, nowMs);
  }

  freed(base: number, npages: number): void {
    this.loop.freed(base, npages);
  }

  /**
   * Sweep done: the pacing trace line (1.14+, when there is work; not for FreeOSMemory's GC,
   * whose lines FreeOSMemory prints) and the background scavenger woken (1.15+ through
   * sysmon; before, at mark termination).
   */
  gcSweepDone(nowMs: number, gcCount: number, forFreeOSMemory: boolean): void {
    if (this.bg.hasWork() && !forFreeOSMemory) {
      this.trace.pacing(this.bg.workSinceTrace, this.host.traceHeap(), gcCount);
      this.bg.workSinceTrace = 0;
    }
    // sysmon's longest sleep while the program is busy is the wake latency (1.15+).
    this.bg.wake(nowMs + (this.b.scavengerWake === 'sysmon-after-sweep' ? SYSMON_MAX_SLEEP_MS : 0));
  }

  /** The background scavenger's turn over simulated time (fromMs, toMs]. */
  background(fromMs: number, toMs: number): void {
    const w = this.bg.run(fromMs, toMs);
    if (w.released > 0) {
      this.report('background', w.released, w.cpuNs, false);
      this.trace.background(w.released, this.host.traceHeap());
    }
  }

  /** The earliest time the background scavenger may do something. */
  quietUntil(nowMs: number): number {
    return this.bg.quietUntil(nowMs);
  }

  /** True while retained memory is above a background goal (the scavenger has work). */
  hasBackgroundWork(): boolean {
    return this.bg.hasWork();
  }

  /** The background scavenger's retained-heap goal (bytes; Infinity if none). */
  get goal(): number {
    return this.bg.gcPercentGoal;
  }

  /** Background scavenger CPU time so far (ns). */
  get backgroundNs(): number {
    return this.bg.cpuNs;
  }

  // ---- written once ----------------------------------------------------------------------

  /** One pass of the loop: whole chunks per call, no CPU budget. */
  private pass(bytes: number, force: boolean): PassResult {
    return this.loop.run({ bytes, maxRunPages: PALLOC_CHUNK_PAGES, force, cpuBudgetNs: Infinity });
  }

  /** A pass on the allocating goroutine: its CPU is assist time, its bytes eager work (1.21 scavtrace). */
  private assist(trigger: ScavengeTrigger, bytes: number, force: boolean): void {
    const r = this.pass(bytes, force);
    this.assistNs += r.costNs;
    if (r.released > 0) {
      this.report(trigger, r.released, r.costNs, false);
      this.trace.eagerWork(r.released);
    }
  }

  /** The `scavenge` event of a release (`always`: also when nothing was released). */
  private report(trigger: ScavengeTrigger, released: number, cpuNs: number, always: boolean): void {
    if (released > 0 || always) {
      this.host.event('scavenge', { trigger, bytes: released, advice: this.sys.advice, cpuNs: Math.round(cpuNs) });
    }
  }
}
