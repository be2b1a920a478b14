import { describe, expect, it } from 'vitest';
import { renderScenarioDocs, staleFiles } from '../../docs/build.js';
import { renderFidelityPage, renderFidelityTrace, traceNames } from '../../docs/fidelity-curves.js';
import { renderReplayDocs } from '../../docs/replay-charts.js';
import { listScenarios } from '@scavsim/scenarios';

// One test per scenario and per trace: no single test holds the worker long enough for vitest's
// RPC to time out on a loaded machine.
describe('checked-in scenario docs (if not: run `pnpm run docs` and commit)', () => {
  it.each(listScenarios().map((s) => [s.name, s] as const))('%s: its page, chart and the index match what the model produces now', (_name, s) => {
    const files = renderScenarioDocs([s]);

    expect(files.filter((f) => f.path.endsWith('.svg'))).toHaveLength(1);
    expect(staleFiles(files)).toEqual([]);
  }, 600_000);
});

describe('checked-in fidelity docs (if not: run `pnpm run docs` and commit)', () => {
  const sections = new Map<string, string>();

  it.each(traceNames())('%s: its real-vs-simulated chart is up to date', (name) => {
    const { chart, section } = renderFidelityTrace(name);
    sections.set(name, section);
    expect(staleFiles([chart])).toEqual([]);
  }, 600_000);

  it('fidelity-curves.md has every trace\'s section, as generated now', () => {
    expect([...sections.keys()]).toEqual(traceNames());
    expect(staleFiles([renderFidelityPage(traceNames().map((n) => sections.get(n)!))])).toEqual([]);
  });
});

describe('checked-in replay docs (if not: run `pnpm run docs` and commit)', () => {
  it('include up-to-date replay charts of the caddy recording for docs/replay.md', async () => {
    const files = await renderReplayDocs();
    expect(files).toHaveLength(2);
    expect(staleFiles(files)).toEqual([]);
  }, 600_000);
});
