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
      // seedrandom keys its ARC4 generator (and discards the first 256 bytes); the stream then
      // continues from that state with its own copy of the generator (Arc4Stream).
      const state = seedrandom(`${this.seed}/${component}`, { state: true }).state();
      s = new Arc4Stream(state.i, state.j, state.S);
      this.streams.set(component, s);
    }
    return s;
  }
}

/**
 * seedrandom's ARC4 generator and its `quick()` (32 bits per number: `g(4) / 2^32`), written
 * over a typed array. The workload draws one number per object (≈ 850 000 in a simulated
 * hour of the incident), and the library's generic `g(count)` loop over a plain array costs
 * about three times as much. Same state, same byte sequence, same numbers (the run hashes of
 * every scenario are unchanged by it).
 */
class Arc4Stream implements RandomStream {
  private i: number;
  private j: number;
  private readonly s: Uint8Array;
  // logUniform's logarithms for the bounds last asked for (the workload always asks the same).
  private lo = NaN;
  private hi = NaN;
  private logLo = 0;
  private logSpan = 0;

  constructor(i: number, j: number, S: readonly number[]) {
    this.i = i;
    this.j = j;
    this.s = Uint8Array.from(S);
  }

  /** seedrandom `quick()`: four generator bytes, most significant first, over 2^32. */
  next(): number {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    let r = 0;
    for (let k = 0; k < 4; k++) {
      i = (i + 1) & 255;
      const t = s[i]!;
      j = (j + t) & 255;
      const u = s[j]!;
      s[i] = u;
      s[j] = t;
      r = r * 256 + s[(u + t) & 255]!;
    }
    this.i = i;
    this.j = j;
    return r / 0x100000000;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  logUniform(lo: number, hi: number): number {
    if (lo !== this.lo || hi !== this.hi) {
      this.lo = lo;
      this.hi = hi;
      this.logLo = Math.log(lo);
      this.logSpan = Math.log(hi) - this.logLo;
    }
    return Math.exp(this.logLo + this.next() * this.logSpan);
  }
}
