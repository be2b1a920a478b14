/**
 * The real {@link CliDeps}: the scenario registry, the engine, the policy tables and the
 * fidelity comparison, bound for the CLI.
 *
 * @module
 */
import { resolvePolicy, simulate } from '@scavsim/core';
import type { RunResult } from '@scavsim/core';
import { fidelityReport } from '@scavsim/report';
import { applyOverrides, getScenario, listScenarios, type RunOverrides } from '@scavsim/scenarios';
import { loadScenarioFile, readTraceFile } from './files.js';
import { isScenarioFile, packageVersion } from './deps.js';
import type { CliDeps, FidelityOptions, FidelityOutcome, PolicyReport, ProgressCallback, ScenarioEntry } from './deps.js';

/** The real dependencies. */
export function defaultDeps(): CliDeps {
  return {
    version: packageVersion(),
    listScenarios(): readonly ScenarioEntry[] {
      return listScenarios().map(({ name, title }) => ({ name, title }));
    },
    runScenario(nameOrFile: string, overrides: RunOverrides, onProgress?: ProgressCallback): RunResult {
      const scenario = isScenarioFile(nameOrFile) ? loadScenarioFile(nameOrFile) : getScenario(nameOrFile);
      return simulate(applyOverrides(scenario.config, overrides), onProgress === undefined ? {} : { onProgress });
    },
    resolvePolicy(query): PolicyReport {
      return resolvePolicy({ go: query.go, kernel: query.kernel, godebug: query.godebug });
    },
    fidelity(tracePath: string, format: 'text' | 'json', options: FidelityOptions, onProgress?: ProgressCallback): FidelityOutcome {
      return fidelityReport(readTraceFile(tracePath), format, {
        repeats: options.repeats.map(readTraceFile),
        ...(options.seeds === undefined ? {} : { seeds: options.seeds }),
        ...(onProgress === undefined ? {} : { onProgress }),
      });
    },
  };
}
