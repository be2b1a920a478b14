/**
 * vitest setup file: every fast-check property runs from one fixed seed unless its test gives
 * its own, so that CI runs the same inputs on every clean clone and a red run is always
 * reproducible. `FUZZ_SEED=random pnpm test` (or a number) explores other inputs; a failure
 * prints the seed and path that reproduce it.
 */
import fc from 'fast-check';

const seed = process.env['FUZZ_SEED'];
if (seed !== 'random') fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed ?? 20261206) });
