/**
 * The key moments of every real trace equal the figures the probe's own `analyze.py` printed
 * (test/fixtures/traces/key-figures.md, copied from the probe README's "All traces",
 * "Loadtest idle phase", "Pressure" and "which idle GC" tables). Those numbers were computed
 * independently, in Python, from the same files; the only slack allowed is their printed
 * rounding (1 MiB as %.0f, 0.1 s as %.1f).
 */
import { describe, expect, it } from 'vitest';
import { isScavsimError } from '@scavsim/core';
import { keyMoments, releasePoint, scenarioKindOf } from '../../src/fidelity/key-moments.js';
import type { Trace } from '../../src/fidelity/trace.js';
import { fixture, matchesMiB, matchesSecs, mibCell, referenceTables, secsCell } from './fixtures.js';
import type { RefTable } from './fixtures.js';

const tables = referenceTables();
function table(prefix: string): RefTable {
  const key = [...tables.keys()].find((k) => k.startsWith(prefix));
  if (!key) throw new Error(`key-figures.md has no table "${prefix}"`);
  return tables.get(key)!;
}
function cell(t: RefTable, row: readonly string[], column: string): string {
  const i = t.columns.indexOf(column);
  if (i < 0) throw new Error(`no column ${column}`);
  return row[i]!;
}
/** "1139 / 50" → [1139, 50]; "-" → [null, null]. */
function pairCell(c: string): [number | null, number | null] {
  if (c === '-') return [null, null];
  const [a, b] = c.split(' / ');
  return [mibCell(a!), mibCell(b!)];
}

const all = table('All traces');
const idle = table('Loadtest idle phase');
const pressure = table('Pressure');
const which = table('Loadtest: which idle GC');

describe('key moments against the All traces table of analyze.py', () => {
  it('covers every fixture trace', () => {
    expect(all.rows.size).toBe(32);
  });

  it.each([...all.rows.keys()])('%s: peak, release, +1 s, +10 s, end, LazyFree, THP and the 50%% time match', (name) => {
    const row = all.rows.get(name)!;
    const c = (col: string): string => cell(all, row, col);

    const k = keyMoments(fixture(name));

    const endM = /^(\d+) \(\+(\d+\.\d) s\)$/.exec(c('RSS end (t)'))!;
    const actual = {
      peak: matchesMiB(k.peakRss, mibCell(c('peak RSS'))),
      release: matchesMiB(k.atRelease.VmRSS, mibCell(c('RSS at release'))),
      plus1: matchesMiB(k.plus1s.VmRSS, mibCell(c('RSS +1 s'))),
      plus10: matchesMiB(k.plus10s.VmRSS, mibCell(c('RSS +10 s'))),
      end: matchesMiB(k.end.VmRSS, Number(endM[1])),
      endT: matchesSecs(k.end.t_ms, Number(endM[2])),
      releasedEnd: matchesMiB(k.end.HeapReleased, mibCell(c('HeapReleased end'))),
      lazyPeak: matchesMiB(k.lazyFreePeak, mibCell(c('LazyFree peak'))),
      lazyEnd: matchesMiB(k.end.LazyFree, mibCell(c('LazyFree end'))),
      thpPeak: matchesMiB(k.anonHugePagesPeak, mibCell(c('AnonHugePages peak'))),
      half: matchesSecs(k.rssBelowHalfPeakMs, secsCell(c('RSS < 50% peak after'))),
    };
    expect(actual).toEqual(Object.fromEntries(Object.keys(actual).map((key) => [key, true])));
  });
});

describe('loadtest moments against the Loadtest idle phase table of analyze.py', () => {
  it.each([...idle.rows.keys()])('%s: idle levels, idle GCs and release timing match', (name) => {
    const row = idle.rows.get(name)!;
    const c = (col: string): string => cell(idle, row, col);

    const l = keyMoments(fixture(name)).loadtest!;

    for (const col of idle.columns.filter((x) => /^\+\d+ s$/.test(x))) {
      const offset = Number(col.slice(1, -2));
      const o = l.idleOffsets.find((x) => x.offsetS === offset)!;
      const [rss, rel] = pairCell(c(col));
      expect({ col, rss: matchesMiB(o.VmRSS, rss), rel: matchesMiB(o.HeapReleased, rel) }).toEqual({ col, rss: true, rel: true });
    }
    const gcs = c('GCs during idle at (s)') === 'none' ? [] : c('GCs during idle at (s)').split(', ').map(Number);
    expect(l.idleGcsMs.length).toBe(gcs.length);
    gcs.forEach((g, i) => expect(matchesSecs(l.idleGcsMs[i]!, g)).toBe(true));
    expect(matchesSecs(l.releaseStartMs, secsCell(c('first HeapReleased +16 MiB')))).toBe(true);
    expect(matchesSecs(l.gcToReleaseMs, secsCell(c('1st idle GC -> release starts')))).toBe(true);
    expect(matchesSecs(l.releaseDurationMs, secsCell(c('release duration (to 95%)')))).toBe(true);
    const rate = c('approx. rate MiB/s');
    if (rate === '-') expect(l.releaseRateMiBps).toBeNull();
    else expect(Math.abs(l.releaseRateMiBps! - Number(rate))).toBeLessThanOrEqual(0.5 + 1e-9);
  });
});

describe('loadtest moments against the which-idle-GC table of analyze.py', () => {
  it.each([...which.rows.keys()])('%s: load phase and the GC the release followed match', (name) => {
    const row = which.rows.get(name)!;
    const c = (col: string): string => cell(which, row, col);

    const l = keyMoments(fixture(name)).loadtest!;

    expect(l.load!.gcs).toBe(Number(c('GCs during load')));
    const [peakRss, peakMapped] = pairCell(c('load: peak RSS / peak mapped'));
    expect(matchesMiB(l.load!.peakRss, peakRss)).toBe(true);
    expect(matchesMiB(l.load!.peakMapped, peakMapped)).toBe(true);
    expect(matchesMiB(l.load!.heapReleasedAtEnd, mibCell(c('HeapReleased at load end')))).toBe(true);
    const gc = /^#(\d+) \((\d+\.\d) s\)$/.exec(c('after idle GC # (at)'));
    if (gc === null) {
      expect(l.releaseAfterGc).toBeNull();
    } else {
      expect(l.releaseAfterGc!.index).toBe(Number(gc[1]));
      expect(matchesSecs(l.releaseAfterGc!.gcMs, Number(gc[2]))).toBe(true);
      expect(matchesSecs(l.releaseAfterGc!.delayMs, secsCell(c('delay')))).toBe(true);
    }
    expect(matchesSecs(l.released95Ms, secsCell(c('95% released at')))).toBe(true);
  });
});

describe('pressure moments against the Pressure table of analyze.py', () => {
  it.each([...pressure.rows.keys()])('%s: A before, lowest A and when, LazyFree drop, hog and cgroup peaks match', (name) => {
    const row = pressure.rows.get(name)!;
    const c = (col: string): string => cell(pressure, row, col);

    const p = keyMoments(fixture(name)).pressure!;

    const min = /^(\d+) \((\d+\.\d) s\)$/.exec(c('A RSS min (at)'))!;
    const first = (col: string): number | null => secsCell(c(col).split(' (')[0]!);
    expect({
      before: matchesMiB(p.rssBefore, mibCell(c('A RSS before hog'))),
      lazyBefore: matchesMiB(p.lazyFreeBefore, mibCell(c('A LazyFree before hog'))),
      drop: matchesSecs(p.lazyFreeDropAtMs, first('first LazyFree drop at (cg usage sample before -> at)')),
      fell: matchesSecs(p.rssFellAtMs, first('A RSS fell >16 MiB at (hog RSS / cg usage then)')),
      min: matchesMiB(p.rssMin, Number(min[1])),
      minAt: matchesSecs(p.rssMinAtMs, Number(min[2])),
      hog: matchesMiB(p.hogMax, mibCell(c('hog max'))),
      cg: matchesMiB(p.cgMax, mibCell(c('cg max'))),
    }).toEqual({ before: true, lazyBefore: true, drop: true, fell: true, min: true, minAt: true, hog: true, cg: true });
  });
});

describe('release point', () => {
  it('is the freeosmemory_done event for freeosmemory traces', () => {
    const t = fixture('go1.19.8_madv0_freeosmemory');
    const done = t.events.find((e) => e.ev === 'freeosmemory_done')!;

    expect(releasePoint(t, 'freeosmemory')).toBe(done.t_ms);
  });

  it('is the load_end event for loadtest traces', () => {
    const t = fixture('go1.19.8_madv1_loadtest');
    const end = t.events.find((e) => e.ev === 'load_end')!;

    expect(releasePoint(t, 'loadtest')).toBe(end.t_ms);
  });

  it('falls back to the idle phase when a trace has only phase events, as a simulated one may', () => {
    const real = fixture('go1.19.8_madv1_pressure');
    const phasesOnly: Trace<unknown> = { header: {}, samples: real.samples, events: real.events.filter((e) => e.ev === 'phase') };

    const k = keyMoments(phasesOnly, 'pressure');

    // The probe starts its idle phase in the millisecond FreeOSMemory returns, and the hog
    // phase when it starts the hog, so every figure is the same.
    expect(k).toEqual(keyMoments(real));
  });

  it('is reported as a ScavsimError when a trace has neither event nor idle phase', () => {
    const real = fixture('go1.19.8_madv1_freeosmemory');
    const noRelease: Trace<unknown> = { header: {}, samples: real.samples.map((s) => ({ ...s, phase: 'start' })), events: [] };

    expect(() => releasePoint(noRelease, 'freeosmemory')).toThrow(expect.objectContaining({ field: 'events' }));
  });
});

describe('A reaching its floor under pressure', () => {
  it.each(['go1.15.15_madv0_pressure', 'go1.19.8_madv0_pressure', 'go1.21.13_madv0_pressure', 'go1.23.5_madv0_pressure', 'go1.26.10_madv0_pressure'])(
    '%s: happens once the hog stops growing, about 10 s after it starts', (name) => {
      // The hog adds 32 MiB every 0.5 s up to 640 MiB: 20 steps, about 10 s (probe README).
      // A falls one-for-one with it, so its floor is reached when the hog's growth ends.
      const p = keyMoments(fixture(name)).pressure!;

      expect(p.rssFloorAtMs).toBeGreaterThanOrEqual(9000);
      expect(p.rssFloorAtMs).toBeLessThanOrEqual(11500);
      expect(p.rssFloorAtMs).toBeLessThanOrEqual(p.rssMinAtMs);
    });
});

describe('right after release', () => {
  it.each(['go1.15.15_madv1_freeosmemory', 'go1.19.8_madv1_freeosmemory', 'go1.19.8_madvdefault_freeosmemory'])(
    '%s: is the first sample after FreeOSMemory, where RSS is already down to 19 MiB', (name) => {
      // Probe README: "madvdontneed=1 (MADV_DONTNEED): RSS is 19 MiB in the first sample after the call".
      const k = keyMoments(fixture(name));

      expect(k.afterRelease.t_ms).toBeGreaterThan(0);
      expect(k.afterRelease.t_ms).toBeLessThanOrEqual(150);
      expect(matchesMiB(k.afterRelease.VmRSS, 19)).toBe(true);
    });

  it('shows MADV_FREE\'s 512 MiB of LazyFree while RSS stays at 532 MiB', () => {
    // Probe README: LazyFree goes from 0 to 512 MiB; VmRSS does not move (532 MiB).
    const k = keyMoments(fixture('go1.19.8_madv0_freeosmemory'));

    expect([matchesMiB(k.afterRelease.LazyFree, 512), matchesMiB(k.afterRelease.VmRSS, 532)]).toEqual([true, true]);
  });
});

describe('scenario kind', () => {
  it('comes from the header, including the loadtest variants', () => {
    expect(scenarioKindOf(fixture('go1.19.8_madv0_loadtest90'))).toBe('loadtest');
    expect(scenarioKindOf(fixture('go1.21.13_madv0_pressure'))).toBe('pressure');
  });

  it('is inferred from events when the header names no probe scenario', () => {
    const real = fixture('go1.19.8_madv0_pressure');

    expect(scenarioKindOf({ header: { scenario: 'incident-go1.15' }, samples: real.samples, events: real.events })).toBe('pressure');
  });

  it('is a ScavsimError naming header.scenario when nothing tells it', () => {
    let err: unknown;
    try {
      scenarioKindOf({ header: { scenario: 'mystery' }, samples: [], events: [] });
    } catch (e) {
      err = e;
    }
    expect(isScavsimError(err, 'E_UNKNOWN_NAME') && err.field).toBe('header.scenario');
  });
});

describe('samples without the fields the analysis needs', () => {
  it('are a ScavsimError naming the sample and the field', () => {
    const real = fixture('go1.19.8_madv0_freeosmemory');
    const samples = real.samples.map((s, i) => (i === 3 ? { ...s, LazyFree: undefined } : s));

    expect(() => keyMoments({ header: real.header, samples, events: real.events })).toThrow(expect.objectContaining({ field: 'samples[3].LazyFree' }));
  });
});
