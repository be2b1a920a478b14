/**
 * The registry of teaching scenarios: listing, lookup by name, and running a scenario with its
 * variants and claims.
 *
 * @module
 */
import { ScavsimError, simulate, type RunResult, type SimulateOptions } from '@scavsim/core';
import type { ClaimOutcome, Scenario } from './scenario.js';
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

/** A scenario's runs and the verdict on each claim. */
export interface ScenarioRun {
  readonly result: RunResult;
  readonly variants: Readonly<Record<string, RunResult>>;
  readonly claims: readonly (ClaimOutcome & { readonly id: string; readonly text: string })[];
}

/** Runs a scenario and its variants, and checks its claims. */
export function runScenario(s: Scenario, opts: SimulateOptions = {}): ScenarioRun {
  return completeScenarioRun(s, simulate(s.config, opts));
}

/**
 * Runs a scenario's variants and checks its claims against `result`, the run of its own config
 * made by the caller (the CLI makes it with a sink, to stream it as it is made). The claims read
 * the samples, so `result` must have kept them.
 */
export function completeScenarioRun(s: Scenario, result: RunResult): ScenarioRun {
  const variants: Record<string, RunResult> = {};
  for (const [k, cfg] of Object.entries(s.variants ?? {})) variants[k] = simulate(cfg);
  const claims = s.claims.map((c) => ({ id: c.id, text: c.text, ...c.check(result, variants) }));
  return { result, variants, claims };
}
