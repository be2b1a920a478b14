/**
 * Transparent huge pages (kernel/transparent-huge-pages.ts): which faults map a huge page, what
 * MADV_DONTNEED / MADV_FREE over a whole or a partial PMD do (kernel §1, kernel §2.6, the
 * measured "1 MiB of a THP → thp_split_pmd +1, AnonHugePages −2048 kB" [M-1 I]), reclaim of
 * lazily freed huge pages [M-2 free_thp], MADV_COLLAPSE, and a property: AnonHugePages is a
 * multiple of 2 MiB and never exceeds RssAnon.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Machine } from '../../src/kernel/machine.js';
import { PageState } from '../../src/kernel/types.js';
import type { ThpMode } from '../../src/kernel/transparent-huge-pages.js';
import { GiB, KiB, MiB } from '../../src/units.js';
import { isScavsimError } from '../../src/errors.js';

const HUGE = 2 * MiB;

function setup(thp: ThpMode = 'madvise', limit = 4 * GiB, kernel = '6.18.44') {
  const machine = new Machine({ memTotal: 8 * GiB, thp, kernel });
  const cg = machine.createCgroup({ name: 'probe', limit });
  const a = machine.createProcess({ name: 'a', cgroup: cg });
  return { machine, cg, a };
}

/** A process with `n` huge pages written at [0, n × 2 MiB) (madvise mode, MADV_HUGEPAGE first). */
function withHugePages(n: number, limit?: number) {
  const s = setup('madvise', limit);
  s.a.hugePageAdvice(0, n * HUGE, 'MADV_HUGEPAGE');
  s.a.touch(0, n * HUGE);
  return s;
}

describe('faults (mm/huge_memory.c do_huge_pmd_anonymous_page)', () => {
  it('madvise mode: a write into a VM_HUGEPAGE region maps a whole huge page: RSS +2 MiB, one fault', () => {
    const { a, cg } = setup('madvise');
    a.hugePageAdvice(0, HUGE, 'MADV_HUGEPAGE');
    const r = a.touch(4 * KiB, 4 * KiB);
    expect(r.faults).toBe(1);
    expect(a.counters().AnonHugePages).toBe(HUGE);
    expect(a.counters().RssAnon).toBe(HUGE);
    expect(cg.counters().usage).toBe(HUGE);
    expect(a.stateAt(HUGE - 4096)).toBe(PageState.RESIDENT);
  });

  it('madvise mode without MADV_HUGEPAGE, and never mode, fault 4 KiB pages', () => {
    for (const mode of ['madvise', 'never'] as const) {
      const { a } = setup(mode);
      if (mode === 'never') a.hugePageAdvice(0, HUGE, 'MADV_HUGEPAGE');
      a.touch(0, 4 * KiB);
      expect(a.counters().AnonHugePages).toBe(0);
      expect(a.counters().RssAnon).toBe(4 * KiB);
    }
  });

  it('always mode: every empty aligned region faults huge, unless MADV_NOHUGEPAGE', () => {
    const { a } = setup('always');
    a.hugePageAdvice(HUGE, HUGE, 'MADV_NOHUGEPAGE');
    a.touch(0, 4 * KiB);
    a.touch(HUGE, 4 * KiB);
    expect(a.counters().AnonHugePages).toBe(HUGE);
    expect(a.counters().RssAnon).toBe(HUGE + 4 * KiB);
  });

  it('only whole regions qualify: MADV_HUGEPAGE over part of a region gives it no huge page', () => {
    const { a } = setup('madvise');
    a.hugePageAdvice(HUGE / 2, HUGE, 'MADV_HUGEPAGE'); // half of region 0, half of region 1
    a.touch(0, 2 * HUGE);
    expect(a.counters().AnonHugePages).toBe(0);
  });

  it('a region that already has 4 KiB pages keeps faulting 4 KiB pages (no khugepaged)', () => {
    const { a } = setup('madvise');
    a.touch(0, 4 * KiB);
    a.hugePageAdvice(0, HUGE, 'MADV_HUGEPAGE');
    a.touch(HUGE / 2, 4 * KiB);
    expect(a.counters().AnonHugePages).toBe(0);
    expect(a.counters().RssAnon).toBe(8 * KiB);
  });

  it('falls back to 4 KiB pages when the huge page does not fit the cgroup without reclaim', () => {
    const { a } = setup('madvise', 1 * MiB);
    a.hugePageAdvice(0, HUGE, 'MADV_HUGEPAGE');
    a.touch(0, 4 * KiB);
    expect(a.counters().AnonHugePages).toBe(0);
    expect(a.counters().RssAnon).toBe(4 * KiB);
  });
});

describe('MADV_DONTNEED and MADV_FREE over huge pages (kernel §1, kernel §2.6, M-1 I)', () => {
  it('DONTNEED over a whole huge page zaps it without a split', () => {
    const { a, machine } = withHugePages(2);
    a.madvise(0, HUGE, 'MADV_DONTNEED');
    expect(a.counters().AnonHugePages).toBe(HUGE);
    expect(a.counters().RssAnon).toBe(HUGE);
    expect(machine.vmstat().thp_split_pmd).toBe(0);
  });

  it('DONTNEED over 1 MiB of a huge page splits it: thp_split_pmd +1, AnonHugePages −2048 kB, 1 MiB leaves RSS', () => {
    const { a, machine } = withHugePages(1);
    a.madvise(0, MiB, 'MADV_DONTNEED');
    expect(machine.vmstat().thp_split_pmd).toBe(1);
    expect(a.counters().AnonHugePages).toBe(0);
    expect(a.counters().RssAnon).toBe(MiB);
    expect(a.stateAt(MiB)).toBe(PageState.RESIDENT);
  });

  it('FREE over a whole huge page: LazyFree +2048 kB, no split, still a huge page', () => {
    const { a, machine } = withHugePages(1);
    a.madvise(0, HUGE, 'MADV_FREE');
    expect(a.counters().LazyFree).toBe(HUGE);
    expect(a.counters().AnonHugePages).toBe(HUGE);
    expect(machine.vmstat().thp_split_pmd).toBe(0);
  });

  it('FREE over 1 MiB of a huge page: thp_split_pmd +1, AnonHugePages −2048 kB, LazyFree +1 MiB', () => {
    const { a, machine } = withHugePages(1);
    a.madvise(0, MiB, 'MADV_FREE');
    expect(machine.vmstat().thp_split_pmd).toBe(1);
    expect(a.counters().AnonHugePages).toBe(0);
    expect(a.counters().LazyFree).toBe(MiB);
    expect(a.counters().RssAnon).toBe(HUGE);
  });

  it('a whole huge page costs one PMD operation, not 512 PTE ones (kernel §5.1)', () => {
    const { a } = withHugePages(32);
    const dontneed = a.madvise(0, 32 * HUGE, 'MADV_DONTNEED').costNs;
    const small = setup('never');
    small.a.touch(0, 32 * HUGE);
    expect(dontneed * 5).toBeLessThan(small.a.madvise(0, 32 * HUGE, 'MADV_DONTNEED').costNs);
  });

  it('a write into a lazily freed huge page cancels the free of all of it (the PMD is dirty)', () => {
    const { a } = withHugePages(1);
    a.madvise(0, HUGE, 'MADV_FREE');
    a.touch(0, 4 * KiB);
    expect(a.counters().LazyFree).toBe(0);
    expect(a.counters().AnonHugePages).toBe(HUGE);
  });

  it('a huge page zapped whole faults huge again; a split one faults 4 KiB pages', () => {
    const { a } = withHugePages(2);
    a.madvise(0, HUGE, 'MADV_DONTNEED');
    a.madvise(HUGE, MiB, 'MADV_DONTNEED');
    a.touch(0, 4 * KiB);
    a.touch(HUGE, 4 * KiB);
    expect(a.counters().AnonHugePages).toBe(HUGE);
    expect(a.counters().RssAnon).toBe(HUGE + MiB + 4 * KiB);
  });
});

describe('reclaim of lazily freed huge pages [M-2 free_thp]', () => {
  it('discards whole huge pages (pglazyfreed in multiples of 512), each counting one PMD split', () => {
    // 8 huge pages lazily freed in a 20 MiB cgroup; another process then needs 7 MiB.
    const machine = new Machine({ memTotal: 8 * GiB, thp: 'madvise' });
    const cg = machine.createCgroup({ name: 'c', limit: 20 * MiB });
    const a = machine.createProcess({ name: 'a', cgroup: cg });
    const b = machine.createProcess({ name: 'b', cgroup: cg });
    a.hugePageAdvice(0, 8 * HUGE, 'MADV_HUGEPAGE');
    a.touch(0, 8 * HUGE);
    a.madvise(0, 8 * HUGE, 'MADV_FREE');
    b.touch(0, 11 * MiB);
    const vm = machine.vmstat();
    expect(vm.pglazyfreed % 512).toBe(0);
    expect(vm.pglazyfreed).toBeGreaterThan(0);
    expect(vm.thp_split_pmd).toBe(vm.pglazyfreed / 512);
    expect(a.counters().AnonHugePages).toBe(a.counters().LazyFree);
    expect(a.counters().RssAnon % HUGE).toBe(0);
  });
});

describe('MADV_COLLAPSE (mm/khugepaged.c madvise_collapse, 6.1+)', () => {
  it('collapses a region with 4 KiB pages into a huge page now, filling its absent pages', () => {
    const { a } = setup('never');
    a.touch(0, 4 * KiB);
    a.hugePageAdvice(0, HUGE, 'MADV_COLLAPSE');
    expect(a.counters().AnonHugePages).toBe(HUGE);
    expect(a.counters().RssAnon).toBe(HUGE);
  });

  it('is refused by MADV_NOHUGEPAGE, and by kernels before 6.1', () => {
    const s = setup('always');
    s.a.hugePageAdvice(0, 2 * HUGE, 'MADV_NOHUGEPAGE');
    s.a.touch(0, 4 * KiB);
    s.a.hugePageAdvice(0, 2 * HUGE, 'MADV_COLLAPSE');
    expect(s.a.counters().AnonHugePages).toBe(0);
    const old = setup('always', 4 * GiB, '5.15.0');
    old.a.hugePageAdvice(0, 2 * HUGE, 'MADV_NOHUGEPAGE');
    old.a.touch(0, 4 * KiB);
    old.a.hugePageAdvice(0, 2 * HUGE, 'MADV_HUGEPAGE');
    old.a.hugePageAdvice(0, 2 * HUGE, 'MADV_COLLAPSE');
    expect(old.a.counters().AnonHugePages).toBe(0);
  });
});

describe('inputs', () => {
  it('an unknown THP mode is a ScavsimError naming machine.thp', () => {
    try {
      new Machine({ memTotal: GiB, thp: 'sometimes' as ThpMode });
      expect.unreachable();
    } catch (e) {
      expect(isScavsimError(e) && e.field).toBe('machine.thp');
    }
  });

  it('an unknown huge-page advice is a ScavsimError naming advice', () => {
    const { a } = setup();
    expect(() => a.hugePageAdvice(0, HUGE, 'MADV_WHATEVER' as 'MADV_HUGEPAGE')).toThrow(/advice/);
  });
});

describe('property: AnonHugePages is a multiple of 2 MiB and ≤ RssAnon', () => {
  const op = fc.oneof(
    fc.record({ k: fc.constant('touch' as const), off: fc.nat(16 * 512), len: fc.integer({ min: 1, max: 1100 }) }),
    fc.record({ k: fc.constantFrom('MADV_DONTNEED' as const, 'MADV_FREE' as const), off: fc.nat(16 * 512), len: fc.integer({ min: 1, max: 1100 }) }),
    fc.record({ k: fc.constantFrom('MADV_HUGEPAGE' as const, 'MADV_NOHUGEPAGE' as const, 'MADV_COLLAPSE' as const), off: fc.nat(16), len: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ k: fc.constant('pressure' as const), off: fc.constant(0), len: fc.integer({ min: 1, max: 4096 }) }),
  );
  it('holds after any sequence of writes, madvise calls and reclaim, in every mode', () => {
    fc.assert(fc.property(fc.constantFrom<ThpMode>('always', 'madvise', 'never'), fc.array(op, { maxLength: 40 }), (mode, ops) => {
      const machine = new Machine({ memTotal: 8 * GiB, thp: mode });
      const cg = machine.createCgroup({ name: 'c', limit: 48 * MiB });
      const a = machine.createProcess({ name: 'a', cgroup: cg });
      const b = machine.createProcess({ name: 'b', cgroup: cg });
      let bUsed = 0;
      for (const o of ops) {
        if (o.k === 'touch') a.touch(o.off * 4096, o.len * 4096);
        else if (o.k === 'MADV_DONTNEED' || o.k === 'MADV_FREE') a.madvise(o.off * 4096, o.len * 4096, o.k);
        else if (o.k === 'pressure') {
          b.touch(bUsed, o.len * 4096);
          bUsed += o.len * 4096;
        } else a.hugePageAdvice(o.off * HUGE, o.len * HUGE, o.k);
        if (a.killed) return;
        const c = a.counters();
        expect(c.AnonHugePages % HUGE).toBe(0);
        expect(c.AnonHugePages).toBeLessThanOrEqual(c.RssAnon);
      }
    }), { numRuns: 200 });
  });
});
