/**
 * The real {@link CliDeps}: the scenario registry, the engine, the policy tables and the
 * fidelity comparison, bound for the CLI.
 *
 * @module
 */
import { resolvePolicy, simulate, Simulation } from '@scavsim/core';
import type { RunResult, SimConfig } from '@scavsim/core';
import { fidelityReport } from '@scavsim/report';
import { applyOverrides, completeScenarioRun, getScenario, listScenarios, type RunOverrides } from '@scavsim/scenarios';
import { loadScenarioFile, readTraceFile } from './files.js';
import { runSweepPool } from './sweep-pool.js';
import { isScenarioFile, packageVersion } from './deps.js';
import type { CliDeps, FidelityOptions, FidelityOutcome, PolicyReport, ProgressCallback, RunSetOptions, RunStream, ScenarioEntry, ScenarioOutcome } from './deps.js';

/**
 * The config of a registered scenario (by name) or a scenario file (by path), overrides applied.
 * @throws {@link ScavsimError} for an unknown name or an unreadable or invalid file
 */
export function configOf(nameOrFile: string, overrides: RunOverrides): SimConfig {
  const scenario = isScenarioFile(nameOrFile) ? loadScenarioFile(nameOrFile) : getScenario(nameOrFile);
  return applyOverrides(scenario.config, overrides);
}

/**
 * `simulate`, with the run's header handed to `stream` before the first step, so that a
 * streamed output can begin with it.
 */
export function simulateStreamed(config: SimConfig, onProgress?: ProgressCallback, stream?: RunStream): RunResult {
  if (stream?.onHeader === undefined) return simulate(config, { ...stream, ...(onProgress === undefined ? {} : { onProgress }) });
  const sim = new Simulation(config, true, stream);
  stream.onHeader(sim.header);
  let lastProgress = 0;
  while (!sim.done) {
    const to = sim.step();
    if (onProgress !== undefined && to - lastProgress >= sim.durationMs / 100) {
      lastProgress = to;
      onProgress(to / sim.durationMs);
    }
  }
  return sim.result();
}

/** The real dependencies. */
export function defaultDeps(): CliDeps {
  return {
    version: packageVersion(),
    listScenarios(): readonly ScenarioEntry[] {
      return listScenarios().map(({ name, title }) => ({ name, title }));
    },
    runScenario(nameOrFile: string, overrides: RunOverrides, onProgress?: ProgressCallback, stream?: RunStream): RunResult {
      return simulateStreamed(configOf(nameOrFile, overrides), onProgress, stream);
    },
    runScenarioSet(nameOrFile: string, overrides: RunOverrides, options: RunSetOptions = {}): ScenarioOutcome {
      const { onProgress, stream } = options;
      if (isScenarioFile(nameOrFile)) {
        const file = loadScenarioFile(nameOrFile);
        return { title: file.title, result: simulateStreamed(applyOverrides(file.config, overrides), onProgress, stream), variants: [], claims: undefined };
      }
      const scenario = getScenario(nameOrFile);
      if (Object.keys(overrides).length === 0) {
        // The claims read the samples: keep them, whatever the stream asked.
        const result = simulateStreamed(scenario.config, onProgress, stream === undefined ? undefined : { ...stream, keepSamples: true, keepEvents: true });
        const run = completeScenarioRun(scenario, result);
        return { title: scenario.title, result: run.result, variants: Object.entries(run.variants).map(([label, r]) => ({ label, result: r })), claims: run.claims };
      }
      // Overrides change the scenario the claims were written for: run it and its variants
      // with them, and leave the claims unchecked.
      const variants = options.variants === false ? {} : scenario.variants ?? {};
      return {
        title: scenario.title,
        result: simulateStreamed(applyOverrides(scenario.config, overrides), onProgress, stream),
        variants: Object.entries(variants).map(([label, c]) => ({ label, result: simulate(applyOverrides(c, overrides)) })),
        claims: undefined,
      };
    },
    resolvePolicy(query): PolicyReport {
      return resolvePolicy({ go: query.go, kernel: query.kernel, godebug: query.godebug });
    },
    runSweep: runSweepPool,
    fidelity(tracePath: string, format: 'text' | 'json', options: FidelityOptions, onProgress?: ProgressCallback): FidelityOutcome {
      return fidelityReport(readTraceFile(tracePath), format, {
        repeats: options.repeats.map(readTraceFile),
        ...(options.seeds === undefined ? {} : { seeds: options.seeds }),
        ...(onProgress === undefined ? {} : { onProgress }),
      });
    },
  };
}
