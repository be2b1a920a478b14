/**
 * The two madvise walks over a page range of an address space (page-states.ts), as
 * `madvise_dontneed_free` and `madvise_free_pte_range` (mm/madvise.c) treat each PTE:
 *
 * - MADV_DONTNEED: every present page is freed and uncharged during the call [kernel §1, M-1 F].
 * - MADV_FREE: a RESIDENT page becomes LAZY_CLEAN and joins the inactive file LRU at its head;
 *   consecutive such pages form one LRU run. A LAZY_REDIRTIED page becomes LAZY_CLEAN again
 *   but keeps its old LRU position (`folio_mark_lazyfree` returns early for a folio that is
 *   not swap-backed, mm/swap.c). ABSENT and LAZY_CLEAN pages are left alone [kernel §2.2, M-1 C].
 *
 * Both leave the pages present in the range in `s.present` (the cost depends on it) and the
 * pages that changed state in `s.changed`.
 *
 * @module
 */
import { BLOCK_PAGES, MIXED } from './page-store.js';
import { ALL_ABSENT, ALL_LAZY_CLEAN, ALL_RESIDENT, type PageStates } from './page-states.js';
import { PageState } from './types.js';

/** MADV_DONTNEED over pages [p0, p1). */
export function dontneedWalk(s: PageStates, p0: number, p1: number): void {
  let present = 0;
  const store = s.store;
  const count = s.storedBlocks(p0, p1);
  const b0 = s.walkB0;
  const indices = s.walkIndices;
  for (let k = 0; k < count; k++) {
    const bi = indices === null ? b0 + k : indices[k]!;
    const u = store.uniformState(bi);
    if (u === PageState.ABSENT) continue;
    const base = bi * BLOCK_PAGES;
    const from = Math.max(p0, base);
    const to = Math.min(p1, base + BLOCK_PAGES);
    const whole = from === base && to === base + BLOCK_PAGES;
    if (u !== MIXED) {
      const n = to - from;
      s.dropCount(u, n);
      present += n;
      if (whole) store.setBlockUniform(bi, PageState.ABSENT);
      else store.blockForWrite(bi).fill(PageState.ABSENT, from - base, to - base);
      continue;
    }
    const b = store.block(bi)!;
    const words = store.words(bi)!;
    for (let i = (from - base) | 0, hi = (to - base) | 0; i < hi; i++) {
      // Four pages at a time where a whole word is ABSENT (nothing to do) or RESIDENT.
      if ((i & 3) === 0 && i + 4 <= hi) {
        const w = words[i >>> 2]!;
        if (w === ALL_ABSENT) {
          i += 3;
          continue;
        }
        if (w === ALL_RESIDENT) {
          words[i >>> 2] = ALL_ABSENT;
          s.resident -= 4;
          present += 4;
          i += 3;
          continue;
        }
      }
      const st = b[i];
      if (st === PageState.ABSENT) continue;
      if (st === PageState.RESIDENT) s.resident--;
      else if (st === PageState.LAZY_CLEAN) s.lazyClean--;
      else s.lazyRedirtied--;
      b[i] = PageState.ABSENT;
      present++;
    }
    if (whole) store.setBlockUniform(bi, PageState.ABSENT);
  }
  if (present > 0) s.host.releasePages(s.owner, present);
  s.present = present;
  s.changed = present;
}

/** MADV_FREE over pages [p0, p1) (4.12+ semantics; the caller has applied the kernel's mode). */
export function lazyFreeWalk(s: PageStates, p0: number, p1: number): void {
  let present = 0;
  let changed = 0;
  const seq = s.host.nextSeq();
  const store = s.store;
  // Consecutive newly lazy pages form one LRU run (one list entry per contiguous range).
  let runStart = -1;
  let runLen = 0;
  const count = s.storedBlocks(p0, p1);
  const b0 = s.walkB0;
  const indices = s.walkIndices;
  for (let k = 0; k < count; k++) {
    const bi = indices === null ? b0 + k : indices[k]!;
    const u = store.uniformState(bi);
    if (u === PageState.ABSENT) continue;
    const base = bi * BLOCK_PAGES;
    const from = Math.max(p0, base);
    const to = Math.min(p1, base + BLOCK_PAGES);
    const n = to - from;
    const whole = from === base && to === base + BLOCK_PAGES;
    if (u === PageState.RESIDENT) {
      if (whole) store.setBlockUniform(bi, PageState.LAZY_CLEAN);
      else store.blockForWrite(bi).fill(PageState.LAZY_CLEAN, from - base, to - base);
      store.setStampRange(bi, from - base, to - base, seq);
      s.resident -= n;
      s.lazyClean += n;
      present += n;
      changed += n;
      if (runLen > 0 && runStart + runLen === from) runLen += n;
      else {
        if (runLen > 0) s.host.lazyFreed(s.owner, runStart, runLen, seq);
        runStart = from;
        runLen = n;
      }
      continue;
    }
    if (u === PageState.LAZY_REDIRTIED) {
      // Clean again, but keeps its old LRU position (folio_mark_lazyfree: !swapbacked → no move).
      if (whole) store.setBlockUniform(bi, PageState.LAZY_CLEAN);
      else store.blockForWrite(bi).fill(PageState.LAZY_CLEAN, from - base, to - base);
      s.lazyRedirtied -= n;
      s.lazyClean += n;
      changed += n;
      present += n;
      continue;
    }
    if (u === PageState.LAZY_CLEAN) {
      present += n;
      continue;
    }
    // Page by page in block-local int32 offsets (absolute page numbers can exceed 2^31,
    // and arithmetic on them in this loop would be floating point).
    const b = store.block(bi)!;
    const words = store.words(bi)!;
    let stamps: Float64Array | undefined;
    const lo = (from - base) | 0;
    const hi = (to - base) | 0;
    for (let i = lo; i < hi; i++) {
      // Four pages at a time where a whole word is ABSENT, LAZY_CLEAN or RESIDENT; a stretch
      // of RESIDENT words becomes LAZY_CLEAN (and joins the run) in one fill.
      if ((i & 3) === 0 && i + 4 <= hi) {
        const w = words[i >>> 2]!;
        if (w === ALL_ABSENT) {
          let j = i + 4;
          while (j + 4 <= hi && words[j >>> 2] === ALL_ABSENT) j += 4;
          i = j - 1;
          continue;
        }
        if (w === ALL_LAZY_CLEAN) {
          let j = i + 4;
          while (j + 4 <= hi && words[j >>> 2] === ALL_LAZY_CLEAN) j += 4;
          present += j - i;
          i = j - 1;
          continue;
        }
        if (w === ALL_RESIDENT) {
          // The stretch of RESIDENT words becomes LAZY_CLEAN as it is found.
          words[i >>> 2] = ALL_LAZY_CLEAN;
          let j = i + 4;
          while (j + 4 <= hi && words[j >>> 2] === ALL_RESIDENT) {
            words[j >>> 2] = ALL_LAZY_CLEAN;
            j += 4;
          }
          const n = j - i;
          (stamps ??= store.stampsForWrite(bi)).fill(seq, i, j);
          s.resident -= n;
          s.lazyClean += n;
          present += n;
          changed += n;
          const p = base + i;
          if (runLen > 0 && runStart + runLen === p) runLen += n;
          else {
            if (runLen > 0) s.host.lazyFreed(s.owner, runStart, runLen, seq);
            runStart = p;
            runLen = n;
          }
          i = j - 1;
          continue;
        }
      }
      const st = b[i];
      if (st === PageState.RESIDENT) {
        b[i] = PageState.LAZY_CLEAN;
        (stamps ??= store.stampsForWrite(bi))[i] = seq;
        s.resident--;
        s.lazyClean++;
        present++;
        changed++;
        const p = base + i;
        if (runLen > 0 && runStart + runLen === p) runLen++;
        else {
          if (runLen > 0) s.host.lazyFreed(s.owner, runStart, runLen, seq);
          runStart = p;
          runLen = 1;
        }
        continue;
      }
      if (st === PageState.LAZY_REDIRTIED) {
        // Clean again, but keeps its old LRU position (folio_mark_lazyfree: !swapbacked → no move).
        b[i] = PageState.LAZY_CLEAN;
        s.lazyRedirtied--;
        s.lazyClean++;
        changed++;
      }
      if (st !== PageState.ABSENT) present++;
    }
  }
  if (runLen > 0) s.host.lazyFreed(s.owner, runStart, runLen, seq);
  s.present = present;
  s.changed = changed;
}
