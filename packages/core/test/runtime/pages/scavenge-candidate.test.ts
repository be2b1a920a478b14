/**
 * The scavenger's search (scavenge-candidate.ts) through PageHeap: candidate search, top-down
 * order, OS-page alignment, the huge-page rule, marking the run found. Tables ported from
 * golang/go src/runtime/mgcscavenge_test.go (TestPallocDataFindScavengeCandidate,
 * TestPageAllocScavenge; the go1.21-era file) with Go's `BitRange{I, N}` per chunk. The
 * huge-page-preserving cases (PreserveHugePage*) run with an explicit `hugePagePages`, which Go
 * derives from `physHugePageSize`.
 */
import { describe, expect, it } from 'vitest';
import { PageHeap } from '../../../src/runtime/pages/page-heap.js';
import { makeHeap, pageOf, scavengeFromTop, type BitRange } from './page-heap-helpers.js';

const P = 512;

describe('PageHeap.findScavengeCandidate (TestPallocDataFindScavengeCandidate)', () => {
  interface Case {
    alloc?: BitRange[];
    scav?: BitRange[];
    min: number;
    max: number;
    want: BitRange;
  }
  const cases: Record<string, Case> = {
    MixedMin1: {
      alloc: [{ i: 0, n: 40 }, { i: 42, n: P - 42 }],
      scav: [{ i: 0, n: 41 }, { i: 42, n: P - 42 }],
      min: 1, max: P, want: { i: 41, n: 1 },
    },
    MultiMin1: {
      alloc: [{ i: 0, n: 63 }, { i: 65, n: 20 }, { i: 87, n: P - 87 }],
      scav: [{ i: 86, n: 1 }],
      min: 1, max: P, want: { i: 85, n: 1 },
    },
  };
  for (const m of [1, 2, 4, 8]) {
    cases[`AllFreeMin${m}`] = { min: m, max: P, want: { i: 0, n: P } };
    cases[`AllScavengedMin${m}`] = { scav: [{ i: 0, n: P }], min: m, max: P, want: { i: 0, n: 0 } };
    cases[`NoneFreeMin${m}`] = { alloc: [{ i: 0, n: P }], min: m, max: P, want: { i: 0, n: 0 } };
    cases[`StartFreeMin${m}`] = { alloc: [{ i: m, n: P - m }], min: m, max: P, want: { i: 0, n: m } };
    cases[`EndFreeMin${m}`] = { alloc: [{ i: 0, n: P - m }], min: m, max: P, want: { i: P - m, n: m } };
    cases[`Straddle64Min${m}`] = {
      alloc: [{ i: 0, n: 64 - m }, { i: 64 + m, n: P - (64 + m) }], min: m, max: 2 * m, want: { i: 64 - m, n: 2 * m },
    };
    cases[`BottomEdge64WithFullMin${m}`] = {
      alloc: [{ i: 64, n: 64 }, { i: 128 + 3 * m, n: P - (128 + 3 * m) }],
      scav: [{ i: 1, n: 10 }], min: m, max: 3 * m, want: { i: 128, n: 3 * m },
    };
    cases[`BottomEdge64WithPocketMin${m}`] = {
      alloc: [{ i: 64, n: 62 }, { i: 127, n: 1 }, { i: 128 + 3 * m, n: P - (128 + 3 * m) }],
      scav: [{ i: 1, n: 10 }], min: m, max: 3 * m, want: { i: 128, n: 3 * m },
    };
    cases[`Max0Min${m}`] = { scav: [{ i: 0, n: P - m }], min: m, max: 0, want: { i: P - m, n: m } };
    cases[`OneFreeMin${m}`] = {
      alloc: [{ i: 0, n: 40 }, { i: 40 + m, n: P - (40 + m) }], min: m, max: P, want: { i: 40, n: m },
    };
    cases[`OneScavengedMin${m}`] = {
      alloc: [{ i: 0, n: 40 }, { i: 40 + m, n: P - (40 + m) }], scav: [{ i: 40, n: 1 }], min: m, max: P, want: { i: 0, n: 0 },
    };
    if (m > 1) {
      cases[`MaxUnalignedMin${m}`] = { scav: [{ i: 0, n: P - (m * 2 - 1) }], min: m, max: m - 2, want: { i: P - m, n: m } };
      cases[`SkipSmallMin${m}`] = {
        alloc: [{ i: 0, n: 64 - m }, { i: 64, n: 5 }, { i: 70, n: 11 }, { i: 82, n: P - 82 }], min: m, max: m, want: { i: 64 - m, n: m },
      };
      cases[`SkipMisalignedMin${m}`] = {
        alloc: [{ i: 0, n: 64 - m }, { i: 64, n: 63 }, { i: 127 + m, n: P - (127 + m) }], min: m, max: m, want: { i: 64 - m, n: m },
      };
      cases[`MaxLessThanMin${m}`] = { scav: [{ i: 0, n: P - m }], min: m, max: 1, want: { i: P - m, n: m } };
    }
  }
  for (const [name, c] of Object.entries(cases)) {
    it(`returns the highest qualifying run: ${name}`, () => {
      const heap = makeHeap(1, { 0: c.alloc ?? [] }, { 0: c.scav ?? [] });

      const got = heap.findScavengeCandidate(P, c.max, c.min);

      expect(got === null ? { i: 0, n: 0 } : { i: got.base, n: got.npages }).toEqual(c.want);
    });
  }
});

describe('PageHeap.findScavengeCandidate with huge pages (PreserveHugePage*)', () => {
  const cases: Record<string, { bits: number; alloc: BitRange[]; max: number; want: BitRange }> = {
    PreserveHugePageBottom: { bits: 256, alloc: [{ i: 258, n: P - 258 }], max: 3, want: { i: 0, n: 258 } },
    PreserveHugePageMiddle: {
      bits: 128, alloc: [{ i: 0, n: 118 }, { i: 266, n: P - 266 }], max: 12, want: { i: 128, n: 138 },
    },
    PreserveHugePageTop: { bits: 256, alloc: [{ i: 0, n: P - 256 }], max: 1, want: { i: P - 256, n: 256 } },
    NoHugePageInsideTheRun: { bits: 256, alloc: [{ i: 0, n: 300 }], max: 4, want: { i: P - 4, n: 4 } },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(`extends a candidate down rather than break a free huge page: ${name}`, () => {
      const heap = makeHeap(1, { 0: c.alloc }, {});

      const got = heap.findScavengeCandidate(P, c.max, 1, undefined, c.bits);

      expect(got).toEqual({ base: c.want.i, npages: c.want.n });
    });
  }

  it('is off by default', () => {
    const heap = makeHeap(1, { 0: [{ i: 0, n: P - 256 }] }, {});

    expect(heap.findScavengeCandidate(P, 1)).toEqual({ base: P - 1, npages: 1 });
  });
});

describe('the scavenge loop over a PageHeap (TestPageAllocScavenge, minPages = 1 as on linux/amd64)', () => {
  interface Case {
    chunks: number[];
    scav: Record<number, BitRange[]>;
    expect: Array<{ request: number; got: number }>;
    afterScav: Record<number, BitRange[]>;
  }
  const all = [{ i: 0, n: P }];
  const cases: Record<string, Case> = {
    AllFreeUnscavExhaust: {
      chunks: [0, 1, 2], scav: {}, expect: [{ request: Infinity, got: 3 * P }], afterScav: { 0: all, 1: all, 2: all },
    },
    ScavHighestPageFirst: {
      chunks: [0], scav: { 0: [{ i: 1, n: P - 2 }] }, expect: [{ request: 1, got: 1 }], afterScav: { 0: [{ i: 1, n: P - 1 }] },
    },
    ScavMultiple: {
      chunks: [0], scav: { 0: [{ i: 1, n: P - 2 }] }, expect: [{ request: 1, got: 1 }, { request: 1, got: 1 }], afterScav: { 0: all },
    },
    ScavMultiple2: {
      chunks: [0, 1],
      scav: { 0: [{ i: 1, n: P - 2 }], 1: [{ i: 0, n: P - 2 }] },
      expect: [{ request: 2, got: 2 }, { request: 1, got: 1 }, { request: 1, got: 1 }],
      afterScav: { 0: all, 1: all },
    },
    ScavDiscontiguous: {
      chunks: [0, 0xe],
      scav: { 0: [{ i: 1, n: P - 2 }], 0xe: [{ i: 2, n: P - 2 }] },
      expect: [{ request: 2, got: 2 }, { request: Infinity, got: 2 }, { request: Infinity, got: 0 }],
      afterScav: { 0: all, 0xe: all },
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(`releases from the highest address down: ${name}`, () => {
      // Chunks not listed are fully allocated, so only the listed ones hold free pages.
      const n = Math.max(...c.chunks) + 1;
      const alloc: Record<number, BitRange[]> = {};
      for (let k = 0; k < n; k++) if (!c.chunks.includes(k)) alloc[k] = all;
      const heap = makeHeap(n, alloc, c.scav);

      for (const step of c.expect) {
        const request = step.request === Infinity ? heap.mappedPages : step.request;
        expect(scavengeFromTop(heap, request).pages).toBe(step.got);
      }

      for (const k of c.chunks) {
        const want = (c.afterScav[k] ?? []).reduce((s, r) => s + r.n, 0);
        expect(heap.scavengedIn(k), `chunk ${k}`).toBe(want);
        for (const r of c.afterScav[k] ?? []) {
          for (let i = r.i; i < r.i + r.n; i++) expect(heap.isScavenged(pageOf(k, i))).toBe(true);
        }
      }
    });
  }

  it('returns runs highest first and never crosses a chunk boundary', () => {
    const heap = makeHeap(2, {}, {});

    const { runs } = scavengeFromTop(heap, 2 * P);

    expect(runs).toEqual([{ base: P, npages: P }, { base: 0, npages: P }]);
  });

  it('keeps the top part of a run longer than the request', () => {
    const heap = makeHeap(1, {}, {});

    const { runs } = scavengeFromTop(heap, 16);

    expect(runs).toEqual([{ base: P - 16, npages: 16 }]);
  });

  it('only visits chunks the predicate accepts', () => {
    const heap = makeHeap(3, {}, {});

    const { runs } = scavengeFromTop(heap, 3 * P, { eligible: (c) => c !== 1 });

    expect(runs.map((r) => r.base)).toEqual([2 * P, 0]);
  });

  it('searches strictly below searchBelowPage', () => {
    const heap = makeHeap(1, {}, {});

    expect(heap.findScavengeCandidate(100, 10)).toEqual({ base: 90, npages: 10 });
  });
});

describe('PageHeap.markCandidateScavenged', () => {
  it('marks the run the last search found and returns its length', () => {
    const heap = new PageHeap();
    heap.grow(P, { scavenged: false });
    heap.allocRange(0, 100);
    const base = heap.nextScavengeCandidate(P, 64);
    expect(base).toBe(P - 64);
    expect(heap.markCandidateScavenged()).toBe(64);
    expect(heap.scavengedPages).toBe(64);
    expect(heap.isScavenged(P - 64)).toBe(true);
    expect(heap.isScavenged(P - 65)).toBe(false);
  });

  it('refuses when no run was found, after a mark, or once the heap changed', () => {
    const heap = new PageHeap();
    heap.grow(P, { scavenged: true });
    expect(heap.nextScavengeCandidate(P, 8)).toBe(-1);
    expect(() => heap.markCandidateScavenged()).toThrow(expect.objectContaining({ code: 'E_STATE', field: 'candidate' }));
    heap.free(heap.allocRange(0, 16).base, 16); // 16 free, unscavenged pages at the bottom
    expect(heap.nextScavengeCandidate(P, 8)).toBe(8);
    heap.markCandidateScavenged();
    expect(() => heap.markCandidateScavenged()).toThrow(expect.objectContaining({ code: 'E_STATE' }));
    for (const change of [
      (h: PageHeap) => h.allocFirstFit(1),
      (h: PageHeap) => h.free(h.allocFirstFit(1)!.base, 1),
      (h: PageHeap) => h.grow(1),
      (h: PageHeap) => h.markScavenged(7, 1),
    ]) {
      expect(heap.nextScavengeCandidate(8, 1)).toBeGreaterThanOrEqual(0);
      change(heap);
      expect(() => heap.markCandidateScavenged()).toThrow(expect.objectContaining({ code: 'E_STATE' }));
    }
  });
});

describe('PageHeap with 64 KiB OS pages (fillAligned, #9993)', () => {
  it('defaults to runs of whole aligned 64 KiB pages', () => {
    const heap = makeHeap(1, { 0: [{ i: 0, n: 3 }, { i: 20, n: P - 20 }] }, {}, { physPageSize: 65536 });

    expect(heap.minRunPages).toBe(8);
    // Free & unscavenged [3, 20): the only whole aligned 8-page group is [8, 16).
    expect(heap.findScavengeCandidate(P, 1)).toEqual({ base: 8, npages: 8 });
    expect(scavengeFromTop(heap, P).pages).toBe(8);
  });

  it('releases nothing from a heap with one live page in every 64 KiB', () => {
    const alloc = Array.from({ length: P / 8 }, (_, k) => ({ i: k * 8 + 3, n: 1 }));
    const heap = makeHeap(1, { 0: alloc }, {}, { physPageSize: 65536 });

    const got = scavengeFromTop(heap, P);

    expect(heap.freeUnscavengedPages).toBe(P - P / 8);
    expect(got.pages).toBe(0);
  });
});

