/**
 * Releasing pages to the kernel: `sysUnused`, with the advice the process uses and what it has
 * cost so far.
 *
 * Release advice follows the runtime's state machine (go1.12 mem_linux.go `adviseUnused`,
 * go1.21.12 mem_linux.go `sysUnusedOS`): try the current advice; if MADV_FREE fails with any
 * error (EINVAL before Linux 4.5), switch the whole process to MADV_DONTNEED for good and redo
 * the call. The fallback is reported once, through `onFallback`.
 *
 * The page heap's books (which pages are scavenged, what `HeapReleased` counts) are the
 * caller's: this module only issues the madvise calls, so every scavenging path (the loop, the
 * ≤1.12 sysmon release, the reference oracle's target) releases through one place.
 *
 * @module
 */
import type { Advice, ProcessMemory } from '../../kernel/types.js';
import { PAGE_SIZE } from '../pages/page-heap-types.js';
import type { HeapHugePageAdvice } from './thp-advice.js';

/** Where a scavenging loop sends the runs it releases. */
export interface ReleaseTarget {
  /** Releases `npages` runtime pages at page `base`; returns the CPU cost in ns (sysUnused's calls, all of them). */
  release(base: number, npages: number): number;
}

/** `sysUnused` for one process: madvise with the process's advice, and the fallback. */
export class SysUnused implements ReleaseTarget {
  /** Advice in force for the whole process. */
  advice: Advice;
  /** Cumulative bytes madvised (each call's length once, fallback or not). */
  madvisedBytes = 0;
  /** madvise calls made, the failed MADV_FREE of a fallback included. */
  madviseCalls = 0;
  /** Simulated cost of the huge-page flag calls made before releases (ns; included in each release's cost). */
  hugePageAdviceNs = 0;

  constructor(
    private readonly mem: ProcessMemory,
    initialAdvice: Advice,
    private readonly onFallback: (reason: string) => void,
    private readonly hugePages?: HeapHugePageAdvice,
  ) {
    this.advice = initialAdvice;
  }

  /** Releases runtime pages `[base, base+npages)` of the heap mapping; returns the cost in ns. */
  release(base: number, npages: number): number {
    const off = base * PAGE_SIZE;
    const len = npages * PAGE_SIZE;
    // The huge-page flags first, as sysUnused does (thp-advice.ts): their calls are part of the
    // release's time, which the scavenger's pacing measures (go1.15.3 mgcscavenge.go: crit is
    // nanotime() around the whole step, sysUnused included).
    let cost = 0;
    if (this.hugePages?.active === true) {
      const advice = this.hugePages.unused(base, npages);
      this.hugePageAdviceNs += advice;
      cost += advice;
    }
    cost += this.mem.madviseCost(off, len, this.advice);
    this.madviseCalls++;
    const errno = this.mem.lastMadviseErrno;
    if (errno !== 0 && this.advice === 'MADV_FREE') {
      this.advice = 'MADV_DONTNEED';
      this.onFallback(`madvise(MADV_FREE) returned ${errno}; the runtime switched to MADV_DONTNEED for the rest of the process (go1.12 mem_linux.go adviseUnused)`);
      cost += this.mem.madviseCost(off, len, this.advice);
      this.madviseCalls++;
    }
    this.madvisedBytes += len;
    return cost;
  }
}
