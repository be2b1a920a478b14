import { describe, expect, it } from 'vitest';
import { MiB, isScavsimError } from '@scavsim/core';
import {
  compareKeyMoments, compareTraces, fidelityPassed, renderComparisonJson, renderComparisonTable, timeTolerance,
} from '../../src/fidelity/compare.js';
import { keyMoments } from '../../src/fidelity/key-moments.js';
import type { Trace, TraceSample } from '../../src/fidelity/trace.js';
import { fixture, fixtureTraces } from './fixtures.js';

const failing = (rows: readonly { figure: string; pass: boolean }[]): string[] => rows.filter((r) => !r.pass).map((r) => r.figure).sort();

/** A copy of `t` with `fn` applied to every sample. */
function mapSamples(t: Trace<unknown>, fn: (s: TraceSample, i: number, all: readonly TraceSample[]) => TraceSample): Trace<unknown> {
  return { header: t.header, samples: t.samples.map(fn), events: t.events };
}

/**
 * A hand-made freeosmemory trace: samples every 100 ms for 22 s, FreeOSMemory returns at
 * 2000 ms, and RSS falls from 532 MiB to 19 MiB `dropAfterMs` after it.
 */
function synthetic(dropAfterMs: number): Trace<unknown> {
  const samples: TraceSample[] = [];
  for (let t = 0; t <= 22000; t += 100) {
    const released = t >= 2000;
    samples.push({
      t_ms: t, phase: released ? 'idle' : 'held',
      VmRSS: t >= 2000 + dropAfterMs ? 19 * MiB : 532 * MiB, LazyFree: 0,
      HeapReleased: released ? 515 * MiB : 0, HeapInuse: released ? 1 * MiB : 513 * MiB,
    });
  }
  return { header: { scenario: 'freeosmemory' }, samples, events: [{ ev: 'freeosmemory_done', t_ms: 2000 }] };
}

describe('a trace compared with itself', () => {
  it.each(fixtureTraces().map((f) => f.name))('%s passes every figure', (name) => {
    const t = fixture(name);

    const rows = compareTraces(t, t);

    expect(failing(rows)).toEqual([]);
    expect(fidelityPassed(rows)).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(19);
  });
});

describe('levels', () => {
  const real = fixture('go1.19.8_madv0_freeosmemory');
  const peak = keyMoments(real).peakRss;
  const bumpLastHeapInuse = (by: number): Trace<unknown> =>
    mapSamples(real, (s, i, all) => (i === all.length - 1 ? { ...s, HeapInuse: (s['HeapInuse'] as number) + by } : s));

  it('fail when a value is off by more than 10% of the real peak RSS, and only that figure fails', () => {
    const rows = compareTraces(real, bumpLastHeapInuse(0.1 * peak + MiB));

    expect(failing(rows)).toEqual(['HeapInuse at end']);
    expect(fidelityPassed(rows)).toBe(false);
  });

  it('pass when a value is off by just under 10% of the real peak RSS', () => {
    const rows = compareTraces(real, bumpLastHeapInuse(0.1 * peak - MiB));

    expect(fidelityPassed(rows)).toBe(true);
  });

  it('tell MADV_FREE from MADV_DONTNEED, while the MemStats figures agree as measured', () => {
    // README: RSS stays at 532 MiB under MADV_FREE and drops to 19 MiB under MADV_DONTNEED, while
    // "MemStats are identical in the two modes".
    const rows = compareTraces(fixture('go1.19.8_madv0_freeosmemory'), fixture('go1.19.8_madv1_freeosmemory'));

    expect(failing(rows)).toEqual(expect.arrayContaining(['RSS right after release', 'LazyFree right after release', 'RSS release +1 s', 'RSS release +10 s', 'RSS at end', 'LazyFree at end', 'RSS < 50% of peak, after release']));
    expect(rows.filter((r) => r.figure.startsWith('HeapReleased') || r.figure.startsWith('HeapInuse')).every((r) => r.pass)).toBe(true);
  });
});

describe('times', () => {
  const real = fixture('go1.19.8_madv1_loadtest');
  const loadEnd = real.events.find((e) => e.ev === 'load_end')!.t_ms;
  /** Everything from 100 s after load end happens `by` ms later. */
  const delayed = (by: number): Trace<unknown> => mapSamples(real, (s) => (s.t_ms > loadEnd + 100_000 ? { ...s, t_ms: s.t_ms + by } : s));

  it('fail when the first forced GC and the release come 30 s late (more than 20% of ~120 s), and no level fails', () => {
    const rows = compareTraces(real, delayed(30_000));

    // The later GCs (+239 s, +359 s) are also 30 s late, but that is within 20% of them. The
    // release start is judged from the GC it followed, which moved with it.
    expect(failing(rows)).toEqual([
      '95% released, after load end', 'RSS < 50% of peak, after release', 'idle GC #1, after load end',
    ]);
  });

  it('judge the release start from the idle GC: 12 s late after an on-time GC fails (within 20% of the ~120 s since the load end)', () => {
    // The GC shows at +118.9 s, the release (+16 MiB) at +120.3 s: move everything after +119.5 s.
    const late = mapSamples(real, (s) => (s.t_ms > loadEnd + 119_500 ? { ...s, t_ms: s.t_ms + 12_000 } : s));
    const rows = compareTraces(real, late);
    expect(failing(rows)).toContain('release starts (HeapReleased +16 MiB), after the idle GC before it');
    expect(rows.find((r) => r.figure === 'idle GC #1, after load end')!.pass).toBe(true);
  });

  it('pass when they come 10 s late (within 20% of ~120 s)', () => {
    expect(failing(compareTraces(real, delayed(10_000)))).toEqual([]);
  });

  it('fail when a GC happens that never happened in reality (a count mismatch and "never" against a time)', () => {
    const shortReal = fixture('go1.19.8_madv1_loadtest90');
    const withGc = mapSamples(shortReal, (s, i, all) => (i === all.length - 1 ? { ...s, NumGC: (s['NumGC'] as number) + 1 } : s));

    expect(failing(compareTraces(shortReal, withGc))).toEqual(['idle GC #1, after load end', 'idle GCs (count)']);
  });

  it('use a 0.5 s floor for times near zero: a drop 0.5 s late passes, 0.6 s late fails', () => {
    expect(timeTolerance(0)).toBe(500);

    const rowsAt = (ms: number) => compareTraces(synthetic(0), synthetic(ms)).find((r) => r.figure === 'RSS < 50% of peak, after release')!;

    expect(rowsAt(500).pass).toBe(true);
    expect(rowsAt(600).pass).toBe(false);
  });

  it('match "never" only with "never"', () => {
    const never = mapSamples(synthetic(0), (s) => ({ ...s, VmRSS: 532 * MiB }));

    const row = (a: Trace<unknown>, b: Trace<unknown>) => compareTraces(a, b).find((r) => r.figure === 'RSS < 50% of peak, after release')!;

    expect(row(never, never)).toMatchObject({ real: null, sim: null, diff: null, pass: true });
    expect(row(synthetic(0), never)).toMatchObject({ real: 0, sim: null, pass: false });
    expect(row(never, synthetic(0)).pass).toBe(false);
  });
});

describe('pressure figures', () => {
  it('fail when the simulated hog never takes A\'s lazily freed memory', () => {
    const real = fixture('go1.19.8_madv0_pressure');
    const hogStart = real.events.find((e) => e.ev === 'hog_started')!.t_ms;
    const before = real.samples.filter((s) => s.t_ms <= hogStart).at(-1)!;
    const untouched = mapSamples(real, (s) => (s.t_ms > hogStart ? { ...s, VmRSS: before['VmRSS'] as number, LazyFree: before['LazyFree'] as number } : s));

    expect(failing(compareTraces(real, untouched))).toEqual(expect.arrayContaining([
      'A: RSS fell > 16 MiB, after hog start', 'A: lowest RSS while hog runs', 'RSS release +10 s',
    ]));
  });
});

describe('comparing different scenarios', () => {
  it('is a ScavsimError naming sim.scenario', () => {
    const err = (() => {
      try {
        compareKeyMoments(keyMoments(fixture('go1.19.8_madv0_freeosmemory')), keyMoments(fixture('go1.19.8_madv0_pressure')));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isScavsimError(err, 'E_CONFLICT') && err.field).toBe('sim.scenario');
  });
});

describe('rendering', () => {
  const rows = compareTraces(fixture('go1.19.8_madv0_freeosmemory'), fixture('go1.19.8_madv1_freeosmemory'));

  it('aligns the text table and marks failures', () => {
    const lines = renderComparisonTable(rows).split('\n');
    const tableLines = lines.slice(0, rows.length + 2);

    expect(new Set(tableLines.map((l) => l.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^figure\s+real\s+sim\s+diff\s+tolerance\s+pass$/);
    expect(tableLines.filter((l) => l.endsWith('FAIL')).length).toBe(rows.filter((r) => !r.pass).length);
    expect(lines.at(-1)).toMatch(/outside tolerance/);
  });

  it('prints levels in MiB (the real peak reads as the README\'s 532 MiB) and times in s', () => {
    const table = renderComparisonTable(rows);
    const peak = /^peak RSS\s+(\d+\.\d) MiB/m.exec(table)!;

    expect(Math.round(Number(peak[1]))).toBe(532);
    expect(table).toMatch(/RSS < 50% of peak, after release\s+never\s+0\.0 s/);
  });

  it('gives JSON with the verdict, one row per figure and the units', () => {
    const json = JSON.parse(renderComparisonJson(rows));

    expect(json.passed).toBe(false);
    expect(json.rows.length).toBe(rows.length);
    expect(json.rows[0]).toMatchObject({ figure: 'peak RSS', kind: 'level', unit: 'bytes' });
  });
});
