import { describe, expect, it } from 'vitest';
import { describeGap, gapBreakdown, SCAVENGE_GOAL_FIELD } from '../../src/formats/gap.js';
import { MiB, sampleA, sampleB } from './run-fixture.js';

describe('gapBreakdown', () => {
  it('splits RSS − HeapInuse into parts that add up to the gap', () => {
    const s = sampleA(1200);

    const b = gapBreakdown(s, 'go1.15.10')!;

    expect(b.gap).toBe(s.VmRSS! - s.HeapInuse!);
    expect(b.pendingScavenge + b.retainedBuffer + b.lazyFree + b.nonHeap).toBe(b.gap);
  });

  it('caps free-but-retained bookkeeping to what RSS actually holds', () => {
    // Runtime says 10 MiB free and retained, but RSS only exceeds the heap by 3 MiB.
    const s = { ...sampleA(1200), VmRSS: 5 * MiB, HeapInuse: 2 * MiB, HeapIdle: 10 * MiB, HeapReleased: 0, LazyFree: 0 };

    const b = gapBreakdown(s, 'go1.15')!;

    expect(b.pendingScavenge + b.retainedBuffer).toBe(3 * MiB);
    expect(b.notResident).toBe(7 * MiB);
    expect(b.nonHeap).toBe(0);
  });

  it('counts MADV_FREE pages that are still resident as LazyFree', () => {
    const s = sampleA(1200);

    expect(gapBreakdown(s, 'go1.15.10')!.lazyFree).toBe(s.LazyFree);
  });

  it('uses the scavenger goal the engine recorded', () => {
    const s = { ...sampleA(1200), HeapReleased: 0, LazyFree: 0, [SCAVENGE_GOAL_FIELD]: 10 * MiB };

    const b = gapBreakdown(s, 'go1.16')!;

    expect(b.goalSource).toBe('sample');
    expect(b.retainedBuffer).toBe(10 * MiB - s.HeapInuse!);
  });

  it('keeps no retained buffer for Go 1.12 and older (no background goal, only the 5-minute rule)', () => {
    const s = { ...sampleA(1200), HeapReleased: 0, LazyFree: 0 };

    const b = gapBreakdown(s, 'go1.11.13')!;

    expect(b.retainedBuffer).toBe(0);
    expect(describeGap(b, 'go1.11.13').join(' ')).toMatch(/5 minutes/);
  });

  it('returns undefined for a process without MemStats', () => {
    expect(gapBreakdown(sampleB(1500))).toBeUndefined();
  });

  it('names an action for every non-zero cause', () => {
    const b = gapBreakdown({ ...sampleA(1200), HeapReleased: 30 * MiB, LazyFree: 30 * MiB }, 'go1.15')!;

    const text = describeGap(b, 'go1.15').join('\n');

    expect(b.pendingScavenge).toBeGreaterThan(0);
    expect(text).toMatch(/FreeOSMemory/);
    expect(text).toMatch(/madvdontneed=1/);
  });
});
