/**
 * The fidelity suite: every real trace in test/fixtures/traces/ is re-run in the simulator,
 * compared figure by figure and judged (docs/fidelity.md) by the same function `scavsim
 * fidelity` uses (`fidelityOf`): loadtests against the band of several seeds and the real
 * repeats in `repeats/` (trimmed copies of the probe's `traces/repeat` and `traces/concurrent`),
 * every other figure against one seed, with the shipped known-disagreement list. Each verdict
 * is also written to out/fidelity/ as text and JSON. FIDELITY_TRACES=<substring> limits the run
 * to matching traces.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTraceFile } from '@scavsim/cli';
import { fidelityOf, renderVerdictJson, renderVerdictTable, REPEAT_SUFFIXES } from '@scavsim/report';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRACES = `${ROOT}test/fixtures/traces/`;
const OUT = `${ROOT}out/fidelity/`;

const filter = process.env['FIDELITY_TRACES'];
const traces = ['', 'defaults/', 'recorded/'].flatMap((dir) =>
  readdirSync(TRACES + dir).filter((f) => f.endsWith('.jsonl') && (!filter || f.includes(filter))).sort().map((f) => TRACES + dir + f));

/** The real repeats of a trace in `repeats/` (`<name>_r2.jsonl`, `<name>_concurrent.jsonl`). */
function repeatsOf(name: string): string[] {
  return REPEAT_SUFFIXES.map((s) => `${TRACES}repeats/${name}${s}.jsonl`).filter((p) => existsSync(p));
}

describe('simulated runs against the real traces', () => {
  it.each(traces.map((p) => [p.slice(TRACES.length, -'.jsonl'.length), p]))('%s: every key figure is within tolerance (or its band) or a documented disagreement', (name, path) => {
    const base = name.split('/').pop()!;
    const { verdict } = fidelityOf({ name: base, real: readTraceFile(path), repeats: repeatsOf(base).map(readTraceFile) });

    mkdirSync(OUT, { recursive: true });
    const file = OUT + name.replace('/', '_');
    const table = renderVerdictTable(verdict);
    writeFileSync(`${file}.txt`, `${table}\n`);
    writeFileSync(`${file}.json`, `${renderVerdictJson(verdict)}\n`);
    for (const row of verdict.rows) {
      if (row.status === 'FAIL') expect.fail(`${name}: ${row.figure} is outside tolerance\n${table}`);
      if (row.status === 'fixed') expect.fail(`${name}: ${row.figure} now agrees; remove it from known-disagreements.ts\n${table}`);
    }
    expect(verdict.ok).toBe(true);
  });
});
