/**
 * Public API of `@scavsim/scenarios`: the named teaching scenarios, their registry, the output
 * formats (JSONL in the fidelity probe's trace format, CSV, summaries), charts (SVG and
 * terminal), the RSS − HeapInuse gap explanation, and the fidelity comparison.
 *
 * PLACEHOLDER list created by the CLI/charts helper; the lead curates it.
 *
 * @module
 */
// The error every validation failure throws (re-exported so `catch` needs one import).
export { ScavsimError, isScavsimError } from '@scavsim/core';
export type { ScavsimErrorCode } from '@scavsim/core';

// Scenarios.
export type { Scenario, Claim, ClaimOutcome } from './scenario.js';
export { listScenarios, getScenario, loadScenarioFile, applyOverrides, runScenario } from './registry.js';
export type { ScenarioFile, ScenarioRun } from './registry.js';
export type { RunOverrides } from './cli/overrides.js';

// Output formats.
export { toJsonl, HEADER_KEY_ORDER } from './formats/jsonl.js';
export type { JsonlOptions } from './formats/jsonl.js';
export { toCsv } from './formats/csv.js';
export { toSummary, processFigures } from './formats/summary.js';
export type { ProcessFigures } from './formats/summary.js';
export { gapBreakdown, describeGap, SCAVENGE_GOAL_FIELD } from './formats/gap.js';
export type { GapBreakdown, GoalSource } from './formats/gap.js';
export { orderFields, LEADING_FIELDS, TRACE_FIELDS } from './formats/field-order.js';

// Charts.
export { renderSvg } from './charts/svg-chart.js';
export type { SvgChartOptions } from './charts/svg-chart.js';
export { renderTerminalChart } from './charts/terminal-chart.js';
export type { TerminalChartOptions } from './charts/terminal-chart.js';
export { CHART_SERIES, MARKED_EVENTS } from './charts/series.js';
export type { ChartSeries, ChartVariant, MarkedEvent } from './charts/series.js';

// Fidelity.
export * from './fidelity/index.js';
