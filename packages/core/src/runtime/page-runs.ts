/**
 * Enumerating maximal runs of free pages, for the pre-1.13 best-fit allocator.
 *
 * Go ≤ 1.12 kept free spans in size-ordered structures (exact-size lists and a treap in 1.11;
 * in 1.12 two treaps, one for unscavenged and one for scavenged spans, which never coalesce
 * with each other) and allocated from the smallest span that fits [go1.12:mheap.go
 * pickFreeSpan, mgclarge.go]. scavsim has no span objects: a span of that era corresponds to a
 * maximal run of free pages (of one scav state, for 1.12). This module finds the best-fit run
 * by scanning the bitmaps of every chunk that could contain such a run, so its cost is
 * O(chunks) plus O(words) in partially used chunks: acceptable for the old versions only.
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
  /** Mapped chunks. */
  readonly chunks: number;
}

function maskOf(src: RunSource, kind: RunKind, w: number): number {
  const free = ~src.alloc[w]! >>> 0;
  if (kind === 'free') return free;
  if (kind === 'scavenged') return (free & src.scav[w]!) >>> 0;
  return (free & ~src.scav[w]!) >>> 0;
}

/**
 * Calls `fn(base, npages)` for every maximal run of pages of `kind`, in address order.
 * Stops early if `fn` returns true.
 */
export function forEachRun(src: RunSource, kind: RunKind, fn: (base: number, npages: number) => boolean | void): void {
  let runStart = 0;
  let run = 0;
  const flush = (): boolean => {
    if (run === 0) return false;
    const stop = fn(runStart, run) === true;
    run = 0;
    return stop;
  };
  for (let c = 0; c < src.chunks; c++) {
    if (src.inUse[c] === CHUNK_PAGES) {
      if (flush()) return;
      continue;
    }
    for (let w = c * CHUNK_WORDS; w < (c + 1) * CHUNK_WORDS; w++) {
      const m = maskOf(src, kind, w);
      if (m === FULL_WORD) {
        if (run === 0) runStart = w * 32;
        run += 32;
        continue;
      }
      if (m === 0) {
        if (flush()) return;
        continue;
      }
      let pos = 0;
      while (pos < 32) {
        const rest = m >>> pos;
        if (rest === 0) {
          if (flush()) return;
          break;
        }
        const zeros = ctz32(rest);
        if (zeros > 0) {
          if (flush()) return;
          pos += zeros;
        }
        // Ones from pos upward (bounded by the shifted-in zeros).
        const ones = ctz32(~(m >>> pos));
        if (run === 0) runStart = w * 32 + pos;
        run += ones;
        pos += ones;
      }
    }
  }
  flush();
}

/** Smallest run of `kind` with at least `n` pages, lowest address among equals; null if none. */
export function bestFitRun(src: RunSource, kind: RunKind, n: number): { base: number; npages: number } | null {
  let best: { base: number; npages: number } | null = null;
  forEachRun(src, kind, (base, npages) => {
    if (npages >= n && (best === null || npages < best.npages)) best = { base, npages };
    return best !== null && best.npages === n;
  });
  return best;
}
