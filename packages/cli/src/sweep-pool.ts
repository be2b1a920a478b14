/**
 * The sweep's worker pool: tinypool workers (child processes) running `sweep-worker.ts`, at most a few
 * tasks in flight per thread so that a grid of a million points never sits in memory at once.
 *
 * This is wall-clock machinery only; what each run computes does not depend on the thread that
 * runs it, so results are the same for any number of workers.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { runSweepTask, type SweepOutcome, type SweepTask } from './sweep-worker.js';

/** Tasks each worker may have queued besides the one it runs. */
const IN_FLIGHT_PER_WORKER = 4;

/**
 * Runs every task and calls `onDone` as each finishes (in completion order).
 * @param workers worker processes; 0 runs the tasks in this thread, one after another
 * @param onReady called once every worker has started and loaded the simulator, before the
 *   first task is sent (so a benchmark can tell the pool's start from its throughput)
 */
export async function runSweepPool(tasks: Iterable<SweepTask>, workers: number, onDone: (task: SweepTask, outcome: SweepOutcome) => void, onReady?: () => void): Promise<void> {
  if (workers === 0) {
    onReady?.();
    for (const t of tasks) onDone(t, runSweepTask(t));
    return;
  }
  // From source (tsx) the worker is the .ts file beside this one; installed, the .js in dist/.
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const pool = new Tinypool({
    filename: fileURLToPath(new URL(`./sweep-worker${ext}`, import.meta.url)),
    minThreads: workers,
    maxThreads: workers,
    isolateWorkers: false,
    // Child processes rather than threads: from source, tsx's loader (`--import tsx`) reaches
    // forked processes through execArgv but not worker threads on Node 20.
    runtime: 'child_process',
    execArgv: process.execArgv,
  });
  try {
    // One no-op call per worker: a worker's first call is the one that loads the simulator.
    await Promise.all(Array.from({ length: workers }, () => pool.run(null, { name: 'ready' })));
    onReady?.();
    const inFlight = new Set<Promise<void>>();
    for (const task of tasks) {
      const p: Promise<void> = (pool.run(task) as Promise<SweepOutcome>).then((outcome) => {
        inFlight.delete(p);
        onDone(task, outcome);
      });
      inFlight.add(p);
      if (inFlight.size >= workers * IN_FLIGHT_PER_WORKER) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.destroy();
  }
}
