/**
 * Zone watermarks and MemAvailable (kernel §3.1; watermarks.ts, mm/page_alloc.c), as a machine
 * computes them.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.js';
import { defaultMinFreeKbytes } from '../../src/kernel/watermarks.js';
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

