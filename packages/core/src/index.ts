/**
 * Public API of `@scavsim/core`.
 *
 * PLACEHOLDER created by the CLI/charts helper so that dependants resolve; the lead curates
 * the real list of exports.
 *
 * @module
 */
export * from './errors.js';
export * from './units.js';
export * from './metrics/sample.js';
export type * from './engine/run-result.js';
