/**
 * Reading trace lines back: every layout `trace-format.ts` writes, for every Go version from
 * 1.11 to 1.26, parses to the values it was written from (after the runtime's own flooring),
 * and the versions a line tells are the ones the policy table says print it.
 */
import { describe, expect, it } from 'vitest';
import {
  formatGcTrace, formatScavTrace, formatScvgLines, goMinorsPrinting, parseGoVersion, parseTraceLine, traceFormatOf,
  type GcTraceInput,
} from '../../src/policy/index.js';

const MiB = 1024 * 1024;
const gc: GcTraceInput = {
  gc: 131, startNs: 410_997_000_000, gcCpuFraction: 0.004, clockNs: [89_000, 2_000_000, 3_000],
  cpuNs: [170_000, 0, 650_000, 2_000_000, 6_000], heapStart: 5 * MiB + 7, heapEnd: 5 * MiB, heapLive: 2 * MiB + 9,
  heapGoal: 6 * MiB, stackScan: 300_000, globalsScan: 200_000, procs: 2, forced: false,
};

describe('parseTraceLine reads what formatGcTrace writes', () => {
  for (let minor = 11; minor <= 26; minor++) {
    it(`go1.${minor} GC line`, () => {
      const line = formatGcTrace(parseGoVersion(`1.${minor}`), { ...gc, forced: minor % 2 === 0 });
      const p = parseTraceLine(line);
      expect(p).toMatchObject({
        kind: 'gc', gc: 131, startS: 410.997, heapStartMB: 5, heapEndMB: 5, heapLiveMB: 2, goalMB: 6, procs: 2,
        forced: minor % 2 === 0, prefix: '', rest: '', format: minor >= 18 ? 'gctrace-1.18' : 'gctrace-1.11',
      });
    });
  }
});

describe('parseTraceLine reads what the scavenger formatters write', () => {
  for (let minor = 11; minor <= 26; minor++) {
    const go = parseGoVersion(`1.${minor}`);
    const fmt = traceFormatOf(go);
    it(`go1.${minor} (${fmt})`, () => {
      if (fmt === 'scvg-numbered' || fmt === 'scvg-1.13') {
        const lines = formatScvgLines(go, { released: 58 * MiB, heapInuse: 3 * MiB, heapIdle: 60 * MiB, heapSys: 63 * MiB, heapReleased: 60 * MiB, k: 4 });
        expect(parseTraceLine(lines[0]!)).toMatchObject({ kind: 'scvg', releasedNowMB: 58, formats: [fmt] });
        expect(parseTraceLine(lines[1]!)).toMatchObject({ kind: 'scvg', stats: { inuse: 3, idle: 60, sys: 63, released: 60, consumed: 3 } });
      } else {
        const line = formatScavTrace(go, {
          releasedBg: 442_224 * 1024, releasedEager: fmt === 'scavtrace-bg-eager' ? 4096 : 0, heapReleased: 602_152 * 1024,
          heapInuse: 3 * MiB, heapRetained: 4 * MiB, gen: 7,
        });
        const p = parseTraceLine(line);
        expect(p).toMatchObject({ kind: 'scav', workKiB: 442_224, releasedKiB: 602_152, utilPercent: 75 });
        expect(p?.kind === 'scav' && p.formats).toContain(fmt);
        expect(goMinorsPrinting(p?.kind === 'scav' ? p.formats : [])).toContain(minor);
      }
    });
  }
});

describe('damaged and prefixed lines', () => {
  const line = 'gc 125 @185.999s 0%: 0.071+2.1+0.003 ms clock, 0.14+0/0.34/1.8+0.007 ms cpu, 496->496->203 MB, 509 MB goal, 0 MB stacks, 0 MB globals, 2 P';

  it('keeps a kubectl --timestamps prefix apart from the trace text', () => {
    const p = parseTraceLine(`2026-12-06T13:58:01.123456789Z ${line}`);
    expect(p).toMatchObject({ kind: 'gc', gc: 125, heapLiveMB: 203, prefix: '2026-12-06T13:58:01.123456789Z' });
  });

  it('finds trace text glued to the program\'s own output', () => {
    expect(parseTraceLine(`{"level":"info","msg":"served"}${line}`)).toMatchObject({ kind: 'gc', gc: 125 });
  });

  it('calls a cut-off line damaged instead of reading part of it', () => {
    expect(parseTraceLine(line.slice(0, 60))).toMatchObject({ kind: 'damaged', started: 'gc' });
    expect(parseTraceLine('scav 0 KiB work, 36064 KiB to')).toMatchObject({ kind: 'damaged', started: 'scav' });
  });

  it('ignores lines with no trace text, and words that merely contain "gc"', () => {
    expect(parseTraceLine('{"msg":"using adjacent Caddyfile"}')).toBeNull();
    expect(parseTraceLine('mygc 12 @3s')).toBeNull();
  });

  it('reads the periodic GC marker', () => {
    expect(parseTraceLine('GC forced')).toMatchObject({ kind: 'gc-forced' });
  });

  it('tells 1.19–1.20 from a 1.18-layout GC line and a plain scav line together', () => {
    const gcMinors = goMinorsPrinting(['gctrace-1.18']);
    const scav = goMinorsPrinting(['scavtrace-1.14', 'scavtrace-1.19']);
    expect(gcMinors.filter((m) => scav.includes(m))).toEqual([19, 20]);
  });
});
