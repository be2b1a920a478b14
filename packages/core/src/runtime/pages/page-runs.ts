/**
 * Enumerating maximal runs of free pages, for the pre-1.13 best-fit allocator.
 *
 * Go ≤ 1.12 kept free spans in size-ordered structures (exact-size lists and a treap in 1.11;
 * in 1.12 two treaps, one for unscavenged and one for scavenged spans, which never coalesce
 * with each other) and allocated from the smallest span that fits [go1.12:mheap.go
 * pickFreeSpan, mgclarge.go]. scavsim has no span objects: a span of that era corresponds to a
 * maximal run of free pages (of one scav state, for 1.12). This module finds the best-fit run
 * by scanning the bitmaps of the chunks that could contain such a run: O(chunks) plus the
 * words of chunks whose longest free run is long enough, plus two edge words per other chunk.
 *
 * @module
 */
import { ctz32, FULL_WORD } from './bitmap.js';
import { CHUNK_PAGES, CHUNK_WORDS } from './chunk-summary.js';

/** Which free pages make up a run. */
export type RunKind = 'free' | 'unscavenged' | 'scavenged';

/** The bitmaps and per-chunk counts a run search reads. */
export interface RunSource {
  readonly alloc: Uint32Array;
  readonly scav: Uint32Array;
  /** Per-chunk pages in use. */
  readonly inUse: Uint16Array;
  /** Per-chunk free and scavenged pages. */
  readonly scavenged: Uint16Array;
  /** Mapped chunks. */
  readonly chunks: number;
  /** Per-chunk free-run summaries (free-run-index.ts), to skip chunks without long runs. */
  readonly summaries?: { readonly start: Uint16Array; readonly max: Uint16Array; readonly end: Uint16Array };
}

function maskOf(src: RunSource, kind: RunKind, w: number): number {
  const free = ~src.alloc[w]! >>> 0;
  if (kind === 'free') return free;
  if (kind === 'scavenged') return (free & src.scav[w]!) >>> 0;
  return (free & ~src.scav[w]!) >>> 0;
}

/**
 * Calls `fn(base, npages)` for every maximal run of pages of `kind` of at least `minLen` pages,
 * in address order (shorter runs may be reported too, possibly truncated; callers ignore
 * them). Stops early if `fn` returns true.
 *
 * With the chunk summaries in `src`, a chunk whose longest free run is below `minLen` is not
 * read whole: only the words holding its bottom and top free runs, which may join runs in the
 * neighbouring chunks, are scanned (a run of `kind` is always inside a free run).
 */
export function forEachRun(
  src: RunSource,
  kind: RunKind,
  fn: (base: number, npages: number) => boolean | void,
  minLen = 0,
): void {
  let runStart = 0;
  let run = 0;
  const flush = (): boolean => {
    if (run === 0) return false;
    const stop = fn(runStart, run) === true;
    run = 0;
    return stop;
  };
  /** Scans words [w0, w1), continuing the current run; true if `fn` asked to stop. */
  const scan = (w0: number, w1: number): boolean => {
    for (let w = w0; w < w1; w++) {
      const m = maskOf(src, kind, w);
      if (m === FULL_WORD) {
        if (run === 0) runStart = w * 32;
        run += 32;
        continue;
      }
      if (m === 0) {
        if (flush()) return true;
        continue;
      }
      let pos = 0;
      while (pos < 32) {
        const rest = m >>> pos;
        if (rest === 0) {
          if (flush()) return true;
          break;
        }
        const zeros = ctz32(rest);
        if (zeros > 0) {
          if (flush()) return true;
          pos += zeros;
        }
        // Ones from pos upward (bounded by the shifted-in zeros).
        const ones = ctz32(~(m >>> pos));
        if (run === 0) runStart = w * 32 + pos;
        run += ones;
        pos += ones;
      }
    }
    return false;
  };
  for (let c = 0; c < src.chunks; c++) {
    const inUse = src.inUse[c]!;
    const scav = src.scavenged[c]!;
    const ofKind = kind === 'free' ? CHUNK_PAGES - inUse : kind === 'scavenged' ? scav : CHUNK_PAGES - inUse - scav;
    if (ofKind === 0) {
      if (flush()) return;
      continue;
    }
    const w0 = c * CHUNK_WORDS;
    const sum = src.summaries;
    if (sum !== undefined && sum.max[c]! < minLen && sum.start[c]! < CHUNK_PAGES) {
      // Bottom free run ends at page start (allocated); top free run starts after page
      // CHUNK_PAGES - end - 1 (allocated). Everything between is shorter than minLen.
      const bottomEnd = (sum.start[c]! >>> 5) + 1; // words [w0, w0+bottomEnd)
      const topStart = (CHUNK_PAGES - sum.end[c]! - 1) >>> 5; // words [w0+topStart, w0+16)
      if (topStart > bottomEnd) {
        if (scan(w0, w0 + bottomEnd) || flush()) return;
        if (scan(w0 + topStart, w0 + CHUNK_WORDS)) return;
        continue;
      }
    }
    if (scan(w0, w0 + CHUNK_WORDS)) return;
  }
  flush();
}

/** Smallest run of `kind` with at least `n` pages, lowest address among equals; null if none. */
export function bestFitRun(src: RunSource, kind: RunKind, n: number): { base: number; npages: number } | null {
  let best: { base: number; npages: number } | null = null;
  forEachRun(src, kind, (base, npages) => {
    if (npages >= n && (best === null || npages < best.npages)) best = { base, npages };
    return best !== null && best.npages === n;
  }, n);
  return best;
}
