/**
 * The inactive file list (lazyfree-lru.ts) over many runs: its columns are cut in chunks, and
 * reclaim must still take runs oldest first across chunk boundaries, while runs are pushed
 * between reclaims and consumed chunks are reused.
 */
import { describe, expect, it } from 'vitest';
import { LazyfreeLru, ReclaimTally, type LazyPageOwner, type PageCacheOwner, type RunReclaim } from '../../src/kernel/lazyfree-lru.js';
import { PageState } from '../../src/kernel/types.js';

/** An owner whose every page is LAZY_CLEAN and owned by the run that pushed it; records what reclaim took. */
class Owner implements LazyPageOwner {
  alive = true;
  readonly taken: number[] = [];
  lruState(): PageState {
    return PageState.LAZY_CLEAN;
  }
  lruStamp(): number {
    return 0;
  }
  discardLazyPage(page: number): void {
    this.taken.push(page);
  }
  reanonymizePage(): void {}
  reclaimRun(from: number, end: number, _seq: number, want: number, out: RunReclaim): void {
    let p = from;
    let n = 0;
    for (; p < end && n < want; p++, n++) this.taken.push(p);
    out.next = p;
    out.discarded = n;
    out.reanonymized = 0;
  }
}

class Cache implements PageCacheOwner {
  dropped = 0;
  dropPageCache(pages: number): void {
    this.dropped += pages;
  }
}

describe('LazyfreeLru', () => {
  it('reclaims 40 000 runs of two owners oldest first across chunk boundaries, pushes interleaved with reclaims', () => {
    const lru = new LazyfreeLru();
    const a = new Owner();
    const b = new Owner();
    const cache = new Cache();
    let seq = 0;
    const expectedA: number[] = [];
    const expectedB: number[] = [];
    let cachePages = 0;
    // Runs of 3 pages at page 10·i, alternating owners in stretches; some page cache between.
    const pushRun = (i: number): void => {
      const owner = Math.floor(i / 700) % 2 === 0 ? a : b;
      lru.pushAnonRun(owner, 10 * i, 3, ++seq);
      (owner === a ? expectedA : expectedB).push(10 * i, 10 * i + 1, 10 * i + 2);
      if (i % 997 === 0) {
        lru.pushCache(cache, 5, ++seq);
        cachePages += 5;
      }
    };
    const tally = new ReclaimTally();
    let freed = 0;
    for (let i = 0; i < 40_000; i++) {
      pushRun(i);
      // Reclaim 2 pages every 3 pushes: the list grows (3 pages per push) but its head moves on.
      if (i % 3 === 2) freed += lru.reclaim(2, tally);
    }
    expect(lru.oldestSeq()).toBeGreaterThan(1);
    freed += lru.reclaim(Infinity, tally);
    expect(lru.runCount).toBe(0);
    expect(lru.oldestSeq()).toBe(Infinity);
    expect(a.taken).toEqual(expectedA);
    expect(b.taken).toEqual(expectedB);
    expect(cache.dropped).toBe(cachePages);
    expect(freed).toBe(120_000 + cachePages);
    expect(tally.lazyfreed).toBe(120_000);
    // After draining, the list is usable again from empty.
    lru.pushAnonRun(a, 5, 2, ++seq);
    expect(lru.oldestSeq()).toBe(seq);
    expect(lru.reclaim(10, tally)).toBe(2);
  });

  it('skips the runs of an owner that died, whole', () => {
    const lru = new LazyfreeLru();
    const dead = new Owner();
    const live = new Owner();
    for (let i = 0; i < 40_000; i++) lru.pushAnonRun(i < 36_000 ? dead : live, i * 4, 4, i + 1);
    dead.alive = false;
    expect(lru.reclaim(8, new ReclaimTally())).toBe(8);
    expect(dead.taken).toEqual([]);
    expect(live.taken).toEqual([144_000, 144_001, 144_002, 144_003, 144_004, 144_005, 144_006, 144_007]);
    expect(lru.oldestSeq()).toBe(36_003);
  });
});
