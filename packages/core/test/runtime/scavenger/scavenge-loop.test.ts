/**
 * Where a non-forced pass of the scavenge loop starts searching, by version (the policy column
 * `scavengeSearch`): reset at each pacing update (≤1.14), a generation that resumes below its
 * low-water mark (1.15–1.18), one address raised by every free (1.19–1.20), or a background
 * address raised only at a new generation (1.21+). Forced passes always start from the top.
 */
import { describe, expect, it } from 'vitest';
import type { ScavengeSearchStart } from '../../../src/policy/go-policy-table.js';
import { PageHeap } from '../../../src/runtime/pages/page-heap.js';
import { ScavengeLoop } from '../../../src/runtime/scavenger/scavenge-loop.js';

const CHUNK = 512;

/** A heap of 4 chunks, all in use, and a loop that records what it releases. */
function setup(search: ScavengeSearchStart) {
  const heap = new PageHeap();
  heap.grow(4 * CHUNK, { scavenged: false });
  heap.allocRange(0, 4 * CHUNK);
  const released: number[] = [];
  const loop = new ScavengeLoop(heap, { release: (base) => (released.push(base), 0) }, { search });
  const free = (base: number, n: number): void => {
    heap.free(base, n);
    loop.freed(base, n);
  };
  const pass = (force = false): number[] => {
    released.length = 0;
    loop.run({ bytes: Infinity, maxRunPages: CHUNK, force, cpuBudgetNs: Infinity });
    return [...released];
  };
  return { loop, free, pass };
}

describe('ScavengeLoop search start', () => {
  it('1.21+ (raised-at-new-gen): a page freed above an exhausted background search waits for the next generation', () => {
    const { loop, free, pass } = setup('raised-at-new-gen');
    free(CHUNK, 8);
    expect(pass()).toEqual([CHUNK]); // from the top (never lowered yet)
    free(3 * CHUNK, 8); // freed above where the search ended
    expect(pass()).toEqual([]);
    loop.wake(); // sweep done: no effect in 1.21+
    expect(pass()).toEqual([]);
    loop.markTermination(); // nextGen: raised to the highest page freed in the generation
    expect(pass()).toEqual([3 * CHUNK]);
  });

  it('1.21+: forced passes start from the top whatever the background address', () => {
    const { free, pass } = setup('raised-at-new-gen');
    free(CHUNK, 8);
    pass();
    free(3 * CHUNK, 8);
    expect(pass(true)).toEqual([3 * CHUNK]);
  });

  it('1.19–1.20 (raised-on-free): a free raises the one search address at once', () => {
    const { free, pass } = setup('raised-on-free');
    free(CHUNK, 8);
    expect(pass()).toEqual([CHUNK]);
    free(3 * CHUNK, 8);
    expect(pass()).toEqual([3 * CHUNK]);
  });

  it('1.15–1.18 (below-low-water-or-freed): a generation resumes below its lowest release, or from the highest free since, or from the top', () => {
    const { loop, free, pass } = setup('below-low-water-or-freed');
    free(2 * CHUNK, 8);
    expect(pass()).toEqual([2 * CHUNK]);
    free(3 * CHUNK + 100, 8); // freed after the search passed
    free(CHUNK, 8);
    loop.wake(); // the highest free (3·512 + 108) is above the low-water mark (2·512): start there
    expect(pass()).toEqual([3 * CHUNK + 100, CHUNK]);
    loop.wake(); // released down to 512 and nothing freed since: resume below 512
    free(3 * CHUNK + 300, 8);
    expect(pass()).toEqual([]); // freed above the generation's start: not seen in this generation
    loop.wake(); // that generation released nothing: the next starts from the top
    expect(pass()).toEqual([3 * CHUNK + 300]);
    loop.wake(); // resumes below 3·512 + 300
    free(3 * CHUNK + 400, 8);
    expect(pass()).toEqual([]);
    loop.wake(); // again a generation that released nothing: from the top
    expect(pass()).toEqual([3 * CHUNK + 400]);
  });

  it('≤1.14 (top-each-gc): every pacing update starts again from the top', () => {
    const { loop, free, pass } = setup('top-each-gc');
    free(CHUNK, 8);
    pass();
    free(3 * CHUNK, 8);
    expect(pass()).toEqual([]);
    loop.wake();
    expect(pass()).toEqual([3 * CHUNK]);
  });
});
