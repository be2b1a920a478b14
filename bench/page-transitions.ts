/**
 * Page-transition throughput: the engine's page layers (PageHeap + kernel AddressSpace +
 * inactive-file LRU, wired by `EngineTarget`) against the reference model on one command
 * sequence, with identical output required.
 *
 * The sequence is generated from a fixed seed (a 32-bit LCG, so it never changes between
 * runs): a service-like mix of span allocations of 1–256 runtime pages, writes to them, frees,
 * scavenges (MADV_FREE and MADV_DONTNEED) and kernel reclaim, over a heap that grows as the
 * sequence goes on (136 MiB after 6 000 commands, 452 MiB after 20 000). A *page transition*
 * is one runtime or OS page that a command allocates, frees, writes, releases or reclaims (the
 * pages each step reports); both targets perform the same transitions, so the ratio of their
 * rates is the ratio of their wall times. The reference model's work per command grows with
 * the heap (it scans every page) and the engine's does not, so the ratio depends on the
 * sequence's length: bench/run.ts reports it for several.
 *
 * "Identical output" is checked step by step (every step's result through the runner, every
 * call's result in the timed replays) and at the end (all counters); a mismatch fails the
 * benchmark.
 */
import { Machine } from '../packages/core/src/kernel/machine.js';
import { applyCommand, type PageCommand, type PageTarget, type StepResult } from '../packages/core/src/reference/command-sequence.js';
import { EngineTarget } from '../packages/core/src/reference/engine-target.js';
import { ReferenceModel } from '../packages/core/src/reference/reference-model.js';
import { PageHeap } from '../packages/core/src/runtime/page-heap.js';

/** Figures of the page-transition benchmark. */
export interface PageTransitionFigures {
  /** Commands in the sequence. */
  readonly commands: number;
  /** Pages the sequence's steps allocate, free, write, release or reclaim (the same on both targets). */
  readonly pageTransitions: number;
  /** Engine time for the sequence's calls (best of several runs), without the runner. */
  readonly engineMs: number;
  /** Reference time for the same calls (best of several runs), without the runner. */
  readonly referenceMs: number;
  /** Page transitions per second of the engine (calls only). */
  readonly engineTransitionsPerSec: number;
  /** Page transitions per second of the reference model (calls only). */
  readonly referenceTransitionsPerSec: number;
  /** engine rate / reference rate (calls only: the judged figure). */
  readonly ratio: number;
  /** The same sequence through the runner (`applyCommand`: live list, result objects), engine time. */
  readonly engineWithRunnerMs: number;
  /** The same through the runner, reference time. */
  readonly referenceWithRunnerMs: number;
  /** Ratio through the runner. */
  readonly ratioWithRunner: number;
  /** True when every step result, every replayed call's result and the final counters were equal. */
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

/** Through the runner: `applyCommand` keeps the live list and builds a result per step. */
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

// Operation codes of a resolved call list.
const OP_ALLOCATE = 1;
const OP_FREE = 2;
const OP_TOUCH = 3;
const OP_SCAVENGE_FREE = 4;
const OP_SCAVENGE_DONTNEED = 5;
const OP_RECLAIM = 6;

/**
 * The sequence as the calls it makes on a target: `(op, a, b)` triples, with every `pick`
 * already turned into the allocation it named (from a run through the runner). Commands that
 * were no-ops (a free or touch with nothing live) make no call.
 */
function resolveCalls(commands: readonly PageCommand[], steps: readonly StepResult[]): Float64Array {
  const calls = new Float64Array(commands.length * 3);
  let n = 0;
  const put = (op: number, a: number, b: number): void => {
    calls[n++] = op;
    calls[n++] = a;
    calls[n++] = b;
  };
  commands.forEach((c, i) => {
    const s = steps[i]!;
    if (c.kind === 'allocate') put(OP_ALLOCATE, c.npages, 0);
    else if (c.kind === 'scavenge') put(c.advice === 'MADV_FREE' ? OP_SCAVENGE_FREE : OP_SCAVENGE_DONTNEED, c.npages, 0);
    else if (c.kind === 'reclaim') put(OP_RECLAIM, c.osPages, 0);
    else if (s.kind === 'free') put(OP_FREE, s.base, s.npages);
    else if (s.kind === 'touch') put(OP_TOUCH, s.base, s.npages);
    else if (s.kind !== 'noop') throw new Error(`cannot resolve ${c.kind} → ${s.kind}`);
  });
  return calls.subarray(0, n);
}

/**
 * Makes the resolved calls on `target`, timed, without the runner. Each call's result
 * (allocation base, pages scavenged or reclaimed; −1 when a call returns nothing) goes into
 * `out`, one slot per call, to be compared between targets after the clock stops.
 */
function replay(target: PageTarget, calls: Float64Array, out: Float64Array): { ms: number; counters: string } {
  const t0 = performance.now();
  for (let i = 0, j = 0; i < calls.length; i += 3, j++) {
    const a = calls[i + 1]!;
    const b = calls[i + 2]!;
    switch (calls[i]) {
      case OP_ALLOCATE: {
        let r = target.allocate(a);
        if (r === null) {
          target.grow(a);
          r = target.allocate(a);
        }
        out[j] = r === null ? -2 : r.base;
        break;
      }
      case OP_FREE:
        target.free(a, b);
        out[j] = -1;
        break;
      case OP_TOUCH:
        target.touch(a, b);
        out[j] = -1;
        break;
      case OP_SCAVENGE_FREE:
        out[j] = target.scavenge(a, 'MADV_FREE');
        break;
      case OP_SCAVENGE_DONTNEED:
        out[j] = target.scavenge(a, 'MADV_DONTNEED');
        break;
      default:
        out[j] = target.reclaim(a);
    }
  }
  const ms = performance.now() - t0;
  return { ms, counters: JSON.stringify(target.counters()) };
}

/** Best of `repeats` fresh targets: calls only, and through the runner. */
function timeTarget(make: () => PageTarget, commands: readonly PageCommand[], calls: Float64Array, repeats: number): {
  callsMs: number; runnerMs: number; out: Float64Array; counters: string; runnerCounters: string;
} {
  const out = new Float64Array(calls.length / 3);
  let callsMs = Infinity;
  let runnerMs = Infinity;
  let counters = '';
  let runnerCounters = '';
  for (let i = 0; i < repeats; i++) {
    const r = replay(make(), calls, out);
    callsMs = Math.min(callsMs, r.ms);
    counters = r.counters;
    const w = run(make(), commands, null);
    runnerMs = Math.min(runnerMs, w.ms);
    runnerCounters = w.counters;
  }
  return { callsMs, runnerMs, out, counters, runnerCounters };
}

/**
 * Runs the sequence on both targets and compares them. The judged times are of the calls
 * alone: the sequence is first resolved into the calls it makes (the runner's `pick` turned
 * into addresses), and each target is timed making those calls, so the runner's own work
 * (its live list and a result object per step, the same for both targets) is in neither time.
 * The same sequence through the runner is timed too and reported beside it. Each time is the
 * best of several runs (reference `refRepeats`, engine `repeats`), so both are measured warm:
 * the first run of either pays for JIT compilation.
 */
export function benchPageTransitions(nCommands = 6000, repeats = 20, refRepeats = 3): PageTransitionFigures {
  return compareTargets(commandSequence(nCommands), engineTarget, () => new ReferenceModel({ physPageSize: 4096 }), repeats, refRepeats);
}

/**
 * {@link benchPageTransitions} for any two targets and sequence (`makeEngine`, `makeReference`
 * build a fresh target per run). Exposed so that a test can check that a target which differs
 * anywhere is caught.
 */
export function compareTargets(
  commands: readonly PageCommand[], makeEngine: () => PageTarget, makeReference: () => PageTarget, repeats: number, refRepeats: number,
): PageTransitionFigures {
  const nCommands = commands.length;
  // Untimed runs through the runner: every step's result, compared below, and the call list.
  const refSteps: StepResult[] = [];
  const refRun = run(makeReference(), commands, refSteps);
  const engSteps: StepResult[] = [];
  const engRun = run(makeEngine(), commands, engSteps);
  const calls = resolveCalls(commands, refSteps);

  const ref = timeTarget(makeReference, commands, calls, refRepeats);
  const eng = timeTarget(makeEngine, commands, calls, repeats);

  const identical = engRun.counters === refRun.counters && JSON.stringify(engSteps) === JSON.stringify(refSteps)
    && eng.counters === ref.counters && eng.runnerCounters === ref.runnerCounters && eng.counters === refRun.counters
    && eng.out.every((x, i) => x === ref.out[i]);
  const pages = refRun.pages;
  const rate = (ms: number): number => pages / (ms / 1000);
  return {
    commands: nCommands, pageTransitions: pages,
    engineMs: eng.callsMs, referenceMs: ref.callsMs,
    engineTransitionsPerSec: rate(eng.callsMs), referenceTransitionsPerSec: rate(ref.callsMs),
    ratio: ref.callsMs / eng.callsMs,
    engineWithRunnerMs: eng.runnerMs, referenceWithRunnerMs: ref.runnerMs, ratioWithRunner: ref.runnerMs / eng.runnerMs,
    identical,
    heapSysBytes: engRun.heapSys,
  };
}
