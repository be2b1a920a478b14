/**
 * The sample schema and the field lists are one fact: a simulated sample has exactly the
 * probe's fields minus those the simulator does not model, plus its documented extras.
 */
import { describe, expect, it } from 'vitest';
import {
  CGROUP_FIELDS, MEMSTATS_FIELDS, NOT_SIMULATED_FIELDS, PROC_FIELDS, SIMULATED_EXTRA_FIELDS, VMSTAT_FIELDS, simulate, type SimConfig,
} from '../../src/index.js';

const config: SimConfig = {
  duration: 3000,
  machine: { memTotal: '2GiB' },
  cgroups: [{ name: 'pod', limit: '1GiB' }],
  processes: [
    {
      kind: 'go', name: 'A', go: '1.21', cgroup: 'pod', watch: 'B',
      // A heap that grows and then shrinks, so that the scavenger has a goal (ScavengeGoal).
      workload: {
        phases: [{ name: 'load', duration: 1500, allocRate: '400MiB', liveTarget: '256MiB' }, { name: 'shrink', duration: 1500, allocRate: '50MiB', liveTarget: '8MiB' }],
        actions: [{ at: 2000, kind: 'gc' }, { at: 2500, kind: 'gc' }],
      },
    },
    { kind: 'plain', name: 'B', cgroup: 'pod', schedule: [{ atMs: 0, touchBytes: '16MiB' }] },
  ],
};

describe('the sample schema', () => {
  const run = simulate(config);
  const fieldsOf = (process: string): Set<string> => new Set(run.samples.filter((s) => s.process === process).flatMap((s) => Object.keys(s)));
  const simulated = (lists: readonly (readonly string[])[]): string[] =>
    lists.flat().filter((f) => !(NOT_SIMULATED_FIELDS as readonly string[]).includes(f));

  it('a Go process in a cgroup has every simulated probe field, the extras, and nothing else', () => {
    const want = ['t_ms', 'phase', 'process', ...simulated([MEMSTATS_FIELDS, PROC_FIELDS, CGROUP_FIELDS, VMSTAT_FIELDS]), ...SIMULATED_EXTRA_FIELDS];
    expect([...fieldsOf('A')].sort()).toEqual([...new Set(want)].sort());
  });

  it('fields come in the lists\' order (MemStats, /proc, cgroup, vmstat, then the extras)', () => {
    const lastA = run.samples.filter((s) => s.process === 'A').at(-1)!;
    const order = ['t_ms', 'process', 'phase', ...simulated([MEMSTATS_FIELDS, PROC_FIELDS, CGROUP_FIELDS]), 'cg_working_set', ...VMSTAT_FIELDS];
    expect(Object.keys(lastA).slice(0, order.length)).toEqual(order);
    const lastB = run.samples.filter((s) => s.process === 'B').at(-1)!;
    expect(Object.keys(lastB)).toEqual(['t_ms', 'process', ...simulated([PROC_FIELDS, CGROUP_FIELDS]), 'cg_working_set', ...VMSTAT_FIELDS]);
  });

  it('a plain process has no MemStats, no phase and no Go extras', () => {
    const want = ['t_ms', 'process', ...simulated([PROC_FIELDS, CGROUP_FIELDS, VMSTAT_FIELDS]), 'cg_working_set'];
    expect([...fieldsOf('B')].sort()).toEqual([...new Set(want)].sort());
  });
});
