/**
 * The heap's huge-page madvise calls per Go version (runtime/scavenger/thp-advice.ts, go §2.3),
 * recorded from a memory that only logs them, and the end-to-end effect on a simulated run:
 * a Go ≤ 1.20 process writing 64 MiB objects gets huge pages on a `madvise` machine, a
 * 1.21.4+ one does not (the fidelity traces: 496 MiB vs 0–2 MiB).
 */
import { describe, expect, it } from 'vitest';
import { HeapHugePageAdvice } from '../../../src/runtime/scavenger/thp-advice.js';
import type { HugePageAdvice, ProcessMemory } from '../../../src/kernel/types.js';
import { simulate } from '../../../src/index.js';
import { MiB } from '../../../src/units.js';

const HUGE = 2 * MiB;
const RT_PAGE = 8192;

/** A memory that records the huge-page calls (the rest is never called by this module). */
function recorder(): { mem: ProcessMemory; calls: [number, number, HugePageAdvice][] } {
  const calls: [number, number, HugePageAdvice][] = [];
  const mem = { pageSize: 4096, hugePageAdvice: (off: number, len: number, a: HugePageAdvice) => { calls.push([off, len, a]); return 0; } } as unknown as ProcessMemory;
  return { mem, calls };
}

describe('≤ 1.20 (go1.19.8 mem_linux.go sysUnusedOS, sysUsedOS, sysHugePageOS)', () => {
  it('sysUsed marks MADV_HUGEPAGE on the whole huge pages inside the span only', () => {
    const { mem, calls } = recorder();
    const hp = new HeapHugePageAdvice(mem, 'nohugepage-release-edges', false);
    // 64 MiB starting 800 KiB in: 31 whole huge pages, from 2 MiB to 64 MiB.
    hp.used(100, (64 * MiB) / RT_PAGE);
    expect(calls).toEqual([[HUGE, 31 * HUGE, 'MADV_HUGEPAGE']]);
    calls.length = 0;
    hp.used(0, 128); // 1 MiB span: no whole huge page
    expect(calls).toEqual([]);
  });

  it('sysUnused marks MADV_NOHUGEPAGE on the unaligned head and tail huge pages (one call when adjacent)', () => {
    const { mem, calls } = recorder();
    const hp = new HeapHugePageAdvice(mem, 'nohugepage-release-edges', false);
    hp.unused(8, 8); // 64 KiB inside huge page 0: head = tail
    expect(calls).toEqual([[0, HUGE, 'MADV_NOHUGEPAGE']]);
    calls.length = 0;
    hp.unused(200, 112); // 1.5625 MiB .. 2.4375 MiB: head 0 and tail 2 MiB are adjacent
    expect(calls).toEqual([[0, 2 * HUGE, 'MADV_NOHUGEPAGE']]);
    calls.length = 0;
    hp.unused(256, 512); // 2 MiB .. 6 MiB, aligned: nothing
    expect(calls).toEqual([]);
    calls.length = 0;
    hp.unused(100, 1000); // 800 KiB .. 8.8 MiB: head 0, tail 8 MiB, two calls
    expect(calls).toEqual([[0, HUGE, 'MADV_NOHUGEPAGE'], [4 * HUGE, HUGE, 'MADV_NOHUGEPAGE']]);
  });
});

describe('1.21', () => {
  it('1.21.0: new memory MADV_HUGEPAGE, a chunk MADV_NOHUGEPAGE before its first release, dense chunks MADV_HUGEPAGE again (D59960)', () => {
    const { mem, calls } = recorder();
    const hp = new HeapHugePageAdvice(mem, 'hugepage-new-nohugepage-before-scavenge', false);
    hp.mapped(0, 512);
    hp.unused(0, 8);
    hp.unused(16, 8); // already marked: no second call
    hp.allocated(0, 500, () => 500);
    expect(calls).toEqual([[0, 4 * MiB, 'MADV_HUGEPAGE'], [0, 4 * MiB, 'MADV_NOHUGEPAGE'], [0, 4 * MiB, 'MADV_HUGEPAGE']]);
  });

  it('1.21.1–1.21.3: MADV_COLLAPSE when an allocation first makes a chunk dense, never for a whole-chunk allocation (go@06df3292 scavengeIndex.alloc)', () => {
    const { mem, calls } = recorder();
    const hp = new HeapHugePageAdvice(mem, 'collapse-dense-chunks', false);
    hp.mapped(0, 1024);
    hp.allocated(0, 496, () => 496); // not above 496: nothing
    hp.allocated(496, 1, () => 497);
    hp.allocated(497, 1, () => 498); // already flagged
    hp.allocated(512, 512, () => 512); // whole chunk: flagged, not collapsed
    expect(calls).toEqual([[0, 4 * MiB, 'MADV_COLLAPSE']]);
  });

  it('1.21.4+: nothing; GODEBUG=disablethp=1: MADV_NOHUGEPAGE at every sysMap (go1.21.12 mem_linux.go sysMapOS)', () => {
    const none = recorder();
    const hp = new HeapHugePageAdvice(none.mem, 'kernel-governed', false);
    expect(hp.active).toBe(false);
    hp.mapped(0, 512);
    hp.used(0, 512);
    hp.unused(3, 5);
    expect(none.calls).toEqual([]);
    const off = recorder();
    new HeapHugePageAdvice(off.mem, 'kernel-governed', true).mapped(512, 512);
    expect(off.calls).toEqual([[4 * MiB, 4 * MiB, 'MADV_NOHUGEPAGE']]);
  });
});

describe('end to end on a madvise machine', () => {
  const run = (go: string, godebug = '', thp: 'madvise' | 'always' = 'madvise') => simulate({
    duration: '3s',
    machine: { memTotal: '8GiB', thp },
    processes: [{
      kind: 'go', name: 'p', go, godebug,
      workload: {
        phases: [{ name: 'alloc', duration: '1s' }, { name: 'idle', duration: '2s' }],
        actions: [{ at: '0.5s', kind: 'hold', name: 'buf', bytes: '64MiB', chunk: '64MiB' }],
      },
    }],
  }).samples.at(-1)!;

  it('Go 1.19 backs a 64 MiB object with huge pages (its whole interior huge pages), Go 1.23 does not', () => {
    expect(run('1.19.8').AnonHugePages).toBe(31 * HUGE);
    expect(run('1.23.5').AnonHugePages).toBe(0);
  });

  it('on an always machine Go 1.23 gets huge pages for its heap, unless GODEBUG=disablethp=1 (non-heap memory still may)', () => {
    const on = run('1.23.5', '', 'always').AnonHugePages!;
    const off = run('1.23.5', 'disablethp=1', 'always').AnonHugePages!;
    expect(on - off).toBeGreaterThanOrEqual(31 * HUGE);
    expect(off).toBeLessThan(8 * MiB);
  });
});
