/**
 * OOM kills said plainly by the engine (issue 16 items 9 and 10): a kill at start-up is
 * reported, a killed process stops allocating at once, and the result names who was killed
 * and when.
 */
import { describe, expect, it } from 'vitest';
import { Simulation, simulate, type SimConfig } from '../../src/index.js';

const go = (workload: object, extra: object = {}): SimConfig['processes'][number] =>
  ({ kind: 'go', name: 'A', go: '1.19', cgroup: 'cg', workload, ...extra }) as SimConfig['processes'][number];

describe('OOM kills in the run result', () => {
  it('reports a process killed while starting (cgroup limit 0), although every later tick is skipped', () => {
    const r = simulate({
      duration: '10s', machine: { memTotal: '8GiB', kernel: '5.15' }, cgroups: [{ name: 'cg', version: 2, limit: 0 }],
      processes: [go({ phases: [{ name: 'p', duration: '10s', allocRate: '10MiB', liveTarget: '5MiB' }] })],
    });
    expect(r.killed).toEqual([expect.objectContaining({ process: 'A', t_ms: 0, scope: 'memcg', cgroup: 'cg' })]);
    expect(r.events.filter((e) => e.kind === 'oom').map((e) => [e.t_ms, e.process])).toEqual([[0, 'A']]);
  });

  it('names the process and the time of a kill in the middle of a run, and stops its samples there', () => {
    const r = simulate({
      duration: '20s', machine: { memTotal: '8GiB', kernel: '5.15' }, cgroups: [{ name: 'cg', version: 2, limit: '256MiB' }],
      processes: [go({ phases: [{ name: 'p', duration: '20s', allocRate: '1GiB', liveTarget: '4GiB' }] }, { gogc: 'off' })],
    });
    expect(r.killed).toHaveLength(1);
    const kill = r.killed[0]!;
    expect(kill.process).toBe('A');
    expect(kill.t_ms).toBeGreaterThan(0);
    expect(kill.t_ms).toBeLessThan(1000);
    expect(Math.max(...r.samples.map((s) => s.t_ms))).toBeLessThan(kill.t_ms);
  });

  it('stops a killed process at once: a hold far beyond its cgroup ends in a kill, not in more heap', () => {
    // A killed process used to allocate on, mid-hold and in later ticks, until the heap's 4 TiB
    // reservation refused it (E_RANGE "npages"); now its heap stops growing at the kill.
    const sim = new Simulation({
      duration: '2s', machine: { memTotal: '8GiB', kernel: '5.15' }, cgroups: [{ name: 'cg', version: 2, limit: '2GiB' }],
      processes: [go({ phases: [{ name: 'idle', duration: '2s' }], actions: [{ at: '1s', kind: 'hold', name: 'big', bytes: '64GiB', chunk: '1GiB' }] })],
    });
    while (!sim.done) sim.step();
    expect(sim.result().killed.map((k) => [k.process, k.t_ms])).toEqual([['A', 1000]]);
    const a = sim.snapshot().processes[0]!;
    expect(a.alive).toBe(false);
    expect(a.memStats!.HeapSys).toBeLessThan(4 * 2 ** 30);
  });

  it('is empty when nothing was killed', () => {
    const r = simulate({
      duration: '1s', machine: { memTotal: '8GiB', kernel: '5.15' }, cgroups: [{ name: 'cg', version: 2, limit: '2GiB' }],
      processes: [go({ phases: [{ name: 'p', duration: '1s', allocRate: '10MiB', liveTarget: '5MiB' }] })],
    });
    expect(r.killed).toEqual([]);
  });
});
