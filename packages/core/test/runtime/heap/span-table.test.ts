/**
 * SpanTable: objects in spans, sweeping, and the HeapAlloc / HeapInuse / HeapObjects books
 * (go1.19.8 malloc.go mallocgc, mheap.go allocSpan, mgcsweep.go; MemStats doc, go §4.1).
 */
import { describe, it, expect } from 'vitest';
import { SpanTable, MAX_SMALL_SIZE } from '../../../src/runtime/heap/span-table.js';
import { PAGE_SIZE } from '../../../src/runtime/pages/page-heap-types.js';
import { ScavsimError } from '../../../src/errors.js';
import { KiB } from '../../../src/units.js';

/** A bump page source that records every span it handed out and every free. */
function pageSource() {
  let next = 0;
  const allocs: { base: number; npages: number }[] = [];
  const frees: { base: number; npages: number }[] = [];
  return {
    allocs,
    frees,
    src: {
      allocPages(npages: number): number {
        const base = next;
        next += npages;
        allocs.push({ base, npages });
        return base;
      },
      freePages(base: number, npages: number): void {
        frees.push({ base, npages });
      },
    },
  };
}

describe('SpanTable allocation', () => {
  it('gives a large object (> 32 KiB) a span of its own, rounded up to whole pages', () => {
    const ps = pageSource();
    const t = new SpanTable(ps.src);
    const out = { offset: 0, len: 0 };
    t.alloc(MAX_SMALL_SIZE + 1, out);
    expect(ps.allocs).toEqual([{ base: 0, npages: 5 }]);
    expect(out).toEqual({ offset: 0, len: MAX_SMALL_SIZE + 1 });
    expect(t.inUsePages).toBe(5);
  });

  it('packs small objects of one page class into one span until it is full', () => {
    const ps = pageSource();
    const t = new SpanTable(ps.src);
    const out = { offset: 0, len: 0 };
    for (let i = 0; i < 8; i++) t.alloc(1 * KiB, out); // 8 × 1 KiB fill one 8 KiB page
    expect(ps.allocs).toHaveLength(1);
    t.alloc(1 * KiB, out);
    expect(ps.allocs).toHaveLength(2);
    expect(t.inUsePages).toBe(2);
  });

  it('counts HeapAlloc, HeapObjects, TotalAlloc and Mallocs in size-class and page units', () => {
    // The runtime's stats count a small object's class size and a large object's whole pages
    // (go1.19.8 mstats.go heapStats: smallAllocCount × class size, largeAlloc += npages × pageSize).
    const t = new SpanTable(pageSource().src);
    const out = { offset: 0, len: 0 };
    t.alloc(100, out); // class 112 bytes (16-byte steps up to 128)
    t.alloc(64 * KiB + 1, out); // 9 pages
    expect(t.heapAlloc).toBe(112 + 9 * PAGE_SIZE);
    expect(t.heapObjects).toBe(2);
    expect(t.totalAlloc).toBe(112 + 9 * PAGE_SIZE);
    expect(t.mallocs).toBe(2);
  });
});

describe('SpanTable sweep', () => {
  it('frees only spans whose every object is dead', () => {
    const ps = pageSource();
    const t = new SpanTable(ps.src);
    const out = { offset: 0, len: 0 };
    const ids = Array.from({ length: 16 }, () => t.alloc(1 * KiB, out)); // two 1-page spans
    for (const id of ids.slice(0, 8)) t.drop(id); // all of span 0
    for (const id of ids.slice(8, 12)) t.drop(id); // half of span 1
    const freed = t.sweep();
    expect(freed).toBe(1);
    expect(ps.frees).toEqual([{ base: 0, npages: 1 }]);
    expect(t.inUsePages).toBe(1);
  });

  it('reuses the free slots of a partly dead span before taking a new span', () => {
    const ps = pageSource();
    const t = new SpanTable(ps.src);
    const out = { offset: 0, len: 0 };
    const ids = Array.from({ length: 8 }, () => t.alloc(1 * KiB, out));
    for (const id of ids.slice(0, 4)) t.drop(id);
    t.sweep();
    for (let i = 0; i < 4; i++) {
      t.alloc(1 * KiB, out);
      expect(out.offset).toBeLessThan(PAGE_SIZE);
    }
    expect(ps.allocs).toHaveLength(1);
  });

  it('keeps dropped objects in HeapAlloc until the sweep, and out of liveBytes at once', () => {
    const t = new SpanTable(pageSource().src);
    const out = { offset: 0, len: 0 };
    const a = t.alloc(40 * KiB, out);
    t.alloc(2 * KiB, out);
    t.drop(a);
    expect(t.heapAlloc).toBe(42 * KiB);
    expect(t.liveBytes()).toBe(2 * KiB);
    expect(t.heapObjects).toBe(2);
    t.sweep();
    expect(t.heapAlloc).toBe(2 * KiB);
    expect(t.heapObjects).toBe(1);
    expect(t.totalAlloc).toBe(42 * KiB);
  });

  it('refuses to drop an object twice with an E_STATE ScavsimError', () => {
    const t = new SpanTable(pageSource().src);
    const id = t.alloc(100, { offset: 0, len: 0 });
    t.drop(id);
    expect(() => t.drop(id)).toThrow(ScavsimError);
    try {
      t.drop(id);
    } catch (e) {
      expect((e as ScavsimError).code).toBe('E_STATE');
    }
  });
});

describe('SpanTable size classes keep every object inside its span', () => {
  // Go's size classes guarantee an object fits its slot (go1.19.8 sizeclasses.go, malloc.go
  // mallocgc: objects are rounded up to their class size). So HeapAlloc ≤ HeapInuse and the
  // bytes a program writes lie inside an in-use span (go §4.1: HeapInuse "bytes in in-use spans").
  //
  // Regression (fixed): span-table.ts once sized a small span's slots by the first object placed in it
  // (spanWithRoom: `cap = floor(cls·8 KiB / bytes)`) and then places any later object of the same
  // page class in those slots (alloc, `out.offset = base·8 KiB + slot·slotSize`, `out.len = bytes`).
  // A 1 KiB object followed by 8 KB objects puts 57 KB of objects in one 8 KiB span, and the
  // writes run past the span's end onto pages the runtime counts as free (or released).
  it('never writes past the end of the span it allocated from (mixed sizes in one page class)', () => {
    const ps = pageSource();
    const t = new SpanTable(ps.src);
    const out = { offset: 0, len: 0 };
    const sizes = [1024, 8000, 8000, 8000, 8000, 8000, 8000, 8000];
    for (const s of sizes) {
      t.alloc(s, out);
      const span = ps.allocs[ps.allocs.length - 1]!;
      expect(out.offset + out.len).toBeLessThanOrEqual((span.base + span.npages) * PAGE_SIZE);
    }
  });

  it('keeps HeapAlloc ≤ HeapInuse with mixed object sizes in one page class', () => {
    const t = new SpanTable(pageSource().src);
    const out = { offset: 0, len: 0 };
    for (const s of [512, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000]) {
      t.alloc(s, out);
      expect(t.heapAlloc).toBeLessThanOrEqual(t.inUsePages * PAGE_SIZE);
    }
  });

  it('keeps HeapAlloc ≤ HeapInuse when objects of a class have one size', () => {
    const t = new SpanTable(pageSource().src);
    const out = { offset: 0, len: 0 };
    for (let i = 0; i < 100; i++) {
      t.alloc(3000, out);
      expect(t.heapAlloc).toBeLessThanOrEqual(t.inUsePages * PAGE_SIZE);
    }
  });
});
