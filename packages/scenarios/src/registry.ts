/**
 * The registry of teaching scenarios, scenario files, and command-line overrides.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { produce } from 'immer';
import { ScavsimError, simulate, type GoProcessConfig, type RunResult, type SimConfig, type SimulateOptions } from '@scavsim/core';
import type { ClaimOutcome, Scenario } from './scenario.js';
import type { RunOverrides } from './cli/overrides.js';
import { incidentGo115, incidentGo116, incidentMadvdontneed } from './scenarios/incident.js';
import { freeosmemoryPressure } from './scenarios/freeosmemory-pressure.js';
import { oldKernel } from './scenarios/old-kernel.js';
import { go111FiveMinutes } from './scenarios/go111-five-minutes.js';
import { scavengerPacing } from './scenarios/scavenger-pacing.js';
import { gomemlimit } from './scenarios/gomemlimit.js';
import { containerWorkingSet } from './scenarios/container-working-set.js';







const SCENARIOS: readonly Scenario[] = [
  incidentGo115, incidentGo116, incidentMadvdontneed, freeosmemoryPressure, oldKernel,
  go111FiveMinutes, scavengerPacing, gomemlimit, containerWorkingSet,
];

/** Every registered scenario, in display order. */
export function listScenarios(): readonly Scenario[] {
  return SCENARIOS;
}

/**
 * The scenario named `name`.
 * @throws {@link ScavsimError} `E_UNKNOWN_NAME` listing the known names
 */
export function getScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (s === undefined) throw new ScavsimError('E_UNKNOWN_NAME', 'scenario', `no scenario "${name}"`, SCENARIOS.map((x) => x.name).join(', '));
  return s;
}

/** A scenario read from a JSON file: `{ name?, title?, teaches?, config }` (no claims). */
export interface ScenarioFile {
  readonly name: string;
  readonly title: string;
  readonly teaches: string;
  readonly config: SimConfig;
}

/**
 * Reads and validates a scenario file. The config itself is validated when it runs, with
 * errors naming the field (`config.processes[0].gogc`).
 * @throws {@link ScavsimError}
 */
export function loadScenarioFile(path: string): ScenarioFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ScavsimError('E_UNKNOWN_NAME', 'scenario', `cannot read scenario file ${path}`, 'a readable .json file');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ScavsimError('E_PARSE', path, `not JSON: ${(e as Error).message}`, 'a JSON object { name, title, config }');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ScavsimError('E_TYPE', path, 'expected a JSON object', '{ name, title, config }');
  const o = doc as Record<string, unknown>;
  const cfg = o['config'];
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) throw new ScavsimError('E_TYPE', 'config', 'expected an object', 'a simulation config { duration, machine, processes }');
  for (const k of ['name', 'title', 'teaches'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'string') throw new ScavsimError('E_TYPE', k, 'expected a string', 'a string');
  }
  const name = (o['name'] as string | undefined) ?? path;
  return { name, title: (o['title'] as string | undefined) ?? name, teaches: (o['teaches'] as string | undefined) ?? '', config: { scenario: name, ...(cfg as SimConfig) } };
}

/** Applies command-line overrides to every Go process (and the machine) of a config. */
export function applyOverrides(config: SimConfig, o: RunOverrides): SimConfig {
  return produce(config, (d) => {
    if (o.kernel !== undefined) d.machine.kernel = o.kernel;
    if (o.seed !== undefined) d.seed = o.seed;
    if (o.durationMs !== undefined) d.duration = o.durationMs;
    for (const p of d.processes) {
      if (p.kind !== 'go') continue;
      const g = p as { -readonly [K in keyof GoProcessConfig]: GoProcessConfig[K] };
      if (o.go !== undefined) g.go = o.go;
      if (o.gogc !== undefined) g.gogc = o.gogc < 0 ? 'off' : o.gogc;
      if (o.gomemlimit !== undefined) g.gomemlimit = o.gomemlimit;
      if (o.godebug !== undefined) {
        const merged = new Map((g.godebug ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
        for (const [k, v] of Object.entries(o.godebug)) merged.set(k, v);
        g.godebug = [...merged].map(([k, v]) => `${k}=${v}`).join(',');
      }
    }
  });
}

/** A scenario's runs and the verdict on each claim. */
export interface ScenarioRun {
  readonly result: RunResult;
  readonly variants: Readonly<Record<string, RunResult>>;
  readonly claims: readonly (ClaimOutcome & { readonly id: string; readonly text: string })[];
}

/** Runs a scenario and its variants, and checks its claims. */
export function runScenario(s: Scenario, opts: SimulateOptions = {}): ScenarioRun {
  const result = simulate(s.config, opts);
  const variants: Record<string, RunResult> = {};
  for (const [k, cfg] of Object.entries(s.variants ?? {})) variants[k] = simulate(cfg);
  const claims = s.claims.map((c) => ({ id: c.id, text: c.text, ...c.check(result, variants) }));
  return { result, variants, claims };
}
