/**
 * Free-run summaries of 4 MiB chunks, after the Go runtime's `pallocSum`.
 *
 * Since Go 1.14 the page allocator keeps, for every chunk of 512 runtime pages, three numbers
 * about its free pages: `start` (free pages at the bottom of the chunk), `max` (the longest
 * free run anywhere in it) and `end` (free pages at the top). Higher levels of its radix tree
 * merge the summaries of their children the same way, so an address-ordered first fit can skip
 * everything that cannot hold the request and still find the *lowest* fitting address
 * [go1.14.13:mpagealloc.go pallocSum, mergeSummaries, find]. scavsim keeps the chunk level and
 * one level of 64-chunk groups (256 MiB), which is enough to keep first-fit cost far below the
 * chunk count for heaps up to terabytes.
 *
 * Everything here reads the allocation bitmap only (`1` = allocated); whether a free page is
 * scavenged does not matter for fit (Go 1.13+ first fit ignores it, go §3.3 (3)).
 *
 * @module
 */
import { ctz32, FULL_WORD } from './bitmap.js';
import { PALLOC_CHUNK_PAGES, PALLOC_CHUNK_SHIFT } from '../../policy/runtime-constants.js';

/** Runtime pages per chunk (`pallocChunkPages`, policy/runtime-constants.ts). */
export const CHUNK_PAGES = PALLOC_CHUNK_PAGES;
/** log2 of {@link CHUNK_PAGES}. */
export const CHUNK_SHIFT = PALLOC_CHUNK_SHIFT;
/** Bitmap words per chunk. */
export const CHUNK_WORDS = CHUNK_PAGES / 32;
/** Chunks per summary group (one level above chunks, like one radix level of fan-out 64). */
export const GROUP_CHUNKS = 64;
/** log2 of {@link GROUP_CHUNKS} (chunk indices are below 2^21, so shifts are exact). */
export const GROUP_SHIFT = 6;

/** A free-run summary: free pages at the bottom, longest free run, free pages at the top. */
export interface RunSummary {
  /** Free pages at the bottom. */
  readonly start: number;
  /** Longest free run. */
  readonly max: number;
  /** Free pages at the top. */
  readonly end: number;
}

/** Scratch for {@link summarizeChunk}'s longest run (length, offset). */
const longest = new Uint32Array(2);

/**
 * Summarises chunk `chunk` of the allocation bitmap `alloc` into `out[0..2]` = start, max, end,
 * and, if `out` has a fourth slot, `out[3]` = the offset of the first longest free run (which
 * lets the caller update the summary after an allocation without a rescan, free-run-index.ts).
 * Work: 16 words, plus one step per allocated/free boundary in mixed words.
 */
export function summarizeChunk(alloc: Uint32Array, chunk: number, out: Uint32Array): void {
  const w0 = chunk * CHUNK_WORDS;
  let start = 0;
  let i = 0;
  for (; i < CHUNK_WORDS; i++) {
    const x = alloc[w0 + i]!;
    if (x === 0) {
      start += 32;
      continue;
    }
    start += ctz32(x);
    break;
  }
  if (i === CHUNK_WORDS) {
    out[0] = CHUNK_PAGES;
    out[1] = CHUNK_PAGES;
    out[2] = CHUNK_PAGES;
    if (out.length > 3) out[3] = 0;
    return;
  }
  let end = 0;
  for (let j = CHUNK_WORDS - 1; j >= 0; j--) {
    const x = alloc[w0 + j]!;
    if (x === 0) {
      end += 32;
      continue;
    }
    end += Math.clz32(x);
    break;
  }
  // The longest run: a first-fit scan for more pages than a chunk holds misses, and a miss
  // measures the longest run on the way.
  firstFitInChunk(alloc, chunk, CHUNK_PAGES + 1, longest);
  const max = longest[0]!;
  const maxPos = longest[1]!;
  out[0] = start;
  out[1] = max;
  out[2] = end;
  if (out.length > 3) out[3] = maxPos;
}

/**
 * Lowest page (absolute index) of the first free run of at least `n` pages lying inside
 * chunk `chunk`, or -1. Callers check runs that cross into the chunk from below themselves.
 *
 * On a miss the whole chunk has been scanned, so the longest free run is known as well: it is
 * left in `out[0]` (length) and `out[1]` (offset in the chunk of the first longest run), which
 * lets a caller whose `max` was only an upper bound make it exact without a second scan
 * (free-run-index.ts). `out` is not written on a hit.
 */
export function firstFitInChunk(alloc: Uint32Array, chunk: number, n: number, out: Uint32Array): number {
  const w0 = chunk * CHUNK_WORDS;
  let runStart = 0;
  let run = 0;
  let max = 0;
  let maxStart = 0;
  for (let j = 0; j < CHUNK_WORDS; j++) {
    const x = alloc[w0 + j]!;
    const wordBase = (w0 + j) * 32;
    if (x === 0) {
      if (run === 0) runStart = wordBase;
      run += 32;
      if (run >= n) return runStart;
      continue;
    }
    if (x === FULL_WORD) {
      if (run > max) {
        max = run;
        maxStart = runStart;
      }
      run = 0;
      continue;
    }
    // A stretch of free bits at a time (ctz), not bit by bit: same answer, fewer steps.
    let pos = 0;
    while (pos < 32) {
      const rest = x >>> pos;
      if (rest === 0) {
        if (run === 0) runStart = wordBase + pos;
        run += 32 - pos;
        if (run >= n) return runStart;
        break;
      }
      const zeros = ctz32(rest);
      if (zeros > 0) {
        if (run === 0) runStart = wordBase + pos;
        run += zeros;
        if (run >= n) return runStart;
        pos += zeros;
      }
      if (run > max) {
        max = run;
        maxStart = runStart;
      }
      run = 0;
      pos += ctz32(~(x >>> pos)); // the allocated stretch (x is not all ones here)
    }
  }
  if (run > max) {
    max = run;
    maxStart = runStart;
  }
  out[0] = max;
  out[1] = max === 0 ? 0 : maxStart - chunk * CHUNK_PAGES;
  return -1;
}

/**
 * The longest free run that lies inside one bitmap word, with allocated pages on both sides in
 * the same word: 30 pages (bits 1 to 30 free, bits 0 and 31 allocated). Any longer run touches
 * a word boundary or an end of the chunk.
 */
export const MAX_RUN_INSIDE_WORD = 30;

/**
 * {@link firstFitInChunk} for requests of more than 32 pages. Such a run cannot lie inside one
 * word ({@link MAX_RUN_INSIDE_WORD}), so only the runs that meet at word boundaries matter:
 * the run carried into a word ends at its lowest allocated page (`ctz`) and the next one starts
 * above its highest (`clz`). Each word costs two bit counts however fragmented it is, where
 * the general scan steps through every free stretch. Same answer as `firstFitInChunk`.
 * (The two share their loop's outline but are kept apart: one function with a mode flag made
 * the whole page-transition benchmark 3 % slower, the page heap alone 10–15 %.)
 *
 * On a miss `out[0]` is the longest run that touches a word boundary or an end of the chunk,
 * `out[1]` the offset in the chunk of the first such run, and `out[2]` is 1 when that is the
 * chunk's longest run (it is longer than a run inside a word can be) or 0 when it is not
 * known to be: the chunk's longest run is then at most `max(out[0], MAX_RUN_INSIDE_WORD)`.
 */
export function firstFitAcrossWords(alloc: Uint32Array, chunk: number, n: number, out: Uint32Array): number {
  const w0 = chunk * CHUNK_WORDS;
  let runStart = 0;
  let run = 0;
  let max = 0;
  let maxStart = 0;
  for (let j = 0; j < CHUNK_WORDS; j++) {
    const x = alloc[w0 + j]!;
    const wordBase = (w0 + j) * 32;
    if (x === 0) {
      if (run === 0) runStart = wordBase;
      run += 32;
      if (run >= n) return runStart;
      continue;
    }
    const low = ctz32(x);
    if (low > 0) {
      if (run === 0) runStart = wordBase;
      run += low;
      if (run >= n) return runStart;
    }
    if (run > max) {
      max = run;
      maxStart = runStart;
    }
    run = Math.clz32(x);
    runStart = wordBase + 32 - run;
  }
  if (run > max) {
    max = run;
    maxStart = runStart;
  }
  out[0] = max;
  out[1] = max === 0 ? 0 : maxStart - chunk * CHUNK_PAGES;
  out[2] = max > MAX_RUN_INSIDE_WORD ? 1 : 0;
  return -1;
}

/**
 * Merges the summaries of children `[from, from+count)` (each covering `childPages` pages),
 * stored in parallel arrays, into `out[0..2]`, as `mergeSummaries` does for one radix level
 * [go1.14.13:mpagealloc.go mergeSummaries].
 */
export function mergeSummaries(
  starts: ArrayLike<number>,
  maxes: ArrayLike<number>,
  ends: ArrayLike<number>,
  from: number,
  count: number,
  childPages: number,
  out: Uint32Array,
): void {
  let start = 0;
  let startOpen = true;
  let max = 0;
  let carry = 0;
  for (let i = from; i < from + count; i++) {
    const cs = starts[i]!;
    const cm = maxes[i]!;
    const ce = ends[i]!;
    if (startOpen) {
      start += cs;
      if (cs !== childPages) startOpen = false;
    }
    if (carry + cs > max) max = carry + cs;
    if (cm > max) max = cm;
    carry = cs === childPages ? carry + childPages : ce;
  }
  if (carry > max) max = carry;
  out[0] = start;
  out[1] = max;
  out[2] = carry;
}
