/**
 * Skipping idle ticks is an optimisation only: a run that skips them and a run that steps every
 * tick produce byte-identical results, over random workloads, versions and process mixes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation, type SimConfig } from '../../src/engine/simulation.js';
import { MiB } from '../../src/units.js';

function run(config: SimConfig, skip: boolean): string {
  const sim = new Simulation(config, skip);
  let steps = 0;
  while (!sim.done) {
    sim.step();
    steps++;
  }
  return JSON.stringify({ r: sim.result(), skipped: skip ? undefined : steps });
}

const configArb = fc.record({
  go: fc.constantFrom('1.11', '1.12.9', '1.13.4', '1.15.15', '1.19.8', '1.21.13', '1.22.5'),
  godebug: fc.constantFrom('', 'madvdontneed=0', 'madvdontneed=1'),
  busyMs: fc.integer({ min: 0, max: 3000 }),
  idleMs: fc.integer({ min: 0, max: 300_000 }),
  rate: fc.integer({ min: 0, max: 256 }),
  live: fc.integer({ min: 0, max: 128 }),
  freeAt: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
  hog: fc.boolean(),
  tick: fc.constantFrom(10, 20),
  gcTimes: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 300_000 }), { maxLength: 6 }), { nil: undefined }),
}).map((c): SimConfig => ({
  duration: c.busyMs + c.idleMs + 1000,
  tick: c.tick,
  machine: { memTotal: '2GiB', kernel: '5.10' },
  cgroups: [{ name: 'cg', version: 1, limit: '1GiB' }],
  processes: [
    {
      kind: 'go', name: 'A', go: c.go, godebug: c.godebug, cgroup: 'cg', ...(c.hog ? { watch: 'B' } : {}),
      ...(c.gcTimes !== undefined ? { gcTimes: [...c.gcTimes].sort((a, b) => a - b) } : {}),
      workload: {
        baseLive: 2 * MiB,
        phases: [
          { name: 'busy', duration: c.busyMs, allocRate: c.rate * MiB, liveTarget: c.live * MiB },
          { name: 'idle', duration: c.idleMs },
        ],
        actions: c.freeAt === undefined ? [] : [{ at: c.freeAt, kind: 'freeOSMemory' }],
      },
    },
    ...(c.hog ? [{ kind: 'plain' as const, name: 'B', cgroup: 'cg', schedule: { startMs: c.busyMs + 500, stepBytes: 64 * MiB, intervalMs: 300, targetBytes: 960 * MiB, holdMs: 2000 } }] : []),
  ],
}));

describe('skipping idle ticks', () => {
  it('changes nothing in the output', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const a = JSON.parse(run(config, true)) as { r: unknown };
        const b = JSON.parse(run(config, false)) as { r: unknown };
        expect(JSON.stringify(a.r)).toBe(JSON.stringify(b.r));
      }),
      { numRuns: 25 },
    );
  });

  it('skips most ticks of an idle stretch', () => {
    const config: SimConfig = {
      duration: '10min', machine: { memTotal: '1GiB', kernel: '5.10' },
      processes: [{ kind: 'go', name: 'A', go: '1.19', workload: { baseLive: MiB, phases: [{ name: 'idle', duration: '10min' }] } }],
    };
    const sim = new Simulation(config);
    let steps = 0;
    while (!sim.done) {
      sim.step();
      steps++;
    }
    expect(steps).toBeLessThan(60_000 / 5); // 60 000 ticks, about one step per 100 ms sample
  });
});

describe('skipping idle ticks after a last phase with a moving live target (issue 16 item 12)', () => {
  it('skips the six idle hours after a one-second ramp', () => {
    const config: SimConfig = {
      duration: '6h', sample: '1h', machine: { memTotal: '1GiB', kernel: '5.10' },
      processes: [{
        kind: 'go', name: 'A', go: '1.19',
        workload: { baseLive: MiB, phases: [{ name: 'ramp', duration: '1s', allocRate: '20MiB', liveTarget: { kind: 'ramp', from: '8MiB', to: '1MiB' } }] },
      }],
    };
    const sim = new Simulation(config);
    let steps = 0;
    while (!sim.done) {
      sim.step();
      steps++;
    }
    // 100 busy ticks, then a step per periodic GC and scavenger wake, not 2.16 M ticks.
    expect(steps).toBeLessThan(2_000);
  });
});
