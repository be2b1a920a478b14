/**
 * The reference model is the oracle of the model-based tests, so its rules are checked here
 * directly against the spec: go-runtime.md go §3.3–3.4 (runtime accounting) and linux-kernel.md
 * go §0–go §2.5 (kernel page states), with numbers worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { runCommandSequence, type PageCommand } from '../support/reference/command-sequence.js';
import { ReferenceModel } from '../support/reference/reference-model.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A model with one 4 MiB chunk and `n` pages allocated and written at page 0. */
function withTouched(n: number, physPageSize = 4096): ReferenceModel {
  const m = new ReferenceModel({ physPageSize });
  m.grow(1);
  const a = m.allocate(n);
  m.touch(a!.base, n);
  return m;
}

describe('ReferenceModel runtime accounting (go §3.3 (4), go §3.4 (4))', () => {
  it('counts freshly grown memory as idle and released, and none of it resident', () => {
    const m = new ReferenceModel();

    m.grow(1);

    expect(m.counters()).toMatchObject({ HeapSys: 4 * MiB, HeapIdle: 4 * MiB, HeapReleased: 4 * MiB, VmRSS: 0 });
  });

  it('reports how many released pages an allocation takes back', () => {
    const m = new ReferenceModel();
    m.grow(1);

    const a = m.allocate(10);

    expect(a).toEqual({ base: 0, scavengedPages: 10 });
    expect(m.counters().HeapReleased).toBe(4 * MiB - 10 * 8 * KiB);
  });

  it('scavenges the highest free pages first', () => {
    const m = withTouched(8);
    m.free(0, 8);

    m.scavenge(2, 'MADV_DONTNEED');

    expect(m.pages.slice(0, 8).map((p) => p.scavenged)).toEqual([false, false, false, false, false, false, true, true]);
  });
});

describe('ReferenceModel kernel states (kernel §0)', () => {
  it('drops RSS at once on MADV_DONTNEED', () => {
    const m = withTouched(4);
    m.free(0, 4);

    m.scavenge(4, 'MADV_DONTNEED');

    expect(m.counters()).toMatchObject({ VmRSS: 0, LazyFree: 0 });
  });

  it('keeps RSS and adds LazyFree on MADV_FREE until reclaim', () => {
    const m = withTouched(4);
    m.free(0, 4);

    m.scavenge(4, 'MADV_FREE');

    expect(m.counters()).toMatchObject({ VmRSS: 32 * KiB, RssAnon: 32 * KiB, LazyFree: 32 * KiB, HeapReleased: 4 * MiB });
  });

  it('cancels the lazy free of a page that is written again, without a fault or RSS change', () => {
    const m = withTouched(4);
    m.free(0, 4);
    m.scavenge(4, 'MADV_FREE');
    m.allocate(4);

    m.touch(0, 1);

    expect(m.counters()).toMatchObject({ VmRSS: 32 * KiB, LazyFree: 24 * KiB });
  });

  it('reclaims clean lazily freed pages oldest first and returns re-dirtied ones to anon without counting them', () => {
    const m = withTouched(4);
    m.free(0, 4);
    m.scavenge(4, 'MADV_FREE'); // one run: OS pages 0..7 queued in ascending order
    m.allocate(1);
    m.touch(0, 1); // OS pages 0, 1 re-dirtied

    const freed = m.reclaim(3);

    expect(freed).toBe(3); // OS pages 2, 3, 4; pages 0 and 1 went back to RESIDENT on the way
    expect(m.counters()).toMatchObject({ VmRSS: 5 * 4 * KiB, LazyFree: 3 * 4 * KiB });
    expect(m.lru).toEqual([5, 6, 7]);
  });

  it('lets a write to an 8 KiB runtime page make a whole 64 KiB OS page resident', () => {
    const m = withTouched(1, 65536);

    expect(m.counters().VmRSS).toBe(64 * KiB);
  });

  it('releases nothing from a 64 KiB-page heap with one live page per OS page', () => {
    const m = new ReferenceModel({ physPageSize: 65536 });
    m.grow(1);
    m.allocate(512);
    for (let p = 0; p < 512; p++) if (p % 8 !== 3) m.free(p, 1);

    const released = m.scavenge(512, 'MADV_FREE');

    expect(released).toBe(0);
  });
});

describe('runCommandSequence', () => {
  it('refers to live allocations by position and skips commands that need one when there is none', () => {
    const commands: PageCommand[] = [
      { kind: 'free', pick: 3 },
      { kind: 'allocate', npages: 2 },
      { kind: 'allocate', npages: 3 },
      { kind: 'free', pick: 2 }, // 2 % 2 = 0: the first allocation
      { kind: 'touch', pick: 0, offset: 10, npages: 10 }, // clipped to the last page of [2, 5)
    ];
    const kinds: string[] = [];

    const out = runCommandSequence(new ReferenceModel(), commands, (_, r) => kinds.push(r.kind));

    expect(kinds).toEqual(['noop', 'allocate', 'allocate', 'free', 'touch']);
    expect(out.live).toEqual([{ base: 2, npages: 3 }]);
    expect(out.counters.VmRSS).toBe(8 * KiB);
  });

  it('grows the heap when an allocation does not fit, as mheap.allocSpan does', () => {
    const steps: unknown[] = [];

    runCommandSequence(new ReferenceModel(), [{ kind: 'allocate', npages: 600 }], (_, r) => steps.push(r));

    expect(steps).toEqual([{ kind: 'allocate', base: 0, scavengedPages: 600, grew: true }]);
  });

  it('rejects an unknown advice with a typed error', () => {
    const bad = [{ kind: 'scavenge', npages: 1, advice: 'MADV_COLD' }] as unknown as PageCommand[];

    expect(() => runCommandSequence(new ReferenceModel(), bad)).toThrowError(expect.objectContaining({ field: 'advice' }));
  });
});
