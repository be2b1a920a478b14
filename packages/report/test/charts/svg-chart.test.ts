import { describe, expect, it } from 'vitest';
import { isScavsimError } from '@scavsim/core';
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

  it('draws one path per series for a Go process', () => {
    const svg = renderSvg(singleProcessRun());

    const paths = linePaths(svg);

    expect(paths).toHaveLength(CHART_SERIES.length);
    expect(new Set(paths.map((p) => /stroke="([^"]+)"/.exec(p)?.[1])).size).toBe(CHART_SERIES.length);
  });

  it('adds a panel per process, with only the series a process has', () => {
    const svg = renderSvg(fixtureRun());

    // A: four curves; B (no MemStats, no LazyFree): VmRSS only.
    expect(linePaths(svg)).toHaveLength(CHART_SERIES.length + 1);
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

    expect(linePaths(svg)).toHaveLength(2 * CHART_SERIES.length);
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
});
