/**
 * Public API of `@scavsim/replay`: bring a Go service's own telemetry, get its RSS explained
 * and its what-ifs answered.
 *
 * Three steps, each usable alone and all free of Node APIs (a page can replay a dropped file):
 * {@link readTelemetry} reads the files of one run (gctrace/scavtrace logs of Go 1.11–1.26, a
 * Prometheus `query_range` export, CSV, JSONL probe traces) onto one clock.
 *
 * @module
 */
export { ScavsimError, isScavsimError } from '@scavsim/core';

// Reading.
export { readTelemetry, sniffFormat } from './read-telemetry.js';
export { MAX_LINE_CHARS, type TelemetryFile } from './lines.js';
export { MAX_JSON_CHARS } from './read-prometheus.js';
export { PROMETHEUS_FIELDS, fieldForColumn } from './metric-names.js';
export {
  type Telemetry, type TelemetryField, type TimeSeries, type GcRecord, type TelemetryFact, type FileSummary, MAX_WARNINGS,
} from './telemetry.js';
