/**
 * Issue 16 item 1: Go's heap goal is a whole number of bytes. A fractional goal reached
 * `NextGC` (41943.04 with GOGC=1) and the gctrace formatter, which refused it.
 */
import { describe, expect, it } from 'vitest';
import { GcPacer, mulDiv100 } from '../../../src/runtime/gc/gc-pacer.js';
import { GiB, MiB } from '../../../src/units.js';
import { FORCEGC_PERIOD_MS } from '../../../src/policy/runtime-constants.js';
import { simulate, type SimConfig } from '../../../src/index.js';

describe('integer heap goals as Go computes them (uint64 arithmetic, mgcpacer.go commit)', () => {
  it('truncates the heap minimum: 4 MiB × 1 / 100 is 41943, not 41943.04', () => {
    const p = new GcPacer({ gogc: 1, memoryLimit: Infinity, headroomPercent: 0, forcedGcPeriodMs: FORCEGC_PERIOD_MS });
    expect(p.heapGoal).toBe(41943);
  });

  it('truncates marked × GOGC / 100 before adding it to marked (GOGC=33)', () => {
    const p = new GcPacer({ gogc: 33, memoryLimit: Infinity, headroomPercent: 0, forcedGcPeriodMs: FORCEGC_PERIOD_MS });
    p.endCycle(1000, 756_623_283, 0, false);
    // 756623283 × 33 / 100 = 249685683.39 → 249685683
    expect(p.heapGoal).toBe(756_623_283 + 249_685_683);
  });

  it('takes the limit headroom as goal / 100 × 3, truncated, never below 1 MiB', () => {
    const p = new GcPacer({ gogc: -1, memoryLimit: GiB + 77, headroomPercent: 3, forcedGcPeriodMs: FORCEGC_PERIOD_MS });
    p.endCycle(1000, 10 * MiB, 12_345.5, false);
    const base = Math.floor(GiB + 77 - 12_345.5);
    expect(p.heapGoal).toBe(base - Math.floor(base / 100) * 3);
    expect(Number.isInteger(p.heapGoal)).toBe(true);
  });

  it('stays exact when marked × GOGC is past 2^53 (1 TiB at GOGC=100000)', () => {
    const marked = 2 ** 40 + 99; // × 100000 is ~1.1e17: a double product would lose bits
    expect(mulDiv100(marked, 100_000)).toBe(Number((BigInt(marked) * 100_000n) / 100n));
  });
});

describe('gctrace with odd GOGC values and a memory limit formats every cycle', () => {
  const config = (go: string, gogc: number, limit?: string): SimConfig => ({
    duration: '20s',
    machine: { memTotal: '8GiB', kernel: '5.15.0' },
    processes: [{
      kind: 'go', name: 'svc', go, gogc, godebug: 'gctrace=1', ...(limit ? { gomemlimit: limit } : {}),
      workload: { baseLive: '20MiB', phases: [{ name: 'load', duration: '20s', allocRate: '200MiB', liveTarget: { kind: 'ramp', from: 0, to: '300MiB' } }] },
    }],
  });

  for (const [go, gogc, limit] of [['1.15.10', 33, undefined], ['1.22.12', 100, '333333333'], ['1.20.14', 1, undefined]] as const) {
    it(`go${go} GOGC=${gogc}${limit ? ` GOMEMLIMIT=${limit}` : ''}: whole-byte NextGC and a trace line per GC`, () => {
      const r = simulate(config(go, gogc, limit));
      const gcs = r.events.filter((e) => e.kind === 'gc');
      expect(gcs.length).toBeGreaterThan(0);
      expect(r.events.filter((e) => e.kind === 'trace' && /^gc \d+ /.test(e.text ?? '')).length).toBe(gcs.length);
      for (const s of r.samples) expect(Number.isInteger(s['NextGC'])).toBe(true);
    });
  }
});
