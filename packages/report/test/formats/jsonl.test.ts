import { describe, expect, it } from 'vitest';
import { CGROUP_FIELDS, MEMSTATS_FIELDS, PROC_FIELDS, VMSTAT_FIELDS } from '@scavsim/core';
import { toJsonl } from '../../src/formats/jsonl.js';
import { fixtureRun } from './run-fixture.js';

const parseLines = (text: string): Record<string, unknown>[] =>
  text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('toJsonl', () => {
  it('writes the header first, then one line per sample', () => {
    const run = fixtureRun();

    const lines = parseLines(toJsonl(run));

    expect(lines).toHaveLength(1 + run.samples.length);
    expect(lines[0]).toMatchObject({ header: true, scenario: 'fixture', seed: 7, go_version: 'go1.15.10' });
    expect(lines[0]!['config']).toEqual(run.header.config);
    expect(lines.slice(1).map((l) => [l['t_ms'], l['process']])).toEqual(run.samples.map((s) => [s.t_ms, s.process]));
  });

  it('produces identical bytes for identical data whatever the key insertion order', () => {
    const a = toJsonl(fixtureRun());
    const b = toJsonl(fixtureRun({ reverseKeys: true }));

    expect(b).toBe(a);
    expect(toJsonl(fixtureRun())).toBe(a);
  });

  it('orders sample keys as the fidelity probe does: t_ms, phase, MemStats, /proc, cgroup, vmstat', () => {
    const probeOrder = ['t_ms', 'phase', 'process', ...MEMSTATS_FIELDS, ...PROC_FIELDS, ...CGROUP_FIELDS, ...VMSTAT_FIELDS];

    const line = parseLines(toJsonl(fixtureRun()))[1]!;
    const keys = Object.keys(line);

    const ranks = keys.map((k) => probeOrder.indexOf(k));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect([...ranks].sort((x, y) => x - y)).toEqual(ranks);
  });

  it('puts fields the probe does not know after the known ones, sorted by name', () => {
    const run = fixtureRun();
    const s0 = { ...run.samples[0]!, zeta: 1, alpha: 2 };

    const keys = Object.keys(parseLines(toJsonl({ ...run, samples: [s0] }))[1]!);

    expect(keys.slice(-2)).toEqual(['alpha', 'zeta']);
  });

  it('writes byte fields as integers', () => {
    const run = fixtureRun();
    const s0 = { ...run.samples[0]!, HeapInuse: 1000.6, VmRSS: 4095.2 };

    const line = parseLines(toJsonl({ ...run, samples: [s0] }))[1]!;

    expect(line['HeapInuse']).toBe(1001);
    expect(line['VmRSS']).toBe(4095);
  });

  it('interleaves events as {"ev":...} lines in time order only when asked', () => {
    const run = fixtureRun();

    const without = parseLines(toJsonl(run));
    const withEvents = parseLines(toJsonl(run, { events: true }));

    expect(without.some((l) => 'ev' in l)).toBe(false);
    const evs = withEvents.filter((l) => 'ev' in l);
    expect(evs.map((e) => e['ev'])).toEqual(run.events.map((e) => e.kind));
    const times = withEvents.slice(1).map((l) => l['t_ms'] as number);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });
});
