/**
 * The in-chunk first-fit scans of chunk-summary.ts against a plain array of booleans: the
 * general scan (`firstFitInChunk`) and the one for requests of more than 32 pages, which only
 * looks at the runs meeting at word boundaries (`firstFitAcrossWords`). Both must return the
 * lowest run that fits; on a miss, what each reports about the longest run must be exact, or,
 * where the boundary scan says it is not, a true upper bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHUNK_PAGES, CHUNK_WORDS, firstFitAcrossWords, firstFitInChunk, MAX_RUN_INSIDE_WORD, summarizeChunk,
} from '../../../src/runtime/pages/chunk-summary.js';

/** A chunk (the second of two, so absolute page numbers are not offsets) and its mirror. */
const chunkArb = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 90 })), { maxLength: 40 }).map((runs) => {
  const mirror: boolean[] = [];
  for (const [v, n] of runs) for (let i = 0; i < n && mirror.length < CHUNK_PAGES; i++) mirror.push(v);
  while (mirror.length < CHUNK_PAGES) mirror.push(true);
  const alloc = new Uint32Array(2 * CHUNK_WORDS).fill(0xffffffff);
  alloc.fill(0, CHUNK_WORDS);
  mirror.forEach((v, i) => {
    if (v) alloc[CHUNK_WORDS + (i >>> 5)] = (alloc[CHUNK_WORDS + (i >>> 5)]! | (1 << (i & 31))) >>> 0;
  });
  return { alloc, mirror };
});

/** Free runs of the mirror, in address order: [offset, length]. */
function freeRuns(mirror: boolean[]): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < mirror.length;) {
    if (mirror[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < mirror.length && !mirror[j]) j++;
    runs.push([i, j - i]);
    i = j;
  }
  return runs;
}

function naiveFirstFit(mirror: boolean[], n: number): number {
  const r = freeRuns(mirror).find(([, len]) => len >= n);
  return r === undefined ? -1 : CHUNK_PAGES + r[0];
}

/** Length and offset of the first longest free run. */
function naiveLongest(mirror: boolean[]): [number, number] {
  let best: [number, number] = [0, 0];
  for (const [off, len] of freeRuns(mirror)) if (len > best[0]) best = [len, off];
  return [best[0], best[1]];
}

describe('in-chunk first fit (against an array of booleans)', () => {
  it('firstFitInChunk finds the lowest fitting run, and on a miss the first longest run', () => {
    fc.assert(fc.property(chunkArb, fc.integer({ min: 1, max: CHUNK_PAGES + 1 }), ({ alloc, mirror }, n) => {
      const out = new Uint32Array(2);
      const at = firstFitInChunk(alloc, 1, n, out);
      expect(at).toBe(naiveFirstFit(mirror, n));
      if (at < 0) expect([out[0], out[1]]).toEqual(naiveLongest(mirror));
    }), { numRuns: 400 });
  });

  it('firstFitAcrossWords gives the same answer for more than 32 pages; a miss is exact or an upper bound it says is one', () => {
    fc.assert(fc.property(chunkArb, fc.integer({ min: 33, max: CHUNK_PAGES + 1 }), ({ alloc, mirror }, n) => {
      const out = new Uint32Array(3);
      const at = firstFitAcrossWords(alloc, 1, n, out);
      expect(at).toBe(naiveFirstFit(mirror, n));
      if (at >= 0) return;
      const [max, pos] = naiveLongest(mirror);
      if (out[2] === 1) {
        expect([out[0], out[1]]).toEqual([max, pos]);
      } else {
        expect(out[0]).toBeLessThanOrEqual(MAX_RUN_INSIDE_WORD);
        expect(max).toBeLessThanOrEqual(Math.max(out[0]!, MAX_RUN_INSIDE_WORD));
      }
    }), { numRuns: 400 });
  });

  it('a run inside one word is at most MAX_RUN_INSIDE_WORD long, and the boundary scan does not see it', () => {
    const alloc = new Uint32Array(2 * CHUNK_WORDS).fill(0xffffffff);
    alloc[CHUNK_WORDS + 3] = 0x80000001; // bits 1..30 of word 3 free: a 30-page run inside it
    const out = new Uint32Array(3);
    expect(firstFitInChunk(alloc, 1, CHUNK_PAGES + 1, out)).toBe(-1);
    expect(out[0]).toBe(MAX_RUN_INSIDE_WORD);
    expect(firstFitAcrossWords(alloc, 1, 33, out)).toBe(-1);
    expect([out[0], out[2]]).toEqual([0, 0]); // not exact: the bound is MAX_RUN_INSIDE_WORD
  });

  it('summarizeChunk agrees with the mirror', () => {
    fc.assert(fc.property(chunkArb, ({ alloc, mirror }) => {
      const out = new Uint32Array(4);
      summarizeChunk(alloc, 1, out);
      const start = mirror.indexOf(true) < 0 ? CHUNK_PAGES : mirror.indexOf(true);
      const end = mirror.lastIndexOf(true) < 0 ? CHUNK_PAGES : CHUNK_PAGES - 1 - mirror.lastIndexOf(true);
      const [max, pos] = naiveLongest(mirror);
      expect([out[0], out[1], out[2], out[3]]).toEqual([start, max, end, pos]);
    }), { numRuns: 200 });
  });
});
