/**
 * GC pacer: heap goal, GOGC=off, the memory-limit cap and the periodic GC (go §5).
 */
import { describe, it, expect } from 'vitest';
import { GcPacer } from '../../../src/runtime/gc/gc-pacer.js';
import { DEFAULT_HEAP_MINIMUM_BYTES as DEFAULT_HEAP_MINIMUM, FORCEGC_PERIOD_MS as FORCE_GC_PERIOD_MS } from '../../../src/policy/runtime-constants.js';
import { MiB } from '../../../src/units.js';

const NO_LIMIT = Infinity;

describe('GcPacer heap goal: max(marked × (1 + GOGC/100), 4 MiB × GOGC/100)', () => {
  // [go1.11:mgc.go:156-230], [go1.17.13:mgcpacer.go:49] defaultHeapMinimum, [go1.19.8:mgcpacer.go commit].
  const cases = [
    { gogc: 100, marked: 10 * MiB, want: 20 * MiB },
    { gogc: 100, marked: 1 * MiB, want: 4 * MiB },
    { gogc: 50, marked: 10 * MiB, want: 15 * MiB },
    { gogc: 50, marked: 1 * MiB, want: 2 * MiB },
    { gogc: 200, marked: 1 * MiB, want: 8 * MiB },
    { gogc: 200, marked: 10 * MiB, want: 30 * MiB },
    { gogc: 0, marked: 10 * MiB, want: 10 * MiB },
  ];
  for (const tc of cases) {
    it(`GOGC=${tc.gogc}, ${tc.marked / MiB} MiB marked → goal ${tc.want / MiB} MiB`, () => {
      const p = new GcPacer({ gogc: tc.gogc, memoryLimit: NO_LIMIT, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
      p.endCycle(1000, tc.marked, 0, false);
      expect(p.heapGoal).toBe(tc.want);
      expect(p.heapMarked).toBe(tc.marked);
    });
  }

  it('starts at the heap minimum, so a small program collects at about 4 MiB', () => {
    const p = new GcPacer({ gogc: 100, memoryLimit: NO_LIMIT, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    expect(p.heapGoal).toBe(DEFAULT_HEAP_MINIMUM);
    expect(p.shouldTrigger(4 * MiB - 1)).toBe(false);
    expect(p.shouldTrigger(4 * MiB)).toBe(true);
  });

  it('remembers the previous goal as lastHeapGoal and counts cycles and forced cycles', () => {
    const p = new GcPacer({ gogc: 100, memoryLimit: NO_LIMIT, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    p.endCycle(1000, 10 * MiB, 0, false);
    p.endCycle(2000, 20 * MiB, 0, true);
    expect(p.lastHeapGoal).toBe(20 * MiB);
    expect(p.heapGoal).toBe(40 * MiB);
    expect(p.numGC).toBe(2);
    expect(p.numForcedGC).toBe(1);
    expect(p.lastGcMs).toBe(2000);
  });
});

describe('GcPacer with GOGC=off', () => {
  it('never triggers on allocation and has no goal', () => {
    const p = new GcPacer({ gogc: -1, memoryLimit: NO_LIMIT, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    expect(p.heapGoal).toBe(Infinity);
    expect(p.shouldTrigger(1024 * MiB)).toBe(false);
    p.endCycle(1000, 10 * MiB, 0, true);
    expect(p.heapGoal).toBe(Infinity);
  });

  it('never runs the periodic GC (gcTrigger.test: gcPercent < 0)', () => {
    const p = new GcPacer({ gogc: -1, memoryLimit: NO_LIMIT, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    expect(p.periodicDue(10 * FORCE_GC_PERIOD_MS)).toBe(false);
  });

  it('with a memory limit, the goal after a cycle is the limit goal (go §5: the limit holds with GOGC=off)', () => {
    const p = new GcPacer({ gogc: -1, memoryLimit: 64 * MiB, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    p.endCycle(1000, 10 * MiB, 8 * MiB, false);
    expect(p.heapGoal).toBe(64 * MiB - 8 * MiB - 1 * MiB);
    expect(p.shouldTrigger(55 * MiB)).toBe(true);
  });

  // The limit applies from the start, before any cycle (go §5). (Regression: the first goal
  // was once computed without it, so with GOGC=off no cycle ever started.)
  it('with a memory limit, allocation reaching the limit triggers the first cycle', () => {
    const p = new GcPacer({ gogc: -1, memoryLimit: 64 * MiB, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    expect(p.shouldTrigger(64 * MiB)).toBe(true);
    expect(p.heapGoal).toBeLessThan(64 * MiB);
  });
});

describe('GcPacer memory-limit cap (1.19+)', () => {
  // [go1.19.8:mgcpacer.go memoryLimitHeapGoal]: limit − nonHeap − headroom, never below the
  // marked heap; headroom 1 MiB (1.19–1.20) or max(3 %, 1 MiB) (1.21+, [go1.21.12:mgcpacer.go:68-73]).
  it('1.19: caps the goal at limit − nonHeap − 1 MiB', () => {
    const p = new GcPacer({ gogc: 100, memoryLimit: 64 * MiB, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    p.endCycle(1000, 40 * MiB, 10 * MiB, false);
    expect(p.heapGoal).toBe(53 * MiB);
  });

  it('1.21: headroom is 3 % of the limit goal when that exceeds 1 MiB', () => {
    const p = new GcPacer({ gogc: 100, memoryLimit: 1024 * MiB, headroomPercent: 3, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    p.endCycle(1000, 900 * MiB, 24 * MiB, false);
    const base = 1000 * MiB;
    expect(p.heapGoal).toBeCloseTo(base - 0.03 * base, 0);
  });

  it('1.21: headroom is at least 1 MiB', () => {
    const p = new GcPacer({ gogc: 100, memoryLimit: 20 * MiB, headroomPercent: 3, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    p.endCycle(1000, 12 * MiB, 4 * MiB, false);
    expect(p.heapGoal).toBe(15 * MiB);
  });

  it('never sets the goal below the marked heap', () => {
    const p = new GcPacer({ gogc: 100, memoryLimit: 64 * MiB, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    p.endCycle(1000, 60 * MiB, 10 * MiB, false);
    expect(p.heapGoal).toBe(60 * MiB);
  });

  it('leaves the GOGC goal alone when it is below the limit goal', () => {
    const p = new GcPacer({ gogc: 100, memoryLimit: 1024 * MiB, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    p.endCycle(1000, 10 * MiB, 10 * MiB, false);
    expect(p.heapGoal).toBe(20 * MiB);
  });
});

describe('GcPacer periodic GC (forcegcperiod = 2 min)', () => {
  it('is due 2 minutes after the last cycle ended, not before', () => {
    const p = new GcPacer({ gogc: 100, memoryLimit: NO_LIMIT, headroomPercent: 0, forcedGcPeriodMs: FORCE_GC_PERIOD_MS });
    p.endCycle(5000, MiB, 0, false);
    expect(p.periodicDue(5000 + FORCE_GC_PERIOD_MS - 10)).toBe(false);
    expect(p.periodicDue(5000 + FORCE_GC_PERIOD_MS)).toBe(true);
    expect(FORCE_GC_PERIOD_MS).toBe(120_000);
  });
});
