/**
 * Overrides keep a process's recorded GC times only while the pacer's inputs are the recorded ones.
 */
import { describe, expect, it } from 'vitest';
import type { GoProcessConfig, SimConfig } from '@scavsim/core';
import { applyOverrides } from '@scavsim/scenarios';

const config: SimConfig = {
  duration: 10_000,
  machine: { memTotal: '1GiB' },
  processes: [{ kind: 'go', name: 'A', go: '1.21.13', gcTimes: [1000, 2000], workload: { phases: [{ name: 'idle', duration: 10_000 }] } }],
};
const gcTimesOf = (c: SimConfig) => (c.processes[0] as GoProcessConfig).gcTimes;

describe('applyOverrides and gcTimes', () => {
  it('keeps them for settings that do not move GCs (GODEBUG, kernel, machine, cgroup limit)', () => {
    expect(gcTimesOf(applyOverrides(config, { godebug: { madvdontneed: '0' }, kernel: '5.10', memTotal: 2 ** 31, cgroupLimit: 2 ** 29 }))).toEqual([1000, 2000]);
  });

  it('drops them with another Go version, GOGC or GOMEMLIMIT', () => {
    expect(gcTimesOf(applyOverrides(config, { go: '1.19.8' }))).toBeUndefined();
    expect(gcTimesOf(applyOverrides(config, { gogc: 50 }))).toBeUndefined();
    expect(gcTimesOf(applyOverrides(config, { gomemlimit: 2 ** 28 }))).toBeUndefined();
    expect(gcTimesOf(config)).toEqual([1000, 2000]);
  });
});
