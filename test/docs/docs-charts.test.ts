import { describe, expect, it } from 'vitest';
import { renderScenarioDocs, staleFiles } from '../../docs/build.js';
import { renderFidelityDocs, traceNames } from '../../docs/fidelity-curves.js';
import { listScenarios } from '@scavsim/scenarios';

describe('checked-in scenario docs', () => {
  it('match what the model produces now for every scenario, page and chart (if not: run `pnpm run docs` and commit)', () => {
    const files = renderScenarioDocs();

    expect(files.filter((f) => f.path.endsWith('.svg'))).toHaveLength(listScenarios().length);
    expect(staleFiles(files)).toEqual([]);
  }, 600_000);

  it('include an up-to-date real-vs-simulated chart for every fidelity trace (if not: run `pnpm run docs` and commit)', () => {
    const files = renderFidelityDocs();
    expect(files.filter((f) => f.path.endsWith('.svg'))).toHaveLength(traceNames().length);
    expect(staleFiles(files)).toEqual([]);
  }, 600_000);
});
