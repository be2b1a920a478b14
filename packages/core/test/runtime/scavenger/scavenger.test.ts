/**
 * The scavenger room on its own: each trigger drives the one loop and reports once, on a real
 * page heap and kernel address space, with a fake process around them.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../../src/kernel/machine.js';
import { PAGE_SIZE, PageHeap } from '../../../src/runtime/pages/page-heap.js';
import { Scavenger, type ScavengerHost } from '../../../src/runtime/scavenger/scavenger.js';
import { RuntimeTrace } from '../../../src/runtime/trace/runtime-trace.js';
import { resolvePolicy } from '../../../src/policy/effective-policy.js';
import { behaviourFromRow } from '../../../src/policy/runtime-behaviour.js';
import { MiB } from '../../../src/units.js';

function setup(go: string, kernel: string, memoryLimit = Infinity) {
  const policy = resolvePolicy({ go, kernel, godebug: '', swapFree: 0, gomaxprocs: 2, gomemlimit: Number.isFinite(memoryLimit) ? memoryLimit : null });
  const behaviour = behaviourFromRow(policy.row, policy.goVersion);
  const machine = new Machine({ memTotal: '8GiB', kernel });
  const mem = machine.createProcess({ name: 'go' });
  const pages = new PageHeap();
  // 64 MiB heap: the bottom 16 MiB in use, the rest free and written (resident, unscavenged).
  pages.grow((64 * MiB) / PAGE_SIZE, { scavenged: false });
  pages.allocRange(0, (64 * MiB) / PAGE_SIZE);
  mem.write(0, 64 * MiB);
  pages.free((16 * MiB) / PAGE_SIZE, (48 * MiB) / PAGE_SIZE);
  const events: Array<{ kind: string; detail: Record<string, unknown> }> = [];
  const host: ScavengerHost = {
    retained: () => (pages.mappedPages - pages.scavengedPages) * PAGE_SIZE,
    mappedReady: () => (pages.mappedPages - pages.scavengedPages) * PAGE_SIZE,
    traceHeap: () => ({ heapInuse: 0, heapIdle: 0, heapSys: 0, heapReleased: 0 }),
    event: (kind, detail) => events.push({ kind, detail }),
  };
  const trace = new RuntimeTrace(policy, 2, () => {});
  const scav = new Scavenger({ behaviour, memoryLimit, gomaxprocs: 2, advice: policy.requestedAdvice }, pages, mem, host, trace);
  return { scav, pages, mem, events, limit: memoryLimit };
}

describe('Scavenger', () => {
  it('memory limit (1.19+): an allocation that leaves mapped memory over the limit releases the excess as assist work', () => {
    const { scav, pages, events } = setup('1.21.12', '6.1.0', 60 * MiB);
    scav.forAllocation(8 * MiB, 0); // 64 MiB mapped, the 8 MiB paged in included: 4 MiB over the limit
    expect(pages.scavengedPages * PAGE_SIZE).toBe(4 * MiB);
    expect(events).toEqual([{ kind: 'scavenge', detail: expect.objectContaining({ trigger: 'limit', bytes: 4 * MiB }) }]);
    expect(scav.assistNs).toBeGreaterThan(0);
  });

  it('memory limit (1.19+): checked at every span allocation, also one that paged nothing back in (allocSpan: `scav + inuse > limit`)', () => {
    const { scav, pages } = setup('1.19.8', '6.1.0', 60 * MiB);
    scav.forAllocation(0, 0);
    expect(pages.scavengedPages * PAGE_SIZE).toBe(4 * MiB);
  });

  /** A goal of 17.6 MiB (16 MiB in use at the last GC, + 10 %). */
  const withGoal = (s: ReturnType<typeof setup>): ReturnType<typeof setup> => {
    s.scav.gcMarkTermination({ heapInUseAtMarkTermination: 16 * MiB, heapGoal: 32 * MiB, lastHeapGoal: 32 * MiB, retained: 64 * MiB, memoryLimit: s.limit, physPageSize: 4096 }, 0);
    return s;
  };

  it('heap growth and memory limit (1.19+) ask for the larger of their amounts, not the sum (allocSpan `bytesToScavenge`)', () => {
    // Growth of 4 MiB over a 17.6 MiB goal: min(4, 64 + 4 − 17.6) = 4 MiB; the limit: 64 − 58 = 6 MiB.
    const { scav, pages, events } = withGoal(setup('1.19.8', '6.1.0', 58 * MiB));
    scav.forAllocation(0, 4 * MiB);
    expect(pages.scavengedPages * PAGE_SIZE).toBe(6 * MiB);
    expect(events.map((e) => e.detail['trigger'])).toEqual(['limit']);
  });

  it('heap growth (1.18+) is scavenged in allocSpan, not in grow, without counting the span just paged in', () => {
    const grownIn = (go: string): number => {
      const { scav, pages } = withGoal(setup(go, '6.1.0'));
      scav.forGrowth(4 * MiB);
      return pages.scavengedPages * PAGE_SIZE;
    };
    expect(grownIn('1.17.13')).toBe(4 * MiB);
    expect(grownIn('1.18.10')).toBe(0);
    const { scav, pages } = withGoal(setup('1.18.10', '6.1.0'));
    scav.forAllocation(2 * MiB, 4 * MiB); // our books already count the 2 MiB paged in; Go's do not yet
    expect(pages.scavengedPages * PAGE_SIZE).toBe(4 * MiB);
  });

  it('1.21+: the request is forced (dense chunks too) when the memory limit fired, not for growth alone', () => {
    const denseTopTaken = (limit: number): boolean => {
      const s = withGoal(setup('1.21.12', '6.1.0', limit));
      s.pages.allocRange(15 * 512, 500); // chunk 15: 500 of 512 pages in use, dense
      s.scav.forAllocation(0, 4 * MiB);
      return s.pages.isScavenged(15 * 512 + 511);
    };
    expect(denseTopTaken(Infinity)).toBe(false);
    expect(denseTopTaken(60 * MiB)).toBe(true);
  });

  it('heap growth (1.13+) does nothing before the first GC gives the scavenger a goal', () => {
    const { scav, pages, events } = setup('1.21.12', '6.1.0');
    scav.forGrowth(64 * MiB);
    expect(pages.scavengedPages).toBe(0);
    expect(events).toEqual([]);
  });

  it('FreeOSMemory releases every free page and reports even when nothing was left', () => {
    const { scav, pages, events } = setup('1.21.12', '6.1.0');
    scav.freeOSMemory(1);
    expect(pages.scavengedPages * PAGE_SIZE).toBe(48 * MiB);
    scav.freeOSMemory(2);
    expect(events.filter((e) => e.kind === 'scavenge').map((e) => e.detail['bytes'])).toEqual([48 * MiB, 0]);
    expect(events.filter((e) => e.kind === 'freeosmemory')).toHaveLength(2);
  });

  it('falls back to MADV_DONTNEED for good when the kernel refuses MADV_FREE (before 4.5), once', () => {
    const { scav, mem, events } = setup('1.12.17', '4.4.0');
    expect(scav.sys.advice).toBe('MADV_FREE');
    scav.freeOSMemory(1);
    expect(scav.sys.advice).toBe('MADV_DONTNEED');
    expect(events.filter((e) => e.kind === 'advice-fallback')).toHaveLength(1);
    expect(mem.counters().VmRSS).toBeLessThanOrEqual(16 * MiB + 64 * 1024);
  });
});

describe('the 1.18+ background scavenger between batches (go1.19.8/go1.23.5 mgcscavenge.go scavengerState.sleep, run, bgscavenge)', () => {
  /** A GC that leaves 16 MiB in use and a goal of 17.6 MiB: ~46 MiB of work for the scavenger. */
  function afterGc(go = '1.21.12') {
    const s = setup(go, '6.1.0');
    s.scav.gcMarkTermination({ heapInUseAtMarkTermination: 16 * MiB, heapGoal: 32 * MiB, lastHeapGoal: 32 * MiB, retained: 64 * MiB, memoryLimit: Infinity, physPageSize: 4096 }, 0);
    s.scav.gcSweepDone(0, 1, false);
    return s;
  }
  const released = (pages: PageHeap): number => pages.scavengedPages * PAGE_SIZE;

  it('works ≥ 1 ms, then sleeps 1000 times as long at the starting ratio 0.001', () => {
    const { scav, pages } = afterGc();
    const woke = scav.quietUntil(0);
    scav.background(woke, woke + 5);
    const first = released(pages);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(46 * MiB);
    const next = scav.quietUntil(woke + 5);
    expect(next - woke).toBeGreaterThanOrEqual(1000); // ≥ 1 ms of work × 1000
    expect(next - woke).toBeLessThan(1010);
    scav.background(woke + 5, next - 1);
    expect(released(pages)).toBe(first);
  });

  it('is woken early by the next GC\'s sweep end, as a parked scavenger is', () => {
    const { scav, pages } = afterGc();
    const woke = scav.quietUntil(0);
    scav.background(woke, woke + 5);
    const first = released(pages);
    scav.gcSweepDone(300, 2, false);
    const early = scav.quietUntil(woke + 5);
    expect(early).toBeLessThan(400);
    scav.background(woke + 5, early + 5);
    expect(released(pages)).toBeGreaterThan(first);
  });

  it('sleeps after a short last batch too, and parks only when the batch after it finds nothing', () => {
    const { scav, pages } = afterGc();
    let t = scav.quietUntil(0);
    let before = released(pages);
    let sleptAfterShort = false;
    const slice = 1e-6; // ms: one batch per call, however short the sleeps have become
    for (let i = 0; i < 10_000 && Number.isFinite(t); i++) {
      scav.background(t, t + slice);
      const now = released(pages);
      const next = scav.quietUntil(t + slice);
      if (now > before && !scav.hasBackgroundWork()) {
        // The batch that reached the goal released something: it sleeps (≥ 1 ms / ratio).
        expect(next).toBeGreaterThan(t + slice);
        expect(Number.isFinite(next)).toBe(true);
        sleptAfterShort = true;
      }
      before = now;
      if (!Number.isFinite(next)) break;
      t = next;
    }
    expect(sleptAfterShort).toBe(true);
    expect(scav.quietUntil(t + slice)).toBe(Infinity);
  });
});
