import { describe, expect, it } from 'vitest';
import { Simulation, simulate } from '@scavsim/core';
import { getScenario } from '@scavsim/scenarios';
import { byProcess, processFigures } from '@scavsim/report';
import { MARK_KINDS, RunBuffer, samplesOfColumns } from '../src/run-data.js';
import { ColumnRecorder, layoutOf, runData } from '../src/run-stream.js';
import { explainText, summaryJson } from '../src/panels.js';
import { thin } from '../src/chart.js';

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

  it('is the same when recorded from the engine\'s sink in slices, as the worker posts it', () => {
    const config = getScenario('freeosmemory-pressure').config;
    let rec: ColumnRecorder | undefined;
    const sim = new Simulation(config, true, { onSample: (x) => rec!.onSample(x), onEvent: (e) => rec!.onEvent(e) });
    rec = new ColumnRecorder(layoutOf(sim.header, sim.durationMs), sim.header);
    const buf = new RunBuffer(rec.layout);
    let steps = 0;
    let chunks = 0;
    while (!sim.done) {
      sim.step();
      if (++steps % 37 === 0) { buf.append(rec.flush()); chunks++; }
    }
    buf.append(rec.flush(true));
    const streamed = buf.data();
    expect(chunks).toBeGreaterThan(10);
    expect([...streamed.t]).toEqual([...data.t]);
    for (const [i, p] of data.processes.entries()) {
      for (const [f, col] of Object.entries(p.cols)) expect([...streamed.processes[i]!.cols[f]!], `${p.name} ${f}`).toEqual([...col]);
    }
    for (const k of MARK_KINDS) expect([...streamed.marks[k]], k).toEqual([...data.marks[k]]);
  });
});

describe('a run thinned to the plot\'s pixels', () => {
  it('keeps every row when there are fewer rows than pixels, NaN as a gap', () => {
    const th = thin(Float64Array.from([0, 100, 200]), [Float64Array.from([1, Number.NaN, 3])], 10);
    expect(th).toEqual({ x: [0, 0.1, 0.2], ys: [[1, null, 3]], group: 1 });
  });

  it('keeps each group\'s least and greatest value in the order they occur, at its first and last time', () => {
    const t = Float64Array.from({ length: 9 }, (_, i) => i * 1000);
    const c = Float64Array.from([5, 9, 1, 2, 2, 2, 7, Number.NaN, 0]);
    const th = thin(t, [c, undefined], 3);
    expect(th.group).toBe(3);
    expect(th.x).toEqual([0, 2, 3, 5, 6, 8]);
    expect(th.ys[0]).toEqual([9, 1, 2, 2, 7, 0]);
    expect(th.ys[1]).toEqual([null, null, null, null, null, null]);
    // The line's extremes over the whole run are on the screen.
    const rng = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 7) * (i % 13));
    const big = thin(Float64Array.from(rng, (_, i) => i), [rng], 300);
    expect(big.x.length).toBeLessThanOrEqual(600);
    expect(Math.max(...(big.ys[0] as number[]))).toBe(Math.max(...rng));
    expect(Math.min(...(big.ys[0] as number[]))).toBe(Math.min(...rng));
  });
});
