/**
 * The page-transition benchmark's own check (bench/page-transitions.ts): it must report the
 * engine and the reference model identical on the command sequence, and it must notice when a
 * target differs, whether in a step's result or only in the final counters, and when a timed
 * run (each target is timed alone, in a child process under `pnpm bench`) computed something
 * else than the untimed comparison.
 */
import { describe, expect, it } from 'vitest';
import { benchPageTransitions, commandSequence, compareTargets, timeTargetAlone } from '../../bench/page-transitions.js';
import type { PageTarget } from '../../packages/core/test/support/reference/command-sequence.js';
import { createEngineTarget } from '../../packages/core/test/support/reference/engine-target.js';
import { ReferenceModel } from '../../packages/core/test/support/reference/reference-model.js';

const commands = commandSequence(400);
const reference = (): PageTarget => new ReferenceModel({ physPageSize: 4096 });

describe('page-transition benchmark', () => {
  it('finds the engine and the reference model identical, and counts the same transitions', () => {
    const f = compareTargets(commands, () => createEngineTarget(), reference);
    expect(f.identical).toBe(true);
    expect(f.pageTransitions).toBeGreaterThan(commands.length);
  });

  it('times each target alone and finds the timed runs identical to the untimed ones', () => {
    const f = benchPageTransitions(400, 2, 1);
    expect(f.identical).toBe(true);
    expect(f.engineMs).toBeGreaterThan(0);
    expect(f.referenceMs).toBeGreaterThan(0);
    expect(f.ratio).toBe(f.referenceMs / f.engineMs);
  });

  it('reports a timed run whose results differ from the untimed ones as not identical', () => {
    const time = (kind: 'engine' | 'reference', n: number, repeats: number) => {
      const t = timeTargetAlone(kind, n, repeats);
      return kind === 'engine' ? { ...t, out: t.out.map((x, i) => (i === 7 ? x + 1 : x)) } : t;
    };
    expect(benchPageTransitions(400, 1, 1, time).identical).toBe(false);
  });

  it('reports a target whose reclaim frees one page fewer, once, as not identical', () => {
    const skewed = (): PageTarget => {
      const t = createEngineTarget();
      let once = true;
      const reclaim = t.reclaim.bind(t);
      t.reclaim = (osPages: number): number => {
        const n = reclaim(osPages);
        if (once && n > 0) {
          once = false;
          return n - 1;
        }
        return n;
      };
      return t;
    };
    expect(compareTargets(commands, skewed, reference).identical).toBe(false);
  });

  it('reports a target whose counters alone differ as not identical', () => {
    const off = (): PageTarget => {
      const t = createEngineTarget();
      const counters = t.counters.bind(t);
      t.counters = () => ({ ...counters(), LazyFree: counters().LazyFree + 4096 });
      return t;
    };
    expect(compareTargets(commands, off, reference).identical).toBe(false);
  });
});
