/**
 * Public API of `@scavsim/report`: what scavsim makes of a run, usable in a browser as well as
 * the CLI. Output formats (JSONL, CSV, a plain-text summary, the RSS-versus-heap gap explained),
 * charts (SVG, terminal, real-versus-simulated overlay), and the pure part of the fidelity
 * comparison against real probe traces (parsing trace text, key moments, the comparison, the
 * scenario rebuilt from a trace header). No `node:` imports: reading files is `@scavsim/cli`'s job.
 *
 * @module @scavsim/report
 */
// The error every validation failure throws: re-exported so that callers need one import, and
// so that typedoc resolves the `{@link ScavsimError}` in this package's comments.
export { ScavsimError, isScavsimError } from '@scavsim/core';
export type { ScavsimErrorCode } from '@scavsim/core';

// Output formats.
export { toJsonl, jsonlWriter } from './formats/jsonl.js';
export type { JsonlOptions, JsonlWriter } from './formats/jsonl.js';
export { toCsv, csvWriter } from './formats/csv.js';
export type { CsvWriter } from './formats/csv.js';
export { sampleFields, SampleFieldUnion } from './formats/field-order.js';
export { toSummary, processFigures, describeOomKill } from './formats/summary.js';
export type { ProcessFigures } from './formats/summary.js';
export { gapBreakdown, describeGap } from './formats/gap.js';
export type { GapBreakdown, GoalSource } from './formats/gap.js';
export { byProcess, processesOf, soleProcessName, sampleAtOrBefore, runDurationMs, DEFAULT_PROCESS } from './formats/processes.js';
export type { ProcessSamples } from './formats/processes.js';

export { sweepFigures, sweepRowJsonl, sweepCsvHeader, sweepRowCsv, parseSweepRow, SWEEP_FIGURES, NO_FIGURES } from './formats/sweep-row.js';
export type { SweepFigures, SweepRow } from './formats/sweep-row.js';

// Charts.
export { renderSvg } from './charts/svg-chart.js';
export type { SvgChartOptions } from './charts/svg-chart.js';
export { renderTerminalChart } from './charts/terminal-chart.js';
export type { TerminalChartOptions } from './charts/terminal-chart.js';
export { renderOverlaySvg } from './charts/overlay-chart.js';
export type { OverlayOptions, OverlaySide } from './charts/overlay-chart.js';
export { renderHeatmapSvg } from './charts/heatmap.js';
export type { HeatCell, HeatmapOptions } from './charts/heatmap.js';
export { CHART_SERIES } from './charts/series.js';
export type { ChartSeries, ChartVariant } from './charts/series.js';

// Fidelity against real traces (the pure part; reading trace files is the CLI's).
export * from './fidelity/index.js';
