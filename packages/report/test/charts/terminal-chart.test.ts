import { describe, expect, it } from 'vitest';
import { isScavsimError } from '@scavsim/core';
import { renderTerminalChart, SERIES_GLYPHS } from '../../src/charts/terminal-chart.js';
import { fixtureRun } from '../formats/run-fixture.js';

describe('renderTerminalChart', () => {
  it('fits the requested width, axis labels included', () => {
    const text = renderTerminalChart(fixtureRun(), { width: 70, height: 15, process: 'A' });

    const longest = Math.max(...text.split('\n').map((l) => [...l].length));
    expect(longest).toBeLessThanOrEqual(70 + 8);
  });

  it('has the requested number of plot rows', () => {
    const text = renderTerminalChart(fixtureRun(), { height: 12, process: 'A' });

    expect(text.split('\n').filter((l) => /[┤│]/.test(l))).toHaveLength(12);
  });

  it('shows a legend naming every drawn series with its glyph', () => {
    const text = renderTerminalChart(fixtureRun(), { process: 'A' });

    for (const [series, glyph] of Object.entries(SERIES_GLYPHS)) expect(text).toContain(`${glyph} ${series}`);
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
