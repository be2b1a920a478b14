/**
 * Reclaim of one run of the inactive file LRU in an address space (page-states.ts), as
 * `shrink_folio_list` and `try_to_unmap_one` treat a lazily freed folio (mm/vmscan.c,
 * mm/rmap.c): a LAZY_CLEAN page is discarded (ABSENT, RSS and memcg usage fall now [M-2]); a
 * LAZY_REDIRTIED page was written after the free, so it is swap-backed again and goes back to
 * the anon LRU (RESIDENT) [kernel §2.5]. Pages re-freed later carry a newer stamp and belong to a
 * newer run; pages no longer lazily freed are not on the list any more.
 *
 * @module
 */
import type { RunReclaim } from './lazyfree-lru.js';
import { BLOCK_PAGES, MIXED } from './page-store.js';
import { ALL_ABSENT, ALL_LAZY_CLEAN, type PageStates } from './page-states.js';
import { PageState } from './types.js';

/**
 * Walks the run stamped `seq` over pages [from, end) until `want` pages are discarded; the
 * results (where it stopped, pages discarded and re-anonymized) go into `out`.
 */
export function reclaimRunWalk(s: PageStates, from: number, end: number, seq: number, want: number, out: RunReclaim): void {
  const store = s.store;
  let p = from;
  let discarded = 0;
  let reanonymized = 0;
  while (p < end && discarded < want) {
    const bi = Math.floor(p / BLOCK_PAGES);
    const base = bi * BLOCK_PAGES;
    const blockEnd = Math.min(end, base + BLOCK_PAGES);
    const u = store.uniformState(bi);
    if (u === PageState.ABSENT || u === PageState.RESIDENT) {
      p = blockEnd; // nothing of this run is on the list here any more
      continue;
    }
    const stamps = store.stampBlock(bi);
    if (u !== MIXED && stamps === undefined) {
      if (store.uniformStamp(bi) !== seq) {
        p = blockEnd; // every page re-freed later (a newer run owns them)
        continue;
      }
      if (u === PageState.LAZY_REDIRTIED) {
        const n = blockEnd - p;
        if (p === base && blockEnd === base + BLOCK_PAGES) store.setBlockUniform(bi, PageState.RESIDENT);
        else store.blockForWrite(bi).fill(PageState.RESIDENT, p - base, blockEnd - base);
        s.lazyRedirtied -= n;
        s.resident += n;
        reanonymized += n;
        p = blockEnd;
        continue;
      }
      // LAZY_CLEAN: discard up to what is still wanted.
      const n = Math.min(blockEnd - p, want - discarded);
      if (p === base && n === BLOCK_PAGES) store.setBlockUniform(bi, PageState.ABSENT);
      else store.blockForWrite(bi).fill(PageState.ABSENT, p - base, p - base + n);
      s.lazyClean -= n;
      discarded += n;
      p += n;
      continue;
    }
    // Page by page in block-local int32 offsets: states and stamps from the block's arrays.
    const b = store.blockForWrite(bi);
    const words = store.words(bi)!;
    const one = stamps === undefined ? store.uniformStamp(bi) : 0;
    const hi = (blockEnd - base) | 0;
    let i = (p - base) | 0;
    for (; i < hi && discarded < want; i++) {
      // Four LAZY_CLEAN pages of this run at a time, when all four are still wanted.
      if ((i & 3) === 0 && i + 4 <= hi && discarded + 4 <= want && words[i >>> 2] === ALL_LAZY_CLEAN
        && (stamps === undefined ? one === seq : stamps[i] === seq && stamps[i + 1] === seq && stamps[i + 2] === seq && stamps[i + 3] === seq)) {
        words[i >>> 2] = ALL_ABSENT;
        s.lazyClean -= 4;
        discarded += 4;
        i += 3;
        continue;
      }
      if ((stamps === undefined ? one : stamps[i]!) !== seq) continue;
      const st = b[i];
      if (st === PageState.LAZY_CLEAN) {
        b[i] = PageState.ABSENT;
        s.lazyClean--;
        discarded++;
      } else if (st === PageState.LAZY_REDIRTIED) {
        b[i] = PageState.RESIDENT;
        s.lazyRedirtied--;
        s.resident++;
        reanonymized++;
      }
    }
    p = base + i;
  }
  if (discarded > 0) {
    s.host.releasePages(s.owner, discarded);
    s.host.lazyDiscarded(s.owner, discarded);
  }
  out.next = p;
  out.discarded = discarded;
  out.reanonymized = reanonymized;
}
