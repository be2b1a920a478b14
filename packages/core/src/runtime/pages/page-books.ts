/**
 * The page heap's books: two bits per page and counters per chunk, kept consistent by every
 * change (see page-heap.ts for what they model).
 *
 * Per page, as the 1.14+ allocator keeps per chunk (`pallocBits` and `scavenged`)
 * [go1.14.13:mpallocbits.go, mpagealloc.go]: alloc=1 in use; alloc=0, scav=0 free and retained;
 * alloc=0, scav=1 free and released. Per chunk: pages in use and free & scavenged, free-run
 * summaries like `pallocSum` (free-run-index.ts), one bit "has free & unscavenged pages" like
 * go1.19's `scavengeIndex` [go1.19.8:mgcscavenge.go scavengeIndex], and go1.21's density data
 * (scav-chunk-data.ts) [go1.21.12:mgcscavenge.go]. With `trackFreeTime`, Go ≤ 1.12's per-run
 * "freed at" stamps (free-run-stamps.ts).
 *
 * The three changes — pages taken, pages freed, pages marked released — each update every
 * structure above in one pass, chunk by chunk, and bump {@link PageBooks.changes}, which a
 * search result is checked against before it is used. Arrays grow by doubling, so memory is two
 * bits per page plus O(chunks).
 *
 * @module
 */
import { stateError } from '../../errors.js';
import { checkInt } from '../../units.js';
import {
  clearBit, countAndClearRange, countClearAndSetRange, growWords, highestSetAtOrBelow, nextSetBit, setBit, setRange,
} from './bitmap.js';
import { CHUNK_PAGES, CHUNK_SHIFT } from './chunk-summary.js';
import { FreeRunIndex } from './free-run-index.js';
import { FreeRunStamps } from './free-run-stamps.js';
import { ScavChunkData } from './scav-chunk-data.js';

const INITIAL_CHUNKS = 16;

/** The bitmaps and per-chunk counters of one heap (fields are read by the heap's searches; change them only through the methods). */
export class PageBooks {
  /** One bit per page: in use. */
  alloc = new Uint32Array(INITIAL_CHUNKS * 16);
  /** One bit per page: free and released. */
  scav = new Uint32Array(INITIAL_CHUNKS * 16);
  /** Pages in use per chunk. */
  inUse = new Uint16Array(INITIAL_CHUNKS);
  /** Free and released pages per chunk. */
  scavenged = new Uint16Array(INITIAL_CHUNKS);
  /** One bit per chunk: the chunk has free and unreleased pages (go1.19 `scavengeIndex`). */
  hasFreeUnscav = new Uint32Array(1);
  /** go1.21 density data per chunk. */
  readonly density = new ScavChunkData(INITIAL_CHUNKS);
  /** Free-run summaries per chunk, for first fit. */
  readonly runs = new FreeRunIndex(INITIAL_CHUNKS);
  /** Go ≤ 1.12 "freed at" stamps per free run, or null when not kept. */
  readonly stamps: FreeRunStamps | null;
  /** Mapped chunks. */
  nChunks = 0;
  /** Pages in use. */
  inUseTotal = 0;
  /** Free and released pages. */
  scavTotal = 0;
  /** Bumped by every change: a search result is valid while this is what it was. */
  changes = 0;

  constructor(trackFreeTime: boolean) {
    this.stamps = trackFreeTime ? new FreeRunStamps() : null;
  }

  /** Pages mapped so far. */
  get mappedPages(): number {
    return this.nChunks * CHUNK_PAGES;
  }

  /**
   * Adds chunks `[nChunks, nChunks + n / 512)` at the top, free, and released or retained as
   * `scavenged` says (a zero `scavChunkData`, [go1.21.12:mgcscavenge.go]); with stamps, the new
   * pages join the free run below them, stamped `nowMs`.
   * @returns the first new page
   */
  addChunks(n: number, scavenged: boolean, nowMs: number): number {
    this.changes++;
    const base = this.mappedPages;
    const c0 = this.nChunks;
    const c1 = c0 + n / CHUNK_PAGES;
    this.ensureCapacity(c1);
    this.nChunks = c1;
    for (let c = c0; c < c1; c++) {
      this.scavenged[c] = scavenged ? CHUNK_PAGES : 0;
      this.inUse[c] = 0;
      this.density.reset(c);
      if (scavenged) clearBit(this.hasFreeUnscav, c);
      else setBit(this.hasFreeUnscav, c);
    }
    if (scavenged) {
      setRange(this.scav, base, n);
      this.scavTotal += n;
    }
    this.runs.addFreeChunks(c0, c1);
    if (this.stamps) {
      const runStart = highestSetAtOrBelow(this.alloc, base - 1) + 1;
      this.stamps.freed(runStart, base, n, nowMs);
    }
    return base;
  }

  /**
   * Marks free pages `[base, base+npages)` in use and clears their released bits (the caller
   * checked they are free). Returns how many were released.
   */
  take(base: number, npages: number): number {
    this.changes++;
    if (this.stamps) {
      const runStart = highestSetAtOrBelow(this.alloc, base - 1) + 1;
      const runEnd = nextSetBit(this.alloc, base, this.mappedPages);
      this.stamps.allocated(runStart, runEnd, base, npages);
    }
    let scavenged = 0;
    // Chunk by chunk (a loop, not a callback: this is the allocation path).
    for (let b = base, end = base + npages; b < end;) {
      const c = b >>> CHUNK_SHIFT;
      const k = Math.min(end, (c + 1) * CHUNK_PAGES) - b;
      const s = countAndClearRange(this.scav, b, k);
      setRange(this.alloc, b, k);
      this.density.touch(c, this.inUse[c]!);
      this.inUse[c] = this.inUse[c]! + k;
      this.scavenged[c] = this.scavenged[c]! - s;
      scavenged += s;
      this.runs.allocatedIn(this.alloc, c, b - c * CHUNK_PAGES, k, this.inUse[c] === CHUNK_PAGES);
      this.refreshScavBit(c);
      b += k;
    }
    this.runs.updateGroups(base >>> CHUNK_SHIFT, (base + npages - 1) >>> CHUNK_SHIFT);
    this.inUseTotal += npages;
    this.scavTotal -= scavenged;
    return scavenged;
  }

  /**
   * Books pages `[base, base+npages)` as freed, unreleased (the caller already cleared their
   * alloc bits); with stamps, the merged free run is stamped `nowMs`.
   */
  freed(base: number, npages: number, nowMs: number): void {
    this.changes++;
    for (let b = base, end = base + npages; b < end;) {
      const c = b >>> CHUNK_SHIFT;
      const k = Math.min(end, (c + 1) * CHUNK_PAGES) - b;
      this.density.touch(c, this.inUse[c]!);
      this.inUse[c] = this.inUse[c]! - k;
      this.runs.freedRange(this.alloc, c, b - c * CHUNK_PAGES, k);
      this.refreshScavBit(c);
      b += k;
    }
    this.runs.updateGroups(base >>> CHUNK_SHIFT, (base + npages - 1) >>> CHUNK_SHIFT);
    this.inUseTotal -= npages;
    this.runs.freedIn(base >>> CHUNK_SHIFT);
    if (this.stamps) {
      const runStart = highestSetAtOrBelow(this.alloc, base - 1) + 1;
      this.stamps.freed(runStart, base, npages, nowMs);
    }
  }

  /** Marks free pages `[base, base+npages)` released (checked by the caller); returns how many were not yet. */
  markReleased(base: number, npages: number): number {
    this.changes++;
    let added = 0;
    for (let b = base, end = base + npages; b < end;) {
      const c = b >>> CHUNK_SHIFT;
      const k = Math.min(end, (c + 1) * CHUNK_PAGES) - b;
      const fresh = countClearAndSetRange(this.scav, b, k);
      this.scavenged[c] = this.scavenged[c]! + fresh;
      added += fresh;
      this.refreshScavBit(c);
      b += k;
    }
    this.scavTotal += added;
    return added;
  }

  /** Bytes held by the typed arrays (≈ 2 bits per page of capacity + O(chunks)). */
  get byteLength(): number {
    const arrays = [this.alloc, this.scav, this.inUse, this.scavenged, this.hasFreeUnscav];
    return arrays.reduce((sum, a) => sum + a.byteLength, this.density.byteLength + this.runs.byteLength);
  }

  /** `chunk`, checked to be a mapped chunk. */
  checkChunk(chunk: number): number {
    return checkInt(chunk, 'chunk', 0, Math.max(0, this.nChunks - 1));
  }

  /** `page`, checked to be a mapped page. */
  checkPage(page: number): number {
    return checkInt(page, 'page', 0, Math.max(0, this.mappedPages - 1));
  }

  /** Checks that `[base, base+npages)` is a non-empty range of mapped pages. */
  checkRange(base: number, npages: number): void {
    if (this.nChunks === 0) stateError('base', 'the heap has no pages yet (grow it first)');
    checkInt(base, 'base', 0, Math.max(0, this.mappedPages - 1));
    checkInt(npages, 'npages', 1, this.mappedPages - base);
  }

  private refreshScavBit(c: number): void {
    if (CHUNK_PAGES - this.inUse[c]! - this.scavenged[c]! > 0) setBit(this.hasFreeUnscav, c);
    else clearBit(this.hasFreeUnscav, c);
  }

  private ensureCapacity(chunks: number): void {
    let cap = this.inUse.length;
    if (chunks <= cap) return;
    while (cap < chunks) cap *= 2;
    const words = cap * 16;
    this.alloc = growWords(this.alloc, words, (n) => new Uint32Array(n));
    this.scav = growWords(this.scav, words, (n) => new Uint32Array(n));
    this.inUse = growWords(this.inUse, cap, (n) => new Uint16Array(n));
    this.scavenged = growWords(this.scavenged, cap, (n) => new Uint16Array(n));
    this.runs.reserve(cap);
    this.density.grow(cap);
    const cw = Math.ceil(cap / 32);
    this.hasFreeUnscav = growWords(this.hasFreeUnscav, cw, (n) => new Uint32Array(n));
  }
}
