/**
 * The page heap's books (page-books.ts) kept directly: every change keeps the per-chunk counters,
 * the "has free & unscavenged pages" index and the totals equal to what the bitmaps say, and
 * bumps the change counter a remembered search result is checked against.
 */
import { describe, expect, it } from 'vitest';
import { countRange, clearRangeIfAllSet, testBit } from '../../../src/runtime/pages/bitmap.js';
import { PageBooks } from '../../../src/runtime/pages/page-books.js';

const P = 512;

/** Counters recomputed from the bitmaps alone. */
function recount(b: PageBooks) {
  const perChunk = Array.from({ length: b.nChunks }, (_, c) => ({
    inUse: countRange(b.alloc, c * P, P), scavenged: countRange(b.scav, c * P, P),
  }));
  return {
    perChunk,
    index: perChunk.map((x, c) => [testBit(b.hasFreeUnscav, c), P - x.inUse - x.scavenged > 0]),
    inUseTotal: perChunk.reduce((s, x) => s + x.inUse, 0),
    scavTotal: perChunk.reduce((s, x) => s + x.scavenged, 0),
  };
}

function expectConsistent(b: PageBooks): void {
  const r = recount(b);
  expect(r.perChunk).toEqual(Array.from({ length: b.nChunks }, (_, c) => ({ inUse: b.inUse[c], scavenged: b.scavenged[c] })));
  for (const [have, want] of r.index) expect(have).toBe(want);
  expect(b.inUseTotal).toBe(r.inUseTotal);
  expect(b.scavTotal).toBe(r.scavTotal);
}

describe('PageBooks', () => {
  it('adds released chunks (1.14+) or retained ones (≤ 1.12)', () => {
    const b = new PageBooks(false);
    expect(b.addChunks(2 * P, true, 0)).toBe(0);
    expect(b.addChunks(P, false, 0)).toBe(2 * P);
    expect(b.scavTotal).toBe(2 * P);
    expect(b.mappedPages).toBe(3 * P);
    expectConsistent(b);
  });

  it('keeps the counters and the index true across take, free and release spanning chunks, growing its arrays', () => {
    const b = new PageBooks(false);
    b.addChunks(40 * P, true, 0); // past the initial capacity of 16 chunks
    expect(b.take(P - 10, 30)).toBe(30); // all released before
    expectConsistent(b);
    expect(clearRangeIfAllSet(b.alloc, P - 10, 20)).toBe(true);
    b.freed(P - 10, 20, 0);
    expectConsistent(b);
    expect(b.markReleased(P - 12, 14)).toBe(12); // the 2 below P - 10 were never taken: still released
    expectConsistent(b);
    expect(b.take(P - 12, 12)).toBe(12);
    expectConsistent(b);
  });

  it('bumps the change counter on every change', () => {
    const b = new PageBooks(false);
    const seen = [b.changes];
    b.addChunks(P, false, 0);
    seen.push(b.changes);
    b.markReleased(0, 4);
    seen.push(b.changes);
    b.take(0, 8);
    seen.push(b.changes);
    clearRangeIfAllSet(b.alloc, 0, 8);
    b.freed(0, 8, 0);
    seen.push(b.changes);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
