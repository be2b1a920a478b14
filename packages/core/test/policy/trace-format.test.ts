/**
 * Trace lines against the example lines of go §3 and go §6, which use one
 * illustrative heap (HeapSys 64 MiB, HeapInuse 4 MiB). Layouts follow [go1.11:mheap.go scavenge],
 * [go1.13.4:mgcscavenge.go bgscavenge], printScavTrace in go1.14.13 / go1.15.3 / go1.18 / go1.19.8 /
 * go1.21.12, and the gctrace print in [go1.17.13:mgc.go:1068-1096] / [go1.18:mgc.go:1093-1098].
 */
import { describe, expect, it } from 'vitest';
import { ScavsimError } from '../../src/errors.js';
import { fmtNSAsMS, formatGcTrace, formatScavTrace, formatScvgLines, type GcTraceInput, itoaDiv, parseGoVersion } from '../../src/policy/index.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const v = (s: string) => parseGoVersion(s);
// Spec go §3: HeapSys 64 MiB, HeapInuse 4 MiB.
const heap = { heapSys: 64 * MiB, heapInuse: 4 * MiB, heapIdle: 60 * MiB };

describe('gctrace GC line (go §6)', () => {
  // gc 12 @3.021s 2%: 0.015+1.2+0.012 ms clock, 0.12+0.35/1.1/2.4+0.10 ms cpu, 4->4->2 MB, 5 MB goal, 8 P
  const gc: GcTraceInput = {
    gc: 12, startNs: 3_021_000_000, gcCpuFraction: 0.025, clockNs: [15_000, 1_200_000, 12_000],
    cpuNs: [120_000, 350_000, 1_100_000, 2_400_000, 100_000], heapStart: 4 * MiB, heapEnd: 4 * MiB, heapLive: 2 * MiB,
    heapGoal: 5 * MiB, stackScan: 100 * KiB, globalsScan: 200 * KiB, procs: 8, forced: false,
  };

  it('prints the ≤ 1.17 layout of the spec example', () => {
    expect(formatGcTrace(v('1.17.13'), gc)).toBe(
      'gc 12 @3.021s 2%: 0.015+1.2+0.012 ms clock, 0.12+0.35/1.1/2.4+0.10 ms cpu, 4->4->2 MB, 5 MB goal, 8 P');
  });

  it('adds stacks and globals from 1.18', () => {
    expect(formatGcTrace(v('1.18'), gc)).toBe(
      'gc 12 @3.021s 2%: 0.015+1.2+0.012 ms clock, 0.12+0.35/1.1/2.4+0.10 ms cpu, 4->4->2 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 8 P');
  });

  it('appends " (forced)" for runtime.GC()', () => {
    expect(formatGcTrace(v('1.15.10'), { ...gc, forced: true })).toMatch(/, 8 P \(forced\)$/);
  });

  it('floors MB values (>> 20) instead of rounding', () => {
    expect(formatGcTrace(v('1.15'), { ...gc, heapStart: 5 * MiB - 1 })).toContain(' 4->4->2 MB,');
  });

  it('reproduces a real line of a Go 1.8-era program (golang/go#18896, gctrace=1 output)', () => {
    const real = 'gc 1 @0.011s 1%: 0.13+16+0.24 ms clock, 0.41+16/1.4/18+0.74 ms cpu, 16->16->16 MB, 17 MB goal, 40 P';
    expect(formatGcTrace(v('1.8'), {
      gc: 1, startNs: 11_400_000, gcCpuFraction: 0.019, clockNs: [130_000, 16_500_000, 240_000],
      cpuNs: [410_000, 16_000_000, 1_400_000, 18_000_000, 740_000], heapStart: 16 * MiB, heapEnd: 16 * MiB + 5,
      heapLive: 16 * MiB, heapGoal: 17 * MiB, procs: 40, forced: false,
    })).toBe(real);
  });

  it('refuses the go1.5–1.6 layout, which printed more GC phases', () => {
    expect(() => formatGcTrace(v('1.5.4'), gc)).toThrow(/different gctrace layout/);
  });

  it('requires stack and globals sizes from 1.18', () => {
    const { stackScan: _s, ...noStacks } = gc;
    expect(() => formatGcTrace(v('1.19'), noStacks)).toThrow(ScavsimError);
  });

  it('formats times as the runtime does (fmtNSAsMS: two significant digits below 10 ms, whole ms above)', () => {
    expect([15_000, 1_200_000, 100_000, 999, 9_999_999, 12_345_678, 123_456].map(fmtNSAsMS))
      .toEqual(['0.015', '1.2', '0.10', '0', '9.9', '12', '0.12']);
    expect(itoaDiv(3021, 3)).toBe('3.021');
    expect(itoaDiv(5, 3)).toBe('0.005');
  });
});

describe('≤ 1.13 scvg lines (gctrace)', () => {
  it('prints the numbered ≤ 1.12 pair of go §3.1', () => {
    expect(formatScvgLines(v('1.11.13'), { ...heap, k: 3, released: 57 * MiB, heapReleased: 57 * MiB })).toEqual([
      'scvg3: 57 MB released',
      'scvg3: inuse: 4, idle: 60, sys: 64, released: 57, consumed: 7 (MB)',
    ]);
  });

  it('numbers FreeOSMemory as scvg-1', () => {
    expect(formatScvgLines(v('1.12.17'), { ...heap, freeOSMemory: true, released: 60 * MiB, heapReleased: 60 * MiB })[0])
      .toBe('scvg-1: 60 MB released');
  });

  it('omits the first line when nothing was released', () => {
    expect(formatScvgLines(v('1.12.17'), { ...heap, k: 0, released: 0, heapReleased: 0 })).toEqual([
      'scvg0: inuse: 4, idle: 60, sys: 64, released: 0, consumed: 64 (MB)',
    ]);
  });

  it('prints the 1.13 scvg: and forced scvg: pairs of go §3.3, including the floored "0 MB released" (#36398)', () => {
    expect(formatScvgLines(v('1.13.4'), { ...heap, released: 8 * KiB, heapReleased: 12 * MiB })).toEqual([
      'scvg: 0 MB released',
      'scvg: inuse: 4, idle: 60, sys: 64, released: 12, consumed: 52 (MB)',
    ]);
    expect(formatScvgLines(v('1.13.4'), { ...heap, freeOSMemory: true, released: 48 * MiB, heapReleased: 60 * MiB })).toEqual([
      'forced scvg: 48 MB released',
      'forced scvg: inuse: 4, idle: 60, sys: 64, released: 60, consumed: 4 (MB)',
    ]);
  });

  it('computes consumed as (sys − released) >> 20, not the difference of floored values', () => {
    const [line] = formatScvgLines(v('1.11'), { ...heap, k: 1, released: 0, heapReleased: 56 * MiB + MiB / 2 });
    expect(line).toContain('released: 56, consumed: 7 (MB)');
  });

  it('refuses scvg lines for versions that print scavtrace', () => {
    expect(() => formatScvgLines(v('1.14'), { ...heap, released: 0, heapReleased: 0 })).toThrow(ScavsimError);
  });
});

describe('scavtrace lines (go §3.4–3.8)', () => {
  const bg = { heapInuse: 4 * MiB, heapReleased: 48 * MiB, heapRetained: 16 * MiB };
  const forced = { heapInuse: 4 * MiB, heapReleased: 60 * MiB, heapRetained: 4 * MiB, forced: true };

  it('1.14: scav W KiB work, T KiB total, U% util', () => {
    expect(formatScavTrace(v('1.14.15'), { ...bg, releasedBg: 64 * KiB })).toBe('scav 64 KiB work, 49152 KiB total, 25% util');
    expect(formatScavTrace(v('1.14.15'), { ...forced, releasedBg: 12 * MiB }))
      .toBe('scav 12288 KiB work, 61440 KiB total, 100% util (forced)');
  });

  it('1.15–1.17 add the generation', () => {
    expect(formatScavTrace(v('1.15.10'), { ...bg, gen: 17, releasedBg: MiB })).toBe('scav 17 1024 KiB work, 49152 KiB total, 25% util');
    expect(formatScavTrace(v('1.17.13'), { ...bg, gen: 17, releasedBg: MiB })).toBe('scav 17 1024 KiB work, 49152 KiB total, 25% util');
  });

  it('1.18 adds " [controller reset]", which "(forced)" takes precedence over', () => {
    expect(formatScavTrace(v('1.18'), { ...bg, gen: 3, releasedBg: MiB, controllerReset: true }))
      .toBe('scav 3 1024 KiB work, 49152 KiB total, 25% util [controller reset]');
    expect(formatScavTrace(v('1.18'), { ...forced, gen: 3, releasedBg: 0, controllerReset: true })).toMatch(/util \(forced\)$/);
  });

  it('1.19–1.20 drop the generation', () => {
    expect(formatScavTrace(v('1.19.8'), { ...bg, gen: 3, releasedBg: MiB })).toBe('scav 1024 KiB work, 49152 KiB total, 25% util');
  });

  it('1.21+ split background and eager work and print "KiB now"', () => {
    expect(formatScavTrace(v('1.21.13'), { ...bg, releasedBg: MiB, releasedEager: 4 * MiB }))
      .toBe('scav 1024 KiB work (bg), 4096 KiB work (eager), 49152 KiB now, 25% util');
    expect(formatScavTrace(v('1.23.5'), { ...forced, releasedBg: 0, releasedEager: 12 * MiB }))
      .toBe('scav 0 KiB work (bg), 12288 KiB work (eager), 61440 KiB now, 100% util (forced)');
  });

  it('floors KiB (>> 10) and util (integer division)', () => {
    expect(formatScavTrace(v('1.19'), { releasedBg: 2047, heapReleased: 1023, heapInuse: 2, heapRetained: 3 }))
      .toBe('scav 1 KiB work, 0 KiB total, 66% util');
  });

  it('handles byte counts beyond 32 bits', () => {
    expect(formatScavTrace(v('1.19'), { releasedBg: 8 * 1024 * MiB, heapReleased: 16 * 1024 * MiB, heapInuse: 3 * 1024 * MiB, heapRetained: 4 * 1024 * MiB }))
      .toBe('scav 8388608 KiB work, 16777216 KiB total, 75% util');
  });

  it('rejects what the version cannot print, naming the field', () => {
    const err = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as ScavsimError).field;
      }
      return 'no error';
    };
    expect(err(() => formatScavTrace(v('1.13'), { ...bg, releasedBg: 0 }))).toBe('go');
    expect(err(() => formatScavTrace(v('1.15'), { ...bg, releasedBg: 0 }))).toBe('gen');
    expect(err(() => formatScavTrace(v('1.15'), { ...bg, gen: 1, releasedBg: 0, controllerReset: true }))).toBe('controllerReset');
    expect(err(() => formatScavTrace(v('1.19'), { ...bg, releasedBg: 0, heapRetained: 0 }))).toBe('heapRetained');
    expect(err(() => formatScavTrace(v('1.19'), { ...bg, releasedBg: -1 }))).toBe('releasedBg');
    expect(err(() => formatScavTrace(v('1.19'), { ...bg, releasedBg: 0, releasedEager: 5 }))).toBe('releasedEager');
  });
});
