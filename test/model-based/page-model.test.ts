/**
 * Model-based test of the page layers: the engine (runtime/pages/page-heap.ts + kernel/ address
 * space and reclaim) against the deliberately simple reference model
 * (packages/core/test/support/reference/reference-model.ts), with fast-check `fc.commands` + `fc.modelRun`
 * (STYLE.md "Tests"). After every command the two must report identical counters:
 * HeapInuse, HeapIdle, HeapReleased, HeapSys, VmRSS, RssAnon, LazyFree.
 *
 * A failure prints a seed and a path; replay it with `{ seed, path }` in `fc.assert` and
 * commit the shrunk command list below as a regression case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommandSequence, type PageCommand } from '../../packages/core/test/support/reference/command-sequence.js';
import { createEngineTarget, type EngineTarget } from '../../packages/core/test/support/reference/engine-target.js';
import { ReferenceModel } from '../../packages/core/test/support/reference/reference-model.js';
import { pageSteps, type ModelSide, type RealSide } from './page-commands.js';

/** A fresh engine pair: a roomy machine (so no reclaim happens unless asked) and one process. */
function engine(physPageSize: number): EngineTarget {
  return createEngineTarget({ physPageSize });
}

function setup(physPageSize: number): { model: ModelSide; real: RealSide } {
  return {
    model: { ref: new ReferenceModel({ physPageSize }), state: { live: [] } },
    real: { engine: engine(physPageSize), state: { live: [] } },
  };
}

/**
 * After a run, every runtime page and every OS page must be in the same state on both sides:
 * stronger than the counters, and it exposes LRU-order differences as soon as a reclaim stops
 * part-way through a run.
 */
function expectSamePageStates(model: ModelSide, real: RealSide): void {
  const ref = model.ref;
  const eng = real.engine as EngineTarget;
  const heapPages = ref.pages.map((p) => (p.allocated ? 'A' : p.scavenged ? 's' : 'f')).join('');
  let engPages = '';
  for (let p = 0; p < eng.heap.mappedPages; p++) engPages += eng.heap.isAllocated(p) ? 'A' : eng.heap.isScavenged(p) ? 's' : 'f';
  expect(engPages, 'runtime page states').toBe(heapPages);
  const ps = ref.physPageSize;
  const osRef = ref.osPages.join('');
  let osEng = '';
  for (let os = 0; os < ref.osPages.length; os++) osEng += String(eng.memory.stateAt(os * ps));
  expect(osEng, 'OS page states').toBe(osRef);
}

/** Lets the vitest worker's event loop run (its RPC with the main process times out if it is starved). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The property is async only to yield between runs: a thousand runs take tens of seconds on a
 * loaded machine, and one synchronous stretch that long starves vitest's worker RPC ("Timeout
 * calling onTaskUpdate"). Each run itself is synchronous, as the engine is.
 */
function property(physPageSize: number): fc.IAsyncPropertyWithHooks<[Iterable<fc.Command<ModelSide, RealSide>>]> {
  return fc.asyncProperty(fc.commands(pageSteps(), { maxCommands: 150, size: 'max' }), async (cmds) => {
    await yieldToEventLoop();
    const s = setup(physPageSize);
    fc.modelRun(() => s, cmds);
    expectSamePageStates(s.model, s.real);
  });
}

describe('page model: engine vs reference', () => {
  it('agrees on every counter after every command and on every page state at the end, 4 KiB OS pages', async () => {
    await fc.assert(property(4096), { numRuns: 1000 });
  });

  it('agrees on every counter after every command and on every page state at the end, 16 KiB OS pages', async () => {
    await fc.assert(property(16384), { numRuns: 200 });
  });

  it('agrees on every counter after every command and on every page state at the end, 64 KiB OS pages', async () => {
    await fc.assert(property(65536), { numRuns: 300 });
  });
});

describe('page model regression cases', () => {
  // Each case is a command list that once exposed a difference (or pins a subtle rule);
  // both targets must end with identical counters.
  const cases: Record<string, { physPageSize: number; commands: PageCommand[] }> = {
    // Found by the property above (seed -296638117) while the reference madvised one runtime
    // page at a time, top down: the runtime madvises a whole run in one call and the kernel
    // puts its pages on the LRU in ascending address order, so reclaim takes page 0 first.
    'one madvise per run queues its pages in ascending order': {
      physPageSize: 4096,
      commands: [
        { kind: 'allocate', npages: 2 },
        { kind: 'touch', pick: 0, offset: 0, npages: 2 },
        { kind: 'free', pick: 0 },
        { kind: 'scavenge', npages: 2, advice: 'MADV_FREE' },
        { kind: 'reclaim', osPages: 1 },
      ],
    },
    'a re-freed lazily freed page keeps its LRU position': {
      physPageSize: 4096,
      commands: [
        { kind: 'allocate', npages: 2 },
        { kind: 'allocate', npages: 2 },
        { kind: 'touch', pick: 0, offset: 0, npages: 2 },
        { kind: 'touch', pick: 1, offset: 0, npages: 2 },
        { kind: 'free', pick: 0 },
        { kind: 'free', pick: 0 },
        { kind: 'scavenge', npages: 2, advice: 'MADV_FREE' }, // pages 2-3 first (top down)
        { kind: 'scavenge', npages: 2, advice: 'MADV_FREE' }, // then pages 0-1
        { kind: 'allocate', npages: 4 },
        { kind: 'touch', pick: 0, offset: 2, npages: 2 }, // redirty pages 2-3
        { kind: 'free', pick: 0 },
        { kind: 'scavenge', npages: 4, advice: 'MADV_FREE' }, // re-free all four
        { kind: 'reclaim', osPages: 4 }, // the oldest entries: pages 2-3, not 0-1
        { kind: 'allocate', npages: 4 },
        { kind: 'touch', pick: 0, offset: 0, npages: 2 }, // pages 0-1 still lazily freed: no fault
      ],
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const s = setup(c.physPageSize);

      const ref = runCommandSequence(s.model.ref, c.commands);
      const eng = runCommandSequence(s.real.engine, c.commands);

      expect(eng.counters).toEqual(ref.counters);
      expectSamePageStates(s.model, s.real);
    });
  }
});
