/** Test helper: the {@link ScavsimError} a promise rejects with (anything else fails the test). */
import { ScavsimError } from '@scavsim/replay';

/** Awaits `p` and returns its `ScavsimError`; throws if it resolves or rejects with something else. */
export async function fails(p: Promise<unknown>): Promise<ScavsimError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ScavsimError) return e;
    throw e;
  }
  throw new Error('expected a ScavsimError');
}
