/**
 * Go 1.13's count of free huge pages, which its pacing line charges at the price of one small
 * page each (go1.13.4 mgcscavenge.go gcPaceScavenger: `hugeWork` from
 * `mheap_.free.unscavHugePages`): whole, aligned 2 MiB groups of free, unscavenged runtime
 * pages. O(chunks), once per GC.
 *
 * @module
 */
import type { PageHeap } from '../pages/page-heap.js';
import { PAGE_SIZE, PALLOC_CHUNK_PAGES as CHUNK_PAGES } from '../pages/page-heap-types.js';
import { DEFAULT_HUGE_PAGE_BYTES } from '../../policy/runtime-constants.js';

/** Runtime pages per transparent huge page (`physHugePageSize / pageSize`: 256 on amd64). */
const HUGE_PAGE_PAGES = DEFAULT_HUGE_PAGE_BYTES / PAGE_SIZE;

/** Whole, aligned huge pages of the heap that are free and unscavenged. */
export function freeHugePages(ph: PageHeap): number {
  const perChunk = CHUNK_PAGES / HUGE_PAGE_PAGES;
  let n = 0;
  for (let c = 0; c < ph.chunkCount; c++) {
    const freeUnscav = CHUNK_PAGES - ph.inUse(c) - ph.scavengedIn(c);
    if (freeUnscav === CHUNK_PAGES) n += perChunk;
    else if (freeUnscav >= HUGE_PAGE_PAGES) {
      for (let h = 0; h < perChunk; h++) {
        let whole = true;
        for (let p = c * CHUNK_PAGES + h * HUGE_PAGE_PAGES, end = p + HUGE_PAGE_PAGES; p < end && whole; p++) whole = !ph.isAllocated(p) && !ph.isScavenged(p);
        if (whole) n++;
      }
    }
  }
  return n;
}
