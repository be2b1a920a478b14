/**
 * fast-check command classes for the page-level model-based test: one small class per action,
 * each applying the same {@link PageCommand} to the reference model (the fast-check "model")
 * and to the engine pair (the "real" system), then requiring identical step results and
 * identical counters.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  applyCommand, type PageCommand, type PageTarget, type SequenceState,
} from '../../packages/core/src/reference/command-sequence.js';
import type { ReferenceModel } from '../../packages/core/src/reference/reference-model.js';

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

/** Shared behaviour: apply to both, compare. */
abstract class PageStep implements fc.Command<ModelSide, RealSide> {
  abstract readonly cmd: PageCommand;

  check(m: Readonly<ModelSide>): boolean {
    return this.needsLive() ? m.state.live.length > 0 : true;
  }

  run(m: ModelSide, r: RealSide): void {
    const want = applyCommand(m.ref, m.state, this.cmd);
    const got = applyCommand(r.engine, r.state, this.cmd);
    expect(got, `step result of ${this.toString()}`).toEqual(want);
    const wc = m.ref.counters();
    const gc = r.engine.counters();
    expect(gc, `counters after ${this.toString()}`).toEqual(wc);
    // Invariants that hold in both (spec go-runtime.md §4.1, linux-kernel.md §4).
    expect(gc.HeapInuse + gc.HeapIdle).toBe(gc.HeapSys);
    expect(gc.HeapReleased).toBeLessThanOrEqual(gc.HeapIdle);
    expect(gc.LazyFree).toBeLessThanOrEqual(gc.VmRSS);
  }

  protected needsLive(): boolean {
    return false;
  }

  toString(): string {
    return JSON.stringify(this.cmd);
  }
}

/** Map more heap. */
export class GrowStep extends PageStep {
  readonly cmd: PageCommand;
  constructor(npages: number) {
    super();
    this.cmd = { kind: 'grow', npages };
  }
}

/** First-fit allocation (grows on failure). */
export class AllocateStep extends PageStep {
  readonly cmd: PageCommand;
  constructor(npages: number) {
    super();
    this.cmd = { kind: 'allocate', npages };
  }
}

/** Free a live allocation. */
export class FreeStep extends PageStep {
  readonly cmd: PageCommand;
  constructor(pick: number) {
    super();
    this.cmd = { kind: 'free', pick };
  }
  protected override needsLive(): boolean {
    return true;
  }
}

/** Scavenge from the top with MADV_FREE (Go 1.12–1.15 default). */
export class ScavengeFreeStep extends PageStep {
  readonly cmd: PageCommand;
  constructor(npages: number) {
    super();
    this.cmd = { kind: 'scavenge', npages, advice: 'MADV_FREE' };
  }
}

/** Scavenge from the top with MADV_DONTNEED (Go ≤ 1.11, 1.16+ default). */
export class ScavengeDontneedStep extends PageStep {
  readonly cmd: PageCommand;
  constructor(npages: number) {
    super();
    this.cmd = { kind: 'scavenge', npages, advice: 'MADV_DONTNEED' };
  }
}

/** Write part of a live allocation. */
export class TouchStep extends PageStep {
  readonly cmd: PageCommand;
  constructor(pick: number, offset: number, npages: number) {
    super();
    this.cmd = { kind: 'touch', pick, offset, npages };
  }
  protected override needsLive(): boolean {
    return true;
  }
}

/** Kernel reclaim of lazily freed pages, oldest first. */
export class ReclaimStep extends PageStep {
  readonly cmd: PageCommand;
  constructor(osPages: number) {
    super();
    this.cmd = { kind: 'reclaim', osPages };
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
  const touch = fc.tuple(pick, fc.nat({ max: 8 }), pages).map(([p, o, n]) => new TouchStep(p, o, n));
  return [
    fc.integer({ min: 1, max: 1024 }).map((n) => new GrowStep(n)),
    pages.map((n) => new AllocateStep(n)),
    pages.map((n) => new AllocateStep(n)),
    pick.map((p) => new FreeStep(p)),
    pick.map((p) => new FreeStep(p)),
    fc.nat({ max: 1200 }).map((n) => new ScavengeFreeStep(n)),
    few.map((n) => new ScavengeFreeStep(n)),
    few.map((n) => new ScavengeFreeStep(n)),
    fc.nat({ max: 1200 }).map((n) => new ScavengeDontneedStep(n)),
    few.map((n) => new ScavengeDontneedStep(n)),
    touch,
    touch,
    touch,
    fc.nat({ max: 3000 }).map((n) => new ReclaimStep(n)),
    few.map((n) => new ReclaimStep(n)),
    few.map((n) => new ReclaimStep(n)),
  ];
}
