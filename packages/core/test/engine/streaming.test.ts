/**
 * Samples and events reach a sink as they are made (issue 16 item 8, engine side): the same
 * rows in the same order as the result would hold, and with `keepSamples: false` none are kept.
 */
import { describe, expect, it } from 'vitest';
import { Simulation, simulate, type Sample, type SimConfig, type SimEvent } from '../../src/index.js';

const config: SimConfig = {
  duration: '20s', sample: '500ms', machine: { memTotal: '2GiB', kernel: '5.10' },
  cgroups: [{ name: 'cg', version: 2, limit: '512MiB' }],
  processes: [
    { kind: 'go', name: 'A', go: '1.15', godebug: 'gctrace=1', cgroup: 'cg', watch: 'B', workload: { baseLive: '8MiB', phases: [{ name: 'load', duration: '8s', allocRate: '64MiB', liveTarget: { kind: 'ramp', from: 0, to: '128MiB' } }, { name: 'idle', duration: '12s' }], actions: [{ at: '9s', kind: 'freeOSMemory' }] } },
    { kind: 'plain', name: 'B', cgroup: 'cg', schedule: { startMs: '10s', stepBytes: '64MiB', intervalMs: 300, targetBytes: '448MiB', holdMs: '2s' } },
  ],
};

describe('streaming samples and events', () => {
  it('delivers exactly the samples and events the result holds, in the same order', () => {
    const kept = simulate(config);
    const samples: Sample[] = [];
    const events: SimEvent[] = [];
    const streamed = simulate(config, { onSample: (s) => samples.push(s), onEvent: (e) => events.push(e), keepSamples: false });
    expect(streamed.samples).toEqual([]);
    expect(JSON.stringify(samples)).toBe(JSON.stringify(kept.samples));
    expect(JSON.stringify(events)).toBe(JSON.stringify(kept.events));
    expect(JSON.stringify(streamed.header)).toBe(JSON.stringify(kept.header));
    expect(streamed.killed).toEqual(kept.killed);
  });

  it('delivers an event never after a sample later than it', () => {
    const order: [number, 'e' | 's'][] = [];
    simulate(config, { onSample: (s) => order.push([s.t_ms, 's']), onEvent: (e) => order.push([e.t_ms, 'e']), keepSamples: false, keepEvents: false });
    let lastSample = -1;
    for (const [t, k] of order) {
      if (k === 's') lastSample = Math.max(lastSample, t);
      else expect(t).toBeGreaterThanOrEqual(lastSample);
    }
    expect(order.some(([, k]) => k === 'e')).toBe(true);
  });

  it('delivers nothing before the first step, so the header can be written first', () => {
    let n = 0;
    const sim = new Simulation(config, true, { onSample: () => n++, keepSamples: false });
    expect(n).toBe(0);
    expect(sim.header.sample_ms).toBe(500);
    sim.step();
    expect(n).toBeGreaterThan(0);
  });
});
