/**
 * Page-level command sequences that run the same way against the reference model and the
 * engine (PageHeap + kernel address space).
 *
 * A command sequence is plain data (JSON-serialisable), so the model-based test can print a
 * failing sequence, a regression test can replay it, and the micro benchmark
 * (bench/page-transitions.bench.ts) can time the same sequence on both targets:
 *
 * ```ts
 * const commands: PageCommand[] = [
 *   { kind: 'allocate', npages: 64 },
 *   { kind: 'touch', pick: 0, offset: 0, npages: 64 },
 *   { kind: 'free', pick: 0 },
 *   { kind: 'scavenge', npages: 64, advice: 'MADV_FREE' },
 *   { kind: 'reclaim', osPages: 32 },
 * ];
 * const ref = runCommandSequence(new ReferenceModel(), commands);
 * const eng = runCommandSequence(createEngineTarget(), commands); // engine-target.ts
 * // ref.counters and eng.counters must be equal
 * ```
 *
 * Allocations are referred to by position: `pick` selects the live allocation at
 * `pick % live.length` (in allocation order), so a sequence never names an address and stays
 * valid while it is shrunk. Commands that need a live allocation are no-ops when there is none.
 *
 * @module
 */
import type { Advice } from '../../../src/kernel/types.js';
import { checkAdvice, type PageCounters } from './reference-model.js';
import { checkInt } from '../../../src/units.js';
import { ScavsimError } from '../../../src/errors.js';

/** One step of a page-level command sequence. */
export type PageCommand =
  /** Map more heap (alignUp(npages, 512) pages). */
  | { readonly kind: 'grow'; readonly npages: number }
  /** First-fit allocation; grows the heap by `npages` and retries on failure, as `mheap.allocSpan` does. */
  | { readonly kind: 'allocate'; readonly npages: number }
  /** Free the picked live allocation. */
  | { readonly kind: 'free'; readonly pick: number }
  /** Release at least `npages` free, unscavenged pages from the top with `advice`. */
  | { readonly kind: 'scavenge'; readonly npages: number; readonly advice: Advice }
  /** Write `npages` pages of the picked live allocation starting `offset` pages in (clipped). */
  | { readonly kind: 'touch'; readonly pick: number; readonly offset: number; readonly npages: number }
  /** Kernel reclaim of up to `osPages` lazily freed OS pages, oldest first. */
  | { readonly kind: 'reclaim'; readonly osPages: number };

/** What {@link runCommandSequence} drives: the reference model or the engine pair. */
export interface PageTarget {
  /** Maps more heap; returns the new range. */
  grow(npages: number): { base: number; npages: number };
  /** First fit; null if nothing fits. */
  allocate(npages: number): { base: number; scavengedPages: number } | null;
  /** Frees an allocated range. */
  free(base: number, npages: number): void;
  /** Scavenges at least `npages` from the top with `advice`; returns pages released. */
  scavenge(npages: number, advice: Advice): number;
  /** Writes runtime pages `[base, base+npages)`. */
  touch(base: number, npages: number): void;
  /** Reclaims up to `osPages` lazily freed OS pages; returns how many were freed. */
  reclaim(osPages: number): number;
  /** Current counters in bytes. */
  counters(): PageCounters;
}

/** A live allocation. */
export interface LiveAllocation {
  readonly base: number;
  readonly npages: number;
}

/** Mutable state a sequence carries between commands. */
export interface SequenceState {
  /** Live allocations in allocation order. */
  readonly live: LiveAllocation[];
}

/** What one command returned, for comparing two targets step by step. */
export type StepResult =
  | { readonly kind: 'grow'; readonly base: number; readonly npages: number }
  | { readonly kind: 'allocate'; readonly base: number; readonly scavengedPages: number; readonly grew: boolean }
  | { readonly kind: 'scavenge' | 'reclaim'; readonly pages: number }
  | { readonly kind: 'free' | 'touch'; readonly base: number; readonly npages: number }
  | { readonly kind: 'noop' };

/**
 * Applies one command to `target`, updating `state.live`. Exposed so that fast-check command
 * classes and the benchmark share one definition of each step.
 */
export function applyCommand(target: PageTarget, state: SequenceState, cmd: PageCommand): StepResult {
  switch (cmd.kind) {
    case 'grow': {
      const r = target.grow(cmd.npages);
      return { kind: 'grow', base: r.base, npages: r.npages };
    }
    case 'allocate': {
      let grew = false;
      let r = target.allocate(cmd.npages);
      if (r === null) {
        target.grow(cmd.npages);
        grew = true;
        r = target.allocate(cmd.npages);
        if (r === null) throw new ScavsimError('E_STATE', 'allocate', `no room for ${cmd.npages} pages even after growing`);
      }
      state.live.push({ base: r.base, npages: cmd.npages });
      return { kind: 'allocate', base: r.base, scavengedPages: r.scavengedPages, grew };
    }
    case 'free': {
      if (state.live.length === 0) return { kind: 'noop' };
      const [a] = state.live.splice(cmd.pick % state.live.length, 1);
      target.free(a!.base, a!.npages);
      return { kind: 'free', base: a!.base, npages: a!.npages };
    }
    case 'scavenge':
      return { kind: 'scavenge', pages: target.scavenge(cmd.npages, checkAdvice(cmd.advice)) };
    case 'touch': {
      if (state.live.length === 0) return { kind: 'noop' };
      const a = state.live[cmd.pick % state.live.length]!;
      const offset = Math.min(cmd.offset, a.npages - 1);
      const npages = Math.max(1, Math.min(cmd.npages, a.npages - offset));
      target.touch(a.base + offset, npages);
      return { kind: 'touch', base: a.base + offset, npages };
    }
    case 'reclaim':
      return { kind: 'reclaim', pages: target.reclaim(checkInt(cmd.osPages, 'osPages', 0, Number.MAX_SAFE_INTEGER)) };
    default:
      throw new ScavsimError('E_UNKNOWN_NAME', 'kind', `unknown command ${JSON.stringify(cmd)}`, 'grow, allocate, free, scavenge, touch, reclaim');
  }
}

/**
 * Runs `commands` against `target` from a fresh state and returns the final counters, the
 * live allocations and (if `onStep` is given) calls `onStep(index, result, target)` after each
 * command. Cost is the target's cost plus O(1) per command (plus O(live) for `free`).
 */
export function runCommandSequence(
  target: PageTarget,
  commands: readonly PageCommand[],
  onStep?: (index: number, result: StepResult, target: PageTarget) => void,
): { counters: PageCounters; live: LiveAllocation[] } {
  const state: SequenceState = { live: [] };
  commands.forEach((cmd, i) => {
    const r = applyCommand(target, state, cmd);
    onStep?.(i, r, target);
  });
  return { counters: target.counters(), live: state.live };
}
