/** Snapshots are immutable views taken between ticks (issue 2: immer-frozen counters and chunk summaries). */
import { describe, expect, it } from 'vitest';

import { Simulation } from '../../src/engine/simulation.js';
import { MiB } from '../../src/units.js';
import type { SimConfig } from '../../src/engine/simulation.js';

const config: SimConfig = {
  duration: '3s',
  machine: { memTotal: '4GiB', kernel: '5.10' },
  cgroups: [{ name: 'pod', version: 2, limit: '1GiB' }],
  processes: [{
    kind: 'go', name: 'app', go: '1.21.13', cgroup: 'pod',
    workload: {
      phases: [{ name: 'run', duration: '3s' }],
      actions: [{ at: '1s', kind: 'hold', name: 'b', bytes: 64 * MiB, chunk: 8 * MiB }, { at: '2s', kind: 'drop', name: 'b' }, { at: '2s', kind: 'freeOSMemory' }],
    },
  }],
};

describe('Simulation.snapshot', () => {
  it('is deeply frozen and does not change when the simulation moves on', () => {
    const sim = new Simulation(config);
    while (sim.nowMs < 1500) sim.step();
    const before = sim.snapshot();
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen(before.processes[0]!.memStats)).toBe(true);
    expect(Object.isFrozen(before.processes[0]!.chunks)).toBe(true);
    const inuse = before.processes[0]!.memStats!.HeapInuse;
    expect(inuse).toBeGreaterThan(64 * MiB);
    while (!sim.done) sim.step();
    expect(before.processes[0]!.memStats!.HeapInuse).toBe(inuse);
    expect(sim.snapshot().processes[0]!.memStats!.HeapInuse).toBeLessThan(inuse);
  });

  it('carries runtime/metrics named as the runtime names them, consistent with MemStats', () => {
    const sim = new Simulation(config);
    while (!sim.done) sim.step();
    const p = sim.snapshot().processes[0]!;
    const m = p.runtimeMetrics!;
    expect(m['/memory/classes/heap/released:bytes']).toBe(p.memStats!.HeapReleased);
    expect(m['/memory/classes/heap/free:bytes']).toBe(p.memStats!.HeapIdle - p.memStats!.HeapReleased);
    expect(m['/gc/heap/goal:bytes']).toBe(p.memStats!.NextGC);
    expect(m['/cpu/classes/scavenge/total:cpu-seconds']).toBeGreaterThanOrEqual(0);
    expect(p.costs!.madvisedBytes).toBeGreaterThanOrEqual(64 * MiB); // FreeOSMemory released the buffer
  });

  it('sums the chunk summaries to HeapInuse and carries the cgroup counters', () => {
    const sim = new Simulation(config);
    while (sim.nowMs < 1500) sim.step();
    const s = sim.snapshot();
    const p = s.processes[0]!;
    const pages = p.chunks!.reduce((a, c) => a + c.inUse, 0);
    expect(pages * 8192).toBe(p.memStats!.HeapInuse);
    expect(s.cgroups['pod']!.usage).toBeGreaterThan(64 * MiB);
  });
});
