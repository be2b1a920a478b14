/**
 * The real {@link CliDeps}: the scenario registry, the engine, the policy tables and the
 * fidelity comparison, bound for the CLI.
 *
 * The probe-to-config mapping (`configFromProbeScenario`, exported by `@scavsim/scenarios` or
 * `@scavsim/core`) is looked up when the CLI starts, so that `fidelity` fails with one line
 * naming what is missing if a build lacks it.
 *
 * @module
 */
import { resolvePolicy, ScavsimError, simulate } from '@scavsim/core';
import type { RunResult, SimConfig } from '@scavsim/core';
import {
  compareTraces, fidelityPassed, readTraceFile, renderComparisonJson, renderComparisonTable,
  scenarioFromHeader, traceFromRunResult,
} from '../fidelity/index.js';
import type { ProbeScenario } from '../fidelity/index.js';
import { applyOverrides, getScenario, listScenarios, loadScenarioFile } from '../registry.js';
import { isScenarioFile, packageVersion } from './deps.js';
import type { CliDeps, FidelityOutcome, PolicyReport, ProgressCallback, ScenarioEntry } from './deps.js';
import type { RunOverrides } from './overrides.js';

type Module = Readonly<Record<string, unknown>>;

async function tryImport(specifier: string): Promise<Module | undefined> {
  try {
    return (await import(specifier)) as Module;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

function missing(what: string): never {
  throw new ScavsimError('E_STATE', what, 'not available in this build');
}

/** Loads the real dependencies. */
export async function loadDefaultDeps(): Promise<CliDeps> {
  const [scenariosIndex, coreIndex] = await Promise.all([
    tryImport(new URL('../index.js', import.meta.url).href),
    tryImport('@scavsim/core'),
  ]);
  const configFromProbe = [scenariosIndex, coreIndex]
    .map((m) => m?.['configFromProbeScenario'])
    .find((f): f is (p: ProbeScenario) => SimConfig => typeof f === 'function');

  return {
    version: packageVersion(),
    listScenarios(): readonly ScenarioEntry[] {
      return listScenarios().map(({ name, title }) => ({ name, title }));
    },
    runScenario(nameOrFile: string, overrides: RunOverrides, onProgress?: ProgressCallback): RunResult {
      const scenario = isScenarioFile(nameOrFile) ? loadScenarioFile(nameOrFile) : getScenario(nameOrFile);
      const config = applyOverrides(scenario.config, overrides);
      return simulate(config, onProgress === undefined ? {} : { onProgress });
    },
    resolvePolicy(query): PolicyReport {
      return resolvePolicy({ go: query.go, kernel: query.kernel, godebug: query.godebug });
    },
    fidelity(tracePath: string, format: 'text' | 'json'): FidelityOutcome {
      if (configFromProbe === undefined) return missing('configFromProbeScenario');
      const real = readTraceFile(tracePath);
      const sim = simulate(configFromProbe(scenarioFromHeader(real.header)));
      const rows = compareTraces(real, traceFromRunResult(sim));
      return { text: format === 'json' ? renderComparisonJson(rows) : renderComparisonTable(rows), ok: fidelityPassed(rows) };
    },
  };
}
