/**
 * The golden record: every registered scenario's run (and each of its variants) must produce
 * exactly the output recorded in `scenarios.golden.json`, as fast-check's no-regression
 * snapshots do for generated values. A change to the model that moves one byte of one sample
 * fails here, with the key figures beside the hash so the diff says what moved.
 *
 * A change made on purpose is recorded on purpose: `pnpm golden:update` (GOLDEN_UPDATE=1)
 * rewrites the file, and the commit that does so says why each scenario moved.
 *
 * Only the public APIs of `@scavsim/scenarios` and `@scavsim/core` are used, so the record
 * survives files moving inside the packages.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '@scavsim/core';
import { getScenario, listScenarios, type Scenario } from '@scavsim/scenarios';
import { recordOf, type RunRecord } from './record.js';

const FILE = fileURLToPath(new URL('./scenarios.golden.json', import.meta.url));
const UPDATE = process.env['GOLDEN_UPDATE'] === '1';

/** Scenario name → run name (`main` or the variant's name) → record. */
type Golden = Record<string, Record<string, RunRecord>>;

function runsOf(s: Scenario): Record<string, RunRecord> {
  const runs: Record<string, RunRecord> = { main: recordOf(simulate(s.config)) };
  for (const [name, cfg] of Object.entries(s.variants ?? {})) runs[`variant:${name}`] = recordOf(simulate(cfg));
  return runs;
}

const golden = JSON.parse(readFileSync(FILE, 'utf8')) as Golden;
const updated: Golden = {};

// One test per scenario, simulated inside the test: simulating all of them while the file loads
// blocked the worker for over a minute on a loaded machine, and vitest's worker RPC timed out.
describe('golden record of every scenario', () => {
  it.skipIf(UPDATE)('records exactly the registered scenarios', () => {
    expect(listScenarios().map((s) => s.name).sort()).toEqual(Object.keys(golden).sort());
  });

  it.each(listScenarios().map((s) => [s.name, s] as const))('%s: every run is unchanged', (name, s) => {
    const actual = runsOf(s);
    updated[name] = actual;
    if (UPDATE) return;
    expect(Object.keys(actual).sort()).toEqual(Object.keys(golden[name] ?? {}).sort());
    for (const run of Object.keys(actual)) {
      expect(actual[run], `${name} ${run} moved; if on purpose: pnpm golden:update, and say why in the commit`).toEqual(golden[name]?.[run]);
    }
  }, 600_000);

  afterAll(() => {
    if (UPDATE) writeFileSync(FILE, `${JSON.stringify(updated, null, 2)}\n`);
  });

  it('the record itself can fail: a one-byte change in a sample moves the hash', () => {
    const run = simulate(getScenario('freeosmemory-pressure').config);
    const first = run.samples[0]!;
    const nudged = { ...run, samples: [{ ...first, VmRSS: (first.VmRSS ?? 0) + 1 }, ...run.samples.slice(1)] };
    expect(recordOf(nudged).sha256).not.toBe(recordOf(run).sha256);
    // ...and the key order inside a sample does not.
    const reordered = { ...run, samples: run.samples.map((x) => Object.fromEntries(Object.entries(x).reverse()) as typeof x) };
    expect(recordOf(reordered).sha256).toBe(recordOf(run).sha256);
  });
});
