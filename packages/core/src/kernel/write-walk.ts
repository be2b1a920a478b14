/**
 * A write to a range of an address space's pages, block by block (page-states.ts): absent
 * pages fault in (charged to the memory cgroup first, which may reclaim or OOM-kill), lazily
 * freed clean pages become re-dirtied without a fault (the free is cancelled [M-1 E]), and
 * written pages stay as they are. See address-space.ts for the transitions.
 *
 * @module
 */
import { BLOCK_PAGES, MIXED } from './page-store.js';
import { ALL_ABSENT, ALL_RESIDENT, ALL_WRITTEN, EIGHT_RESIDENT, type PageStates } from './page-states.js';
import { PageState } from './types.js';

/**
 * Writes every OS page overlapping [offset, offset+len) (range checked, owner alive,
 * len > 0). Returns the cost in ns; the pages faulted in and whether the walk ended in an OOM
 * kill are left in `s.faults` and `s.oom`.
 */
export function writeWalk(s: PageStates, offset: number, len: number): number {
  const ps = s.owner.pageSize;
  const p1 = Math.ceil((offset + len) / ps);
  const lazyWriteNs = s.host.costs.lazyFirstWriteNsPerPage;
  const store = s.store;
  let p = Math.floor(offset / ps);
  let faults = 0;
  let costNs = 0;
  while (p < p1) {
    const bi = Math.floor(p / BLOCK_PAGES);
    const base = bi * BLOCK_PAGES;
    const blockEnd = Math.min(p1, base + BLOCK_PAGES);
    const whole = p === base && blockEnd === base + BLOCK_PAGES;
    const u = store.uniformState(bi);
    if (u === PageState.RESIDENT || u === PageState.LAZY_REDIRTIED) {
      p = blockEnd; // already written: nothing changes
      continue;
    }
    if (u === PageState.LAZY_CLEAN) {
      const n = blockEnd - p;
      if (whole) store.setBlockUniform(bi, PageState.LAZY_REDIRTIED);
      else store.blockForWrite(bi).fill(PageState.LAZY_REDIRTIED, p - base, blockEnd - base);
      s.lazyClean -= n;
      s.lazyRedirtied += n;
      costNs = addRepeated(costNs, lazyWriteNs, n);
      p = blockEnd;
      continue;
    }
    // Within the block, offsets are int32 (absolute page numbers can exceed 2^31, and
    // arithmetic on them in these loops would be floating point).
    const b = u === MIXED ? store.block(bi)! : undefined;
    const hi = (blockEnd - base) | 0;
    let i = (p - base) | 0;
    let runEnd = i;
    if (b === undefined) {
      runEnd = hi;
    } else {
      // The stretch of absent pages becomes RESIDENT as it is found, four pages at a time once
      // word-aligned (a word of four ABSENT bytes is 0). Marking them before the charge below
      // is the same as after it: reclaim during the charge only takes lazily freed pages,
      // which these pages are not either way, and an OOM kill of this process drops them all.
      const w = store.words(bi)!;
      while (runEnd < hi && b[runEnd] === PageState.ABSENT) {
        b[runEnd] = PageState.RESIDENT;
        runEnd++;
        if ((runEnd & 3) === 0) {
          while (runEnd + 4 <= hi && w[runEnd >>> 2] === ALL_ABSENT) {
            w[runEnd >>> 2] = ALL_RESIDENT;
            runEnd += 4;
          }
        }
      }
    }
    if (runEnd > i) {
      const n = runEnd - i;
      costNs += s.host.chargeFaults(s.owner, n);
      if (!s.owner.alive) {
        s.faults = faults;
        s.oom = true;
        return costNs;
      }
      if (b === undefined) {
        if (whole) store.setBlockUniform(bi, PageState.RESIDENT);
        else store.blockForWrite(bi).fill(PageState.RESIDENT, i, runEnd);
      }
      s.resident += n;
      faults += n;
      costNs += n * s.host.costs.faultNsPerPage;
      s.owner.noteHwm();
      p = base + runEnd;
      continue;
    }
    // b is defined here and b[i] is present.
    const blk = b!;
    const words = store.words(bi)!;
    const eights = store.eights(bi)!;
    for (; i < hi && blk[i] !== PageState.ABSENT; i++) {
      // RESIDENT (1) and LAZY_REDIRTIED (3) pages are left as they are by a write: skip eight
      // at a time while all eight are RESIDENT (most of a busy heap), four at a time while all
      // four have the low bit set. Most writes land on pages already written, and this skip
      // was the walk's hottest loop (measured).
      if ((i & 3) === 0) {
        while (i + 4 <= hi) {
          if ((i & 7) === 0 && i + 8 <= hi && eights[i >>> 3] === EIGHT_RESIDENT) i += 8;
          else if ((words[i >>> 2]! & ALL_WRITTEN) === ALL_WRITTEN) i += 4;
          else break;
        }
        if (i >= hi || blk[i] === PageState.ABSENT) break;
      }
      if (blk[i] === PageState.LAZY_CLEAN) {
        blk[i] = PageState.LAZY_REDIRTIED; // no fault; the free is cancelled [M-1 E]
        s.lazyClean--;
        s.lazyRedirtied++;
        costNs += lazyWriteNs;
      }
    }
    p = base + i;
  }
  s.faults = faults;
  s.oom = false;
  return costNs;
}

/** `acc + x` added `n` times, in the same floating-point order as a per-page loop. */
function addRepeated(acc: number, x: number, n: number): number {
  if (Number.isInteger(x) && Number.isInteger(acc) && Math.abs(acc) + Math.abs(x * n) < Number.MAX_SAFE_INTEGER) return acc + x * n;
  let r = acc;
  for (let i = 0; i < n; i++) r += x;
  return r;
}
