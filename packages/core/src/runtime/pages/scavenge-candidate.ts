/**
 * The scavenger's search for what to release next: the highest run of free and unscavenged
 * pages below an address, over the chunks the index says have some, then inside one chunk.
 *
 * Go 1.14+ walks each 4 MiB chunk from the top down and returns the highest contiguous run of
 * pages that are both free and unscavenged (`findScavengeCandidate`). When the OS page is
 * larger than a runtime page (16 or 64 KiB on some arm64/ppc64 kernels), only runs made of
 * whole, aligned OS pages qualify: `fillAligned` treats an aligned group of `min` runtime pages
 * as usable only if every page in it is free and unscavenged, so fragmented heaps on 64 KiB
 * kernels release almost nothing (#9993) [go1.21.12:mgcscavenge.go findScavengeCandidate,
 * fillAligned]. The candidate is capped at `max` pages (rounded up to `min`), keeping the
 * *top* of the run; it never crosses a chunk boundary.
 *
 * Across chunks the search goes top down through the chunks whose "has free & unscavenged
 * pages" bit is set (go1.19 `scavengeIndex`), skipping those the caller's policy rejects (1.21
 * density), so its work is proportional to the chunks examined, not to the heap size
 * [go1.19.8:mgcscavenge.go scavengeIndex.find]. With a huge-page size, the go1.14–1.21 rule that
 * extends a candidate downward rather than split a huge page lying entirely inside the free run
 * applies (go §3.4 (3); [go1.21.12:mgcscavenge.go findScavengeCandidate "PreserveHugePage"]).
 *
 * @module
 */
import { alignedGroups, highestSetAtOrBelow } from './bitmap.js';
import { CHUNK_PAGES, CHUNK_SHIFT, CHUNK_WORDS } from './chunk-summary.js';
import type { PageBooks } from './page-books.js';

/**
 * The heap-wide search, with the last run it found remembered so that the caller can mark it
 * released without searching again (valid while the books have not changed since).
 */
export class ScavengeSearch {
  /** Length in pages of the run the last {@link next} call found (0 if none). */
  lastPages = 0;
  private base = -1;
  private changesAt = -1;
  private readonly scratch = { run: 0 };

  /**
   * The base page of the highest run of free & unscavenged pages strictly below
   * `searchBelowPage`, within one chunk, at most `cap` pages long (`cap` a multiple of
   * `minRunPages`), keeping the top of the run; whole aligned groups of `minRunPages` only;
   * chunks `eligible` rejects are skipped; `hugePagePages > minRunPages` turns on the huge-page
   * rule (module comment). Returns -1 if there is none. Arguments are the caller's to check.
   */
  next(
    books: PageBooks, searchBelowPage: number, cap: number, minRunPages: number,
    eligible: ((chunk: number) => boolean) | undefined, hugePagePages: number,
  ): number {
    let limit = Math.min(searchBelowPage, books.mappedPages);
    limit -= limit % minRunPages;
    const out = this.scratch;
    const { alloc, scav, hasFreeUnscav } = books;
    let c = highestSetAtOrBelow(hasFreeUnscav, (limit - 1) >> CHUNK_SHIFT);
    while (c >= 0) {
      if (eligible === undefined || eligible(c)) {
        const top = Math.min(limit, (c + 1) * CHUNK_PAGES);
        // The run's full length matters only to the huge-page rule; otherwise `cap` pages do.
        const end = candidateEndInChunk(alloc, scav, c, top, minRunPages, out, hugePagePages > minRunPages ? Infinity : cap);
        if (end >= 0) {
          const run = out.run;
          const size = Math.min(run, cap);
          let base = end - size;
          if (hugePagePages > minRunPages) {
            const above = Math.ceil(base / hugePagePages) * hugePagePages;
            const below = above === base ? base : above - hugePagePages;
            if (above <= end && below >= end - run) base = below;
          }
          this.lastPages = end - base;
          this.base = base;
          this.changesAt = books.changes;
          return base;
        }
      }
      c = highestSetAtOrBelow(hasFreeUnscav, c - 1);
    }
    this.lastPages = 0;
    this.base = -1;
    return -1;
  }

  /** The base page of the last run found, or -1 if none was found or the books changed since. */
  current(books: PageBooks): number {
    return this.changesAt === books.changes ? this.base : -1;
  }
}

/** A candidate run: absolute page index of its top (exclusive) and the length of the full run below it. */
export interface CandidateRun {
  /** One past the highest page of the run. */
  readonly end: number;
  /** Length in pages of the whole qualifying run ending at `end` (before capping). */
  readonly run: number;
}

/**
 * Highest qualifying run in chunk `chunk` lying entirely below absolute page `top` (exclusive;
 * callers pass at most the chunk's end and a multiple of `minRun`), or null.
 * `alloc` and `scav` are the heap's bitmaps (1 = allocated, 1 = scavenged).
 */
export function highestCandidateInChunk(
  alloc: Uint32Array,
  scav: Uint32Array,
  chunk: number,
  top: number,
  minRun: number,
): CandidateRun | null {
  const out = { run: 0 };
  const end = candidateEndInChunk(alloc, scav, chunk, top, minRun, out, Infinity);
  return end < 0 ? null : { end, run: out.run };
}

/**
 * {@link highestCandidateInChunk} without a result object, for the scavenger's loop: returns
 * the run's `end` (or -1) and writes its length into `out.run` — counted only until it
 * reaches `need` (then `out.run ≥ need`): a caller that takes at most `need` pages from the
 * top of the run does not have to measure the rest of it (the self-paced scavenger takes one
 * page per call, often from runs hundreds of pages long).
 */
export function candidateEndInChunk(
  alloc: Uint32Array,
  scav: Uint32Array,
  chunk: number,
  top: number,
  minRun: number,
  out: { run: number },
  need: number,
): number {
  const w0 = chunk * CHUNK_WORDS;
  if (top <= w0 * 32) return -1;
  let w = (top - 1) >>> 5;
  let x = good(alloc, scav, w, minRun) & topMask(((top - 1) & 31) + 1);
  while (x === 0) {
    if (w === w0) return -1;
    w--;
    x = good(alloc, scav, w, minRun);
  }
  const hi = 31 - Math.clz32(x);
  const end = w * 32 + hi + 1;
  // Count the ones from bit `hi` downward: shift them to the top and count leading ones.
  let run = Math.clz32(~(x << (31 - hi)));
  if (run > hi + 1) run = hi + 1;
  if (run === hi + 1) {
    for (let j = w - 1; j >= w0 && run < need; j--) {
      const y = good(alloc, scav, j, minRun);
      if (y === -1) {
        run += 32;
        continue;
      }
      run += Math.clz32(~y);
      break;
    }
  }
  out.run = run;
  return end;
}

/**
 * Word `w` of the "free, unscavenged, in whole aligned OS pages" bitmap, as a signed 32-bit
 * value (all ones = -1). A module-level function rather than a closure: this runs for every
 * word the scavenger examines, and a closure made per call is an allocation (and, under tsx,
 * a `__name` call) per search. Signed, because an unsigned word with bit 31 set is boxed in a
 * heap number whenever it is returned from a call that is not inlined.
 */
function good(alloc: Uint32Array, scav: Uint32Array, w: number, minRun: number): number {
  const free = ~(alloc[w]! | scav[w]!);
  return minRun === 1 ? free : alignedGroups(free >>> 0, minRun) | 0;
}

/** Bits `[0, hi)` of a word as a signed 32-bit mask, `1 <= hi <= 32`. */
function topMask(hi: number): number {
  return hi === 32 ? -1 : (1 << hi) - 1;
}
