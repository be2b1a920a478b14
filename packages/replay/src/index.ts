/**
 * Public API of `@scavsim/replay`: bring a Go service's own telemetry, get its RSS explained
 * and its what-ifs answered.
 *
 * Three steps, each usable alone and all free of Node APIs (a page can replay a dropped file):
 * {@link readTelemetry} reads the files of one run (gctrace/scavtrace logs of Go 1.11–1.26, a
 * Prometheus `query_range` export, CSV, JSONL probe traces) onto one clock; {@link fitRun}
 * infers the workload and the settings (each with its source: observed, telemetry or
 * default) and emits an ordinary scenario file; {@link replay} runs it under the observed
 * settings, checks it series by series, and runs each what-if.
 *
 * ```ts
 * const telemetry = await readTelemetry([{ name: 'gctrace.log', text }]);
 * const fit = fitRun(telemetry, { go: '1.19.8' });
 * const r = replay(fit, ['godebug=madvdontneed=1']);
 * ```
 *
 * @module
 */
export { ScavsimError, isScavsimError } from '@scavsim/core';

// Reading.
export { readTelemetry, sniffFormat } from './read-telemetry.js';
export { MAX_LINE_CHARS, type TelemetryFile } from './lines.js';
export { PROMETHEUS_FIELDS, fieldForColumn } from './metric-names.js';
export {
  type Telemetry, type TelemetryField, type TimeSeries, type GcRecord, type TelemetryFact, type FileSummary, MAX_WARNINGS, GC_CAPACITY, SERIES_CAPACITY,
} from './telemetry.js';

// Fitting and replaying.
export { fitRun, buildConfig, REPLAY_PROCESS, type Fit, type ScenarioDocument } from './fit.js';
export {
  type ObservedSettings, type ResolvedSettings, type Setting, type SettingSource, type WhatIf, SETTING_FLAGS,
  parseWhatIf, checkObserved, setFlag, mergeGodebug,
} from './settings.js';
export {
  replay, summarize, processSamples, whatIfSettings, CHECKED_SERIES,
  type Replay, type ReplayedVariant, type VariantSummary, type SeriesError, type CheckedSeries,
} from './replay.js';
export { gcMarks, allocCurve, fitPhases, minPhaseMs, type GcMark, type AllocCurve } from './workload-fit.js';
export { observedGcTimes } from './gc-schedule.js';
export { inferGogc, inferMemoryLimit, inferFromRss, rssSeries, type Inferred, type RssEvidence } from './infer.js';

// Output.
export { formatReplaySummary, observedRun, observedSummary, chartVariants } from './report.js';
