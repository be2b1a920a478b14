import { describe, expect, it } from 'vitest';
import { isScavsimError, simulate, type SimConfig } from '@scavsim/core';
import { renderSvg } from '../../src/charts/svg-chart.js';
import { CHART_SERIES } from '../../src/charts/series.js';
import { fixtureRun } from '../formats/run-fixture.js';

/** The `<path>` elements of the curves mark (its group runs until the next mark's group). */
function linePaths(svg: string): string[] {
  const start = svg.indexOf('aria-description="memory curves"');
  if (start === -1) return [];
  const end = svg.indexOf('aria-label=', svg.indexOf('>', start));
  const group = svg.slice(start, end === -1 ? undefined : end);
  return [...group.matchAll(/<path [^>]*>/g)].map((m) => m[0]);
}

function singleProcessRun() {
  const run = fixtureRun();
  return { ...run, samples: run.samples.filter((s) => s.process === 'A') };
}

describe('renderSvg', () => {
  it('renders the same run to the same bytes, even after other charts', () => {
    const first = renderSvg(fixtureRun(), { title: 't' });
    renderSvg(singleProcessRun());

    const second = renderSvg(fixtureRun({ reverseKeys: true }), { title: 't' });

    expect(second).toBe(first);
  });

  it('is a standalone SVG document', () => {
    const svg = renderSvg(singleProcessRun());

    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<figure|<div/);
  });

  it('draws one path per series for a Go process, its cgroup usage too', () => {
    const svg = renderSvg(singleProcessRun());

    const paths = linePaths(svg);

    // The four memory curves and A's cg_usage (the fixture has no working set).
    expect(paths).toHaveLength(CHART_SERIES.length + 1);
    expect(new Set(paths.map((p) => /stroke="([^"]+)"/.exec(p)?.[1])).size).toBe(CHART_SERIES.length + 1);
    expect(svg).toContain('— cgroup usage');
    expect(svg).not.toContain('cgroup working set');
  });

  it('adds a panel per process, with only the series a process has', () => {
    const svg = renderSvg(fixtureRun());

    // A: four curves and cg_usage; B (no MemStats, no LazyFree): VmRSS only.
    expect(linePaths(svg)).toHaveLength(CHART_SERIES.length + 2);
    expect(svg).toMatch(/>A</);
    expect(svg).toMatch(/>B</);
  });

  it('marks FreeOSMemory and reclaim with rules', () => {
    const svg = renderSvg(singleProcessRun());

    const ruleGroups = [...svg.matchAll(/<g[^>]*aria-label="rule"[^>]*>(.*?)<\/g>/gs)].map((m) => m[1]!);
    const lines = ruleGroups.flatMap((g) => [...g.matchAll(/<line /g)]);

    // 1 baseline + 2 GCs + 1 scavenge + 1 FreeOSMemory + 1 reclaim.
    expect(lines).toHaveLength(6);
  });

  it('marks the events of a single-process run whose samples name no process', () => {
    const run = singleProcessRun();
    const unnamed = { ...run, samples: run.samples.map(({ process: _p, ...rest }) => rest) };

    const svg = renderSvg(unnamed);

    const lines = [...svg.matchAll(/<g[^>]*aria-label="rule"[^>]*>(.*?)<\/g>/gs)].flatMap((m) => [...m[1]!.matchAll(/<line /g)]);
    expect(lines).toHaveLength(6);
    // One panel, not an extra one for the events: the same chart as with named samples.
    expect(svg).toBe(renderSvg(run));

  });

  it('puts compared variants in one chart, one labelled panel each', () => {
    const run = singleProcessRun();

    const svg = renderSvg([{ label: 'go 1.15', result: run }, { label: 'go 1.16', result: run }]);

    expect(linePaths(svg)).toHaveLength(2 * (CHART_SERIES.length + 1));
    expect(svg).toContain('go 1.15');
    expect(svg).toContain('go 1.16');
  });

  it('rejects an out-of-range width, naming it', () => {
    let caught: unknown;
    try {
      renderSvg(singleProcessRun(), { width: 10 });
    } catch (e) {
      caught = e;
    }
    expect(isScavsimError(caught, 'E_RANGE') && caught.field).toBe('width');
  });

  it('draws a GOMEMLIMIT line at the limit where the Go version has one, and the cgroup limit', () => {
    const run = (go: string) => simulate(limitedConfig(go));
    const svg = renderSvg(run('1.21'));
    const old = renderSvg(run('1.18'));

    expect(svg).toContain('╌ GOMEMLIMIT');
    expect(svg).toContain('╌ cgroup limit');
    // The line sits at 1 GiB on the axis: between the 0 and 1,000 MiB ticks, 1.024 of the way.
    const tick = (label: string): number => Number(new RegExp(`translate\\(60,([\\d.]+)\\)" y="0.32em">${label}<`).exec(svg)![1]);
    const [y0, y1000] = [tick('0'), tick('1,000')];
    const limitY = Number(/aria-description="GOMEMLIMIT"[^]*?<line y2="([\d.]+)"/.exec(svg)![1]); // (ticks and rule are both translated by 1)
    expect(Math.abs(limitY - (y0 + (y1000 - y0) * 1.024))).toBeLessThan(0.5);
    // Go 1.18 has no memory limit (GOMEMLIMIT came in 1.19): no line, no legend entry.
    expect(old).not.toContain('GOMEMLIMIT');
    expect(old).toContain('╌ cgroup limit');
  }, 60_000);

  it('lists in its legend only the events that occurred', () => {
    const svg = renderSvg(singleProcessRun());
    const run = singleProcessRun();
    const killed = renderSvg({ ...run, events: [...run.events, { t_ms: 1900, kind: 'oom', process: 'A', detail: { victim: 'A' } }] });

    for (const kind of ['gc', 'scavenge', 'freeosmemory', 'reclaim']) expect(svg).toMatch(new RegExp(`>[|┆] ${kind}<`));
    expect(svg).not.toMatch(/>[|┆] oom</);
    expect(killed).toMatch(/>┆ oom</);
  });

  it('draws the heap goal (NextGC), and an axis in GiB from 2 GiB up', () => {
    const run = singleProcessRun();
    const big = { ...run, samples: run.samples.map((s) => ({ ...s, VmRSS: 14_000 * 2 ** 20 })) };

    expect(renderSvg(run)).toContain('aria-description="heap goal"');
    expect(renderSvg(run)).toMatch(/>MiB</);
    const svg = renderSvg(big);
    expect(svg).toMatch(/>GiB</);
    expect(svg).not.toMatch(/>\d+,\d{3}</); // no "14,000"
  });
});

/** A Go process with GOMEMLIMIT 1 GiB in a cgroup limited to 1900 MiB, keeping 800 MiB live. */
function limitedConfig(go: string): SimConfig {
  return {
    duration: '12s', sample: '1s', machine: { memTotal: '8GiB', kernel: '5.10' },
    cgroups: [{ name: 'box', limit: '1900MiB' }],
    processes: [{ kind: 'go', name: 'svc', go, gomemlimit: '1GiB', cgroup: 'box', workload: { phases: [{ name: 'load', duration: '12s', allocRate: '512MiB', liveTarget: '800MiB' }] } }],
  };
}
