/**
 * The page heap's bitmap range operations against a plain array of booleans. They are written
 * out word by word for speed (bitmap.ts), so each is checked here on random bitmaps and
 * ranges that start and end anywhere in a word, span one word or many, and sit at the edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allSetInRange, clearRange, clearRangeIfAllSet, countAndClearRange, countClearAndSetRange, countRange,
  highestSetAtOrBelow, highestSetInRange, nextSetBit, noneSetInRange, setRange,
} from '../../../src/runtime/pages/bitmap.js';

const WORDS = 6;
const BITS = WORDS * 32;

/** A bitmap and its mirror, built from runs so that long set and clear stretches occur. */
const bitmapArb = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 70 })), { maxLength: 12 }).map((runs) => {
  const mirror: boolean[] = [];
  for (const [v, n] of runs) for (let i = 0; i < n && mirror.length < BITS; i++) mirror.push(v);
  while (mirror.length < BITS) mirror.push(false);
  const bits = new Uint32Array(WORDS);
  mirror.forEach((v, i) => {
    if (v) bits[i >>> 5] = (bits[i >>> 5]! | (1 << (i & 31))) >>> 0;
  });
  return { bits, mirror };
});
const rangeArb = fc.integer({ min: 0, max: BITS }).chain((start) => fc.tuple(fc.constant(start), fc.integer({ min: 0, max: BITS - start })));

function toMirror(bits: Uint32Array): boolean[] {
  return Array.from({ length: BITS }, (_, i) => ((bits[i >>> 5]! >>> (i & 31)) & 1) === 1);
}
const slice = (m: boolean[], start: number, n: number): boolean[] => m.slice(start, start + n);

describe('bitmap range operations (against an array of booleans)', () => {
  it('set, clear, count, all-set and none-set agree with the definitions', () => {
    fc.assert(fc.property(bitmapArb, rangeArb, ({ bits, mirror }, [start, n]) => {
      const part = slice(mirror, start, n);
      expect(countRange(bits, start, n)).toBe(part.filter(Boolean).length);
      expect(allSetInRange(bits, start, n)).toBe(part.every(Boolean));
      expect(noneSetInRange(bits, start, n)).toBe(!part.some(Boolean));

      const s = bits.slice();
      setRange(s, start, n);
      expect(toMirror(s)).toEqual(mirror.map((v, i) => v || (i >= start && i < start + n)));
      const c = bits.slice();
      clearRange(c, start, n);
      expect(toMirror(c)).toEqual(mirror.map((v, i) => v && !(i >= start && i < start + n)));
    }), { numRuns: 500 });
  });

  it('the fused count-and-change operations change the same bits and count them', () => {
    fc.assert(fc.property(bitmapArb, rangeArb, ({ bits, mirror }, [start, n]) => {
      const part = slice(mirror, start, n);
      const cleared = bits.slice();
      expect(countAndClearRange(cleared, start, n)).toBe(part.filter(Boolean).length);
      const byClear = bits.slice();
      clearRange(byClear, start, n);
      expect(cleared).toEqual(byClear);

      const set = bits.slice();
      expect(countClearAndSetRange(set, start, n)).toBe(part.filter((v) => !v).length);
      const bySet = bits.slice();
      setRange(bySet, start, n);
      expect(set).toEqual(bySet);
    }), { numRuns: 500 });
  });

  it('clearRangeIfAllSet clears a fully set range and leaves any other range untouched', () => {
    // Half the cases make the range fully set first, so both outcomes are common.
    fc.assert(fc.property(bitmapArb, rangeArb, fc.boolean(), ({ bits }, [start, n], fill) => {
      if (fill) setRange(bits, start, n);
      const before = bits.slice();
      const allSet = allSetInRange(bits, start, n);
      expect(clearRangeIfAllSet(bits, start, n)).toBe(allSet);
      const want = before.slice();
      if (allSet) clearRange(want, start, n);
      expect(bits).toEqual(want);
    }), { numRuns: 1000 });
  });

  it('clearRangeIfAllSet restores the full words it had cleared when a later word is not full', () => {
    const bits = new Uint32Array([0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe, 0xffffffff, 0]);
    expect(clearRangeIfAllSet(bits, 8, 150)).toBe(false);
    expect(Array.from(bits)).toEqual([0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe, 0xffffffff, 0]);
  });

  it('searches find the nearest set bit in each direction', () => {
    fc.assert(fc.property(bitmapArb, fc.integer({ min: 0, max: BITS - 1 }), fc.integer({ min: 0, max: BITS }), ({ bits, mirror }, from, limit) => {
      let next = limit;
      for (let i = from; i < limit; i++) if (mirror[i]) { next = i; break; }
      expect(nextSetBit(bits, from, limit)).toBe(from >= limit ? limit : next);
      let below = -1;
      for (let i = from; i >= 0; i--) if (mirror[i]) { below = i; break; }
      expect(highestSetAtOrBelow(bits, from)).toBe(below);
      const lo = Math.min(from, limit);
      let inRange = lo - 1;
      for (let i = from; i >= lo; i--) if (mirror[i]) { inRange = i; break; }
      expect(highestSetInRange(bits, lo, from)).toBe(inRange);
    }), { numRuns: 500 });
  });
});
