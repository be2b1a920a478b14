/**
 * One Go process: its workload, GC, heap, scavengers and accounting, on top of the kernel's
 * view of its memory.
 *
 * Per tick the data flows one way: the workload allocates and drops objects; allocation may
 * start a GC (heap goal reached), grow the heap (and scavenge for growth), or page released
 * memory back in (and scavenge for the memory limit); every new object is written, which the
 * kernel turns into faults, charges and perhaps reclaim; then sysmon's periodic GC and the
 * background scavenger get their turn. The runtime's accounting (MemStats) is computed from
 * its own books; RSS comes from the kernel. The two are never reconciled, as in reality.
 *
 * Non-heap memory (stacks, GC metadata, mspans: `Sys − HeapSys`) is `non-heap.ts`.
 *
 * @module
 */
import type { ProcessMemory } from '../kernel/types.js';
import type { SimEvent } from '../metrics/events.js';
import type { RandomStream } from '../random/random-streams.js';
import { MiB, TiB, formatBytes } from '../units.js';
import { ScavsimError } from '../errors.js';
import { PageHeap, PAGE_SIZE } from './pages/page-heap.js';
import { SpanTable, type SpanPageSource } from './heap/span-table.js';
import { GcPacer } from './gc/gc-pacer.js';
import { MHeap } from './heap/mheap.js';
import { Scavenger, type ScavengerHost } from './scavenger/scavenger.js';
import type { ResolvedGoConfig } from './go-config.js';
import { Workload, type Mutator } from '../workload/workload.js';
import { RuntimeTrace, type TraceHeap } from './trace/runtime-trace.js';
import { runtimeMetrics, type RuntimeMetrics } from '../metrics/runtime-metrics.js';
import type { MemStats } from '../metrics/sample.js';

export type { MemStats } from '../metrics/sample.js';
import { NonHeapMemory } from './heap/non-heap.js';
import { HeapHugePageAdvice } from './scavenger/thp-advice.js';

/** Heap the runtime allocates for itself before main runs. */
const RUNTIME_INIT_BYTES = 800 * 1024;

/** A simulated Go process. */
export class GoProcess {
  /** Process name (unique in a run). */
  readonly name: string;
  /** Current workload phase name. */
  phase = '';
  private readonly ph: PageHeap;
  private readonly spans: SpanTable;
  private readonly pacer: GcPacer;
  private readonly heap: MHeap;
  private readonly scavenger: Scavenger;
  private readonly workload: Workload;
  private now = 0;
  private readonly nonHeap: NonHeapMemory;
  private readonly out = { offset: 0, len: 0 };
  /** The heap's mapped pages when {@link NonHeapMemory.heapGrewTo} was last told (see alloc). */
  private mappedPagesSeen = -1;
  private readonly mutator: Mutator;
  private readonly trace: RuntimeTrace;
  /** Index of the next cycle of `cfg.gcTimes` to run (its length once all have run). */
  private nextScheduledGc = 0;

  constructor(
    private readonly cfg: ResolvedGoConfig,
    private readonly mem: ProcessMemory,
    rng: RandomStream,
    private readonly emit: (ev: SimEvent) => void,
  ) {
    this.name = cfg.name;
    const b = cfg.behaviour;
    this.ph = new PageHeap({ physPageSize: mem.pageSize, trackFreeTime: b.background === 'sysmon-5min' });
    const glue = new GoProcess.Glue(this);
    this.trace = new RuntimeTrace(cfg.policy, cfg.gomaxprocs, (text) => this.emit({ t_ms: this.now, kind: 'trace', process: this.name, text }));
    const hugePages = new HeapHugePageAdvice(mem, b.thp, cfg.policy.thp.disablethp);
    this.scavenger = new Scavenger(
      { behaviour: b, memoryLimit: cfg.memoryLimit, gomaxprocs: cfg.gomaxprocs, advice: cfg.advice, hugePages }, this.ph, mem, glue, this.trace,
    );
    this.heap = new MHeap(this.ph, b, this.scavenger, hugePages);
    this.spans = new SpanTable(glue);
    this.pacer = new GcPacer({ gogc: cfg.gogc, memoryLimit: cfg.memoryLimit, headroomPercent: b.headroomPercent, forcedGcPeriodMs: b.forcedGcPeriodMs });
    this.workload = new Workload(cfg.workload, rng, `${cfg.field}.workload`);
    this.nonHeap = new NonHeapMemory(b.nonHeapBaseBytes, b.heapMetadataPerHeapByte, mem);
    // The runtime's own start-up allocations (≈430 KiB live, ≈800 KiB of spans in every probe
    // trace at t = 0): they map the first arena (≤1.16, 64 MiB of HeapSys of which ~63 MiB idle
    // and released) or the first 4 MiB chunk (1.17+).
    this.spans.alloc(RUNTIME_INIT_BYTES, this.out);
    this.mem.write(this.out.offset, this.out.len);
    this.mutator = new GoProcess.Mutator(this);
    for (const text of cfg.notes) this.emit({ t_ms: 0, kind: 'note', process: this.name, text });
  }

  /*
   * The process's parts call back into it through these two classes rather than through
   * closures made per process: their methods live on one prototype, so a call site such as
   * the workload's `m.alloc(bytes)` sees the same function in every run of a process and V8
   * keeps its optimized code from one simulation to the next (closures made per process sent
   * the second run of a benchmark back through deoptimization, measured). Being inside the
   * class body, they may use its private members.
   */

  /** What the workload drives: the program's allocations, drops, GC and FreeOSMemory calls. */
  private static readonly Mutator = class implements Mutator {
    constructor(private readonly p: GoProcess) {}
    alloc(bytes: number): number {
      return this.p.alloc(bytes);
    }
    drop(id: number): void {
      this.p.spans.drop(id);
    }
    gc(): void {
      this.p.gc(true, 'runtime.GC');
    }
    freeOSMemory(): void {
      this.p.freeOSMemory();
    }
    time(t: number): void {
      this.p.now = t;
    }
    phase(name: string): void {
      this.p.phase = name;
      this.p.event('phase', { name });
    }
    get stopped(): boolean {
      return this.p.mem.killed;
    }
  };

  /** The span table's page source and the scavenger's view of the process. */
  private static readonly Glue = class implements SpanPageSource, ScavengerHost {
    constructor(private readonly p: GoProcess) {}
    allocPages(n: number): number {
      return this.p.heap.allocPages(n);
    }
    freePages(base: number, n: number): void {
      this.p.heap.freePages(base, n, this.p.now);
    }
    retained(): number {
      return this.p.retained();
    }
    mappedReady(): number {
      return this.p.mappedReady();
    }
    traceHeap(): TraceHeap {
      return this.p.traceHeap();
    }
    event(kind: 'scavenge' | 'freeosmemory' | 'advice-fallback', detail: Record<string, number | string | boolean>): void {
      this.p.event(kind, detail);
    }
  };

  /** True once the OOM killer has killed the process. */
  get killed(): boolean {
    return this.mem.killed;
  }

  /** Advances the process over simulated time (fromMs, toMs]. */
  tick(fromMs: number, toMs: number): void {
    if (this.mem.killed) return;
    this.now = fromMs;
    let t = fromMs;
    // A scheduled cycle inside the slice runs at its own time: the workload up to it, then the GC.
    for (let g = this.scheduledGcAt(); g <= toMs && !this.mem.killed; g = this.scheduledGcAt()) {
      if (g > t) this.workload.tick(t, g, this.mutator);
      t = Math.max(t, g);
      this.now = t;
      this.nextScheduledGc++;
      if (!this.mem.killed) this.gc(false, 'scheduled');
    }
    if (this.mem.killed) return;
    this.workload.tick(t, toMs, this.mutator);
    this.now = toMs;
    if (!this.scheduled && this.pacer.periodicDue(toMs)) this.gc(false, 'periodic');
    this.scavenger.background(fromMs, toMs);
  }

  /**
   * True between the first and the last cycle of `gcTimes`: they, not the pacer, start cycles.
   * Before the first the pacer runs as usual (telemetry that starts late does not tell the
   * cycles before it), and after the last it takes over again.
   */
  private get scheduled(): boolean {
    const times = this.cfg.gcTimes;
    return times !== null && this.nextScheduledGc > 0 && this.nextScheduledGc < times.length;
  }

  /** Time of the next scheduled cycle (Infinity when none is left). */
  private scheduledGcAt(): number {
    const times = this.cfg.gcTimes;
    return times !== null && this.nextScheduledGc < times.length ? times[this.nextScheduledGc]! : Infinity;
  }

  /**
   * The earliest time a tick ending at or after it may change anything in this process: the
   * workload's next step, sysmon's periodic GC, the background scavenger's wake-up. A killed
   * process is quiet for ever.
   */
  quietUntil(nowMs: number): number {
    if (this.mem.killed) return Infinity;
    const gcAt = this.scheduled ? this.scheduledGcAt() : Math.min(this.scheduledGcAt(), this.pacer.periodicDueAt());
    return Math.min(this.workload.quietUntil(nowMs), Math.max(nowMs, gcAt), this.scavenger.quietUntil(nowMs));
  }

  /** The runtime's MemStats now. */
  memStats(): MemStats {
    const heapSys = this.heap.heapSys;
    const inuse = this.spans.inUsePages * PAGE_SIZE;
    return {
      HeapAlloc: this.spans.heapAlloc,
      HeapInuse: inuse,
      HeapIdle: heapSys - inuse,
      HeapReleased: this.heap.heapReleased,
      HeapSys: heapSys,
      Sys: heapSys + Math.round(this.nonHeap.sys),
      NextGC: Number.isFinite(this.pacer.heapGoal) ? this.pacer.heapGoal : Number.MAX_SAFE_INTEGER,
      NumGC: this.pacer.numGC,
      NumForcedGC: this.pacer.numForcedGC,
      TotalAlloc: this.spans.totalAlloc,
      Mallocs: this.spans.mallocs,
      HeapObjects: this.spans.heapObjects,
    };
  }

  /** Background scavenger CPU time so far (seconds). */
  get scavengeCpuSeconds(): number {
    return this.scavenger.backgroundNs / 1e9;
  }

  /** The `runtime/metrics` this version would report now (empty before Go 1.16). */
  runtimeMetrics(): RuntimeMetrics {
    return runtimeMetrics({
      sets: this.cfg.behaviour.runtimeMetrics, ...this.memStats(),
      scavengeBackgroundSeconds: this.scavenger.backgroundNs / 1e9, scavengeAssistSeconds: this.scavenger.assistNs / 1e9,
      gogc: this.cfg.gogc, memoryLimit: this.cfg.memoryLimit,
    });
  }

  /** What releasing memory has cost so far: madvise calls and bytes, scavenger CPU. */
  costs(): { madviseCalls: number; madvisedBytes: number; scavengeBackgroundSeconds: number; scavengeAssistSeconds: number } {
    const { sys } = this.scavenger;
    return { madviseCalls: sys.madviseCalls, madvisedBytes: sys.madvisedBytes, scavengeBackgroundSeconds: this.scavenger.backgroundNs / 1e9, scavengeAssistSeconds: this.scavenger.assistNs / 1e9 };
  }

  /** The current retained-heap goal of the background scavenger (bytes; Infinity if none). */
  get scavengeGoal(): number {
    return this.scavenger.goal;
  }

  /** The page heap (for snapshots). */
  get pageHeap(): PageHeap {
    return this.ph;
  }

  /** The advice in force now. */
  get advice(): string {
    return this.scavenger.sys.advice;
  }

  private retained(): number {
    return this.heap.heapSys - this.heap.heapReleased;
  }

  private mappedReady(): number {
    return this.heap.heapSys + this.nonHeap.sys - this.heap.heapReleased;
  }

  private alloc(bytes: number): number {
    if (!this.scheduled && this.pacer.shouldTrigger(this.spans.heapAlloc + bytes)) this.gc(false, 'heap goal');
    let id: number;
    try {
      id = this.spans.alloc(bytes, this.out);
    } catch (e) {
      // The page heap's reservation (4 TiB) refuses to grow: say which process's workload asked
      // for it, not the internal `npages` no user wrote.
      if (e instanceof ScavsimError && e.field === 'npages') {
        throw new ScavsimError('E_RANGE', `${this.cfg.field}.workload`, `the heap would outgrow the ${formatBytes(4 * TiB)} the simulator reserves for one process`, 'a workload whose heap stays under 4 TiB');
      }
      throw e;
    }
    this.mem.write(this.out.offset, this.out.len);
    // The non-heap part follows HeapSys, which only changes when the heap grows: compared in
    // pages (a small integer), the byte count (a boxed double) is not made on every malloc.
    const mapped = this.ph.mappedPages;
    if (mapped !== this.mappedPagesSeen) {
      this.mappedPagesSeen = mapped;
      this.nonHeap.heapGrewTo(this.heap.heapSys);
    }
    return id;
  }

  private gc(forced: boolean, why: string): void {
    const b = this.cfg.behaviour;
    const inUseAtMarkTermination = this.spans.inUsePages * PAGE_SIZE;
    const marked = this.spans.liveBytes();
    const heapAllocBefore = this.spans.heapAlloc;
    // memoryLimitHeapGoal's nonHeap = mappedReady − heapFree − heapAlloc (go1.19.8 mgcpacer.go):
    // everything mapped that is neither free nor live heap, fragmentation included.
    const heapFree = this.heap.heapSys - inUseAtMarkTermination - this.heap.heapReleased;
    const nonHeap = Math.max(0, this.mappedReady() - heapFree - heapAllocBefore);
    this.pacer.endCycle(this.now, marked, nonHeap, forced);
    this.scavenger.gcMarkTermination({
      heapInUseAtMarkTermination: inUseAtMarkTermination,
      heapGoal: this.pacer.heapGoal,
      lastHeapGoal: this.pacer.lastHeapGoal,
      retained: this.retained(),
      memoryLimit: this.cfg.memoryLimit,
      physPageSize: this.mem.pageSize,
    }, this.now);
    this.spans.sweep();
    this.trace.gc(this.pacer.numGC, this.now, heapAllocBefore, marked, this.pacer.heapGoal, forced);
    this.scavenger.gcSweepDone(this.now, this.pacer.numGC, why === 'debug.FreeOSMemory');
    this.event('gc', {
      n: this.pacer.numGC, forced, why, heapAllocBefore, heapLive: marked, heapGoal: this.pacer.heapGoal,
    });
  }

  private freeOSMemory(): void {
    this.gc(true, 'debug.FreeOSMemory');
    this.scavenger.freeOSMemory(this.pacer.numGC);
  }

  private traceHeap(): TraceHeap {
    const m = this.memStats();
    return { heapInuse: m.HeapInuse, heapIdle: m.HeapIdle, heapSys: m.HeapSys, heapReleased: m.HeapReleased };
  }

  private event(kind: SimEvent['kind'], detail: Record<string, number | string | boolean>): void {
    this.emit({ t_ms: this.now, kind, process: this.name, detail });
  }
}
