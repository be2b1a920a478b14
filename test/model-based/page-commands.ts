/**
 * fast-check commands for the page-level model-based test: each applies the same
 * {@link PageCommand} to the reference model (the fast-check "model") and to the engine pair
 * (the "real" system), then requires identical step results and identical counters.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  applyCommand, type PageCommand, type PageTarget, type SequenceState,
} from '../../packages/core/test/support/reference/command-sequence.js';
import type { ReferenceModel } from '../../packages/core/test/support/reference/reference-model.js';

/** The fast-check model: the reference model and its live allocations. */
export interface ModelSide {
  readonly ref: ReferenceModel;
  readonly state: SequenceState;
}

/** The fast-check real system: the engine pair and its live allocations. */
export interface RealSide {
  readonly engine: PageTarget;
  readonly state: SequenceState;
}

/**
 * One step: apply `cmd` to both sides, compare. One class serves every command kind: the
 * command is plain data, and what fast-check prints for a failing run is that data.
 */
export class PageStep implements fc.Command<ModelSide, RealSide> {
  constructor(readonly cmd: PageCommand) {}

  /** A free or a write needs a live allocation to pick. */
  check(m: Readonly<ModelSide>): boolean {
    return this.cmd.kind === 'free' || this.cmd.kind === 'touch' ? m.state.live.length > 0 : true;
  }

  run(m: ModelSide, r: RealSide): void {
    const want = applyCommand(m.ref, m.state, this.cmd);
    const got = applyCommand(r.engine, r.state, this.cmd);
    expect(got, `step result of ${this.toString()}`).toEqual(want);
    const wc = m.ref.counters();
    const gc = r.engine.counters();
    expect(gc, `counters after ${this.toString()}`).toEqual(wc);
    // Invariants that hold in both (go §4.1, linux-kernel.md go §4).
    expect(gc.HeapInuse + gc.HeapIdle).toBe(gc.HeapSys);
    expect(gc.HeapReleased).toBeLessThanOrEqual(gc.HeapIdle);
    expect(gc.LazyFree).toBeLessThanOrEqual(gc.VmRSS);
  }

  toString(): string {
    return JSON.stringify(this.cmd);
  }
}

/**
 * Arbitraries for every step. Sizes are mostly small (so pages get reused, re-dirtied and
 * re-freed) but cross chunk boundaries now and then; small scavenges and reclaims are frequent
 * so that reclaim often stops part-way through a run, which is what exposes LRU order.
 */
export function pageSteps(): Array<fc.Arbitrary<fc.Command<ModelSide, RealSide>>> {
  const pages = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 32 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 1100 }) },
  );
  const few = fc.integer({ min: 0, max: 8 });
  const pick = fc.nat({ max: 1000 });
  const step = (cmd: PageCommand): PageStep => new PageStep(cmd);
  const touch = fc.tuple(pick, fc.nat({ max: 8 }), pages).map(([p, offset, npages]) => step({ kind: 'touch', pick: p, offset, npages }));
  const scavenge = (n: fc.Arbitrary<number>, advice: 'MADV_FREE' | 'MADV_DONTNEED') => n.map((npages) => step({ kind: 'scavenge', npages, advice }));
  const reclaim = (n: fc.Arbitrary<number>) => n.map((osPages) => step({ kind: 'reclaim', osPages }));
  const allocate = pages.map((npages) => step({ kind: 'allocate', npages }));
  const free = pick.map((p) => step({ kind: 'free', pick: p }));
  return [
    fc.integer({ min: 1, max: 1024 }).map((npages) => step({ kind: 'grow', npages })),
    allocate,
    allocate,
    free,
    free,
    scavenge(fc.nat({ max: 1200 }), 'MADV_FREE'),
    scavenge(few, 'MADV_FREE'),
    scavenge(few, 'MADV_FREE'),
    scavenge(fc.nat({ max: 1200 }), 'MADV_DONTNEED'),
    scavenge(few, 'MADV_DONTNEED'),
    touch,
    touch,
    touch,
    reclaim(fc.nat({ max: 3000 })),
    reclaim(few),
    reclaim(few),
  ];
}
