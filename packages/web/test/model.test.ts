import { describe, expect, it } from 'vitest';
import { GiB, MiB, Simulation, isScavsimError, type PlainProcessSpec } from '@scavsim/core';
import { applyOverrides, getScenario, listScenarios } from '@scavsim/scenarios';
import { configFor, HOG_NAME, PAGE_CGROUP, queryField } from '../src/model.js';

describe('the page state as a simulation config', () => {
  it.each(listScenarios().map((s) => s.name))('is the registered config of preset %s when nothing is changed', (name) => {
    expect(configFor({ scenario: name })).toEqual(getScenario(name).config);
  });

  it('applies the CLI flags through the CLI\'s own overrides', () => {
    const base = getScenario('incident-go1.15').config;
    expect(configFor({ scenario: 'incident-go1.15', go: '1.16', gogc: 50, godebug: 'madvdontneed=1', seed: 3, duration: 60_000 }))
      .toEqual(applyOverrides(base, { go: '1.16', gogc: 50, godebug: { madvdontneed: '1' }, seed: 3, durationMs: 60_000 }));
  });

  it('puts the Go process in a limited cgroup of its own when the preset has none', () => {
    const c = configFor({ scenario: 'incident-go1.15', cgroupLimit: 2 * GiB });
    expect(c.cgroups).toEqual([{ name: PAGE_CGROUP, version: 2, limit: 2 * GiB }]);
    expect(c.processes[0]!.cgroup).toBe(PAGE_CGROUP);
  });

  it('changes the limit of the preset\'s own cgroup in one spelling', () => {
    const c = configFor({ scenario: 'container-working-set', cgroupLimit: 'off' });
    expect(c.cgroups).toEqual([{ name: 'pod', version: 2, limit: 'max' }]);
  });

  it('adds a second process that grows in the Go process\'s cgroup, from the start of the last phase by default', () => {
    const c = configFor({ scenario: 'incident-go1.15', hog: 4 * GiB, cgroupLimit: 4 * GiB });
    const hog = c.processes.find((p) => p.name === HOG_NAME) as PlainProcessSpec;
    expect(hog).toMatchObject({ kind: 'plain', cgroup: PAGE_CGROUP, schedule: { startMs: 130_000, stepBytes: 256 * MiB, targetBytes: 4 * GiB } });
  });

  it('adds debug.FreeOSMemory() to the first Go process', () => {
    const c = configFor({ scenario: 'incident-go1.15', freeosmemory: 200_000 });
    expect(c.processes[0]).toMatchObject({ workload: { actions: [{ at: 200_000, kind: 'freeOSMemory' }] } });
  });

  it('leaves the registered config unchanged', () => {
    const before = JSON.stringify(getScenario('incident-go1.15').config);
    configFor({ scenario: 'incident-go1.15', hog: GiB, cgroupLimit: GiB, freeosmemory: 1000, memTotal: 4 * GiB });
    expect(JSON.stringify(getScenario('incident-go1.15').config)).toBe(before);
  });

  it('names the query key in an engine error (GOMEMLIMIT before Go 1.19)', () => {
    let err: unknown;
    try {
      new Simulation(configFor({ scenario: 'incident-go1.15', gomemlimit: GiB }));
    } catch (e) {
      err = e;
    }
    expect(isScavsimError(err)).toBe(true);
    const mapped = queryField(err as never);
    expect(mapped.field).toBe('gomemlimit');
    expect(mapped.message).toMatch(/^gomemlimit: GOMEMLIMIT does not exist in go1\.15/);
  });

  it('rejects an unknown preset naming scenario', () => {
    expect(() => configFor({ scenario: 'nope' })).toThrow(/^scenario: no scenario "nope"/);
  });
});
