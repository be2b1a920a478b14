/**
 * Sweep throughput: the same grid on 1 and on 2 worker processes (`scavsim sweep`'s pool),
 * wall time, runs per second and the speed-up. Issue 18's target: ≥ 1.8× from 1 to 2 workers.
 *
 * The grid is the incident at full length over Go 1.12–1.19 × madvdontneed 0/1 × kernels
 * 4.14/5.10 (32 runs of 12.5 simulated minutes). Each pool's start (one node process with tsx
 * per worker, loading the simulator) is timed apart from the runs, so the figures say both what
 * a whole sweep costs and how the runs themselves scale with workers.
 */
import { runSweepPool } from '../packages/cli/src/sweep-pool.js';
import { overridesOf, parseGrid, pointAt } from '../packages/cli/src/sweep-grid.js';
import type { SweepTask } from '../packages/cli/src/sweep-worker.js';

/** Figures of one pool size. */
export interface SweepTiming {
  readonly workers: number;
  readonly runs: number;
  /** From pool start to the last row. */
  readonly wallMs: number;
  /** From pool start until every worker had loaded the simulator. */
  readonly startMs: number;
  /** Runs per second over the whole wall time. */
  readonly runsPerSec: number;
  /** Runs per second once the pool had started. */
  readonly runsPerSecRunning: number;
}

/** Figures of the whole benchmark. */
export interface SweepFigures {
  readonly grid: string;
  readonly timings: readonly SweepTiming[];
  /** Wall time on 1 worker ÷ wall time on 2, pool start included. */
  readonly speedup: number;
  /** The same without each pool's start: how the runs scale. */
  readonly speedupRunning: number;
}

const GRID = {
  scenario: ['incident-go1.15'],
  go: ['1.12', '1.13', '1.14', '1.15', '1.16', '1.17', '1.18', '1.19'],
  godebug: ['madvdontneed=0', 'madvdontneed=1'],
  kernel: ['4.14', '5.10'],
};

/** Runs the grid once per pool size (1 then 2 workers), each timed from pool start to last row. */
export async function benchSweep(workerCounts: readonly number[] = [1, 2]): Promise<SweepFigures> {
  const grid = parseGrid(JSON.stringify(GRID), 'bench grid');
  const tasks = (): SweepTask[] => [...Array(grid.total).keys()].map((index) => {
    const point = pointAt(grid, index);
    return { index, scenario: point['scenario']!, overrides: overridesOf(point) };
  });
  const timings: SweepTiming[] = [];
  for (const workers of workerCounts) {
    const t0 = performance.now();
    let ready = t0;
    let runs = 0;
    await runSweepPool(tasks(), workers, (_t, outcome) => {
      if ('error' in outcome) throw new Error(outcome.error);
      runs++;
    }, () => { ready = performance.now(); });
    const end = performance.now();
    const wallMs = end - t0;
    timings.push({ workers, runs, wallMs, startMs: ready - t0, runsPerSec: runs / (wallMs / 1000), runsPerSecRunning: runs / ((end - ready) / 1000) });
  }
  const one = timings.find((t) => t.workers === 1);
  const two = timings.find((t) => t.workers === 2);
  return {
    grid: JSON.stringify(GRID),
    timings,
    speedup: one && two ? one.wallMs / two.wallMs : Number.NaN,
    speedupRunning: one && two ? (one.wallMs - one.startMs) / (two.wallMs - two.startMs) : Number.NaN,
  };
}
