/**
 * Re-running a probe trace in the simulator and comparing the two (`scavsim fidelity`).
 *
 * The header says everything needed to rebuild the run (Go version, GODEBUG, scenario
 * parameters, cgroup limit, page size); {@link configFromProbeScenario} turns it into an engine
 * config, the engine runs it, and the key figures of both runs are compared with the
 * tolerances of docs/fidelity.md. Works on any trace the same probe recorded.
 *
 * @module
 */
import { ScavsimError, simulate, type RunResult, type SimulateOptions } from '@scavsim/core';
import { compareTraces, fidelityPassed, renderComparisonJson, renderComparisonTable, type ComparisonRow } from './compare.js';
import { configFromProbeScenario, headerFieldOf } from './probe-config.js';
import { scenarioFromHeader } from './scenario-from-header.js';
import { traceFromRunResult } from './sim-trace.js';
import type { ProbeTrace } from './trace.js';

/** A finished comparison. */
export interface FidelityRun {
  /** Figure-by-figure rows. */
  readonly rows: readonly ComparisonRow[];
  /** True when every figure is within tolerance. */
  readonly ok: boolean;
  /** The simulated run. */
  readonly sim: RunResult;
}

/**
 * Simulates the run a probe trace recorded and compares the two.
 * @param real the parsed trace; its `source` (the file name) names the simulated scenario
 */
export function runFidelity(real: ProbeTrace, opts: SimulateOptions = {}): FidelityRun {
  let sim: RunResult;
  try {
    sim = simulate(configFromProbeScenario(scenarioFromHeader(real.header), `fidelity:${real.source}`), opts);
  } catch (e) {
    // A refusal of the simulated run names the header field it came from (issue 16 item 2).
    if (!(e instanceof ScavsimError) || e.field.startsWith('header')) throw e;
    throw new ScavsimError(e.code, headerFieldOf(e.field), `${e.problem} (the simulated run's ${e.field})`, e.accepted);
  }
  const rows = compareTraces(real, traceFromRunResult(sim));
  return { rows, ok: fidelityPassed(rows), sim };
}

/** The CLI's view: the rendered table (or JSON) and the verdict. */
export function fidelityReport(real: ProbeTrace, format: 'text' | 'json', opts: SimulateOptions = {}): { text: string; ok: boolean } {
  const r = runFidelity(real, opts);
  return { text: format === 'json' ? renderComparisonJson(r.rows) : renderComparisonTable(r.rows), ok: r.ok };
}
