/**
 * Test helpers for PageHeap, after mpagealloc_test.go's `NewPageAlloc(chunks, scav)`:
 * describe a heap as per-chunk bit ranges and build it; and one pass of the scavenge loop over it.
 */
import { PAGE_SIZE, PALLOC_CHUNK_PAGES, PageHeap, type PageHeapOptions } from '../../../src/runtime/pages/page-heap.js';
import { ScavengeLoop, type ScavengeLoopOptions } from '../../../src/runtime/scavenger/scavenge-loop.js';

/** A range of pages inside one chunk, `{ i: first page in chunk, n: count }` as Go's BitRange. */
export interface BitRange {
  readonly i: number;
  readonly n: number;
}

/** Chunk index → ranges. */
export type ChunkRanges = Record<number, readonly BitRange[]>;

/**
 * Builds a heap with `chunks` chunks. Pages in `scav` ranges are free & scavenged, pages in
 * `alloc` ranges are allocated, every other page is free & unscavenged. (Unlike Go's tests,
 * a page cannot be both allocated and scavenged: allocation clears the bit.)
 */
export function makeHeap(chunks: number, alloc: ChunkRanges, scav: ChunkRanges, opts: PageHeapOptions = {}): PageHeap {
  const heap = new PageHeap(opts);
  heap.grow(chunks * 512);
  // Start from "all free and unscavenged".
  heap.allocRange(0, chunks * 512);
  heap.free(0, chunks * 512);
  for (const [c, ranges] of Object.entries(scav)) {
    for (const r of ranges) if (r.n > 0) heap.markScavenged(Number(c) * 512 + r.i, r.n);
  }
  for (const [c, ranges] of Object.entries(alloc)) {
    for (const r of ranges) if (r.n > 0) heap.allocRange(Number(c) * 512 + r.i, r.n);
  }
  return heap;
}

/** Absolute page index of page `i` of chunk `c`. */
export function pageOf(c: number, i: number): number {
  return c * 512 + i;
}

/**
 * One non-forced pass of the runtime's scavenge loop from the top of `heap` for `maxPages`
 * pages, as `pageAlloc.scavenge` loops `scavengeOne` [go1.21.12:mgcscavenge.go]: the runs
 * released, in order, and their total.
 */
export function scavengeFromTop(
  heap: PageHeap,
  maxPages: number,
  opts: ScavengeLoopOptions = {},
): { runs: Array<{ base: number; npages: number }>; pages: number } {
  const runs: Array<{ base: number; npages: number }> = [];
  const loop = new ScavengeLoop(heap, { release: (base, npages) => (runs.push({ base, npages }), 0) }, opts);
  const r = loop.run({ bytes: maxPages * PAGE_SIZE, maxRunPages: PALLOC_CHUNK_PAGES, force: false, cpuBudgetNs: Infinity });
  return { runs, pages: r.released / PAGE_SIZE };
}
