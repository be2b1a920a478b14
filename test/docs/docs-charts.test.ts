import { describe, expect, it } from 'vitest';
import { renderScenarioDocs, staleFiles } from '../../docs/build.js';
import { renderFidelityDocs, traceNames } from '../../docs/fidelity-curves.js';
import { renderReplayDocs } from '../../docs/replay-charts.js';
import { listScenarios } from '@scavsim/scenarios';

// One test per scenario: each is a few seconds of synchronous work, where all of them in one
// test blocked the worker for over a minute on a loaded machine and vitest's worker RPC timed out.
describe('checked-in scenario docs (if not: run `pnpm run docs` and commit)', () => {
  it.each(listScenarios().map((s) => [s.name, s] as const))('%s: page, chart and the index match what the model produces now', (_name, s) => {
    const files = renderScenarioDocs([s]);

    expect(files.filter((f) => f.path.endsWith('.svg'))).toHaveLength(1);
    expect(staleFiles(files)).toEqual([]);
  }, 600_000);

  it('include an up-to-date real-vs-simulated chart for every fidelity trace (if not: run `pnpm run docs` and commit)', () => {
    const files = renderFidelityDocs();
    expect(files.filter((f) => f.path.endsWith('.svg'))).toHaveLength(traceNames().length);
    expect(staleFiles(files)).toEqual([]);
  }, 600_000);

  it('include up-to-date replay charts of the caddy recording for docs/replay.md (if not: run `pnpm run docs` and commit)', async () => {
    const files = await renderReplayDocs();
    expect(files).toHaveLength(2);
    expect(staleFiles(files)).toEqual([]);
  }, 600_000);
});
