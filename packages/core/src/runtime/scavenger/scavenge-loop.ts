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
 * Where a non-forced pass starts (the policy column `scavengeSearch`): a cursor that only moves
 * down while passes release, and is put back up by the version's rule at a pacing update, a new
 * generation or a free (see go-policy-table.ts). Forced passes start from the top: their
 * search address in Go (1.21+ `searchAddrForce`; before, the one address) is raised by every
 * free, so no free page is ever above it.
 *
 * @module
 */
import type { ScavengeSearchStart } from '../../policy/go-policy-table.js';
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
  /** Where a cycle's non-forced search starts (default `top-each-gc`). */
  readonly search?: ScavengeSearchStart;
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
  /** Non-forced passes search below this page (Infinity: the top; 0: exhausted). */
  private cursor = Infinity;
  /** Highest page freed (exclusive end) since the generation began: Go's `freeHWM`; −1: none. */
  private freedTop = -1;
  /** Lowest page released since the generation began: 1.15–1.18 `scavLWM`; Infinity: none. */
  private releasedLow = Infinity;
  private readonly minRunPages: number;
  private readonly eligible: ((chunk: number) => boolean) | undefined;
  private readonly hugePagePages: number;
  private readonly search: ScavengeSearchStart;

  constructor(private readonly pages: PageHeap, private readonly target: ReleaseTarget, opts: ScavengeLoopOptions = {}) {
    this.minRunPages = opts.minRunPages ?? pages.minRunPages;
    this.eligible = opts.eligible;
    this.hugePagePages = opts.hugePagePages ?? 0;
    this.search = opts.search ?? 'top-each-gc';
  }

  /** Where the next non-forced pass starts searching (a page index; Infinity for the top). */
  get searchFrom(): number {
    return this.cursor;
  }

  /**
   * The runtime updated its pacing (≤1.14: at mark termination) or finished sweeping (1.15+):
   * ≤1.14 search from the top again (`resetScavengeAddr`); 1.15–1.18 start a generation
   * (`scavengeStartGen`): below the lowest page released in the last one, or below the highest
   * page freed since if that is higher, or from the top if nothing was released.
   */
  wake(): void {
    if (this.search === 'top-each-gc') this.cursor = Infinity;
    else if (this.search === 'below-low-water-or-freed') {
      this.cursor = this.releasedLow === Infinity ? Infinity : Math.max(this.releasedLow, this.freedTop);
      this.releasedLow = Infinity;
      this.freedTop = -1;
    }
  }

  /**
   * Mark termination, a new density generation (1.21+ `scavengeIndex.nextGen`): the background
   * search address rises to the highest page freed in the generation that ended, if higher.
   */
  markTermination(): void {
    if (this.search !== 'raised-at-new-gen') return;
    if (this.freedTop > this.cursor) this.cursor = this.freedTop;
    this.freedTop = -1;
  }

  /** Pages `[base, base+npages)` were freed (a span swept): 1.19–1.20 raise the search address at once; later versions remember the highest. */
  freed(base: number, npages: number): void {
    const top = base + npages;
    if (this.search === 'raised-on-free') {
      if (top > this.cursor) this.cursor = top;
    } else if (top > this.freedTop) this.freedTop = top;
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
      if (base < this.releasedLow) this.releasedLow = base;
      res.costNs += this.target.release(base, npages);
      res.released += npages * PAGE_SIZE;
      res.calls++;
      cursor = base + npages; // the rest of a longer run stays below this point
    }
    if (!opts.force) this.cursor = cursor;
    return res;
  }
}
