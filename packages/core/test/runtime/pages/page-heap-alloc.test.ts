/**
 * PageHeap growth and allocation, table-driven in the style of the runtime's
 * mpagealloc_test.go (TestPageAllocAlloc, TestPageAllocGrow) [golang/go src/runtime,
 * go1.14+ layout; expectations follow the first-fit definition in go §3.3 (3),
 * go §3.4 (3) and go1.12 pickFreeSpan, go §3.2 (3)].
 */
import { describe, expect, it } from 'vitest';
import { isScavsimError } from '../../../src/errors.js';
import { PageHeap } from '../../../src/runtime/pages/page-heap.js';
import { makeHeap, pageOf, type ChunkRanges } from './page-heap-helpers.js';

describe('PageHeap.grow', () => {
  it('maps whole 4 MiB chunks and marks new memory free and scavenged', () => {
    const heap = new PageHeap();

    const first = heap.grow(1);
    const second = heap.grow(513);

    expect(first).toEqual({ base: 0, npages: 512 });
    expect(second).toEqual({ base: 512, npages: 1024 });
    expect(heap.mappedPages).toBe(1536);
    expect(heap.freePages).toBe(1536);
    expect(heap.scavengedPages).toBe(1536);
  });

  it('counts fresh memory as retained when asked to, as Go 1.11/1.12 did', () => {
    const heap = new PageHeap();

    heap.grow(512, { scavenged: false });

    expect(heap.scavengedPages).toBe(0);
    expect(heap.freeUnscavengedPages).toBe(512);
  });

  it('refuses to grow past the reservation cap with a typed error naming npages', () => {
    const heap = new PageHeap({ maxBytes: 8 * 1024 * 1024 });
    heap.grow(512);
    heap.grow(512);

    let error: unknown;
    try {
      heap.grow(1);
    } catch (e) {
      error = e;
    }

    expect(isScavsimError(error, 'E_RANGE') && error.field).toBe('npages');
  });
});

describe('PageHeap.allocFirstFit', () => {
  interface Case {
    chunks: number;
    alloc: ChunkRanges;
    scav?: ChunkRanges;
    hits: Array<{ npages: number; base: number | null; scav?: number }>;
  }
  // Each request's expected base is the lowest address where `npages` free pages start.
  const cases: Record<string, Case> = {
    AllFree1: { chunks: 1, alloc: {}, hits: [{ npages: 1, base: 0 }, { npages: 1, base: 1 }, { npages: 2, base: 2 }] },
    SkipsTooSmallHoles: {
      chunks: 1,
      alloc: { 0: [{ i: 0, n: 1 }, { i: 3, n: 1 }, { i: 6, n: 10 }] },
      hits: [{ npages: 3, base: 16 }, { npages: 2, base: 1 }, { npages: 2, base: 4 }],
    },
    LowestNotBest: {
      // A 100-page hole at page 10 and an exact 5-page hole at page 200: first fit takes the low one.
      chunks: 1,
      alloc: { 0: [{ i: 0, n: 10 }, { i: 110, n: 90 }, { i: 205, n: 307 }] },
      hits: [{ npages: 5, base: 10 }],
    },
    StraddleChunks: {
      chunks: 2,
      alloc: { 0: [{ i: 0, n: 500 }], 1: [{ i: 20, n: 492 }] },
      hits: [{ npages: 30, base: 500 }, { npages: 1, base: 530 }, { npages: 2, base: null }],
    },
    LargerThanChunk: {
      chunks: 4,
      alloc: { 0: [{ i: 0, n: 1 }] },
      hits: [{ npages: 1200, base: 1 }, { npages: 800, base: 1201 }, { npages: 48, base: null }],
    },
    AcrossSummaryGroup: {
      // Chunks 0..63 form the first 64-chunk group; the run crosses into the second group.
      chunks: 66,
      alloc: Object.fromEntries([
        ...Array.from({ length: 63 }, (_, c) => [c, [{ i: 0, n: 512 }]] as const),
        [63, [{ i: 0, n: 412 }]],
        [64, [{ i: 100, n: 412 }]],
        [65, [{ i: 0, n: 512 }]],
      ]),
      hits: [{ npages: 150, base: pageOf(63, 412) }, { npages: 51, base: null }, { npages: 50, base: pageOf(64, 50) }],
    },
    SkipsWholeGroups: {
      chunks: 130,
      alloc: Object.fromEntries(Array.from({ length: 129 }, (_, c) => [c, [{ i: 1, n: 511 }]] as const)),
      // Holes of 1 page at the start of chunks 0..128, all of chunk 129 free.
      hits: [{ npages: 2, base: pageOf(129, 0) }, { npages: 1, base: 0 }, { npages: 1, base: 512 }],
    },
    ReturnsScavengedCount: {
      chunks: 1,
      alloc: {},
      scav: { 0: [{ i: 4, n: 4 }, { i: 10, n: 2 }] },
      hits: [{ npages: 6, base: 0, scav: 2 }, { npages: 6, base: 6, scav: 4 }, { npages: 1, base: 12, scav: 0 }],
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(`finds the lowest fitting address: ${name}`, () => {
      const heap = makeHeap(c.chunks, c.alloc, c.scav ?? {});

      for (const h of c.hits) {
        const got = heap.allocFirstFit(h.npages);

        expect(got?.base ?? null, `request ${h.npages}`).toBe(h.base);
        if (h.scav !== undefined) expect(got?.scavengedPages).toBe(h.scav);
      }
    });
  }

  it('clears the scav bits it allocates and lowers the released count by the same amount', () => {
    const heap = new PageHeap();
    heap.grow(512);

    const got = heap.allocFirstFit(100);

    expect(got).toEqual({ base: 0, scavengedPages: 100 });
    expect(heap.scavengedPages).toBe(412);
    expect(heap.isScavenged(0)).toBe(false);
    expect(heap.isAllocated(99)).toBe(true);
  });

  it('finds memory freed below an exhausted prefix again', () => {
    const heap = new PageHeap();
    heap.grow(1024);
    heap.allocFirstFit(1024);

    heap.free(700, 3);

    expect(heap.allocFirstFit(3)?.base).toBe(700);
  });
});

describe('PageHeap.free', () => {
  it('makes freed pages free and unscavenged', () => {
    const heap = new PageHeap();
    heap.grow(512);
    heap.allocFirstFit(10);

    heap.free(2, 5);

    expect(heap.inUsePages).toBe(5);
    expect(heap.freeUnscavengedPages).toBe(5);
    expect(heap.isScavenged(3)).toBe(false);
  });

  it('rejects freeing pages that are not allocated with E_STATE', () => {
    const heap = new PageHeap();
    heap.grow(512);

    expect(() => heap.free(0, 1)).toThrowError(expect.objectContaining({ code: 'E_STATE' }));
  });
});

describe('PageHeap.allocBestFit (Go 1.12 pickFreeSpan)', () => {
  it('takes the smallest sufficient run even when a larger one is lower', () => {
    // Free unscavenged runs: [10, 110) and [200, 205).
    const heap = makeHeap(1, { 0: [{ i: 0, n: 10 }, { i: 110, n: 90 }, { i: 205, n: 307 }] }, {});

    expect(heap.allocBestFit(5)?.base).toBe(200);
  });

  it('takes a smaller scavenged run over a larger unscavenged one', () => {
    // Unscavenged [0, 10), scavenged [20, 25).
    const heap = makeHeap(1, { 0: [{ i: 10, n: 10 }, { i: 25, n: 487 }] }, { 0: [{ i: 20, n: 5 }] });

    const got = heap.allocBestFit(5);

    expect(got).toEqual({ base: 20, scavengedPages: 5 });
  });

  it('breaks a size tie in favour of the unscavenged run', () => {
    // Scavenged [0, 5), unscavenged [10, 15).
    const heap = makeHeap(1, { 0: [{ i: 5, n: 5 }, { i: 15, n: 497 }] }, { 0: [{ i: 0, n: 5 }] });

    expect(heap.allocBestFit(5)).toEqual({ base: 10, scavengedPages: 0 });
  });

  it('does not let scavenged and unscavenged pages form one run in 1.12 mode', () => {
    // [0, 4) unscavenged then [4, 8) scavenged: 8 contiguous free pages, but no 8-page span in 1.12.
    const heap = makeHeap(1, { 0: [{ i: 8, n: 504 }] }, { 0: [{ i: 4, n: 4 }] });

    expect(heap.allocBestFit(8, true)).toBeNull();
    expect(heap.allocBestFit(8, false)).toEqual({ base: 0, scavengedPages: 4 });
  });
});

describe('PageHeap construction', () => {
  it.each([
    [{ physPageSize: 3000 }, 'pageHeap.physPageSize'],
    [{ physPageSize: 131072 }, 'pageHeap.physPageSize'],
    [{ maxBytes: 1024 }, 'pageHeap.maxBytes'],
  ])('rejects %j naming the field', (opts, field) => {
    expect(() => new PageHeap(opts)).toThrowError(expect.objectContaining({ field }));
  });

  it('keeps a 1 TiB heap under 100 MiB of bookkeeping', () => {
    const heap = new PageHeap();

    heap.grow((1024 ** 4) / 8192);

    expect(heap.mappedPages).toBe(128 * 1024 * 1024);
    expect(heap.memoryBytes()).toBeLessThan(100 * 1024 * 1024);
  });
});
