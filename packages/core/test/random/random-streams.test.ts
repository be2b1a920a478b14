/**
 * RandomStreams: one deterministic stream per named component.
 */
import { describe, it, expect } from 'vitest';
import { RandomStreams } from '../../src/random/random-streams.js';
import { ScavsimError } from '../../src/errors.js';

const take = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('RandomStreams', () => {
  it('gives the same sequence for the same seed and name, across instances', () => {
    const a = new RandomStreams(7).stream('workload/A');
    const b = new RandomStreams(7).stream('workload/A');
    expect(take(100, () => a.next())).toEqual(take(100, () => b.next()));
  });

  it('returns the same stream object for the same name', () => {
    const s = new RandomStreams(1);
    expect(s.stream('x')).toBe(s.stream('x'));
  });

  it('gives different sequences to different names and different seeds', () => {
    const s = new RandomStreams(7);
    const a = take(20, () => s.stream('workload/A').next());
    const b = take(20, () => s.stream('workload/B').next());
    const c = take(20, () => new RandomStreams(8).stream('workload/A').next());
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('keeps streams independent: drawing from one does not change another', () => {
    const s1 = new RandomStreams(3);
    take(1000, () => s1.stream('hog').next());
    const after = take(50, () => s1.stream('workload/A').next());
    const fresh = new RandomStreams(3).stream('workload/A');
    const alone = take(50, () => fresh.next());
    expect(after).toEqual(alone);
  });

  it('draws uniform numbers in [0, 1), integers in [lo, hi] and log-uniform numbers in [lo, hi)', () => {
    const r = new RandomStreams(11).stream('t');
    for (let i = 0; i < 2000; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = r.int(3, 6);
      expect(Number.isInteger(k) && k >= 3 && k <= 6).toBe(true);
      const l = r.logUniform(1024, 1024 * 1024);
      expect(l >= 1024 && l < 1024 * 1024).toBe(true);
    }
    const ints = new Set(take(500, () => r.int(3, 6)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
  });

  it('rejects a seed that is not a non-negative safe integer', () => {
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 2]) {
      let err: unknown;
      try {
        new RandomStreams(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ScavsimError);
      expect((err as ScavsimError).field).toBe('seed');
    }
  });
});

describe('RandomStreams follow seedrandom exactly', () => {
  it('draws the same numbers as seedrandom(`<seed>/<component>`).quick(), and logUniform derives from them', async () => {
    const { default: seedrandom } = await import('seedrandom');
    for (const [seed, name] of [[1, 'workload/A'], [42, 'workload/api'], [0, 'x']] as const) {
      const ours = new RandomStreams(seed).stream(name);
      const theirs = seedrandom(`${seed}/${name}`);
      for (let k = 0; k < 20_000; k++) expect(ours.next()).toBe(theirs.quick());
      const u = theirs.quick();
      expect(ours.logUniform(1024, 1 << 20)).toBeCloseTo(Math.exp(Math.log(1024) + u * (Math.log(1 << 20) - Math.log(1024))), 6);
    }
  });
});
