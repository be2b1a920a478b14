/**
 * The runtime's heap: pages from the page heap for spans, growth of the heap's address space,
 * and the runtime's accounting of both.
 *
 * The accounting is the runtime's belief, not the kernel's state (go §4):
 * `HeapReleased` rises by every byte the runtime madvises and falls by the scavenged bytes of
 * every span it allocates, whether or not the kernel ever took the MADV_FREE'd pages back
 * (go1.19.8 mheap.go allocSpan: `heapReleased -= scav`). The runtime never reads RSS.
 *
 * Like Go's mheap, the heap asks the scavenger for memory back at two points: before it grows
 * (go1.17.13 mheap.go grow, `h.pages.scavenge(todo, false)`; the scavenger acts there up to
 * 1.17) and after every span allocation, with the growth it caused and the released memory it
 * paged back in (go1.18, go1.19.8 mheap.go allocSpan: growth scavenging from 1.18, the
 * memory-limit check from 1.19). What to release and how is the scavenger's (`../scavenger/`).
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
import { ARENA_PAGES, PAGE_SIZE, PALLOC_CHUNK_PAGES as CHUNK_PAGES, type PageHeap } from '../pages/page-heap.js';
import type { RuntimeBehaviour } from '../../policy/runtime-behaviour.js';
import type { SpanPageSource } from './span-table.js';
import type { HeapScavenging } from '../scavenger/scavenger.js';
import { stateError } from '../../errors.js';
import type { HeapHugePageAdvice } from '../scavenger/thp-advice.js';

/** The Go heap's page-level allocation, growth and accounting. */
export class MHeap implements SpanPageSource {
  constructor(
    private readonly ph: PageHeap,
    private readonly b: RuntimeBehaviour,
    private readonly scavenger: HeapScavenging,
    private readonly hugePages?: HeapHugePageAdvice,
  ) {}

  /** `SpanPageSource`: pages for a new span, growing the heap when no free run fits. */
  allocPages(npages: number): number {
    let base = this.allocOnce(npages);
    let growth = 0;
    if (base < 0) {
      growth = this.grow(npages);
      base = this.allocOnce(npages);
      if (base < 0) stateError('heap', `page heap could not fit ${npages} pages after growing`);
    }
    const scav = this.ph.lastScavengedPages;
    const hp = this.hugePages;
    if (hp !== undefined && hp.active) {
      // sysUsed of a span holding released pages (go1.19.8 mheap.go allocSpan: `if scav != 0
      // { sysUsed(...) }`), then scavengeIndex.alloc's dense-chunk rule (1.21.0–1.21.3).
      if (scav > 0) hp.used(base, npages);
      hp.allocated(base, npages, (c) => this.ph.inUse(c));
    }
    this.scavenger.forAllocation(scav * PAGE_SIZE, growth);
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
    this.scavenger.freed(base, npages);
  }

  /** Grows the heap for an allocation of `npages`; returns the growth in bytes (`mheap.grow`'s `totalGrowth`). */
  private grow(npages: number): number {
    // ≤1.16 maps (and counts in HeapSys) whole 64 MiB arenas; the part the allocator has not
    // used yet is ordinary free memory: released from 1.13, retained before. 1.17+ maps the
    // 4 MiB-multiple range it needs (go1.16.14 malloc.go:739 vs go1.17.13 mheap.go grow).
    const want = this.b.heapSysGranularity === 'arena' ? Math.ceil(npages / ARENA_PAGES) * ARENA_PAGES : npages;
    const growthBytes = Math.ceil(want / CHUNK_PAGES) * CHUNK_PAGES * PAGE_SIZE;
    // Growth scavenging looks at the memory the heap already has, before the new range joins
    // it (go1.12 mheap.go grow: scavengeLargest runs before the new span is freed; 1.14+ new
    // memory is already scavenged and so never a candidate).
    this.scavenger.forGrowth(growthBytes);
    const r = this.ph.grow(want, { scavenged: this.b.freshMemoryReleased });
    this.hugePages?.mapped(r.base, r.npages);
    return growthBytes;
  }

  /** `HeapSys` in bytes. */
  get heapSys(): number {
    return this.ph.mappedPages * PAGE_SIZE;
  }

  /** `HeapReleased` in bytes: free pages the runtime has released (or, 1.13+, never used). */
  get heapReleased(): number {
    return this.ph.scavengedPages * PAGE_SIZE;
  }
}
