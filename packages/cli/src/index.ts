/**
 * Public API of `@scavsim/cli`: the `scavsim` command, runnable in-process, and the file
 * readers that the browser-safe packages leave to it. This is the only scavsim package that
 * imports `node:` modules.
 *
 * @module @scavsim/cli
 */
// The error every validation failure throws: re-exported so that callers need one import, and
// so that typedoc resolves the `{@link ScavsimError}` in this package's comments.
export { ScavsimError, isScavsimError } from '@scavsim/core';
export type { ScavsimErrorCode } from '@scavsim/core';

// The command line.
export { main, COMMANDS } from './main.js';
export { EXIT } from './context.js';
export type { CliContext, CliIO, Command } from './context.js';
export type { CliDeps, FidelityOutcome, PolicyQuery, PolicyReport, ProgressCallback, ScenarioEntry } from './deps.js';

// Reading files (scenario files and probe traces).
export { loadScenarioFile, readTraceFile } from './files.js';
