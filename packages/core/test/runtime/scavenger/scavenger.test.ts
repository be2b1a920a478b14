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
  return { scav, pages, mem, events };
}

describe('Scavenger', () => {
  it('memory limit (1.19+): an allocation paging in released memory over the limit releases the excess as assist work', () => {
    const { scav, pages, events } = setup('1.21.12', '6.1.0', 60 * MiB);
    scav.forAllocation(8 * MiB); // 64 MiB retained + 8 MiB paged in: 12 MiB over the limit
    expect(pages.scavengedPages * PAGE_SIZE).toBe(12 * MiB);
    expect(events).toEqual([{ kind: 'scavenge', detail: expect.objectContaining({ trigger: 'limit', bytes: 12 * MiB }) }]);
    expect(scav.assistNs).toBeGreaterThan(0);
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
