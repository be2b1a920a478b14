/**
 * The Go runtime's view of its heap pages: which are in use, which are free, and which free
 * pages it believes it has returned to the OS ("scavenged").
 *
 * Geometry [go §1]. A runtime page is 8 KiB (`pageShift = 13`); the page
 * allocator groups pages into 4 MiB chunks of 512 pages (`pallocChunkPages`); a heap arena is
 * 64 MiB = 16 chunks. scavsim's heap address space is a dense page-index range
 * `[0, mappedPages)` that only grows upward: the runtime grows the heap by whole chunks,
 * `alignUp(npages, 512)` at a time [go1.14.13:mheap.go grow].
 *
 * State. Two bitmaps with one bit per page, as the 1.14+ allocator keeps per chunk
 * (`pallocBits` and `scavenged`) [go1.14.13:mpallocbits.go, mpagealloc.go]:
 *   alloc=1            the page is in use (part of a span);
 *   alloc=0, scav=0    free and, as far as the runtime knows, backed by RAM ("retained");
 *   alloc=0, scav=1    free and released with madvise (counted in HeapReleased).
 * Allocating a page clears its scav bit and reports that it was scavenged, so the caller can
 * do `HeapReleased -= ...` and `sysUsed` [go1.14.13:mpagealloc.go allocRange]. Newly grown
 * memory is free *and* scavenged ("Newly-grown memory is always considered scavenged",
 * [go1.14.13:mpagealloc.go grow]); Go ≤ 1.12 treated it as retained, which `grow`'s
 * `scavenged: false` option models [go1.11:mheap.go grow, go §3.1 (4), go §3.2 (4)].
 *
 * The books (bitmaps and per-chunk counters, page-books.ts) and the scavenger's top-down
 * search for release candidates (scavenge-candidate.ts) are modules of their own; this one is
 * the heap's interface: growth, first and best fit, free, release, the go1.21 generations.
 * Memory is two bits per page plus O(chunks): a 1 TiB heap (128 Mi pages) takes 36 MiB.
 *
 * Cost (measured with Node 20 on fragmented heaps, 1 GiB / 64 GiB): a first-fit allocation
 * plus free ≈ 2 / 7 µs, one scavenge step ≈ 1.3 µs, a best-fit allocation (≤ 1.12 only,
 * which scans every chunk holding pages of the wanted kind) ≈ 8 / 130 µs.
 *
 * Policies are the caller's: first fit (1.13+), best fit (≤ 1.12), which chunks the background
 * scavenger may touch (1.21 density), when to scavenge. This module only keeps the books and
 * answers searches with work proportional to what is examined, not to the heap size.
 *
 * @module
 */
import { ScavsimError, stateError, showValue } from '../../errors.js';
import { checkInt, checkNumber, checkPowerOfTwo, TiB } from '../../units.js';
import { clearRangeIfAllSet, countRange, nextSetBit, noneSetInRange, testBit } from './bitmap.js';
import { CHUNK_PAGES } from './chunk-summary.js';
import { PageBooks } from './page-books.js';
import { bestFitRun } from './page-runs.js';
import { ScavengeSearch } from './scavenge-candidate.js';
import {
  MAX_HEAP_BYTES, PAGE_SIZE, type ChunkSummary, type IdleFreeRun, type PageAllocation,
  type PageHeapOptions, type PageRange,
} from './page-heap-types.js';

export {
  ARENA_PAGES, MAX_HEAP_BYTES, PAGE_SHIFT, PAGE_SIZE, PALLOC_CHUNK_PAGES, SCAV_CHUNK_HI_OCC_PAGES,
} from './page-heap-types.js';
export type {
  ChunkSummary, IdleFreeRun, PageAllocation, PageHeapOptions, PageRange,
} from './page-heap-types.js';

function checkBool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ScavsimError('E_TYPE', field, `expected a boolean, got ${showValue(value)}`, 'true or false');
  return value;
}

/** The page-level state of a Go heap (see the module comment). */
export class PageHeap {
  /** OS page size in bytes. */
  readonly physPageSize: number;
  /** Reservation cap in pages (a multiple of 512). */
  readonly maxPages: number;
  /** Default scavenging alignment in pages: `max(1, physPageSize / 8192)`. */
  readonly minRunPages: number;

  private readonly books: PageBooks;
  private readonly search = new ScavengeSearch();

  /** @throws {@link ScavsimError} on a bad option */
  constructor(opts: PageHeapOptions = {}) {
    if (typeof opts !== 'object' || opts === null) {
      throw new ScavsimError('E_TYPE', 'pageHeap', 'expected an options object', 'an object');
    }
    this.physPageSize = checkPowerOfTwo(opts.physPageSize ?? 4096, 'pageHeap.physPageSize', 4096, 65536);
    const maxBytes = checkInt(opts.maxBytes ?? 4 * TiB, 'pageHeap.maxBytes', CHUNK_PAGES * PAGE_SIZE, MAX_HEAP_BYTES);
    this.maxPages = Math.floor(maxBytes / PAGE_SIZE / CHUNK_PAGES) * CHUNK_PAGES;
    this.minRunPages = Math.max(1, this.physPageSize / PAGE_SIZE);
    if (opts.trackFreeTime !== undefined && typeof opts.trackFreeTime !== 'boolean') {
      throw new ScavsimError('E_TYPE', 'pageHeap.trackFreeTime', 'expected a boolean', 'true or false');
    }
    this.books = new PageBooks(opts.trackFreeTime === true);
  }

  // ---- counters -------------------------------------------------------------------------

  /** Pages of heap address space mapped so far (HeapSys / 8 KiB). */
  get mappedPages(): number { return this.books.mappedPages; }
  /** Pages in use (HeapInuse / 8 KiB). */
  get inUsePages(): number { return this.books.inUseTotal; }
  /** Free pages, scavenged or not (HeapIdle / 8 KiB). */
  get freePages(): number { return this.books.mappedPages - this.books.inUseTotal; }
  /** Free and scavenged pages (HeapReleased / 8 KiB). */
  get scavengedPages(): number { return this.books.scavTotal; }
  /** Free and unscavenged pages ((HeapIdle − HeapReleased) / 8 KiB). */
  get freeUnscavengedPages(): number { return this.freePages - this.books.scavTotal; }
  /** Number of mapped chunks. */
  get chunkCount(): number { return this.books.nChunks; }
  /** The current scavenger generation (go1.21 `scavengeIndex.gen`). */
  get currentGen(): number { return this.books.density.gen; }

  /** Pages in use in `chunk`. */
  inUse(chunk: number): number { return this.books.inUse[this.books.checkChunk(chunk)]!; }
  /** Free and scavenged pages in `chunk`. */
  scavengedIn(chunk: number): number { return this.books.scavenged[this.books.checkChunk(chunk)]!; }
  /** True if page `page` is allocated. */
  isAllocated(page: number): boolean { return testBit(this.books.alloc, this.books.checkPage(page)); }
  /** True if page `page` is free and scavenged. */
  isScavenged(page: number): boolean { return testBit(this.books.scav, this.books.checkPage(page)); }

  // ---- growth -------------------------------------------------------------------------

  /**
   * Maps `alignUp(npages, 512)` more pages at the top of the heap. New pages are free and,
   * by default, scavenged [go1.14.13:mpagealloc.go grow]; pass `scavenged: false` for Go ≤ 1.12,
   * which counted fresh memory as retained. With `trackFreeTime`, the new pages join the free
   * run below them and the merged run is stamped `nowMs` (go1.11 grow frees the new span
   * through `freeSpanLocked`, which stamps `nanotime()`).
   * @throws {@link ScavsimError} E_RANGE if the reservation cap would be exceeded
   */
  grow(npages: number, opts: { scavenged?: boolean; nowMs?: number } = {}): PageRange {
    const remaining = this.maxPages - this.mappedPages;
    checkInt(npages, 'npages', 1, Math.max(1, remaining));
    const scavenged = checkBool(opts.scavenged ?? true, 'grow.scavenged');
    if (opts.nowMs !== undefined) checkNumber(opts.nowMs, 'grow.nowMs', 0, Number.MAX_SAFE_INTEGER);
    const n = Math.ceil(npages / CHUNK_PAGES) * CHUNK_PAGES;
    if (n > remaining) {
      throw new ScavsimError('E_RANGE', 'npages', `growing by ${n} pages exceeds the reservation`, `at most ${remaining} more pages`);
    }
    const base = this.books.addChunks(n, scavenged, opts.nowMs ?? 0);
    return { base, npages: n };
  }

  // ---- allocation -----------------------------------------------------------------------

  /**
   * Lowest-address first fit [go1.14.13:mpagealloc.go alloc/find; go §3.3 (3), go §3.4 (3)].
   * Marks the pages allocated and clears their scav bits. Returns null if no free run of
   * `npages` exists (the caller grows the heap and retries, as `mheap.allocSpan` does).
   */
  allocFirstFit(npages: number): PageAllocation | null {
    const base = this.allocFirstFitPage(npages);
    return base < 0 ? null : { base, scavengedPages: this.lastScavengedPages };
  }

  /** Pages of the last successful allocation that were scavenged (see {@link allocFirstFitPage}). */
  lastScavengedPages = 0;

  /**
   * {@link allocFirstFit} for the runtime's span allocation (once per span): returns the base
   * page, or -1 if nothing fits, and leaves the scavenged count in {@link lastScavengedPages}
   * instead of returning an object.
   */
  allocFirstFitPage(npages: number): number {
    const n = checkInt(npages, 'npages', 1, this.maxPages);
    const base = n > this.freePages ? -1 : this.books.runs.findFirstFit(this.books.alloc, n);
    if (base < 0) return -1;
    this.takeRange(base, n);
    return base;
  }

  /**
   * Go 1.12 best fit [go1.12:mheap.go pickFreeSpan]: with `preferUnscavenged` (default) free
   * pages form separate runs by scav state, like 1.12's `free` and `scav` treaps that never
   * coalesce with each other; the smallest sufficient run of each kind is found (lowest
   * address among equals, the treaps' secondary key) and the smaller one wins, a tie going to
   * the unscavenged run. With `preferUnscavenged = false` scav state is ignored and runs are
   * maximal free runs (≤ 1.11, where coalescing merged released and unreleased spans).
   * The allocation takes the bottom of the chosen run (the span is trimmed from its start).
   * Simplifications: one pool instead of 1.11's exact-size lists for < 128 pages; cost is a
   * scan of all non-full chunks.
   */
  allocBestFit(npages: number, preferUnscavenged = true): PageAllocation | null {
    const n = checkInt(npages, 'npages', 1, this.maxPages);
    checkBool(preferUnscavenged, 'preferUnscavenged');
    if (n > this.freePages) return null;
    let base: number;
    const b = this.books;
    const src = { alloc: b.alloc, scav: b.scav, inUse: b.inUse, scavenged: b.scavenged, chunks: b.nChunks, summaries: b.runs.chunkArrays };
    if (preferUnscavenged) {
      const u = bestFitRun(src, 'unscavenged', n);
      const s = bestFitRun(src, 'scavenged', n);
      if (u === null && s === null) return null;
      base = s === null || (u !== null && u.npages <= s.npages) ? u!.base : s.base;
    } else {
      const r = bestFitRun(src, 'free', n);
      if (r === null) return null;
      base = r.base;
    }
    return { base, scavengedPages: this.takeRange(base, n) };
  }

  /**
   * Marks `[base, base+npages)` allocated (all pages must be free). Returns how many were
   * scavenged. Used by the allocators above and by callers that pick addresses themselves.
   * @throws {@link ScavsimError} E_STATE if any page is already allocated
   */
  allocRange(base: number, npages: number): PageAllocation {
    this.books.checkRange(base, npages);
    if (countRange(this.books.alloc, base, npages) !== 0) {
      stateError('base', `pages [${base}, ${base + npages}) are not all free`);
    }
    return { base, scavengedPages: this.takeRange(base, npages) };
  }

  /**
   * {@link allocRange} without re-validating: for the allocators above, whose searches only
   * return free runs inside the heap (the property tests check them against a naive mirror).
   * Returns how many of the pages were scavenged (also left in {@link lastScavengedPages}).
   */
  private takeRange(base: number, npages: number): number {
    this.lastScavengedPages = this.books.take(base, npages);
    return this.lastScavengedPages;
  }

  /**
   * Frees `[base, base+npages)` (all pages must be allocated); freed pages are unscavenged.
   * With `trackFreeTime`, the whole merged free run is stamped `nowMs` (go1.11: "the merged
   * span takes the new timestamp", go §3.1).
   * @throws {@link ScavsimError} E_STATE if any page is not allocated
   */
  free(base: number, npages: number, nowMs = 0): void {
    this.books.checkRange(base, npages);
    checkNumber(nowMs, 'nowMs', 0, Number.MAX_SAFE_INTEGER);
    if (!clearRangeIfAllSet(this.books.alloc, base, npages)) {
      stateError('base', `pages [${base}, ${base + npages}) are not all allocated`);
    }
    this.books.freed(base, npages, nowMs);
  }

  /**
   * Free runs last freed strictly before `cutoffMs`, ascending (Go ≤ 1.12 sysmon scavenger:
   * release spans with `now − unusedsince > limit`, i.e. `unusedsince < now − limit`).
   * @throws {@link ScavsimError} E_STATE if the heap was built without `trackFreeTime`
   */
  freeRunsIdleSince(cutoffMs: number): IdleFreeRun[] {
    const { stamps, alloc, scav } = this.books;
    if (!stamps) stateError('trackFreeTime', 'freeRunsIdleSince needs a heap built with trackFreeTime: true');
    if (typeof cutoffMs !== 'number' || Number.isNaN(cutoffMs)) {
      throw new ScavsimError('E_TYPE', 'cutoffMs', 'expected a number', 'a number of simulated milliseconds');
    }
    return stamps.startsBefore(cutoffMs).map((base) => {
      const end = nextSetBit(alloc, base, this.mappedPages);
      return {
        base, npages: end - base, freedAtMs: stamps.get(base)!,
        scavengedPages: countRange(scav, base, end - base),
      };
    });
  }

  // ---- scavenging -----------------------------------------------------------------------

  /**
   * The highest run of free & unscavenged pages strictly below `searchBelowPage`, within one
   * chunk, at most `maxPages` long (rounded up to `minRunPages`; 0 means `minRunPages`),
   * keeping the top of the run; with `minRunPages > 1` only whole aligned groups count
   * [go1.21.12:mgcscavenge.go findScavengeCandidate, scavengeIndex.find]. Chunks that
   * `eligible` rejects are skipped. Work is proportional to the chunks examined.
   *
   * `hugePagePages` (pages per transparent huge page, e.g. 256 for 2 MiB; 0 = off, the
   * default) turns on the 1.14–1.21 rule that avoids breaking a huge page: if the capped
   * candidate would split a huge page lying entirely inside the free run, the candidate is
   * extended down to that huge page's start (go §3.4 (3);
   * [go1.21.12:mgcscavenge.go findScavengeCandidate "PreserveHugePage"]).
   */
  findScavengeCandidate(
    searchBelowPage: number,
    maxPages: number,
    minRunPages: number = this.minRunPages,
    eligible?: (chunk: number) => boolean,
    hugePagePages = 0,
  ): PageRange | null {
    const base = this.nextScavengeCandidate(searchBelowPage, maxPages, minRunPages, eligible, hugePagePages);
    return base < 0 ? null : { base, npages: this.lastCandidatePages };
  }

  /** Length in pages of the run the last {@link nextScavengeCandidate} call found. */
  lastCandidatePages = 0;

  /**
   * {@link findScavengeCandidate} for the scavenger's loops, which call it once per released
   * run: returns the run's base page (or -1) and leaves its length in
   * {@link lastCandidatePages}, without a result object.
   * @throws {@link ScavsimError} on a bad argument, as findScavengeCandidate
   */
  nextScavengeCandidate(
    searchBelowPage: number,
    maxPages: number,
    minRunPages: number = this.minRunPages,
    eligible?: (chunk: number) => boolean,
    hugePagePages = 0,
  ): number {
    checkInt(searchBelowPage, 'searchBelowPage', 0, Number.MAX_SAFE_INTEGER);
    checkInt(maxPages, 'maxPages', 0, Number.MAX_SAFE_INTEGER);
    // The heap's own alignment is already a power of two in range (checked in the constructor).
    if (minRunPages !== this.minRunPages) checkPowerOfTwo(minRunPages, 'minRunPages', 1, 32);
    if (hugePagePages !== 0) checkPowerOfTwo(hugePagePages, 'hugePagePages', 2, CHUNK_PAGES);
    if (eligible !== undefined && typeof eligible !== 'function') {
      throw new ScavsimError('E_TYPE', 'eligible', 'expected a function', 'a function (chunk: number) => boolean');
    }
    const cap = maxPages === 0 ? minRunPages : Math.ceil(maxPages / minRunPages) * minRunPages;
    const base = this.search.next(this.books, searchBelowPage, cap, minRunPages, eligible, hugePagePages);
    this.lastCandidatePages = this.search.lastPages;
    return base;
  }

  /**
   * Marks free pages `[base, base+npages)` scavenged (the caller then madvises them).
   * Returns how many were newly scavenged (Go ≤ 1.11 re-released whole spans, so already
   * scavenged pages are allowed). Does not touch density data: the 1.21 scavenger marks the
   * range at the bitmap level only [go1.21.12:mgcscavenge.go scavengeOne].
   * @throws {@link ScavsimError} E_STATE if any page is allocated
   */
  markScavenged(base: number, npages: number): number {
    this.books.checkRange(base, npages);
    if (!noneSetInRange(this.books.alloc, base, npages)) {
      stateError('base', `pages [${base}, ${base + npages}) are not all free`);
    }
    return this.books.markReleased(base, npages);
  }

  /**
   * Marks the run the last {@link nextScavengeCandidate} call returned scavenged and returns
   * its length: {@link markScavenged} for the scavenger loops, which release each run as
   * they find it. The heap found the run itself and nothing has changed since, so the range
   * and state checks of `markScavenged` (a scan of the run's bitmap words) are skipped.
   * @throws {@link ScavsimError} E_STATE if there is no such run (none was found, or the heap
   * changed after it was found)
   */
  markCandidateScavenged(): number {
    const base = this.search.current(this.books);
    if (base < 0) stateError('candidate', 'no scavenge candidate to mark: none was found, or the heap changed since');
    const npages = this.search.lastPages;
    this.books.markReleased(base, npages);
    return npages;
  }

  // ---- density (go1.21) ------------------------------------------------------------------

  /** Starts a new scavenger generation (called once per GC at mark termination). */
  nextGen(): void { this.books.density.nextGen(); }

  /**
   * go1.21 `shouldScavenge` negated, for non-forced scavenging: a chunk touched this
   * generation is dense if it is or was (at the generation boundary) at least 496 pages in
   * use; an untouched chunk is dense if it is now [go1.21.12:mgcscavenge.go scavChunkData].
   */
  isDenseForBackground(chunk: number): boolean {
    const c = this.books.checkChunk(chunk);
    return this.books.density.isDense(c, this.books.inUse[c]!);
  }

  /** Bytes held by this heap's typed arrays (≈ 2 bits per page of capacity + O(chunks)). */
  memoryBytes(): number {
    return this.books.byteLength;
  }

  /** Plain per-chunk rows for snapshots and tests. */
  chunkSummaries(): ChunkSummary[] {
    const out: ChunkSummary[] = [];
    const b = this.books;
    for (let c = 0; c < b.nChunks; c++) {
      const inUse = b.inUse[c]!;
      const scavenged = b.scavenged[c]!;
      out.push({
        chunk: c, inUse, scavenged, freeUnscavenged: CHUNK_PAGES - inUse - scavenged,
        ...b.runs.summaryOf(c, b.alloc),
        lastInUse: b.density.lastInUseOf(c), gen: b.density.genOf(c), denseForBackground: this.isDenseForBackground(c),
      });
    }
    return out;
  }
}
