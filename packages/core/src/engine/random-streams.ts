/**
 * One seeded random stream per component, derived from the run's root seed.
 *
 * As in JaamSim, every component (the workload of process A, the hog, the scavenger's wake
 * jitter, ...) draws from its own stream, named for what it is, so turning one knob does not
 * reshuffle the numbers every other component sees. Streams come from `seedrandom` (Alea-free
 * ARC4, the library default), keyed by `"<root seed>/<component name>"`. Nothing in the model
 * uses `Math.random`.
 *
 * @module
 */
import seedrandom from 'seedrandom';
import { checkInt } from '../units.js';

/** A deterministic source of uniform numbers in [0, 1). */
export interface RandomStream {
  /** Next uniform number in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Log-uniform number in [lo, hi): the object-size mix of the probe's loadtest. */
  logUniform(lo: number, hi: number): number;
}

/** A factory of named {@link RandomStream}s that all derive from one root seed. */
export class RandomStreams {
  /** The root seed every stream derives from. */
  readonly seed: number;
  private readonly streams = new Map<string, RandomStream>();

  /** @param seed a non-negative safe integer */
  constructor(seed: number) {
    this.seed = checkInt(seed, 'seed', 0, Number.MAX_SAFE_INTEGER);
  }

  /** The stream for `component`; the same name always returns the same stream object. */
  stream(component: string): RandomStream {
    let s = this.streams.get(component);
    if (s === undefined) {
      const prng = seedrandom(`${this.seed}/${component}`);
      s = {
        next: () => prng.quick(),
        int: (lo, hi) => lo + Math.floor(prng.quick() * (hi - lo + 1)),
        logUniform: (lo, hi) => Math.exp(Math.log(lo) + prng.quick() * (Math.log(hi) - Math.log(lo))),
      };
      this.streams.set(component, s);
    }
    return s;
  }
}
