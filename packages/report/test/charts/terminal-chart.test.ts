import { describe, expect, it } from 'vitest';
import { isScavsimError, MiB, type RunResult, type Sample } from '@scavsim/core';
import { renderTerminalChart, SERIES_GLYPHS } from '../../src/charts/terminal-chart.js';
import { fixtureRun } from '../formats/run-fixture.js';

/** A run after a lazy release: RSS 3 GiB, HeapReleased and LazyFree just under it, HeapInuse 40 MiB. */
function lazyRelease(): RunResult {
  const samples: Sample[] = [];
  for (let t = 0; t <= 60_000; t += 1000) {
    const released = t >= 10_000 ? 3000 * MiB : 0;
    samples.push({ t_ms: t, process: 'A', VmRSS: 3072 * MiB, HeapInuse: (t < 10_000 ? 3000 : 40) * MiB, HeapReleased: released, LazyFree: released });
  }
  return { ...fixtureRun(), samples, events: [] };
}

describe('renderTerminalChart', () => {
  it('fits the requested width, axis labels included', () => {
    const text = renderTerminalChart(fixtureRun(), { width: 70, height: 15, process: 'A' });

    const longest = Math.max(...text.split('\n').map((l) => [...l].length));
    expect(longest).toBeLessThanOrEqual(70 + 8);
  });

  it('has the requested number of plot rows (one panel when no curve sits near zero)', () => {
    const run = lazyRelease();
    const flat = { ...run, samples: run.samples.map((s) => ({ ...s, HeapInuse: 3000 * MiB, HeapReleased: 2000 * MiB, LazyFree: 2000 * MiB })) };
    const text = renderTerminalChart(flat, { height: 12 });

    expect(text.split('\n').filter((l) => /[┤│]/.test(l))).toHaveLength(12);
  });

  it('shows a legend naming every drawn series with its glyph, and no operator glyph', () => {
    const text = renderTerminalChart(fixtureRun(), { process: 'A' });

    const legend = text.split('\n').find((l) => l.trimStart().startsWith('curves'))!;
    for (const series of ['VmRSS', 'HeapInuse', 'HeapReleased', 'LazyFree'] as const) expect(legend).toContain(`${SERIES_GLYPHS[series]} ${series}`);
    expect(legend).toContain(`${SERIES_GLYPHS.cg_usage} cgroup usage`);
    expect(legend).not.toContain('cgroup working set'); // not in A's samples
    expect(legend).not.toMatch(/[=+~] /);
  });

  it('draws every series it names: each legend glyph appears in the plot', () => {
    for (const run of [fixtureRun(), lazyRelease()]) {
      const text = renderTerminalChart(run, { process: 'A' });
      const lines = text.split('\n');
      const plot = lines.filter((l) => /[┤│]/.test(l)).map((l) => l.slice(8)).join('\n');
      const legend = lines.find((l) => l.trimStart().startsWith('curves'))!;
      for (const [series, glyph] of Object.entries(SERIES_GLYPHS)) {
        if (legend.includes(` ${series === 'cg_usage' ? 'cgroup usage' : series}`)) expect(plot, series).toContain(glyph);
      }
    }
  });

  it('keeps HeapReleased visible where it runs with LazyFree and VmRSS, and gives a small HeapInuse its own scale', () => {
    const text = renderTerminalChart(lazyRelease(), { process: 'A', width: 40, height: 10 });
    const lines = text.split('\n');
    const panels = lines.filter((l) => /MiB/.test(l));

    // RSS, HeapReleased and LazyFree share a row after the release: every one shows in it.
    const top = lines.find((l) => /[┤│]/.test(l) && /#/.test(l))!;
    expect(top).toMatch(/#/);
    expect(top).toMatch(/x/);
    expect(top).toMatch(/\*/);
    // HeapInuse (40 MiB of 3 GiB) is drawn again on a scale of its own, above the zero line there.
    expect(panels).toHaveLength(2);
    expect(panels[1]).toContain('zoomed to 0–');
    const zoom = lines.slice(lines.indexOf(panels[1]!));
    const zero = zoom.findIndex((l) => /^ +0 ┤/.test(l));
    expect(zoom.slice(1, zero).some((l) => /o/.test(l.slice(8)))).toBe(true);
  });

  it('marks FreeOSMemory on the event row at its time', () => {
    const run = fixtureRun();
    const width = 50;

    const lines = renderTerminalChart(run, { width, process: 'A' }).split('\n');

    const events = lines.find((l) => l.startsWith('events'))!;
    const col = Math.floor((1001 / run.samples.at(-1)!.t_ms) * width);
    expect(events[8 + col]).toBe('F');
  });

  it('marks events of a single-process run whose samples name no process', () => {
    const run = fixtureRun();
    const unnamed = { ...run, samples: run.samples.filter((s) => s.process === 'A').map(({ process: _p, ...rest }) => rest) };

    expect(renderTerminalChart(unnamed)).toMatch(/^events .*F/m);
  });

  it('draws one chart per process unless one is chosen', () => {
    expect(renderTerminalChart(fixtureRun()).match(/^process /gm)).toHaveLength(2);
  });

  it('writes no colour codes unless asked', () => {
    expect(renderTerminalChart(fixtureRun())).not.toContain('\u001b[');
    expect(renderTerminalChart(fixtureRun(), { color: true })).toContain('\u001b[');
  });

  it('rejects an unknown process, naming the flag', () => {
    let caught: unknown;
    try {
      renderTerminalChart(fixtureRun(), { process: 'Z' });
    } catch (e) {
      caught = e;
    }
    expect(isScavsimError(caught, 'E_UNKNOWN_NAME') && caught.field).toBe('--process');
  });
});
