/**
 * The real {@link CliDeps}: the scenario registry, the engine, the policy tables and the
 * fidelity comparison, bound for the CLI.
 *
 * @module
 */
import { resolvePolicy, simulate } from '@scavsim/core';
import type { RunResult, SimConfig } from '@scavsim/core';
import { fidelityReport } from '@scavsim/report';
import { applyOverrides, getScenario, listScenarios, runScenario, type RunOverrides } from '@scavsim/scenarios';
import { loadScenarioFile, readTraceFile } from './files.js';
import { runSweepPool } from './sweep-pool.js';
import { isScenarioFile, packageVersion } from './deps.js';
import type { CliDeps, FidelityOptions, FidelityOutcome, PolicyReport, ProgressCallback, ScenarioEntry, ScenarioOutcome } from './deps.js';

/**
 * The config of a registered scenario (by name) or a scenario file (by path), overrides applied.
 * @throws {@link ScavsimError} for an unknown name or an unreadable or invalid file
 */
export function configOf(nameOrFile: string, overrides: RunOverrides): SimConfig {
  const scenario = isScenarioFile(nameOrFile) ? loadScenarioFile(nameOrFile) : getScenario(nameOrFile);
  return applyOverrides(scenario.config, overrides);
}

/** The real dependencies. */
export function defaultDeps(): CliDeps {
  return {
    version: packageVersion(),
    listScenarios(): readonly ScenarioEntry[] {
      return listScenarios().map(({ name, title }) => ({ name, title }));
    },
    runScenario(nameOrFile: string, overrides: RunOverrides, onProgress?: ProgressCallback): RunResult {
      return simulate(configOf(nameOrFile, overrides), onProgress === undefined ? {} : { onProgress });
    },
    runScenarioSet(nameOrFile: string, overrides: RunOverrides, onProgress?: ProgressCallback): ScenarioOutcome {
      if (isScenarioFile(nameOrFile)) {
        const file = loadScenarioFile(nameOrFile);
        return { title: file.title, result: simulate(applyOverrides(file.config, overrides), onProgress === undefined ? {} : { onProgress }), variants: [], claims: undefined };
      }
      const scenario = getScenario(nameOrFile);
      const progress = onProgress === undefined ? {} : { onProgress };
      if (Object.keys(overrides).length === 0) {
        const run = runScenario(scenario, progress);
        return { title: scenario.title, result: run.result, variants: Object.entries(run.variants).map(([label, result]) => ({ label, result })), claims: run.claims };
      }
      // Overrides change the scenario the claims were written for: run it and its variants
      // with them, and leave the claims unchecked.
      return {
        title: scenario.title,
        result: simulate(applyOverrides(scenario.config, overrides), progress),
        variants: Object.entries(scenario.variants ?? {}).map(([label, c]) => ({ label, result: simulate(applyOverrides(c, overrides)) })),
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
