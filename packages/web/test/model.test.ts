import { describe, expect, it } from 'vitest';
import { GiB, MiB, Simulation, isScavsimError, type PlainProcessSpec } from '@scavsim/core';
import { applyOverrides, getScenario, listScenarios } from '@scavsim/scenarios';
import { configFor, HOG_NAME, queryField } from '../src/model.js';

describe('the page state as a simulation config', () => {
  it.each(listScenarios().map((s) => s.name))('is the registered config of preset %s when nothing is changed', (name) => {
    expect(configFor({ scenario: name })).toEqual(getScenario(name).config);
  });

  it('applies the CLI flags through the CLI\'s own overrides', () => {
    const base = getScenario('incident-go1.15').config;
    expect(configFor({ scenario: 'incident-go1.15', go: '1.16', gogc: 50, godebug: 'madvdontneed=1', seed: 3, duration: 60_000 }))
      .toEqual(applyOverrides(base, { go: '1.16', gogc: 50, godebug: { madvdontneed: '1' }, seed: 3, durationMs: 60_000 }));
  });

  it('sets machine memory and a cgroup limit with the CLI\'s --mem-total and --cgroup-limit', () => {
    const base = getScenario('incident-go1.15').config;
    const c = configFor({ scenario: 'incident-go1.15', cgroupLimit: 2 * GiB, memTotal: 16 * GiB });
    expect(c).toEqual(applyOverrides(base, { cgroupLimit: 2 * GiB, memTotal: 16 * GiB }));
    expect(c.processes[0]!.cgroup).toBeDefined();
  });

  it('lifts the limit of the preset\'s own cgroup with cgroup-limit=off', () => {
    const c = configFor({ scenario: 'container-working-set', cgroupLimit: 'off' });
    expect(c.cgroups).toEqual([{ name: 'pod', version: 2, limit: 'max' }]);
  });

  it('adds a second process that grows in the Go process\'s cgroup, from the start of the last phase by default', () => {
    const c = configFor({ scenario: 'incident-go1.15', hog: 4 * GiB, cgroupLimit: 4 * GiB });
    const hog = c.processes.find((p) => p.name === HOG_NAME) as PlainProcessSpec;
    expect(hog).toMatchObject({ kind: 'plain', cgroup: c.processes[0]!.cgroup, schedule: { startMs: 130_000, stepBytes: 256 * MiB, targetBytes: 4 * GiB } });
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

  it('names the query key in an engine error (a machine smaller than 256 pages)', () => {
    let err: unknown;
    try {
      new Simulation(configFor({ scenario: 'incident-go1.15', memTotal: 512 * 1024 }));
    } catch (e) {
      err = e;
    }
    expect(isScavsimError(err)).toBe(true);
    const mapped = queryField(err as never);
    expect(mapped.field).toBe('mem-total');
    expect(mapped.message).toMatch(/^mem-total: 524288 bytes is too small \(accepted: /);
  });

  it('rejects an unknown preset naming scenario', () => {
    expect(() => configFor({ scenario: 'nope' })).toThrow(/^scenario: no scenario "nope"/);
  });
});
