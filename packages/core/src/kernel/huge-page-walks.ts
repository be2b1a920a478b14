/**
 * The two page walks transparent huge pages add (page-states.ts, transparent-huge-pages.ts):
 * whether a region is empty (a huge-page fault needs an empty PMD), and the whole discard of a
 * lazily freed huge page by reclaim (reclaim-walk.ts does the pages; a huge page goes as one
 * folio, mm/vmscan.c `shrink_folio_list`, counting its PMD split as measured on 6.18 [M-2]).
 *
 * @module
 */
import type { RunReclaim } from './lazyfree-lru.js';
import { BLOCK_PAGES, MIXED } from './page-store.js';
import type { PageStates } from './page-states.js';
import { reclaimRunWalk } from './reclaim-walk.js';
import type { TransparentHugePages } from './transparent-huge-pages.js';
import { PageState } from './types.js';

/** Whether every page of [p0, p1) is ABSENT (a block at a time where it can). */
export function allAbsent(s: PageStates, p0: number, p1: number): boolean {
  const store = s.store;
  for (let p = p0; p < p1;) {
    const bi = Math.floor(p / BLOCK_PAGES);
    const base = bi * BLOCK_PAGES;
    const to = Math.min(p1, base + BLOCK_PAGES);
    const u = store.uniformState(bi);
    if (u === MIXED) {
      const b = store.block(bi)!;
      for (let i = p - base; i < to - base; i++) if (b[i] !== PageState.ABSENT) return false;
    } else if (u !== PageState.ABSENT) return false;
    p = to;
  }
  return true;
}

const scratch: RunReclaim = { next: 0, discarded: 0, reanonymized: 0 };

/**
 * After a reclaim walk over the run stamped `seq` on [from, end) stopped at `out.next`: each
 * lazily freed huge page it discarded from goes whole (the walk is finished to the end of one
 * it stopped inside, within the run), and counts one PMD split. Updates `out`.
 */
export function reclaimHugePages(s: PageStates, thp: TransparentHugePages, from: number, end: number, seq: number, out: RunReclaim): void {
  const rp = thp.regionPages;
  const store = s.store;
  for (let r = Math.floor(from / rp), r1 = Math.floor((out.next - 1) / rp); r <= r1; r++) {
    if (thp.lazyHugeRegionAt(r * rp) < 0) continue;
    if (store.get(Math.max(from, r * rp)) !== PageState.ABSENT) continue; // another run's, or not reached
    const regionEnd = Math.min(end, (r + 1) * rp);
    if (out.next < regionEnd) {
      reclaimRunWalk(s, out.next, regionEnd, seq, Infinity, scratch);
      out.next = scratch.next;
      out.discarded += scratch.discarded;
      out.reanonymized += scratch.reanonymized;
    }
    thp.discarded(r);
  }
}
