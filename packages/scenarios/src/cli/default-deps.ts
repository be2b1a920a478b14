/**
 * The real {@link CliDeps}: the scenario registry, the engine, the policy tables and the
 * fidelity comparison, bound for the CLI.
 *
 * Modules are loaded with `import()` when the CLI starts so that a command whose module is
 * missing fails with a clear message while the others keep working.
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';
import type { RunResult } from '@scavsim/core';
import { isScenarioFile, packageVersion } from './deps.js';
import type { CliDeps, FidelityOutcome, PolicyReport, ProgressCallback, ScenarioEntry } from './deps.js';
import type { RunOverrides } from './overrides.js';

type Fn = (...args: never[]) => unknown;
type Module = Readonly<Record<string, unknown>>;

async function tryImport(specifier: string): Promise<Module | undefined> {
  try {
    return (await import(specifier)) as Module;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

function need<F extends Fn>(mod: Module | undefined, name: string, what: string): F {
  const f = mod?.[name];
  if (typeof f !== 'function') {
    throw new ScavsimError('E_STATE', what, `not available in this build (${name} is missing)`);
  }
  return f as F;
}

/** Adapts the engine's progress report (numbers, or an object with times) to `(done, total)`. */
function progressAdapter(cb: ProgressCallback | undefined): ((...a: unknown[]) => void) | undefined {
  if (cb === undefined) return undefined;
  return (a: unknown, b: unknown) => {
    if (typeof a === 'number' && typeof b === 'number') return cb(a, b);
    if (a !== null && typeof a === 'object') {
      const o = a as Record<string, unknown>;
      const done = o['t_ms'] ?? o['done'] ?? o['now_ms'];
      const total = o['total_ms'] ?? o['total'] ?? o['duration_ms'];
      if (typeof done === 'number' && typeof total === 'number') cb(done, total);
    }
  };
}

/** Loads the real dependencies. */
export async function loadDefaultDeps(): Promise<CliDeps> {
  const [registry, core, fidelity] = await Promise.all([
    tryImport(new URL('../registry.js', import.meta.url).href),
    tryImport('@scavsim/core'),
    tryImport(new URL('../fidelity/index.js', import.meta.url).href),
  ]);
  return {
    version: packageVersion(),
    listScenarios(): readonly ScenarioEntry[] {
      return need<() => readonly ScenarioEntry[]>(registry, 'listScenarios', 'scenario registry')();
    },
    runScenario(nameOrFile: string, overrides: RunOverrides, onProgress?: ProgressCallback): RunResult {
      const scenario = isScenarioFile(nameOrFile)
        ? need<(p: string) => { config: unknown }>(registry, 'loadScenarioFile', 'scenario registry')(nameOrFile)
        : need<(n: string) => { config: unknown }>(registry, 'getScenario', 'scenario registry')(nameOrFile);
      const apply = need<(c: unknown, o: RunOverrides) => unknown>(registry, 'applyOverrides', 'scenario registry');
      const simulate = need<(c: unknown, o: object) => RunResult>(core, 'simulate', 'engine');
      return simulate(apply(scenario.config, overrides), { onProgress: progressAdapter(onProgress) });
    },
    resolvePolicy(query): PolicyReport {
      return need<(q: unknown) => PolicyReport>(core, 'resolvePolicy', 'policy tables')(query);
    },
    fidelity(tracePath: string, format: 'text' | 'json'): FidelityOutcome {
      return need<(p: string, f: string) => FidelityOutcome>(fidelity, 'fidelityReport', 'fidelity comparison')(tracePath, format);
    },
  };
}
