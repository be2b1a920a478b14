/**
 * Shared test helper: run `f` and return the {@link ScavsimError} it throws. Fails the test if
 * `f` returns normally or throws anything else (every public input error must be typed).
 */
import { ScavsimError } from '../../packages/core/src/errors.js';

export function errorOf(f: () => unknown): ScavsimError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScavsimError) return e;
    throw e;
  }
  throw new Error('expected a ScavsimError, nothing was thrown');
}
