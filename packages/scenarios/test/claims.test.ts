/**
 * Every registered scenario's claims hold against the simulation (never against stored
 * curves): if the model changes so that a teaching text becomes false, this fails.
 */
import { describe, expect, it } from 'vitest';
import { listScenarios, runScenario } from '../src/registry.js';

describe.each(listScenarios().map((s) => [s.name, s] as const))('scenario %s', (_name, scenario) => {
  const run = runScenario(scenario);
  it.each(run.claims.map((c) => [c.id, c] as const))('claim %s holds', (_id, claim) => {
    expect(claim.pass, `${claim.text}\n  ${claim.detail}`).toBe(true);
  });
});

describe('scenario runs', () => {
  it('are deterministic: the same config and seed give byte-identical samples', () => {
    const s = listScenarios().find((x) => x.name === 'freeosmemory-pressure')!;
    const a = JSON.stringify(runScenario(s).result);
    const b = JSON.stringify(runScenario(s).result);
    expect(a).toBe(b);
  });

  it('have unique names and at least one claim each', () => {
    const names = listScenarios().map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of listScenarios()) expect(s.claims.length).toBeGreaterThan(0);
  });
});
