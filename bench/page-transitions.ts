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
import { applyCommand, type PageCommand, type PageTarget, type StepResult } from '../packages/core/test/support/reference/command-sequence.js';
import { EngineTarget } from '../packages/core/test/support/reference/engine-target.js';
import { ReferenceModel } from '../packages/core/test/support/reference/reference-model.js';
import { PageHeap } from '../packages/core/src/runtime/pages/page-heap.js';

/** Figures of the page-transition benchmark. */
export interface PageTransitionFigures {
  /** Commands in the sequence. */
  readonly commands: number;
  /** Pages the sequence's steps allocate, free, write, release or reclaim (the same on both targets). */
  readonly pageTransitions: number;
  /** Timings of each target (each a fresh process under `pnpm bench`); the figures are their medians. */
  readonly processes: number;
  /** Engine time for the sequence's calls (median over the timings of the best of several runs each), without the runner. */
  readonly engineMs: number;
  /** Reference time for the same calls (likewise), without the runner. */
  readonly referenceMs: number;
  /** The engine's best time of each timing (ms). */
  readonly engineMsEach: readonly number[];
  /** The reference's best time of each timing (ms). */
  readonly referenceMsEach: readonly number[];
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

/** The two targets the benchmark compares. */
export type TargetKind = 'engine' | 'reference';

function makeTarget(kind: TargetKind): PageTarget {
  return kind === 'engine' ? engineTarget() : new ReferenceModel({ physPageSize: 4096 });
}

/** One target's timing: its best times, and what it computed, to be compared with the other's. */
export interface TargetTiming {
  /** Best time (ms) making the resolved calls. */
  readonly callsMs: number;
  /** Best time (ms) of the same sequence through the runner. */
  readonly runnerMs: number;
  /** Every call's result, one per call (see `replay`). */
  readonly out: number[];
  /** Final counters after the calls (JSON). */
  readonly counters: string;
  /** Final counters after the runner (JSON). */
  readonly runnerCounters: string;
}

/**
 * Times one kind of target alone: the sequence of `nCommands` goes through the runner once
 * (untimed) to resolve its calls, then `repeats` fresh targets each make the calls, timed,
 * and run the sequence through the runner, timed; the best of each is kept.
 *
 * Meant to run in a process of its own (bench/child.ts), one per target kind, so that neither
 * target is timed on what the other left behind in the process: V8's type feedback at the
 * shared timing loop's call sites, and the other's garbage (docs/performance.md gives what
 * that was measured to cost).
 */
export function timeTargetAlone(kind: TargetKind, nCommands: number, repeats: number): TargetTiming {
  const commands = commandSequence(nCommands);
  const steps: StepResult[] = [];
  run(makeTarget(kind), commands, steps);
  const calls = resolveCalls(commands, steps);
  const out = new Float64Array(calls.length / 3);
  let callsMs = Infinity;
  let runnerMs = Infinity;
  let counters = '';
  let runnerCounters = '';
  for (let i = 0; i < repeats; i++) {
    const r = replay(makeTarget(kind), calls, out);
    callsMs = Math.min(callsMs, r.ms);
    counters = r.counters;
  }
  for (let i = 0; i < repeats; i++) {
    const w = run(makeTarget(kind), commands, null);
    runnerMs = Math.min(runnerMs, w.ms);
    runnerCounters = w.counters;
  }
  return { callsMs, runnerMs, out: Array.from(out), counters, runnerCounters };
}

/** What {@link compareTargets} found, untimed. */
export interface TargetComparison {
  /** True when every step result, every replayed call's result and the final counters were equal. */
  readonly identical: boolean;
  /** Page transitions of the sequence (the reference's count). */
  readonly pageTransitions: number;
  /** HeapSys at the end (bytes, the reference's). */
  readonly heapSysBytes: number;
  /** The reference's result for every resolved call, to compare timed runs with. */
  readonly out: number[];
  /** The reference's final counters (JSON). */
  readonly counters: string;
}

/**
 * Runs `commands` on two targets, untimed, and compares them: every step's result through the
 * runner, then, with the sequence resolved into its calls (the runner's `pick` turned into
 * addresses), every call's result and the final counters. `makeEngine`, `makeReference`
 * build a fresh target per run. Exposed so that a test can check that a target which differs
 * anywhere is caught.
 */
export function compareTargets(commands: readonly PageCommand[], makeEngine: () => PageTarget, makeReference: () => PageTarget): TargetComparison {
  const refSteps: StepResult[] = [];
  const refRun = run(makeReference(), commands, refSteps);
  const engSteps: StepResult[] = [];
  const engRun = run(makeEngine(), commands, engSteps);
  const calls = resolveCalls(commands, refSteps);
  const refOut = new Float64Array(calls.length / 3);
  const ref = replay(makeReference(), calls, refOut);
  const engOut = new Float64Array(calls.length / 3);
  const eng = replay(makeEngine(), calls, engOut);
  const identical = engRun.counters === refRun.counters && JSON.stringify(engSteps) === JSON.stringify(refSteps)
    && eng.counters === ref.counters && ref.counters === refRun.counters && engOut.every((x, i) => x === refOut[i]);
  return { identical, pageTransitions: refRun.pages, heapSysBytes: refRun.heapSys, out: Array.from(refOut), counters: ref.counters };
}

/** Times one target kind (by default in this process; bench/run.ts passes one that spawns a child). */
export type TimeTarget = (kind: TargetKind, nCommands: number, repeats: number) => TargetTiming;

/**
 * The benchmark: {@link compareTargets} on the engine and the reference model, then each
 * target timed alone by `time` (engine best of `repeats` runs, reference best of `refRepeats`:
 * both are measured warm, as the first runs of either pay for JIT compilation), `processes`
 * times each, alternating, and the median taken: under `pnpm bench` each timing is a fresh
 * process, and how well V8 compiles the engine differs by a few per cent from one process to
 * the next. Every timed run's results and counters are compared with the untimed ones. The
 * judged ratio is of the calls alone: the runner's own work (its live list and a result object
 * per step, the same for both targets) is in neither time; the ratio through the runner is
 * reported beside it.
 */
export function benchPageTransitions(
  nCommands = 6000, repeats = 200, refRepeats = 5, time: TimeTarget = timeTargetAlone, processes = 1,
): PageTransitionFigures {
  const cmp = compareTargets(commandSequence(nCommands), engineTarget, () => new ReferenceModel({ physPageSize: 4096 }));
  const refs: TargetTiming[] = [];
  const engs: TargetTiming[] = [];
  for (let i = 0; i < processes; i++) {
    refs.push(time('reference', nCommands, refRepeats));
    engs.push(time('engine', nCommands, repeats));
  }
  const same = (t: TargetTiming): boolean => t.counters === cmp.counters && t.runnerCounters === cmp.counters
    && t.out.length === cmp.out.length && t.out.every((x, i) => x === cmp.out[i]);
  const identical = cmp.identical && refs.every(same) && engs.every(same);
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const engineMs = median(engs.map((t) => t.callsMs));
  const referenceMs = median(refs.map((t) => t.callsMs));
  const engineWithRunnerMs = median(engs.map((t) => t.runnerMs));
  const referenceWithRunnerMs = median(refs.map((t) => t.runnerMs));
  const pages = cmp.pageTransitions;
  const rate = (ms: number): number => pages / (ms / 1000);
  return {
    commands: nCommands, pageTransitions: pages, processes,
    engineMs, referenceMs,
    engineTransitionsPerSec: rate(engineMs), referenceTransitionsPerSec: rate(referenceMs),
    ratio: referenceMs / engineMs,
    engineWithRunnerMs, referenceWithRunnerMs, ratioWithRunner: referenceWithRunnerMs / engineWithRunnerMs,
    engineMsEach: engs.map((t) => t.callsMs), referenceMsEach: refs.map((t) => t.callsMs),
    identical,
    heapSysBytes: cmp.heapSysBytes,
  };
}
