/**
 * The bound on the work a config asks for (issue 16 item 2), computed before the run: each
 * reproduction is refused at once with the bound and the field, instead of running for
 * minutes or aborting V8 with a heap-out-of-memory dump.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, type SimConfig } from '../../src/index.js';
import { estimateWork, MAX_OBJECTS_PER_SECOND, MAX_WORK_UNITS, streamMax } from '../../src/config/work-bound.js';
import { compileStream, type StreamSpec } from '../../src/workload/streams.js';
import { errorOf } from '../../../../test/support/errors.js';

const go = (phases: object[], actions: object[] = []): SimConfig => ({
  duration: '1h', sample: '10s', machine: { memTotal: '16GiB' },
  processes: [{ kind: 'go', name: 'A', go: '1.22', workload: { phases, actions } }],
} as SimConfig);

describe('refused before the run, naming the field and the bound', () => {
  it('a hog of 1-byte steps to 1 GiB (a billion steps; was a 5.2 GB V8 abort)', () => {
    const e = errorOf(() => simulate({
      duration: '10s', machine: { memTotal: '16GiB' },
      processes: [{ kind: 'plain', name: 'hog', schedule: { stepBytes: 1, intervalMs: 1, targetBytes: '1GiB' } }],
    }));
    expect([e.code, e.field]).toEqual(['E_RANGE', 'processes[0].schedule.stepBytes']);
    expect(e.message).toMatch(/1\.07e\+9 steps of the plain process/);
    expect(e.accepted).toContain(MAX_WORK_UNITS.toExponential(2));
  });

  it('an oscillating rate that is 0 at every point the old check looked at and 100 GiB/s between them', () => {
    // 64 s phase, 1 s period: 0 at t = k s (the 65 points k·64 s / 64), 100 GiB/s at k + 0.5 s.
    const e = errorOf(() => simulate(go([{ name: 'p', duration: '64s', allocRate: { kind: 'oscillate', min: 0, max: '100GiB', period: '1s' }, sizes: { kind: 'fixed', size: 16 } }])));
    expect([e.code, e.field]).toEqual(['E_RANGE', 'processes[0].workload.phases[0].allocRate']);
    expect(e.message).toMatch(/6\.71e\+9 objects per simulated second/);
  });

  it('an hour at 2000 MiB/s in objects from 1 KiB (the trace header that ran for minutes)', () => {
    const e = errorOf(() => simulate(go([{ name: 'load', duration: '1h', allocRate: '2000MiB', sizes: { kind: 'log-uniform', min: 1024, max: '1MiB' } }])));
    expect([e.code, e.field]).toEqual(['E_RANGE', 'processes[0].workload.phases[0].allocRate']);
    expect(e.message).toMatch(/units of work/);
  });

  it('a hold of 1 GiB in 16-byte chunks', () => {
    const e = errorOf(() => simulate(go([{ name: 'idle', duration: '1s' }], [{ at: 0, kind: 'hold', name: 'b', bytes: '1GiB', chunk: 16 }])));
    expect([e.code, e.field]).toEqual(['E_RANGE', 'processes[0].workload.actions[0].chunk']);
  });
});

describe('the estimate', () => {
  it('is the analytic maximum of each stream kind over the phase', () => {
    expect(streamMax({ kind: 'ramp', from: '3MiB', to: '1MiB' }, 1000)).toBe(3 * 2 ** 20);
    expect(streamMax({ kind: 'oscillate', min: 0, max: 100, period: 1000 }, 250)).toBeCloseTo(50);
    expect(streamMax({ kind: 'oscillate', min: 0, max: 100, period: 1000 }, 600)).toBe(100);
    expect(streamMax({ kind: 'steps', steps: [{ at: 0, value: 5 }, { at: 2000, value: 50 }] }, 1000)).toBe(5);
    expect(streamMax({ kind: 'sum', of: [1, { kind: 'constant', value: 2 }] }, 1)).toBe(3);
  });

  const leaf = fc.oneof(
    fc.integer({ min: 0, max: 1e9 }),
    fc.record({ kind: fc.constant('ramp' as const), from: fc.integer({ min: 0, max: 1e9 }), to: fc.integer({ min: 0, max: 1e9 }) }),
    fc.tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 100_000 }))
      .map(([a, b, period]) => ({ kind: 'oscillate' as const, min: Math.min(a, b), max: Math.max(a, b), period })),
    fc.array(fc.record({ at: fc.integer({ min: 0, max: 100_000 }), value: fc.integer({ min: 0, max: 1e9 }) }), { minLength: 1, maxLength: 5 })
      .map((steps) => ({ kind: 'steps' as const, steps: [...steps].sort((x, y) => x.at - y.at) })),
  );
  const spec: fc.Arbitrary<StreamSpec> = fc.oneof(leaf, fc.array(leaf, { minLength: 1, maxLength: 3 }).map((of) => ({ kind: 'sum' as const, of })));

  it('is never below the value the engine computes at any time in the phase', () => {
    fc.assert(fc.property(spec, fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (s, len, frac) => {
      const value = compileStream(s, 'f')(frac * len, len);
      expect(streamMax(s, len)).toBeGreaterThanOrEqual(value * (1 - 1e-12));
    }), { numRuns: 500 });
  });

  it('counts the objects of a phase as the run allocates them', () => {
    const config = go([{ name: 'p', duration: '10s', allocRate: '64MiB', liveTarget: '16MiB' }]);
    const w = estimateWork(config);
    const r = simulate({ ...config, duration: '10s' });
    const mallocs = Number(r.samples.at(-1)!['Mallocs']);
    expect(w.objects).toBeGreaterThan(mallocs * 0.9);
    expect(w.objects).toBeLessThan(mallocs * 1.1);
  });

  it('keeps a day of the incident (100 ms samples) within the bound', () => {
    const w = estimateWork({
      duration: '24h', machine: { memTotal: '8GiB' },
      processes: [{ kind: 'go', name: 'api', go: '1.15.10', workload: { baseLive: '100MiB', phases: [
        { name: 'warmup', duration: '10s', allocRate: '50MiB', liveTarget: 0 },
        { name: 'load', duration: '2min', allocRate: '1GiB', liveTarget: { kind: 'ramp', from: 0, to: '1.4GiB' } },
        { name: 'idle', duration: '10.33min' },
      ] } }],
    });
    expect(w.total).toBeLessThan(MAX_WORK_UNITS / 2);
    expect(MAX_OBJECTS_PER_SECOND).toBeGreaterThan(0);
  });
});
