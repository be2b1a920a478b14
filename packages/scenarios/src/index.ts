/**
 * Public API of `@scavsim/scenarios`: named teaching scenarios and their claims, the output
 * formats and charts the CLI uses, and the fidelity comparison against real probe traces.
 *
 * @module
 */
// The error every validation failure throws: re-exported so that callers need one import, and
// so that typedoc resolves the `{@link ScavsimError}` in this package's comments.
export { ScavsimError, isScavsimError } from '@scavsim/core';
export type { ScavsimErrorCode } from '@scavsim/core';

// Scenarios.
export type { Scenario, Claim, ClaimOutcome } from './scenario.js';
export { listScenarios, getScenario, loadScenarioFile, applyOverrides, runScenario } from './registry.js';
export type { ScenarioFile, ScenarioRun } from './registry.js';
export type { RunOverrides } from './cli/overrides.js';

// Output formats and charts.
export { toJsonl } from './formats/jsonl.js';
export { toCsv } from './formats/csv.js';
export { toSummary } from './formats/summary.js';
export { gapBreakdown, describeGap } from './formats/gap.js';
export type { GapBreakdown } from './formats/gap.js';
export { renderSvg } from './charts/svg-chart.js';
export type { SvgChartOptions } from './charts/svg-chart.js';
export { renderTerminalChart } from './charts/terminal-chart.js';
export type { TerminalChartOptions } from './charts/terminal-chart.js';

// Fidelity against real traces.
export * from './fidelity/index.js';
