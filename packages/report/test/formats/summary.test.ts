import { describe, expect, it } from 'vitest';
import { formatBytes } from '@scavsim/core';
import { processFigures, toSummary } from '../../src/formats/summary.js';
import { processesOf } from '../../src/formats/processes.js';
import { renderTerminalChart } from '../../src/charts/terminal-chart.js';
import { fixtureRun } from './run-fixture.js';

describe('toSummary', () => {
  it('has one block per process with its peak RSS', () => {
    const run = fixtureRun();
    const peakA = Math.max(...run.samples.filter((s) => s.process === 'A').map((s) => s.VmRSS!));

    const text = toSummary(run);

    expect(text).toMatch(/^process A$/m);
    expect(text).toMatch(/^process B$/m);
    expect(text).toContain(formatBytes(peakA));
  });

  it('counts GCs from NumGC when the process reports MemStats', () => {
    const run = fixtureRun();

    const a = processFigures(run).find((p) => p.name === 'A')!;

    expect(a.gcs).toBe(run.samples.filter((s) => s.process === 'A').at(-1)!.NumGC);
  });

  it('explains the gap while lazily freed memory is still resident', () => {
    const run = fixtureRun({ endMs: 1200 });

    const text = toSummary(run);

    expect(text).toMatch(/MADV_FREE/);
    expect(text).toContain(formatBytes(run.samples.filter((s) => s.process === 'A').at(-1)!.LazyFree!));
  });

  it('has no gap explanation for a process without MemStats', () => {
    const text = toSummary(fixtureRun());

    const blockB = text.slice(text.indexOf('process B'));
    expect(blockB).not.toMatch(/HeapInuse/);
  });

  it('names a single unnamed process after its config, as explain and the charts do', () => {
    const run = fixtureRun();
    const unnamed = {
      ...run,
      header: { ...run.header, config: { processes: [{ kind: 'go', name: 'api' }] } },
      samples: run.samples.filter((x) => x.process === 'A').map(({ process: _p, ...rest }) => rest),
    };

    expect(toSummary(unnamed)).toMatch(/^process api$/m);
    expect(processesOf(unnamed).map((p) => p.name)).toEqual(['api']);
    expect(renderTerminalChart(unnamed)).toContain('process api');
  });

  it('states an OOM kill and when it happened', () => {
    const run = fixtureRun();
    const killed = { ...run, killed: [{ process: 'A', t_ms: 84_880, scope: 'memcg' as const, cgroup: 'limit', rssBytes: 2 * 1024 ** 3 }] };

    expect(toSummary(killed)).toMatch(/^process A\n  OOM-killed at 84\.9 s \(RSS 2\.00 GiB, cgroup "limit" at its limit\)/m);
    expect(processFigures(killed).find((p) => p.name === 'B')!.oomKill).toBeUndefined();
  });
});
