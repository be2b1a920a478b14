/**
 * The first-fit index: free-run summaries per chunk and per 64-chunk group, and the search
 * cursor, after the Go 1.14+ page allocator's summary radix tree and `searchAddr`
 * [go1.14.13:mpagealloc.go find, alloc; D35112 "scaling the page allocator"].
 *
 * Each chunk has `start`/`max`/`end` free-run lengths (chunk-summary.ts); each group of 64
 * chunks the same, merged from its chunks. A first-fit search walks groups and chunks upward
 * from the cursor, carrying the free run that reaches the top of what it has passed, and only
 * reads the allocation bitmap inside the one chunk where the answer lies. The cursor marks the
 * lowest chunk that may have a free page: allocation raises it past chunks the walk found full,
 * frees lower it. Work is O(groups + 64 + 16 words), not O(heap).
 *
 * A chunk's `max` may be *stale*: an allocation that cuts the chunk's longest run leaves the
 * old value as an upper bound, and the chunk is summarized again only when a search needs its
 * exact value (the search looked inside it for a request the bound admits and found no fit)
 * or a snapshot reads it. Upper bounds keep every skip the search makes valid (a chunk or group whose bound
 * is below the request cannot hold it), and most chunks an allocation cuts are cut again or
 * freed before any search asks, so the rescan is paid once instead of per allocation.
 * `start` and `end` are always exact.
 *
 * Growth scavenging and scavenging do not change these summaries: they describe free pages,
 * scavenged or not, because first fit ignores the scavenged state (go §3.3 (3)).
 *
 * @module
 */
import { growWords, highestSetInRange, nextSetBit } from './bitmap.js';
import {
  CHUNK_PAGES, firstFitAcrossWords, firstFitInChunk, GROUP_CHUNKS, GROUP_SHIFT, MAX_RUN_INSIDE_WORD, mergeSummaries,
  summarizeChunk,
} from './chunk-summary.js';

/** Chunk and group summaries plus the search cursor. */
export class FreeRunIndex {
  private cStart: Uint16Array;
  private cMax: Uint16Array;
  private cEnd: Uint16Array;
  /** Offset in its chunk of a longest free run (any of them), to update `cMax` incrementally. */
  private cMaxPos: Uint16Array;
  /** 1 where `cMax` is only an upper bound (and `cMaxPos` meaningless) until the chunk is summarized again. */
  private cStale: Uint8Array;
  private gStart: Uint32Array;
  private gMax: Uint32Array;
  private gEnd: Uint32Array;
  /** 1 where a group's summary is stale: merged again only when a search reads it. */
  private gDirty: Uint8Array;
  private readonly scratch = new Uint32Array(4);
  private chunks = 0;
  /** Every chunk below this one is fully allocated. */
  private searchChunk = 0;

  /** Room for `capacityChunks` chunks, none mapped yet. */
  constructor(capacityChunks: number) {
    this.cStart = new Uint16Array(capacityChunks);
    this.cMax = new Uint16Array(capacityChunks);
    this.cEnd = new Uint16Array(capacityChunks);
    this.cMaxPos = new Uint16Array(capacityChunks);
    this.cStale = new Uint8Array(capacityChunks);
    const groups = Math.ceil(capacityChunks / GROUP_CHUNKS);
    this.gStart = new Uint32Array(groups);
    this.gMax = new Uint32Array(groups);
    this.gEnd = new Uint32Array(groups);
    this.gDirty = new Uint8Array(groups);
  }

  /** Makes room for `capacityChunks` chunks. */
  reserve(capacityChunks: number): void {
    this.cStart = growWords(this.cStart, capacityChunks, (n) => new Uint16Array(n));
    this.cMax = growWords(this.cMax, capacityChunks, (n) => new Uint16Array(n));
    this.cEnd = growWords(this.cEnd, capacityChunks, (n) => new Uint16Array(n));
    this.cMaxPos = growWords(this.cMaxPos, capacityChunks, (n) => new Uint16Array(n));
    if (this.cStale.length < capacityChunks) {
      const st = new Uint8Array(capacityChunks);
      st.set(this.cStale);
      this.cStale = st;
    }
    const groups = Math.ceil(capacityChunks / GROUP_CHUNKS);
    this.gStart = growWords(this.gStart, groups, (n) => new Uint32Array(n));
    this.gMax = growWords(this.gMax, groups, (n) => new Uint32Array(n));
    this.gEnd = growWords(this.gEnd, groups, (n) => new Uint32Array(n));
    if (this.gDirty.length < groups) {
      const d = new Uint8Array(groups);
      d.set(this.gDirty);
      this.gDirty = d;
    }
  }

  /** Adds chunks `[from, to)`, all free. */
  addFreeChunks(from: number, to: number): void {
    for (let c = from; c < to; c++) {
      this.cStart[c] = CHUNK_PAGES;
      this.cMax[c] = CHUNK_PAGES;
      this.cEnd[c] = CHUNK_PAGES;
      this.cMaxPos[c] = 0;
      this.cStale[c] = 0;
    }
    this.chunks = to;
    this.updateGroups(from, to - 1);
  }

  /** Recomputes chunk `c` from the allocation bitmap (`full`: it is known to be fully allocated). */
  refreshChunk(alloc: Uint32Array, c: number, full: boolean): void {
    this.cStale[c] = 0;
    if (full) {
      this.cStart[c] = 0;
      this.cMax[c] = 0;
      this.cEnd[c] = 0;
      return;
    }
    summarizeChunk(alloc, c, this.scratch);
    this.cStart[c] = this.scratch[0]!;
    this.cMax[c] = this.scratch[1]!;
    this.cEnd[c] = this.scratch[2]!;
    this.cMaxPos[c] = this.scratch[3]!;
  }

  /**
   * Pages `[off, off+k)` of chunk `c` (offsets within the chunk) were just allocated; `full`:
   * the chunk has no free page left. They were one free stretch, so only the run holding them
   * shrank: the bottom and top runs are cut where the range starts and ends, and the longest
   * run is unchanged unless the range cut the one recorded, in which case the old length stays
   * as an upper bound and the chunk is marked stale (module comment). Never reads the bitmap.
   */
  allocatedIn(alloc: Uint32Array, c: number, off: number, k: number, full = false): void {
    if (full || k === CHUNK_PAGES) {
      this.refreshChunk(alloc, c, true);
      return;
    }
    if (this.cStale[c] === 0) {
      const mp = this.cMaxPos[c]!;
      if (off < mp + this.cMax[c]! && off + k > mp) this.cStale[c] = 1;
    }
    if (off < this.cStart[c]!) this.cStart[c] = off;
    if (off + k > CHUNK_PAGES - this.cEnd[c]!) this.cEnd[c] = CHUNK_PAGES - (off + k);
  }

  /**
   * Pages `[off, off+k)` of chunk `c` were just freed (the bitmap already says so). Freeing only
   * merges: the run holding them now reaches down to the allocated page below and up to the
   * one above (within the chunk), and the other runs are unchanged. Same result as
   * {@link refreshChunk}; work is the words between those two allocated pages.
   */
  freedRange(alloc: Uint32Array, c: number, off: number, k: number): void {
    const base = c * CHUNK_PAGES;
    const lo = highestSetInRange(alloc, base, base + off - 1) + 1 - base;
    const hi = nextSetBit(alloc, base + off + k, base + CHUNK_PAGES) - base;
    const len = hi - lo;
    if (len >= this.cMax[c]!) {
      // At least the old bound: this run is now a longest one, so the value is exact again.
      this.cMax[c] = len;
      this.cMaxPos[c] = lo;
      this.cStale[c] = 0;
    }
    if (lo === 0) this.cStart[c] = hi;
    if (hi === CHUNK_PAGES) this.cEnd[c] = CHUNK_PAGES - lo;
  }

  /**
   * The group summaries covering chunks `[c0, c1]` are stale (call after refreshing the
   * chunks). They are merged again when a search next reads them: allocations and frees
   * usually land in the group the search stops in, whose summary it does not read, so merging
   * eagerly (64 chunks per call) would be work no search uses.
   */
  updateGroups(c0: number, c1: number): void {
    const gDirty = this.gDirty;
    for (let g = c0 >>> GROUP_SHIFT, g1 = c1 >>> GROUP_SHIFT; g <= g1; g++) gDirty[g] = 1;
  }

  /** Brings group `g`'s summary up to date. */
  private cleanGroup(g: number): void {
    if (this.gDirty[g] === 0) return;
    this.gDirty[g] = 0;
    const from = g * GROUP_CHUNKS;
    const count = Math.min(GROUP_CHUNKS, this.chunks - from);
    mergeSummaries(this.cStart, this.cMax, this.cEnd, from, count, CHUNK_PAGES, this.scratch);
    this.gStart[g] = this.scratch[0]!;
    this.gMax[g] = this.scratch[1]!;
    this.gEnd[g] = this.scratch[2]!;
  }

  /** A page in chunk `c` was freed: the cursor may have to come down (`searchAddr` on free). */
  freedIn(c: number): void {
    if (c < this.searchChunk) this.searchChunk = c;
  }

  /**
   * Lowest page where `n` free pages start, or -1. While the walk sees only full chunks it
   * raises the cursor past them, as `pageAlloc.alloc` raises `searchAddr` to what `find` proved
   * allocated [go1.14.13:mpagealloc.go alloc].
   *
   * A group whose summary is stale is walked chunk by chunk rather than merged first: the
   * group holding the answer is usually the one the last allocations and frees touched, and
   * merging it (64 chunks) would cost as much as the walk that follows anyway. A stale group
   * the walk crosses whole is merged then, so later searches skip it.
   */
  findFirstFit(alloc: Uint32Array, n: number): number {
    const cStart = this.cStart;
    const cMax = this.cMax;
    const cEnd = this.cEnd;
    const chunks = this.chunks;
    let carry = 0;
    let c = this.searchChunk;
    let allFull = true;
    let walking = -1; // a stale group being walked from its first chunk
    while (c < chunks) {
      if ((c & (GROUP_CHUNKS - 1)) === 0) {
        const g = c >>> GROUP_SHIFT;
        if (walking === g - 1 && walking >= 0) this.cleanGroup(walking);
        walking = -1;
        if (this.gDirty[g] !== 0) {
          walking = g;
        } else {
          const chunksInGroup = Math.min(GROUP_CHUNKS, chunks - c);
          const gp = chunksInGroup * CHUNK_PAGES;
          if (carry + this.gStart[g]! >= n) return c * CHUNK_PAGES - carry;
          if (this.gMax[g]! < n) {
            carry = this.gStart[g] === gp ? carry + gp : this.gEnd[g]!;
            c += chunksInGroup;
            if (allFull && this.gMax[g] === 0) this.searchChunk = c;
            else allFull = false;
            continue;
          }
        }
      }
      const start = cStart[c]!;
      if (carry + start >= n) return c * CHUNK_PAGES - carry;
      const max = cMax[c]!;
      if (max >= n) {
        const wide = n > 32;
        const at = wide ? firstFitAcrossWords(alloc, c, n, this.scratch) : firstFitInChunk(alloc, c, n, this.scratch);
        if (at >= 0 || this.cStale[c] === 0) return at;
        // The bound was too high. The failed scan measured the longest run, which makes the
        // summary exact again (start and end always are), unless it only looked at the runs
        // across words and found none longer than a run inside a word can be: then the bound
        // comes down to that and stays a bound. The group's bound tightens next time.
        const exact = !wide || this.scratch[2] === 1;
        this.cMax[c] = exact ? this.scratch[0]! : Math.max(this.scratch[0]!, MAX_RUN_INSIDE_WORD);
        this.cMaxPos[c] = this.scratch[1]!;
        this.cStale[c] = exact ? 0 : 1;
        this.gDirty[c >>> GROUP_SHIFT] = 1;
      }
      carry = start === CHUNK_PAGES ? carry + CHUNK_PAGES : cEnd[c]!;
      if (allFull && cMax[c] === 0) this.searchChunk = c + 1;
      else allFull = false;
      c++;
    }
    return -1;
  }

  /**
   * The per-chunk summary arrays (read-only use: best-fit scans skip chunks with them). `max`
   * may be an upper bound (module comment), which keeps every skip valid.
   */
  get chunkArrays(): { readonly start: Uint16Array; readonly max: Uint16Array; readonly end: Uint16Array } {
    return { start: this.cStart, max: this.cMax, end: this.cEnd };
  }

  /** Chunk `c`'s summary (exact: a stale chunk is summarized from `alloc` first). */
  summaryOf(c: number, alloc: Uint32Array): { start: number; max: number; end: number } {
    if (this.cStale[c] === 1) {
      this.refreshChunk(alloc, c, false);
      this.gDirty[c >>> GROUP_SHIFT] = 1;
    }
    return { start: this.cStart[c]!, max: this.cMax[c]!, end: this.cEnd[c]! };
  }

  /** Bytes held. */
  get byteLength(): number {
    return [this.cStart, this.cMax, this.cEnd, this.gStart, this.gMax, this.gEnd, this.gDirty, this.cMaxPos, this.cStale].reduce((s, a) => s + a.byteLength, 0);
  }
}
