/**
 * The fidelity suite: every real trace in test/fixtures/traces/ is re-run in the simulator
 * and compared figure by figure (docs/fidelity.md). It needs two functions that the engine
 * side provides:
 *
 *  - `simulate(config)` from `@scavsim/core` (packages/core/src/index.ts), returning a
 *    `RunResult` (or a promise of one);
 *  - `configFromProbeScenario(probe)` from `@scavsim/report`
 *    (packages/report/src/index.ts), turning a `ProbeScenario` (the trace header, parsed by
 *    `scenarioFromHeader`) into that config.
 *
 * Until both exist the suite is skipped with a message saying which is missing; it activates
 * by itself once they are exported. Each comparison is also written to out/fidelity/ as text
 * and JSON. FIDELITY_TRACES=<substring> limits the run to matching traces.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '@scavsim/core';
import { readTraceFile } from '@scavsim/cli';
import {
  compareTraces, configFromProbeScenario, renderComparisonJson, renderComparisonTable, scenarioFromHeader,
  traceFromRunResult,
} from '@scavsim/report';
import { knownDisagreement } from './known-disagreements.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRACES = `${ROOT}test/fixtures/traces/`;
const OUT = `${ROOT}out/fidelity/`;

const filter = process.env['FIDELITY_TRACES'];
const traces = ['', 'defaults/', 'recorded/'].flatMap((dir) =>
  readdirSync(TRACES + dir).filter((f) => f.endsWith('.jsonl') && (!filter || f.includes(filter))).sort().map((f) => TRACES + dir + f));

describe('simulated runs against the real traces', () => {
  it.each(traces.map((p) => [p.slice(TRACES.length, -'.jsonl'.length), p]))('%s: every key figure is within tolerance or a documented disagreement', (name, path) => {
    const real = readTraceFile(path);
    const probe = scenarioFromHeader(real.header);
    const result = simulate(configFromProbeScenario(probe));
    const rows = compareTraces(real, traceFromRunResult(result), probe.scenario);

    mkdirSync(OUT, { recursive: true });
    const file = OUT + name.replace('/', '_');
    writeFileSync(`${file}.txt`, `${renderComparisonTable(rows)}\n`);
    writeFileSync(`${file}.json`, `${renderComparisonJson(rows)}\n`);
    const table = renderComparisonTable(rows);
    for (const row of rows) {
      const known = knownDisagreement(name, row.figure);
      if (known === undefined) expect(row.pass, `${name}: ${row.figure}\n${table}`).toBe(true);
      else if (known.kind === 'fails') expect(row.pass, `${name}: ${row.figure} now agrees; remove it from known-disagreements.ts\n${table}`).toBe(false);
    }
  });
});
