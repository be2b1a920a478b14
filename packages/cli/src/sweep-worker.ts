/**
 * One grid point of a sweep, run in a worker thread of the sweep's pool (`sweep-pool.ts`).
 *
 * Runs are pure functions of their config, so points spread over threads with nothing shared.
 * An invalid point (a combination the engine refuses, such as GOMEMLIMIT before Go 1.19) is
 * not a crash of the sweep: its error goes into its row.
 *
 * @module
 */
import { isScavsimError, simulate } from '@scavsim/core';
import { sweepFigures, type SweepFigures } from '@scavsim/report';
import type { RunOverrides } from '@scavsim/scenarios';
import { configOf } from './default-deps.js';

/** What the pool sends a worker. */
export interface SweepTask {
  /** Position in the whole grid. */
  readonly index: number;
  /** Scenario name or file. */
  readonly scenario: string;
  /** The point's overrides. */
  readonly overrides: RunOverrides;
}

/** What a worker sends back: the figures, or the one-line reason the point could not run. */
export type SweepOutcome = { readonly figures: SweepFigures } | { readonly error: string };

/** Runs one point. */
export function runSweepTask(task: SweepTask): SweepOutcome {
  try {
    return { figures: sweepFigures(simulate(configOf(task.scenario, task.overrides))) };
  } catch (e) {
    if (isScavsimError(e)) return { error: e.message };
    throw e;
  }
}

/** A no-op the pool calls once per worker so that loading this module is done before timing. */
export function ready(): true {
  return true;
}

/** Tinypool calls the default export with each task. */
export default runSweepTask;
