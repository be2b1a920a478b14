/**
 * The page states of one address space: the per-page store (page-store.ts), the number of
 * pages in each state, and what a walk over a range reports. The walks that change states live
 * beside it, one module per kernel operation: write-walk.ts (write faults and re-dirtying),
 * madvise-walks.ts (MADV_DONTNEED, MADV_FREE) and reclaim-walk.ts (reclaim of one lazily freed
 * run). The transitions they implement are the ones address-space.ts lists.
 *
 * Walks go block by block (1024 pages): a uniform block changes in one step, a mixed block
 * page by page, four pages (one 32-bit word of state bytes) at a time where a whole word agrees.
 * Offsets inside a block are int32 (absolute page numbers can exceed 2^31, and arithmetic on
 * them in the inner loops would be floating point).
 *
 * @module
 */
import type { AddressSpaceHost, SpaceRef } from './space-host.js';
import { BLOCK_PAGES, PageStore } from './page-store.js';
import { PageState } from './types.js';

/** Four page-state bytes that are all RESIDENT or LAZY_REDIRTIED (low bit set in each). */
export const ALL_WRITTEN = 0x01010101;
/** Four ABSENT page-state bytes. */
export const ALL_ABSENT = 0;
/** Four RESIDENT page-state bytes. */
export const ALL_RESIDENT = 0x01010101;
/** Four LAZY_CLEAN page-state bytes. */
export const ALL_LAZY_CLEAN = 0x02020202;
/**
 * Eight RESIDENT page-state bytes read as one float64 (bytes 0x01 × 8: a normal number, so
 * `===` on it is a compare of the eight bytes): lets a walk skip eight resident pages at a time.
 */
export const EIGHT_RESIDENT = new Float64Array(new Uint8Array(8).fill(PageState.RESIDENT).buffer)[0]!;

/** The states of one address space's pages, counted, and the scratch of the walks over them. */
export class PageStates {
  /** Per-page states and LRU stamps. */
  readonly store = new PageStore();
  /** RESIDENT pages. */
  resident = 0;
  /** LAZY_CLEAN pages (smaps LazyFree). */
  lazyClean = 0;
  /** LAZY_REDIRTIED pages. */
  lazyRedirtied = 0;
  /** Set by the madvise walks: pages present (not ABSENT) in the range. */
  present = 0;
  /** Set by the madvise walks: pages whose state changed. */
  changed = 0;
  /** Set by the write walk: pages faulted in. */
  faults = 0;
  /** Set by the write walk: whether it ended in an OOM kill of the owner. */
  oom = false;
  /** Set by {@link storedBlocks}: the first block of the walk that called it. */
  walkB0 = 0;
  /** Set by {@link storedBlocks}: the blocks to visit when only stored ones are (else null). */
  walkIndices: number[] | null = null;

  /**
   * @param owner the address space whose pages these are (walks read its page size and
   *   liveness, and name it to the host)
   * @param host the machine: walks charge faults, queue lazily freed runs and uncharge through it
   */
  constructor(readonly owner: SpaceRef, readonly host: AddressSpaceHost) {}

  /** Anonymous pages in RSS (resident plus lazily freed not yet reclaimed). */
  get anon(): number {
    return this.resident + this.lazyClean + this.lazyRedirtied;
  }

  /** Forgets every page (exit or kill); the caller uncharges them. */
  clear(): void {
    this.store.clear();
    this.resident = 0;
    this.lazyClean = 0;
    this.lazyRedirtied = 0;
  }

  /** Takes `n` pages of state `st` off its counter (the pages become ABSENT). */
  dropCount(st: PageState, n: number): void {
    if (st === PageState.RESIDENT) this.resident -= n;
    else if (st === PageState.LAZY_CLEAN) this.lazyClean -= n;
    else this.lazyRedirtied -= n;
  }

  /**
   * The blocks of [p0, p1) to visit, ascending: returns their count; block `k` is
   * `walkB0 + k`, or, for a range much wider than the stored blocks, `walkIndices[k]` (only the
   * stored ones), so that a madvise over a huge empty reservation is cheap. Blocks never
   * written are all ABSENT. (Results in fields rather than an object: one call per madvise.)
   */
  storedBlocks(p0: number, p1: number): number {
    const b0 = Math.floor(p0 / BLOCK_PAGES);
    const b1 = Math.floor((p1 - 1) / BLOCK_PAGES);
    this.walkB0 = b0;
    if (b1 - b0 + 1 > 4 * this.store.blockCount + 16) {
      this.walkIndices = this.store.blockIndicesIn(b0, b1);
      return this.walkIndices.length;
    }
    this.walkIndices = null;
    return b1 - b0 + 1;
  }
}
