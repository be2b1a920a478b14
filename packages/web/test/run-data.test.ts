import { describe, expect, it } from 'vitest';
import { simulate } from '@scavsim/core';
import { getScenario } from '@scavsim/scenarios';
import { byProcess, processFigures } from '@scavsim/report';
import { MARK_KINDS, runData, samplesOfColumns } from '../src/run-data.js';
import { explainText, summaryJson } from '../src/panels.js';

const result = simulate(getScenario('freeosmemory-pressure').config);
const data = runData(result);

describe('a run as the page draws it', () => {
  it('holds every sample of every process in columns on the Go process\'s clock', () => {
    const groups = byProcess(result.samples);
    expect(data.processes.map((p) => [p.name, p.kind])).toEqual([['A', 'go'], ['B', 'plain']]);
    expect([...data.t]).toEqual(groups[0]!.samples.map((s) => s.t_ms));
    for (const g of groups) {
      const cols = data.processes.find((p) => p.name === g.name)!.cols;
      const at = new Map(g.samples.map((s) => [s.t_ms, s]));
      data.t.forEach((t, i) => expect(Number.isNaN(cols['VmRSS']![i]!) ? undefined : cols['VmRSS']![i]).toBe(at.get(t)?.VmRSS));
    }
  });

  it('counts each marked event once, in the interval of the sample that follows it', () => {
    for (const kind of MARK_KINDS) {
      const total = data.marks[kind].reduce((a, b) => a + b, 0);
      expect(total).toBe(result.events.filter((e) => e.kind === kind).length);
    }
    expect(data.marks.freeosmemory.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('carries the CLI summary\'s figures, bytes as numbers', () => {
    const figures = processFigures(result);
    expect(summaryJson(data).processes).toEqual(figures.map((p) => ({
      process: p.name, peakVmRSS: p.peakRss, peakVmRSSAt_ms: p.peakRssAt, VmRSS: p.end.VmRSS, HeapInuse: p.end.HeapInuse ?? null,
      HeapReleased: p.end.HeapReleased ?? null, LazyFree: p.end.LazyFree, GCs: p.gcs ?? null,
    })));
  });

  it('rebuilds the samples the gap explanation reads, field for field', () => {
    const a = byProcess(result.samples)[0]!.samples;
    const rebuilt = samplesOfColumns(data, data.processes[0]!);
    expect(rebuilt.length).toBe(a.length);
    for (const f of ['VmRSS', 'HeapInuse', 'HeapIdle', 'HeapReleased', 'LazyFree', 'NextGC', 'ScavengeGoal']) {
      expect(rebuilt.map((s) => s[f])).toEqual(a.map((s) => s[f]));
    }
    expect(explainText(data, 20_000)).toMatch(/^freeosmemory-pressure, process A, at 20 s:\nRSS .* − HeapInuse .* not in use by Go objects:/);
  });
});
