/**
 * Machine-wide behaviour: watermarks (kernel §3.1), kswapd, direct reclaim,
 * the global OOM killer, MemAvailable, and config validation.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.js';
import { defaultMinFreeKbytes } from '../../src/kernel/watermarks.js';
import { PageState } from '../../src/kernel/types.js';
import { GiB, MiB, TiB } from '../../src/units.js';

const PAGE = 4096;

describe('watermarks (kernel §3.1, mm/page_alloc.c)', () => {
  it('reproduces the measured Normal zone: min 10 405, managed 1 245 184 → low 13 006, high 15 607 [M-wmark]', () => {
    const m = new Machine({ memTotal: 1_245_184 * PAGE, minFreeKbytes: 10_405 * 4 });
    expect(m.watermarks).toEqual({ min: 10_405, low: 13_006, high: 15_607 });
  });

  it.each([
    [64 * MiB, 1024],
    [256 * MiB, 2048],
    [GiB, 4096],
    [4 * GiB, 8192],
    [16 * GiB, 16384],
  ])('defaults min_free_kbytes for %i bytes to %i kB (table in calculate_min_free_kbytes)', (bytes, kb) => {
    expect(defaultMinFreeKbytes(bytes / 1024)).toBe(kb);
    expect(new Machine({ memTotal: bytes }).minFreeKbytes).toBe(kb);
  });

  it('clamps min_free_kbytes to [128, 262144]', () => {
    expect(defaultMinFreeKbytes(16)).toBe(128);
    expect(defaultMinFreeKbytes((8 * TiB) / 1024)).toBe(262_144);
  });

  it('uses watermark_scale_factor when it exceeds min/4: 1 GiB → min 1024, gap max(256, 262) = 262', () => {
    expect(new Machine({ memTotal: GiB }).watermarks).toEqual({ min: 1024, low: 1286, high: 1548 });
  });
});

describe('global reclaim', () => {
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

  it('kills the process with the largest RSS when nothing is reclaimable (global OOM)', () => {
    const m = new Machine({ memTotal: GiB });
    const a = m.createProcess({ name: 'a' });
    a.touch(0, 900 * MiB);
    const b = m.createProcess({ name: 'b' });
    const r = b.touch(0, 200 * MiB);
    expect(a.killed).toBe(true);
    expect(r.oomKilled).toBe(false);
    expect(b.counters().VmRSS).toBe(200 * MiB);
    expect(m.counters().oom_kill).toBe(1);
    expect(m.drainEvents()).toContainEqual({ kind: 'oom', scope: 'global', victim: 'a', pid: a.pid, rssBytes: 900 * MiB });
  });

  it('kills the allocator itself when it is the largest, and reports it', () => {
    const m = new Machine({ memTotal: GiB });
    const a = m.createProcess({ name: 'a' });
    a.touch(0, 100 * MiB);
    const b = m.createProcess({ name: 'b' });
    const r = b.touch(0, 2 * GiB);
    expect(r.oomKilled).toBe(true);
    expect(b.killed).toBe(true);
    expect(a.killed).toBe(false);
    expect(m.counters().AnonPages).toBe(100 * MiB);
  });
});

describe('MemAvailable (si_mem_available, kernel §3.1)', () => {
  it('= free − high + file_lru − min(file_lru/2, low), lazily freed pages counted as file [M-1 C]', () => {
    const m = new Machine({ memTotal: GiB });
    expect(m.counters().MemAvailable).toBe((262_144 - 1548) * PAGE);
    const a = m.createProcess({ name: 'a' });
    a.touch(0, 100 * MiB);
    a.madvise(0, 100 * MiB, 'MADV_FREE');
    const file = 25_600;
    expect(m.counters().MemAvailable).toBe((262_144 - file - 1548 + file - Math.min(file / 2, 1286)) * PAGE);
  });
});

describe('page sizes', () => {
  it('counts 64 KiB pages on a 64 KiB-page kernel', () => {
    const m = new Machine({ memTotal: GiB, pageSize: 65536 });
    const p = m.createProcess({ name: 'p' });
    expect(p.touch(0, MiB).faults).toBe(16);
    expect(p.madvise(0, 65536 + 1, 'MADV_DONTNEED').pages).toBe(2);
    expect(p.madvise(4096, 65536, 'MADV_DONTNEED').errno).toBe('EINVAL');
  });
});

describe('machine config validation', () => {
  it.each([
    [{ memTotal: GiB, pageSize: 3000 }, 'E_RANGE', 'machine.pageSize'],
    [{ memTotal: GiB, kernel: 'banana' }, 'E_PARSE', 'machine.kernel'],
    [{ memTotal: 'a lot' }, 'E_PARSE', 'machine.memTotal'],
    [{ memTotal: GiB, otherUsed: 2 * GiB }, 'E_CONFLICT', 'machine.otherUsed'],
    [{ memTotal: GiB, watermarkScaleFactor: 0 }, 'E_RANGE', 'machine.watermarkScaleFactor'],
    [{ memTotal: 4096 }, 'E_RANGE', 'machine.memTotal'],
  ])('rejects %j with %s on %s', (cfg, code, field) => {
    expect(() => new Machine(cfg as never)).toThrowError(expect.objectContaining({ code, field }));
  });

  it('rejects unknown and duplicate cgroups and bad process names', () => {
    const m = new Machine({ memTotal: GiB });
    m.createCgroup({ name: 'c' });
    expect(() => m.createCgroup({ name: 'c' })).toThrowError(expect.objectContaining({ code: 'E_CONFLICT' }));
    expect(() => m.createProcess({ name: 'p', cgroup: 'nope' })).toThrowError(expect.objectContaining({ code: 'E_UNKNOWN_NAME' }));
    expect(() => m.createProcess({ name: '' })).toThrowError(expect.objectContaining({ code: 'E_TYPE', field: 'process.name' }));
  });

  it('counts file RSS in VmRSS but not in the memcg', () => {
    const m = new Machine({ memTotal: GiB });
    const cg = m.createCgroup({ name: 'c' });
    const p = m.createProcess({ name: 'p', cgroup: cg, fileRss: 2 * MiB });
    expect(p.counters()).toMatchObject({ VmRSS: 2 * MiB, RssFile: 2 * MiB, RssAnon: 0 });
    expect(cg.counters().usage).toBe(0);
  });
});
