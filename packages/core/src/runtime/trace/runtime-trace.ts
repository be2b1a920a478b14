/**
 * The runtime's own trace lines (`GODEBUG=gctrace=1`, `GODEBUG=scavtrace=1`), emitted as
 * `trace` events in each version's exact format (go §6; the formatting is
 * `policy/trace-format.ts`).
 *
 * When they are printed follows the runtime: a gctrace line at the end of every GC; up to 1.12
 * a `scvg<k>:` pair after every sysmon scavenge that released something, `k = -1` for
 * FreeOSMemory (go1.11 mheap.go scavenge); 1.13 a `scvg:` pair per background step (scavsim
 * prints one per tick in which the background scavenger released memory) and `forced scvg:` for
 * FreeOSMemory (go1.13.4 mgcscavenge.go); from 1.14 a scavtrace line at each pacing update
 * (each GC, when there is work) with the background work since the previous line, and two lines
 * for FreeOSMemory, the second "(forced)" (go1.14.13 mgcscavenge.go printScavTrace,
 * resetScavengeAddr; from 1.21 with the eager work split out).
 *
 * scavsim does not model GC phase durations, so the gctrace clock and CPU times print as 0.
 *
 * @module
 */
import type { ResolvedPolicy } from '../../policy/effective-policy.js';
import { formatGcTrace, formatScavTrace, formatScvgLines } from '../../policy/trace-format.js';

/** Heap figures a trace line reads (bytes). */
export interface TraceHeap {
  readonly heapInuse: number;
  readonly heapIdle: number;
  readonly heapSys: number;
  readonly heapReleased: number;
}

/** Emits a process's trace lines through `emit`. */
export class RuntimeTrace {
  private readonly gcLines: boolean;
  private readonly scavLines: boolean;
  private readonly scvgEra: boolean;
  private k = 0;
  private eager = 0;

  constructor(private readonly policy: ResolvedPolicy, private readonly gomaxprocs: number, private readonly emit: (line: string) => void) {
    this.gcLines = policy.trace.gcLines;
    this.scavLines = policy.trace.scavengerLines;
    this.scvgEra = policy.trace.scavengerTrace === 'scvg-numbered' || policy.trace.scavengerTrace === 'scvg-1.13';
  }

  /** A GC ended. */
  gc(n: number, nowMs: number, heapBefore: number, heapLive: number, heapGoal: number, forced: boolean): void {
    if (!this.gcLines) return;
    this.emit(formatGcTrace(this.policy.goVersion, {
      gc: n, startNs: Math.round(nowMs * 1e6), gcCpuFraction: 0, clockNs: [0, 0, 0], cpuNs: [0, 0, 0, 0, 0],
      heapStart: heapBefore, heapEnd: heapBefore, heapLive, heapGoal: Number.isFinite(heapGoal) ? heapGoal : 0,
      stackScan: 0, globalsScan: 0, procs: this.gomaxprocs, forced,
    }));
  }

  /** Growth or memory-limit scavenging released `bytes` (1.21 counts it as eager work). */
  eagerWork(bytes: number): void {
    this.eager += bytes;
  }

  /** ≤1.13: the background (sysmon or 1.13 goroutine) released `bytes`. */
  background(bytes: number, h: TraceHeap): void {
    if (!this.scvgEra || !this.gcLines || bytes <= 0) return;
    for (const l of formatScvgLines(this.policy.goVersion, { released: bytes, ...h, k: this.k })) this.emit(l);
    this.k++;
  }

  /** 1.14+: the pacing update at a GC found work; `work` is background bytes since the last line. */
  pacing(work: number, h: TraceHeap, gen: number): void {
    if (this.scvgEra || !this.scavLines) return;
    this.emit(this.scav(work, h, gen, false));
  }

  /** FreeOSMemory released `bytes` (after a pacing line with `work` background bytes for 1.14+). */
  freeOSMemory(bytes: number, work: number, h: TraceHeap, gen: number): void {
    if (this.scvgEra) {
      if (!this.gcLines) return;
      for (const l of formatScvgLines(this.policy.goVersion, { released: bytes, ...h, k: -1, freeOSMemory: true })) this.emit(l);
      return;
    }
    if (!this.scavLines) return;
    this.emit(this.scav(work, h, gen, false));
    // The forced line's work is what FreeOSMemory released (eager work from 1.21).
    if (this.policy.trace.scavengerTrace === 'scavtrace-bg-eager') {
      this.eager += bytes;
      this.emit(this.scav(0, h, gen, true));
    } else {
      this.emit(this.scav(bytes, h, gen, true));
    }
  }

  private scav(work: number, h: TraceHeap, gen: number, forced: boolean): string {
    const split = this.policy.trace.scavengerTrace === 'scavtrace-bg-eager';
    const retained = Math.max(1, h.heapSys - h.heapReleased);
    const line = formatScavTrace(this.policy.goVersion, {
      releasedBg: work,
      ...(split ? { releasedEager: this.eager } : {}),
      heapReleased: h.heapReleased, heapInuse: h.heapInuse, heapRetained: retained, gen, forced,
    });
    if (split) this.eager = 0;
    return line;
  }
}
