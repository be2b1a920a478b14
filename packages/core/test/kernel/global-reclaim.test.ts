/**
 * kswapd and direct reclaim (global-reclaim.ts, mm/vmscan.c, kernel §3.1) on a 1 GiB machine.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.js';
import { PageState } from '../../src/kernel/types.js';
import { GiB, MiB } from '../../src/units.js';

const PAGE = 4096;

describe('global reclaim (kswapd, direct)', () => {
  // 1 GiB: 262 144 pages, min 1024, low 1286, high 1548 (formula above).
  function lazyHolder(m: Machine, bytes: number) {
    const a = m.createProcess({ name: 'a' });
    a.touch(0, bytes);
    a.madvise(0, bytes, 'MADV_FREE');
    return a;
  }

  it('below low but above min: no synchronous reclaim; kswapd wakes and reclaims to high on the next tick', () => {
    const m = new Machine({ memTotal: GiB });
    const a = lazyHolder(m, 600 * MiB);
    const b = m.createProcess({ name: 'b' });
    const free = 262_144 - 153_600;
    b.touch(0, (free - 1100) * PAGE);
    expect(m.freePages).toBe(1100);
    expect(m.counters().pglazyfreed).toBe(0);
    expect(m.kswapdRunning).toBe(true);
    m.tick(100, 100);
    expect(m.freePages).toBe(1548);
    expect(m.counters().pgsteal_kswapd).toBe(448);
    expect(m.counters().pgsteal_direct).toBe(0);
    expect(a.counters().VmRSS).toBe(600 * MiB - 448 * PAGE);
    expect(m.kswapdRunning).toBe(false);
    expect(m.drainEvents()).toEqual([{ kind: 'reclaim', cause: 'kswapd', fromProcess: 'a', pid: a.pid, bytes: 448 * PAGE }]);
  });

  it('kswapd work per tick is capped by kswapdPagesPerMs × dtMs', () => {
    const m = new Machine({ memTotal: GiB, kswapdPagesPerMs: 1 });
    lazyHolder(m, 600 * MiB);
    m.createProcess({ name: 'b' }).touch(0, (262_144 - 153_600 - 1100) * PAGE);
    m.tick(10, 10);
    expect(m.counters().pgsteal_kswapd).toBe(10);
    expect(m.kswapdRunning).toBe(true);
  });

  it('an allocation that would go below min does direct reclaim, paid by the allocator', () => {
    const m = new Machine({ memTotal: GiB });
    const a = lazyHolder(m, 600 * MiB);
    const b = m.createProcess({ name: 'b' });
    const r = b.touch(0, 600 * MiB);
    expect(r.oomKilled).toBe(false);
    const c = m.counters();
    expect(c.pgsteal_direct).toBeGreaterThan(0);
    expect(c.pgsteal_direct).toBe(c.pglazyfreed);
    expect(m.freePages).toBeGreaterThanOrEqual(1024); // never below min
    expect(r.costNs).toBeGreaterThanOrEqual(600 * MiB / PAGE * 1900 + c.pgsteal_direct * 400);
    expect(a.counters().VmRSS).toBe(600 * MiB - c.pglazyfreed * PAGE);
  });

  it('takes page cache present at boot before pages lazily freed later (age order)', () => {
    const m = new Machine({ memTotal: GiB, pageCache: 100 * MiB });
    const a = lazyHolder(m, 400 * MiB);
    m.createProcess({ name: 'b' }).touch(0, 560 * MiB); // needs ~60 MiB + min
    expect(m.counters().Cached).toBeLessThan(100 * MiB);
    expect(a.counters().LazyFree).toBe(400 * MiB);
    expect(a.stateAt(0)).toBe(PageState.LAZY_CLEAN);
  });
});
