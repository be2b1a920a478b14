/**
 * What the page heap remembers over time: the go1.21 density rule (TestScavengeIndex, the
 * go1.21-era mgcscavenge_test.go) and Go ≤ 1.11's free-run stamps.
 */
import { describe, expect, it } from 'vitest';
import { PageHeap, SCAV_CHUNK_HI_OCC_PAGES } from '../../../src/runtime/pages/page-heap.js';
import { scavengeFromTop } from './page-heap-helpers.js';

const P = 512;

describe('PageHeap density rule (go1.21.12 mgcscavenge.go scavChunkData.shouldScavenge)', () => {
  const fill = (heap: PageHeap, n: number): void => {
    heap.allocRange(0, n);
  };

  it('treats a chunk with 496 of 512 pages in use as dense and 495 as not', () => {
    const dense = new PageHeap();
    dense.grow(P);
    const sparse = new PageHeap();
    sparse.grow(P);

    fill(dense, SCAV_CHUNK_HI_OCC_PAGES);
    fill(sparse, SCAV_CHUNK_HI_OCC_PAGES - 1);

    expect(dense.isDenseForBackground(0)).toBe(true);
    expect(sparse.isDenseForBackground(0)).toBe(false);
  });

  it('keeps a chunk that was dense at the generation boundary ineligible for the rest of that generation', () => {
    const heap = new PageHeap();
    heap.grow(P);
    fill(heap, 496);
    heap.nextGen();
    expect(heap.isDenseForBackground(0)).toBe(true); // untouched this generation: inUse decides

    heap.free(0, 400); // first touch this generation: lastInUse = 496

    expect(heap.inUse(0)).toBe(96);
    expect(heap.isDenseForBackground(0)).toBe(true);
  });

  it('makes the chunk eligible once it stays sparse across a full generation', () => {
    const heap = new PageHeap();
    heap.grow(P);
    fill(heap, 496);
    heap.nextGen();
    heap.free(0, 400);

    heap.nextGen();
    const untouched = heap.isDenseForBackground(0);
    heap.allocRange(0, 1); // first touch in the new generation: lastInUse = 96
    const touched = heap.isDenseForBackground(0);

    expect([untouched, touched]).toEqual([false, false]);
  });

  it('lets the background scavenger skip dense chunks while a forced scavenge takes them', () => {
    const heap = new PageHeap();
    heap.grow(2 * P);
    heap.allocRange(0, 2 * P);
    heap.free(0, 2 * P);
    heap.allocRange(P, 500); // chunk 1 dense, 12 free pages
    const background = (c: number): boolean => !heap.isDenseForBackground(c);

    const bg = heap.findScavengeCandidate(heap.mappedPages, P, 1, background);
    const forced = heap.findScavengeCandidate(heap.mappedPages, P, 1);

    expect(bg).toEqual({ base: 0, npages: P });
    expect(forced).toEqual({ base: P + 500, npages: 12 });
  });

  it('does not change density data when pages are scavenged', () => {
    const heap = new PageHeap();
    heap.grow(P);
    heap.allocRange(0, P);
    heap.free(0, P);
    const before = heap.chunkSummaries()[0];

    scavengeFromTop(heap, 10);

    const after = heap.chunkSummaries()[0];
    expect([after?.inUse, after?.lastInUse, after?.gen]).toEqual([before?.inUse, before?.lastInUse, before?.gen]);
  });
});

describe('PageHeap free-run stamps (Go ≤ 1.11 unusedsince)', () => {
  it('gives a merged free run the newest timestamp', () => {
    const heap = new PageHeap({ trackFreeTime: true });
    heap.grow(P, { nowMs: 0 });
    heap.allocRange(0, P);
    heap.free(0, 10, 1000);

    heap.free(10, 10, 5000);

    expect(heap.freeRunsIdleSince(6000)).toEqual([{ base: 0, npages: 20, freedAtMs: 5000, scavengedPages: 0 }]);
    expect(heap.freeRunsIdleSince(5000)).toEqual([]);
  });

  it('passes the parent run timestamp to what is left after an allocation', () => {
    const heap = new PageHeap({ trackFreeTime: true });
    heap.grow(P, { nowMs: 100 });

    heap.allocRange(10, 5);

    expect(heap.freeRunsIdleSince(200)).toEqual([
      { base: 0, npages: 10, freedAtMs: 100, scavengedPages: 10 },
      { base: 15, npages: P - 15, freedAtMs: 100, scavengedPages: P - 15 },
    ]);
  });

  it('refuses idle queries on a heap built without trackFreeTime', () => {
    const heap = new PageHeap();

    expect(() => heap.freeRunsIdleSince(0)).toThrowError(expect.objectContaining({ code: 'E_STATE' }));
  });
});
