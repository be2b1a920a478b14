/**
 * The world a run simulates (engine/world.ts): built in config order, processes in their
 * cgroups, the header taken from the first process. Its config errors are in
 * simulate-errors.test.ts, through the Simulation that calls it.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { buildWorld } from '../../src/engine/world.js';
import type { SimEvent } from '../../src/engine/run-result.js';
import { RandomStreams } from '../../src/random/random-streams.js';

const config = validateConfig({
  duration: '1s',
  machine: { memTotal: '1GiB' },
  cgroups: [{ name: 'box', limit: '512MiB' }],
  processes: [
    { kind: 'go', name: 'api', go: '1.21.12', cgroup: 'box', workload: { phases: [{ name: 'idle', duration: '1s' }] } },
    { kind: 'plain', name: 'hog', schedule: [{ atMs: 0, touchBytes: '8MiB' }] },
  ],
} as never);

describe('buildWorld', () => {
  it('builds the machine, the cgroups and one runner, sampler and view per process, in config order', () => {
    const events: SimEvent[] = [];
    const w = buildWorld(config, new RandomStreams(1), (ev) => events.push(ev));
    expect([...w.cgroups.keys()]).toEqual(['box']);
    expect(w.runners).toHaveLength(2);
    expect(w.sampled).toHaveLength(2);
    expect(w.views.map((v) => v().name)).toEqual(['api', 'hog']);
    expect(w.machine.processes().map((p) => p.name)).toEqual(['api', 'hog']);
    expect(w.cgroups.get('box')!.processes.size).toBe(1);
  });

  it('takes the header fields from the first process', () => {
    const w = buildWorld(config, new RandomStreams(1), () => {});
    expect(w.headerInfo).toMatchObject({ go_version: 'go1.21.12', GODEBUG: '' });
  });
});
