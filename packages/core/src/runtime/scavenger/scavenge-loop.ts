/**
 * The scavenge loop: find free, unscavenged pages from the top of the heap down, mark them
 * scavenged, and release them. It is the one loop in scavsim that releases heap pages: every
 * trigger (background, heap growth, memory limit, the allocation path, `debug.FreeOSMemory`)
 * and the reference oracle's engine target run it; they differ only in how much they ask for,
 * how big each call may be, and whether the density rule applies.
 *
 * Order (go1.14.13 mgcscavenge.go scavengeOne/findScavengeCandidate; go1.19.8 scavengeIndex):
 * the highest eligible chunk first and the highest run within it first, at most `maxRunPages`
 * per madvise call, never crossing a 4 MiB chunk. Scavenging from the top while allocating
 * first-fit from the bottom keeps the two away from each other, so recently released memory
 * is the least likely to be reused soon.
 *
 * When the OS page is larger than the runtime's 8 KiB page (64 KiB pages on some arm64 and
 * ppc64 kernels), only runs covering whole, aligned OS pages qualify (`fillAligned`): a
 * fragmented heap then releases almost nothing (golang/go#9993).
 *
 * Density (1.21+, go1.21.12 mgcscavenge.go shouldScavenge): non-forced passes skip chunks that
 * were ≥ 96.875 % in use now or at the last GC; forced passes (memory limit, FreeOSMemory)
 * take any free page.
 *
 * @module
 */
import type { PageHeap } from '../pages/page-heap.js';
import { PAGE_SIZE } from '../pages/page-heap-types.js';
import type { ReleaseTarget } from './release.js';

/** What a pass did. */
export interface PassResult {
  /** Bytes released. */
  released: number;
  /** CPU time spent in madvise (ns). */
  costNs: number;
  /** madvise calls issued. */
  calls: number;
  /** True if the pass stopped because nothing eligible was left below the cursor. */
  exhausted: boolean;
}

/** Options of one pass. */
export interface PassOptions {
  /** Stop after releasing at least this many bytes (rounded up to whole runs). */
  readonly bytes: number;
  /** Largest run per madvise call, in runtime pages (64 KiB quantum = 8; a chunk = 512). */
  readonly maxRunPages: number;
  /**
   * Walk the whole heap from the top, ignoring the background cursor and the eligibility rule
   * (memory limit, FreeOSMemory).
   */
  readonly force: boolean;
  /** Stop when the CPU spent reaches this (ns); Infinity for no limit. */
  readonly cpuBudgetNs: number;
}

/** How a loop chooses its runs (fixed for a process's life). */
export interface ScavengeLoopOptions {
  /**
   * Chunks a non-forced pass may touch; all when absent. The runtime passes the 1.21 density
   * rule ({@link densityRule}).
   */
  readonly eligible?: (chunk: number) => boolean;
  /** Alignment and minimum run in runtime pages (default: the heap's, `max(1, physPageSize / 8 KiB)`). */
  readonly minRunPages?: number;
  /**
   * Pages per transparent huge page for the "don't break a free huge page" rule (0 = off,
   * the default; the engine does not use it: see `PageHeap.nextScavengeCandidate`).
   */
  readonly hugePagePages?: number;
}

/** go1.21's rule for non-forced passes: skip chunks that are or were dense (`shouldScavenge`). */
export function densityRule(pages: PageHeap): (chunk: number) => boolean {
  return (c) => !pages.isDenseForBackground(c);
}

/** A top-down scavenging cursor over one heap. */
export class ScavengeLoop {
  /** Search below this page; reset to the top of the heap when a new cycle starts. */
  private cursor = Infinity;
  private readonly minRunPages: number;
  private readonly eligible: ((chunk: number) => boolean) | undefined;
  private readonly hugePagePages: number;

  constructor(private readonly pages: PageHeap, private readonly target: ReleaseTarget, opts: ScavengeLoopOptions = {}) {
    this.minRunPages = opts.minRunPages ?? pages.minRunPages;
    this.eligible = opts.eligible;
    this.hugePagePages = opts.hugePagePages ?? 0;
  }

  /** Starts the next top-down walk from the top of the heap. */
  resetCursor(): void {
    this.cursor = Infinity;
  }

  /**
   * Releases up to `opts.bytes`, top-down from the cursor. With `into`, the result is written
   * there and `into` is returned (a caller that runs a pass per page reuses one object).
   */
  run(opts: PassOptions, into?: PassResult): PassResult {
    const ph = this.pages;
    let res: PassResult;
    if (into === undefined) res = { released: 0, costNs: 0, calls: 0, exhausted: false };
    else {
      res = into;
      res.released = 0;
      res.costNs = 0;
      res.calls = 0;
      res.exhausted = false;
    }
    const eligible = opts.force ? undefined : this.eligible;
    // Forced passes walk the whole heap from the top regardless of the background cursor.
    let cursor = opts.force ? ph.mappedPages : Math.min(this.cursor, ph.mappedPages);
    while (res.released < opts.bytes && res.costNs < opts.cpuBudgetNs) {
      const wantPages = Math.max(this.minRunPages, Math.ceil((opts.bytes - res.released) / PAGE_SIZE));
      const base = ph.nextScavengeCandidate(cursor, Math.min(opts.maxRunPages, wantPages), this.minRunPages, eligible, this.hugePagePages);
      if (base < 0) {
        res.exhausted = true;
        cursor = 0;
        break;
      }
      const npages = ph.markCandidateScavenged();
      res.costNs += this.target.release(base, npages);
      res.released += npages * PAGE_SIZE;
      res.calls++;
      cursor = base + npages; // the rest of a longer run stays below this point
    }
    if (!opts.force) this.cursor = cursor;
    return res;
  }
}
