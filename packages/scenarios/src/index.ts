/**
 * Public API of `@scavsim/scenarios`: the named teaching scenarios and their claims, the
 * registry that lists and runs them, scenario files parsed from text, and the overrides the CLI
 * applies to a scenario's config. Pure: no `node:` imports, so a browser page can use all of it.
 *
 * @module @scavsim/scenarios
 */
// The error every validation failure throws: re-exported so that callers need one import, and
// so that typedoc resolves the `{@link ScavsimError}` in this package's comments.
export { ScavsimError, isScavsimError } from '@scavsim/core';
export type { ScavsimErrorCode } from '@scavsim/core';

// Scenarios and their claims.
export type { Scenario, Claim, ClaimOutcome } from './scenario.js';
export { listScenarios, getScenario, runScenario, completeScenarioRun } from './registry.js';
export type { ScenarioRun } from './registry.js';

// Scenario files and overrides.
export { parseScenarioFile, scenarioFileSchema, scenarioFileJsonSchema } from './scenario-file.js';
export type { ScenarioFile } from './scenario-file.js';
export { applyOverrides, OVERRIDE_CGROUP } from './overrides.js';
export type { RunOverrides } from './overrides.js';
