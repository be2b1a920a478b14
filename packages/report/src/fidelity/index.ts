/**
 * The fidelity check: real probe traces, their key moments, and the comparison of a
 * simulated run against a measured one. See `docs/fidelity.md`.
 *
 * @module
 */
export { parseTrace, TRACE_NUMERIC_FIELDS } from './trace.js';
export type { ProbeTrace, Trace, TraceEvent, TraceHeader, TraceSample } from './trace.js';
export { keyMoments, releasePoint, sampleAt, scenarioKindOf, LOADTEST_OFFSETS_S } from './key-moments.js';
export type { KeyMoments, LevelSnapshot, LoadtestMoments, PressureMoments } from './key-moments.js';
export {
  bandPass, bandRows, compareKeyMoments, compareTraces, fidelityPassed, renderComparisonJson, renderComparisonTable, timeTolerance,
  LEVEL_TOLERANCE_OF_PEAK, TIME_TOLERANCE_FLOOR_MS, TIME_TOLERANCE_RELATIVE,
} from './compare.js';
export type { ComparisonRow, FigureKind } from './compare.js';
export { parseGoDuration, parseHogArgs, scenarioFromHeader } from './scenario-from-header.js';
export type { ProbeHog, ProbeParams, ProbeScenario, ProbeScenarioKind } from './scenario-from-header.js';
export { traceFromRunResult } from './sim-trace.js';
export type { SimTraceOptions } from './sim-trace.js';
export { configFromProbeScenario } from './probe-config.js';
export { fidelityOf, fidelityReport, runFidelity, FIDELITY_SEEDS, REPEAT_SUFFIXES } from './report.js';
export type { FidelityInput, FidelityOptions, FidelityRun } from './report.js';
export { judgeFidelity, renderVerdictJson, renderVerdictTable, verdictSummary } from './verdict.js';
export type { FidelityVerdict, FigureStatus, JudgedRow } from './verdict.js';
export { KNOWN_DISAGREEMENTS, knownDisagreement, traceName } from './known-disagreements.js';
export type { KnownDisagreement } from './known-disagreements.js';
