import { describe, expect, it } from 'vitest';
import { renderScenarioDocs, staleFiles } from '../../../../docs/build.js';
import { listScenarios } from '../../src/registry.js';

describe('checked-in scenario docs', () => {
  it('match what the model produces now for every scenario, page and chart (if not: run `pnpm docs` and commit)', () => {
    const files = renderScenarioDocs();

    expect(files.filter((f) => f.path.endsWith('.svg'))).toHaveLength(listScenarios().length);
    expect(staleFiles(files)).toEqual([]);
  }, 600_000);
});
