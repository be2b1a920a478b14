/**
 * `scavsim fidelity <trace.jsonl>`: re-run a probe trace in the simulator and compare.
 *
 * The header says everything needed to rebuild the run (Go version, GODEBUG, scenario
 * parameters, cgroup limit, page size); {@link configFromProbeScenario} turns it into an engine
 * config, the engine runs it, and the key figures of both runs are compared with the
 * tolerances of docs/fidelity.md. Works on any trace the same probe recorded.
 *
 * @module
 */
import { simulate, type RunResult, type SimulateOptions } from '@scavsim/core';
import { compareTraces, fidelityPassed, renderComparisonJson, renderComparisonTable, type ComparisonRow } from './compare.js';
import { configFromProbeScenario } from './probe-config.js';
import { scenarioFromHeader } from './scenario-from-header.js';
import { traceFromRunResult } from './sim-trace.js';
import { readTraceFile } from './trace.js';

/** A finished comparison. */
export interface FidelityRun {
  /** Figure-by-figure rows. */
  readonly rows: readonly ComparisonRow[];
  /** True when every figure is within tolerance. */
  readonly ok: boolean;
  /** The simulated run. */
  readonly sim: RunResult;
}

/** Simulates the run a probe trace recorded and compares the two. */
export function runFidelity(tracePath: string, opts: SimulateOptions = {}): FidelityRun {
  const real = readTraceFile(tracePath);
  const sim = simulate(configFromProbeScenario(scenarioFromHeader(real.header), `fidelity:${tracePath.split('/').pop()}`), opts);
  const rows = compareTraces(real, traceFromRunResult(sim));
  return { rows, ok: fidelityPassed(rows), sim };
}

/** The CLI's view: the rendered table (or JSON) and the verdict. */
export function fidelityReport(tracePath: string, format: 'text' | 'json', opts: SimulateOptions = {}): { text: string; ok: boolean } {
  const r = runFidelity(tracePath, opts);
  return { text: format === 'json' ? renderComparisonJson(r.rows) : renderComparisonTable(r.rows), ok: r.ok };
}
