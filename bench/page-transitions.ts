/**
 * Page-transition throughput: the engine's page layers (PageHeap + kernel AddressSpace +
 * inactive-file LRU, wired by `EngineTarget`) against the reference model on one command
 * sequence, with identical output required.
 *
 * The sequence is generated from a fixed seed (a 32-bit LCG, so it never changes between
 * runs): a service-like mix of span allocations of 1–256 runtime pages, writes to them, frees,
 * scavenges (MADV_FREE and MADV_DONTNEED) and kernel reclaim, over a heap that grows to a few
 * hundred MiB. A *page transition* is one runtime or OS page that a command allocates, frees,
 * writes, releases or reclaims (the pages each step reports); both targets perform the same
 * transitions, so the ratio of their rates is the ratio of their wall times.
 *
 * "Identical output" is checked step by step (every step's result) and at the end (all
 * counters); a mismatch fails the benchmark.
 */
import { Machine } from '../packages/core/src/kernel/machine.js';
import { applyCommand, type PageCommand, type PageTarget, type StepResult } from '../packages/core/src/reference/command-sequence.js';
import { EngineTarget } from '../packages/core/src/reference/engine-target.js';
import { ReferenceModel } from '../packages/core/src/reference/reference-model.js';
import { PageHeap } from '../packages/core/src/runtime/page-heap.js';

/** Figures of the page-transition benchmark. */
export interface PageTransitionFigures {
  readonly commands: number;
  readonly pageTransitions: number;
  readonly engineMs: number;
  readonly referenceMs: number;
  readonly engineTransitionsPerSec: number;
  readonly referenceTransitionsPerSec: number;
  /** engine rate / reference rate. */
  readonly ratio: number;
  /** True when every step result and the final counters were equal. */
  readonly identical: boolean;
  /** HeapSys at the end of the sequence (bytes): the reference's work per command grows with it. */
  readonly heapSysBytes: number;
}

/** The fixed command sequence (deterministic: same seed, same list). */
export function commandSequence(n: number, seed = 0x5ca75e): PageCommand[] {
  let x = seed >>> 0;
  const rnd = (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
  const out: PageCommand[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const pick = Math.floor(rnd() * 1e6);
    if (r < 0.34) out.push({ kind: 'allocate', npages: 1 + Math.floor(rnd() ** 3 * 256) });
    else if (r < 0.6) out.push({ kind: 'touch', pick, offset: Math.floor(rnd() * 64), npages: 1 + Math.floor(rnd() * 256) });
    else if (r < 0.9) out.push({ kind: 'free', pick });
    else if (r < 0.97) out.push({ kind: 'scavenge', npages: 1 + Math.floor(rnd() * 2048), advice: rnd() < 0.8 ? 'MADV_FREE' : 'MADV_DONTNEED' });
    else out.push({ kind: 'reclaim', osPages: 1 + Math.floor(rnd() * 4096) });
  }
  return out;
}

function engineTarget(): EngineTarget {
  const machine = new Machine({ memTotal: '64GiB' });
  const memory = machine.createProcess({ name: 'go' });
  return new EngineTarget({ heap: new PageHeap({ physPageSize: 4096 }), memory, reclaim: (osPages) => machine.root.reclaim(osPages, 'max') });
}

function transitions(r: StepResult, c: PageCommand): number {
  switch (r.kind) {
    case 'allocate':
      return c.kind === 'allocate' ? c.npages : 0;
    case 'grow':
    case 'free':
    case 'touch':
      return r.npages;
    case 'scavenge':
    case 'reclaim':
      return r.pages;
    default:
      return 0;
  }
}

function run(target: PageTarget, commands: readonly PageCommand[], keep: StepResult[] | null): { ms: number; pages: number; counters: string; heapSys: number } {
  const state = { live: [] as { base: number; npages: number }[] };
  let pages = 0;
  const t0 = performance.now();
  for (const c of commands) {
    const r = applyCommand(target, state, c);
    pages += transitions(r, c);
    keep?.push(r);
  }
  const ms = performance.now() - t0;
  const counters = target.counters();
  return { ms, pages, counters: JSON.stringify(counters), heapSys: counters.HeapSys };
}

/**
 * Runs the sequence on both targets and compares them. Each target's time is its best of
 * several runs (reference `refRepeats`, engine `repeats`), so both are measured warm: the
 * first run of either pays for JIT compilation.
 */
export function benchPageTransitions(nCommands = 6000, repeats = 20, refRepeats = 3): PageTransitionFigures {
  const commands = commandSequence(nCommands);
  const refSteps: StepResult[] = [];
  let ref = run(new ReferenceModel({ physPageSize: 4096 }), commands, refSteps);
  for (let i = 1; i < refRepeats; i++) {
    const again = run(new ReferenceModel({ physPageSize: 4096 }), commands, null);
    if (again.ms < ref.ms) ref = again;
  }
  const engSteps: StepResult[] = [];
  let eng = run(engineTarget(), commands, engSteps);
  for (let i = 1; i < repeats; i++) {
    const again = run(engineTarget(), commands, null);
    if (again.ms < eng.ms) eng = again;
  }
  const identical = eng.counters === ref.counters && JSON.stringify(engSteps) === JSON.stringify(refSteps);
  const engRate = eng.pages / (eng.ms / 1000);
  const refRate = ref.pages / (ref.ms / 1000);
  return {
    commands: nCommands, pageTransitions: eng.pages, engineMs: eng.ms, referenceMs: ref.ms,
    engineTransitionsPerSec: engRate, referenceTransitionsPerSec: refRate, ratio: engRate / refRate, identical,
    heapSysBytes: eng.heapSys,
  };
}
