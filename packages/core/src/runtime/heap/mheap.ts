/**
 * The runtime's heap: pages from the page heap for spans, growth of the heap's address space,
 * and the release of free pages to the kernel (`sysUnused`), with the accounting the runtime
 * keeps about all of it.
 *
 * The accounting is the runtime's belief, not the kernel's state (spec go-runtime.md §4):
 * `HeapReleased` rises by every byte the runtime madvises and falls by the scavenged bytes of
 * every span it allocates, whether or not the kernel ever took the MADV_FREE'd pages back
 * (go1.19.8 mheap.go allocSpan: `heapReleased -= scav`). The runtime never reads RSS.
 *
 * Release advice follows the runtime's state machine (go1.12 mem_linux.go `adviseUnused`,
 * go1.21.12 mem_linux.go `sysUnusedOS`): try the current advice; if MADV_FREE fails with any
 * error (EINVAL before Linux 4.5), switch the whole process to MADV_DONTNEED for good and redo
 * the call. The fallback is reported once as an `advice-fallback` event.
 *
 * HeapSys (go1.16.14 malloc.go:739 vs go1.17.13 mheap.go grow): up to 1.16 a new 64 MiB arena is
 * added to HeapSys whole, and the part of it not used yet counts as idle (and, from 1.13,
 * released): that is the ~63 MiB `HeapIdle = HeapReleased` a fresh go1.15 process shows at t=0.
 * scavsim grows the page heap by the whole arena in those versions, so the arena's free part is
 * ordinary free memory that FreeOSMemory and sysmon can release (≤1.12). From 1.17 HeapSys
 * grows by the 4 MiB-multiple range mapped.
 *
 * @module
 */
import type { Advice, ProcessMemory } from '../../kernel/types.js';
import { PALLOC_CHUNK_PAGES as CHUNK_PAGES, type PageHeap } from '../pages/page-heap.js';
import type { RuntimeBehaviour } from '../../policy/runtime-behaviour.js';
import { PAGE_SIZE, type SpanPageSource } from './span-table.js';
import { MiB } from '../../units.js';
import { stateError } from '../../errors.js';

/** Heap arena size on 64-bit Linux (`heapArenaBytes`, go1.11 malloc.go). */
export const ARENA_BYTES = 64 * MiB;
/** Runtime pages per arena. */
export const ARENA_PAGES = ARENA_BYTES / PAGE_SIZE;

/** What the heap reports to its owner as it works. */
export interface MHeapHooks {
  /** The heap grew by `bytes` of fresh address space (for growth scavenging). */
  onGrow(bytes: number): void;
  /** An allocation is about to page `scavBytes` of released memory back in (for the memory limit). */
  onAllocScavenged(scavBytes: number): void;
  /** The advice fell back from MADV_FREE to MADV_DONTNEED. */
  onAdviceFallback(reason: string): void;
}

/** The Go heap's page-level allocator and release path. */
export class MHeap implements SpanPageSource {
  /** Advice in force for the whole process. */
  advice: Advice;
  /** Cumulative bytes madvised, by advice actually issued, and calls made. */
  madvisedBytes = 0;
  madviseCalls = 0;

  constructor(
    private readonly ph: PageHeap,
    private readonly mem: ProcessMemory,
    private readonly b: RuntimeBehaviour,
    initialAdvice: Advice,
    private readonly hooks: MHeapHooks,
  ) {
    this.advice = initialAdvice;
  }

  /** `SpanPageSource`: pages for a new span, growing the heap when no free run fits. */
  allocPages(npages: number): number {
    let base = this.allocOnce(npages);
    if (base < 0) {
      this.grow(npages);
      base = this.allocOnce(npages);
      if (base < 0) stateError('heap', `page heap could not fit ${npages} pages after growing`);
    }
    const scav = this.ph.lastScavengedPages;
    if (scav > 0) {
      this.hooks.onAllocScavenged(scav * PAGE_SIZE);
    }
    return base;
  }

  /** One allocation attempt with the version's allocator: the base page or -1. */
  private allocOnce(npages: number): number {
    if (this.b.allocator === 'first-fit') return this.ph.allocFirstFitPage(npages);
    const r = this.ph.allocBestFit(npages, true);
    return r === null ? -1 : r.base;
  }

  /** `SpanPageSource`: the sweeper frees a span's pages. */
  freePages(base: number, npages: number, nowMs = 0): void {
    this.ph.free(base, npages, nowMs);
  }

  private grow(npages: number): void {
    // ≤1.16 maps (and counts in HeapSys) whole 64 MiB arenas; the part the allocator has not
    // used yet is ordinary free memory: released from 1.13, retained before. 1.17+ maps the
    // 4 MiB-multiple range it needs (go1.16.14 malloc.go:739 vs go1.17.13 mheap.go grow).
    const want = this.b.heapSysGranularity === 'arena' ? Math.ceil(npages / ARENA_PAGES) * ARENA_PAGES : npages;
    const growthBytes = Math.ceil(want / CHUNK_PAGES) * CHUNK_PAGES * PAGE_SIZE;
    // Growth scavenging looks at the memory the heap already has, before the new range joins
    // it (go1.12 mheap.go grow: scavengeLargest runs before the new span is freed; 1.14+ new
    // memory is already scavenged and so never a candidate).
    this.hooks.onGrow(growthBytes);
    this.ph.grow(want, { scavenged: this.b.freshMemoryReleased });
  }

  /**
   * Releases `npages` free pages at `base` (already marked scavenged in the page heap, which is
   * what `HeapReleased` counts) with the
   * process's advice: `sysUnused`. Returns the CPU cost in ns.
   */
  release(base: number, npages: number): number {
    const off = base * PAGE_SIZE;
    const len = npages * PAGE_SIZE;
    let cost = this.mem.madviseCost(off, len, this.advice);
    this.madviseCalls++;
    const errno = this.mem.lastMadviseErrno;
    if (errno !== 0 && this.advice === 'MADV_FREE') {
      this.advice = 'MADV_DONTNEED';
      this.hooks.onAdviceFallback(`madvise(MADV_FREE) returned ${errno}; the runtime switched to MADV_DONTNEED for the rest of the process (go1.12 mem_linux.go adviseUnused)`);
      cost += this.mem.madviseCost(off, len, this.advice);
      this.madviseCalls++;
    }
    this.madvisedBytes += len;
    return cost;
  }

  /** `HeapSys` in bytes. */
  get heapSys(): number {
    return this.ph.mappedPages * PAGE_SIZE;
  }

  /** `HeapReleased` in bytes: free pages the runtime has released (or, 1.13+, never used). */
  get heapReleased(): number {
    return this.ph.scavengedPages * PAGE_SIZE;
  }

  /** The page heap beneath (for scavengers and snapshots). */
  get pages(): PageHeap {
    return this.ph;
  }
}
