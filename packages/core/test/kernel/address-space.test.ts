/**
 * One test per transition of kernel §0, each citing the measurement or source it
 * follows; then madvise by kernel version, costs (kernel §5.1) and input validation.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.js';
import { PageState } from '../../src/kernel/types.js';
import { GiB, KiB, MiB, TiB } from '../../src/units.js';
import { isScavsimError } from '../../src/errors.js';

const PAGE = 4096;

function setup(kernel = '6.18.44', swapTotal: number | string = 0) {
  // 1 GiB of page cache, as on any running machine: file_lru/2 already exceeds the low
  // watermark, so si_mem_available's min(file_lru/2, low) term is saturated (kernel §3.1).
  const machine = new Machine({ memTotal: 8 * GiB, kernel, swapTotal, pageCache: GiB });
  const cg = machine.createCgroup({ name: 'probe', limit: 4 * GiB });
  const a = machine.createProcess({ name: 'a', cgroup: cg });
  return { machine, cg, a };
}

/** Two processes sharing a 16 MiB cgroup: what one writes can push the other's lazy pages out. */
function pairUnderLimit() {
  const machine = new Machine({ memTotal: 8 * GiB });
  const cg = machine.createCgroup({ name: 'c', limit: 16 * MiB });
  const a = machine.createProcess({ name: 'a', cgroup: cg });
  const b = machine.createProcess({ name: 'b', cgroup: cg });
  return { machine, cg, a, b };
}

describe('page transitions (kernel §0, 4.12+)', () => {
  it('ABSENT –write→ RESIDENT takes one minor fault per page and charges the memcg [M-1 B, M-3]', () => {
    const { a, cg } = setup();
    const r = a.touch(0, 256 * KiB);
    expect(r.faults).toBe(64);
    expect(a.stateAt(0)).toBe(PageState.RESIDENT);
    expect(a.counters().VmRSS).toBe(256 * KiB);
    expect(cg.counters().usage).toBe(256 * KiB);
    expect(r.costNs).toBeCloseTo(64 * 1900); // ~1.9 µs per reuse fault (kernel §5.1)
  });

  it('RESIDENT –DONTNEED→ ABSENT drops RSS and memcg usage during the call [kernel §1, M-1 F, M-2 dontneed]', () => {
    const { a, cg, machine } = setup();
    a.touch(0, 64 * MiB);
    const anonBefore = machine.counters().AnonPages;
    const r = a.madvise(0, 64 * MiB, 'MADV_DONTNEED');
    expect(r).toMatchObject({ errno: 0, applied: 'MADV_DONTNEED', pages: 16384 });
    expect(a.stateAt(0)).toBe(PageState.ABSENT);
    expect(a.counters().VmRSS).toBe(0);
    expect(cg.counters().usage).toBe(0);
    expect(anonBefore - machine.counters().AnonPages).toBe(64 * MiB);
  });

  it('RESIDENT –FREE→ LAZY_CLEAN keeps RSS and usage, moves the pages to inactive_file [M-1 C, M-2]', () => {
    const { a, cg, machine } = setup();
    a.touch(0, 256 * MiB);
    const before = machine.counters();
    const r = a.madvise(0, 256 * MiB, 'MADV_FREE');
    const after = machine.counters();
    const c = a.counters();
    expect(r).toMatchObject({ errno: 0, applied: 'MADV_FREE', pages: 65536 });
    expect(a.stateAt(0)).toBe(PageState.LAZY_CLEAN);
    expect(c.VmRSS).toBe(256 * MiB); // VmRSS, RssAnon unchanged
    expect(c.LazyFree).toBe(256 * MiB); // +262 144 kB (the model has no pagevec lag)
    expect(c.Private_Dirty).toBe(0); // Dirty → Clean [M-6]
    expect(c.Private_Clean).toBe(256 * MiB);
    expect(after.AnonPages).toBe(before.AnonPages); // AnonPages 0 change
    expect(after['Inactive(file)'] - before['Inactive(file)']).toBe(256 * MiB);
    expect(after.MemAvailable - before.MemAvailable).toBe(256 * MiB); // MemAvailable +size
    expect(after.MemFree).toBe(before.MemFree);
    expect(after.pglazyfree - before.pglazyfree).toBe(65536);
    const s = cg.counters();
    expect(s.usage).toBe(256 * MiB); // usage_in_bytes, rss unchanged [M-2]
    expect(s.rss).toBe(256 * MiB);
    expect(s.inactive_file).toBe(256 * MiB);
    expect(s.working_set).toBe(0); // cAdvisor working set 385 → 1 MiB [M-2]
  });

  it('LAZY_CLEAN –read→ LAZY_CLEAN: no fault, LazyFree unchanged [M-1 D]', () => {
    const { a } = setup();
    a.touch(0, MiB);
    a.madvise(0, MiB, 'MADV_FREE');
    const r = a.read(0, MiB);
    expect(r.faults).toBe(0);
    expect(a.stateAt(0)).toBe(PageState.LAZY_CLEAN);
    expect(a.counters().LazyFree).toBe(MiB);
  });

  it('LAZY_CLEAN –write→ LAZY_REDIRTIED: no fault, LazyFree falls, RSS and Inactive(file) do not [M-1 E, M-5]', () => {
    const { a, machine } = setup();
    a.touch(0, 256 * MiB);
    a.madvise(0, 256 * MiB, 'MADV_FREE');
    const inactiveFile = machine.counters()['Inactive(file)'];
    const r = a.touch(0, 64 * MiB);
    expect(r.faults).toBe(0);
    expect(a.stateAt(0)).toBe(PageState.LAZY_REDIRTIED);
    expect(a.counters().LazyFree).toBe(192 * MiB); // −65 536 kB exactly
    expect(a.counters().VmRSS).toBe(256 * MiB);
    expect(machine.counters()['Inactive(file)']).toBe(inactiveFile);
    expect(r.costNs).toBeCloseTo(16384 * 450); // 415–460 ns per page A/D-bit update (kernel §2.4)
  });

  it('LAZY_CLEAN –reclaim→ ABSENT: RSS and usage fall by the page, pglazyfreed +1 [M-2]', () => {
    const { machine, cg, a, b } = pairUnderLimit();
    a.touch(0, 12 * MiB);
    a.madvise(0, 12 * MiB, 'MADV_FREE');
    b.touch(0, 8 * MiB); // needs 4 MiB more than the limit allows
    const reclaimed = machine.counters().pglazyfreed;
    expect(reclaimed).toBeGreaterThanOrEqual(1024);
    expect(a.counters().VmRSS).toBe(12 * MiB - reclaimed * PAGE);
    expect(a.stateAt(0)).toBe(PageState.ABSENT); // oldest pages go first
    expect(cg.counters().usage).toBeLessThanOrEqual(16 * MiB);
  });

  it('LAZY_REDIRTIED –reclaim scan→ RESIDENT, never discarded [kernel §2.5, M-2 free_redirty128]', () => {
    const { machine, cg, a, b } = pairUnderLimit();
    a.touch(0, 12 * MiB);
    a.madvise(0, 12 * MiB, 'MADV_FREE');
    a.touch(0, 4 * MiB); // first third re-dirtied: the oldest pages on the list
    b.touch(0, 8 * MiB);
    expect(a.stateAt(0)).toBe(PageState.RESIDENT);
    expect(a.stateAt(4 * MiB - PAGE)).toBe(PageState.RESIDENT);
    expect(a.stateAt(4 * MiB)).toBe(PageState.ABSENT);
    expect(a.counters().RssAnon).toBeGreaterThanOrEqual(4 * MiB);
  });

  it('ABSENT –read→ ABSENT: a zero-page fault, RSS unchanged [M-1 F]', () => {
    const { a } = setup();
    const r = a.read(0, 256 * KiB);
    expect(r.faults).toBe(64);
    expect(r.costNs).toBeCloseTo(64 * 900);
    expect(a.counters().VmRSS).toBe(0);
    expect(a.stateAt(0)).toBe(PageState.ABSENT);
  });

  it('LAZY_* –DONTNEED→ ABSENT uncharges lazily freed pages too [kernel §1]', () => {
    const { a, cg } = setup();
    a.touch(0, 2 * MiB);
    a.madvise(0, 2 * MiB, 'MADV_FREE');
    a.touch(0, MiB);
    const r = a.madvise(0, 2 * MiB, 'MADV_DONTNEED');
    expect(r.pages).toBe(512);
    expect(a.counters()).toMatchObject({ VmRSS: 0, LazyFree: 0 });
    expect(cg.counters()).toMatchObject({ usage: 0, inactive_file: 0 });
  });

  it('LAZY_REDIRTIED –FREE→ LAZY_CLEAN keeps its old LRU position (mm/swap.c folio_mark_lazyfree: !swapbacked, no move)', () => {
    const { machine, cg, a, b } = pairUnderLimit();
    a.touch(0, 8 * MiB);
    a.madvise(0, 4 * MiB, 'MADV_FREE'); // older run X
    a.madvise(4 * MiB, 4 * MiB, 'MADV_FREE'); // newer run Y
    a.touch(0, 4 * MiB); // X redirtied
    const pglazyfree = cg.counters().pglazyfree;
    a.madvise(0, 4 * MiB, 'MADV_FREE'); // X clean again, still older than Y
    expect(cg.counters().pglazyfree).toBe(pglazyfree); // not counted again
    b.touch(0, 10 * MiB); // needs 2 MiB of reclaim
    expect(a.stateAt(0)).toBe(PageState.ABSENT);
    expect(a.stateAt(8 * MiB - PAGE)).toBe(PageState.LAZY_CLEAN);
  });
});

describe('LRU position of pages freed more than once', () => {
  it('a page DONTNEED\'d, re-touched and freed again belongs to its newest run only (reclaimed after younger runs)', () => {
    const { machine, cg, a, b } = pairUnderLimit();
    a.touch(0, 8 * MiB);
    a.madvise(0, 4 * MiB, 'MADV_FREE'); // run 1: X = [0, 4 MiB)
    a.madvise(4 * MiB, 4 * MiB, 'MADV_FREE'); // run 2: Y = [4, 8 MiB)
    a.madvise(0, 4 * MiB, 'MADV_DONTNEED');
    a.touch(0, 4 * MiB);
    a.madvise(0, 4 * MiB, 'MADV_FREE'); // run 3: X again, now the youngest
    b.touch(0, 10 * MiB); // needs 2 MiB: must come from Y (run 2), not from X via stale run 1
    expect(a.stateAt(4 * MiB)).toBe(PageState.ABSENT);
    expect(a.stateAt(0)).toBe(PageState.LAZY_CLEAN);
    expect(a.counters().LazyFree).toBe(8 * MiB - machine.counters().pglazyfreed * PAGE);
  });
});

describe('madvise by kernel version (kernel §2.1, kernel §6)', () => {
  it('4.4: MADV_FREE fails with EINVAL and changes nothing', () => {
    const { a } = setup('4.4.0-210-generic');
    a.touch(0, MiB);
    const r = a.madvise(0, MiB, 'MADV_FREE');
    expect(r).toMatchObject({ errno: 'EINVAL', applied: null, pages: 0 });
    expect(a.stateAt(0)).toBe(PageState.RESIDENT);
    expect(a.counters().VmRSS).toBe(MiB);
  });

  it('4.9 without swap: MADV_FREE is applied as MADV_DONTNEED', () => {
    const { a } = setup('4.9');
    a.touch(0, MiB);
    const r = a.madvise(0, MiB, 'MADV_FREE');
    expect(r).toMatchObject({ errno: 0, applied: 'MADV_DONTNEED', pages: 256 });
    expect(a.counters().VmRSS).toBe(0);
  });

  it('4.9 with swap: MADV_FREE frees lazily', () => {
    const { a } = setup('4.9', 2 * GiB);
    a.touch(0, MiB);
    const r = a.madvise(0, MiB, 'MADV_FREE');
    expect(r.applied).toBe('MADV_FREE');
    expect(a.counters()).toMatchObject({ VmRSS: MiB, LazyFree: MiB });
  });

  it('4.14 without swap: MADV_FREE frees lazily', () => {
    const { a } = setup('4.14');
    a.touch(0, MiB);
    expect(a.madvise(0, MiB, 'MADV_FREE').applied).toBe('MADV_FREE');
    expect(a.stateAt(0)).toBe(PageState.LAZY_CLEAN);
  });

  it('DONTNEED works on every kernel', () => {
    const { a } = setup('3.10.0-1160.el7.x86_64');
    a.touch(0, MiB);
    expect(a.madvise(0, MiB, 'MADV_DONTNEED')).toMatchObject({ errno: 0, applied: 'MADV_DONTNEED', pages: 256 });
  });
});

describe('madvise arguments', () => {
  it('returns EINVAL for an offset that is not page-aligned [M-1 H] and changes nothing', () => {
    const { a } = setup();
    a.touch(0, MiB);
    expect(a.madvise(100, PAGE, 'MADV_DONTNEED').errno).toBe('EINVAL');
    expect(a.counters().VmRSS).toBe(MiB);
  });

  it('rounds the length up to whole pages', () => {
    const { a } = setup();
    a.touch(0, 4 * PAGE);
    const r = a.madvise(0, PAGE + 1, 'MADV_DONTNEED');
    expect(r.pages).toBe(2);
    expect(a.stateAt(PAGE)).toBe(PageState.ABSENT);
    expect(a.stateAt(2 * PAGE)).toBe(PageState.RESIDENT);
  });

  it('throws E_RANGE for a negative offset or length', () => {
    const { a } = setup();
    for (const f of [() => a.touch(-1, 1), () => a.madvise(0, -4096, 'MADV_FREE'), () => a.read(0.5, 1)]) {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(isScavsimError(e, 'E_RANGE')).toBe(true);
      }
    }
  });

  it('rejects unknown advice with a typed error', () => {
    const { a } = setup();
    expect(() => a.madvise(0, PAGE, 'MADV_COLD' as never)).toThrowError(expect.objectContaining({ code: 'E_RANGE', field: 'advice' }));
  });
});

describe('madvise costs (kernel §5.1 fitted model)', () => {
  it.each([
    { advice: 'MADV_DONTNEED' as const, fit: '1.4 µs + 16·380 ns', expected: 1400 + 16 * 380, lo: 7000, hi: 8100 },
    { advice: 'MADV_FREE' as const, fit: '1.15 µs + 16·185 ns', expected: 1150 + 16 * 185, lo: 3900, hi: 4300 },
  ])('a 64 KiB $advice costs $fit, inside the measured $lo–$hi ns', ({ advice, expected, lo, hi }) => {
    const { a } = setup();
    a.touch(0, 64 * KiB);
    const ns = a.madvise(0, 64 * KiB, advice).costNs;
    expect(ns).toBeCloseTo(expected);
    expect(ns).toBeGreaterThanOrEqual(lo);
    expect(ns).toBeLessThanOrEqual(hi);
  });

  it('large calls use the per-page slopes above the 33-page knee (n·152 ns and n·38 ns + 3 µs)', () => {
    const { a } = setup();
    a.touch(0, 4 * MiB);
    expect(a.madvise(0, 2 * MiB, 'MADV_DONTNEED').costNs).toBeCloseTo(512 * 152 + 3000);
    expect(a.madvise(2 * MiB, 2 * MiB, 'MADV_FREE').costNs).toBeCloseTo(512 * 38 + 3000);
  });

  it('cost constants can be overridden through the machine config', () => {
    const machine = new Machine({ memTotal: GiB, costs: { faultNsPerPage: 1000 } });
    const p = machine.createProcess({ name: 'p' });
    expect(p.touch(0, 10 * PAGE).costNs).toBe(10_000);
    expect(() => new Machine({ memTotal: GiB, costs: { nope: 1 } as never })).toThrowError(expect.objectContaining({ code: 'E_UNKNOWN_NAME' }));
  });
});

describe('sparse storage', () => {
  it('a page at 1 TiB costs one block, and a madvise over the empty terabyte in between is cheap', () => {
    const machine = new Machine({ memTotal: 8 * GiB });
    const p = machine.createProcess({ name: 'p' });
    p.touch(0, PAGE);
    p.touch(TiB, PAGE);
    expect(p.counters().VmRSS).toBe(2 * PAGE);
    const r = p.madvise(0, TiB + PAGE, 'MADV_DONTNEED');
    expect(r.pages).toBe(2);
    expect(p.counters().VmRSS).toBe(0);
  });
});

describe('process exit', () => {
  it('frees and uncharges every page, lazily freed ones included', () => {
    const { a, cg, machine } = setup();
    const free0 = machine.counters().MemFree;
    a.touch(0, 8 * MiB);
    a.madvise(0, 4 * MiB, 'MADV_FREE');
    a.exit();
    expect(cg.counters()).toMatchObject({ usage: 0, inactive_file: 0, rss: 0 });
    expect(machine.counters().MemFree).toBe(free0);
    expect(a.touch(0, PAGE).faults).toBe(0); // later calls are no-ops
  });
});
