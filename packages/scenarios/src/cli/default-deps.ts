/**
 * The real {@link CliDeps}: the scenario registry, the engine, the policy tables and the
 * fidelity comparison, bound for the CLI.
 *
 * The scenario registry and the probe-to-config mapping are looked up when the CLI starts
 * (`import()`), so that a build without them still answers `policy` and `help`, and a command
 * that needs them fails with one line naming what is missing.
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
import type { Scenario } from '../scenario.js';
import { isScenarioFile, packageVersion } from './deps.js';
import type { CliDeps, FidelityOutcome, PolicyReport, ProgressCallback, ScenarioEntry } from './deps.js';
import { applyOverrides } from './overrides.js';
import type { RunOverrides } from './overrides.js';

type Module = Readonly<Record<string, unknown>>;

/** The registry's functions (packages/scenarios/src/registry.ts). */
interface Registry {
  listScenarios(): readonly Scenario[];
  getScenario(name: string): Scenario;
  loadScenarioFile(path: string): Scenario;
}

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
  const [registryModule, scenariosIndex, coreIndex] = await Promise.all([
    tryImport(new URL('../registry.js', import.meta.url).href),
    tryImport(new URL('../index.js', import.meta.url).href),
    tryImport('@scavsim/core'),
  ]);
  const registry = (): Registry => {
    const r = registryModule;
    if (r === undefined || typeof r['listScenarios'] !== 'function' || typeof r['getScenario'] !== 'function') {
      return missing('scenario registry');
    }
    return r as unknown as Registry;
  };
  const configFromProbe = [scenariosIndex, coreIndex]
    .map((m) => m?.['configFromProbeScenario'])
    .find((f): f is (p: ProbeScenario) => SimConfig => typeof f === 'function');

  return {
    version: packageVersion(),
    listScenarios(): readonly ScenarioEntry[] {
      return registry().listScenarios().map(({ name, title }) => ({ name, title }));
    },
    runScenario(nameOrFile: string, overrides: RunOverrides, onProgress?: ProgressCallback): RunResult {
      const r = registry();
      const scenario = isScenarioFile(nameOrFile) ? r.loadScenarioFile(nameOrFile) : r.getScenario(nameOrFile);
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
