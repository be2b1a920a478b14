/**
 * Scaling with heap size: a Go process holding 1 GiB, 64 GiB or 1 TiB of live heap, and the
 * wall time of one *idle* tick (nothing allocates, nothing is due) and one *busy* tick
 * (allocating 256 MiB/s with a 64 MiB live ring on top of the held heap), plus the peak RSS
 * of the node process that simulated it.
 *
 * The run is an ordinary config (a `hold` action of the whole heap in 1 GiB objects at t = 0,
 * then phases `settle`, `busy`, `idle`), stepped one tick at a time through
 * {@link Simulation} so that the ticks of each phase can be timed on their own. Each heap size
 * runs in its own node process (bench/child.ts) so that its peak RSS (`maxRSS` of
 * `process.resourceUsage()`) is its own.
 *
 * The targets (docs/performance.md): an idle tick costs the same at 1 GiB and at 1 TiB (work
 * proportional to what changes, not to the heap), and 1 TiB of simulated heap fits in
 * 256 MiB of node RSS.
 */
import { GiB, MiB } from '../packages/core/src/units.js';
import { Simulation, type SimConfig } from '../packages/core/src/engine/simulation.js';

/** Figures for one heap size. */
export interface ScalingFigures {
  readonly heapBytes: number;
  readonly heapLabel: string;
  /** Wall time to build the heap (the t = 0 tick that allocates and writes all of it), ms. */
  readonly buildMs: number;
  /** Wall time of an idle tick, µs (fastest of the batches of 500 ticks). */
  readonly idleTickUs: number;
  /** Wall time of a busy tick, µs (median over batches of 100 ticks). */
  readonly busyTickUs: number;
  /** Peak RSS of the node process, bytes (`process.resourceUsage().maxRSS`). */
  readonly peakRssBytes: number;
  /** VmRSS the simulated process reached (bytes), to show the heap really was written. */
  readonly simulatedVmRss: number;
}

const SETTLE_MS = 150_000;
const BUSY_MS = 10_000;
const IDLE_MS = 60_000;
/** Ticks per timed batch of the busy phase (its figure is the median batch mean). */
const BATCH_TICKS = 100;
/** Ticks per timed batch of the idle phase (its figure is the fastest batch's mean). */
const IDLE_BATCH_TICKS = 500;

/** The config used for heap size `bytes`. */
export function scalingConfig(bytes: number): SimConfig {
  return {
    scenario: `bench-scaling-${bytes}`,
    duration: SETTLE_MS + BUSY_MS + IDLE_MS,
    machine: { memTotal: Math.max(8 * GiB, 2 * bytes) },
    processes: [{
      kind: 'go', name: 'big', go: '1.21.13', gomaxprocs: 4,
      workload: {
        actions: [{ at: 0, kind: 'hold', name: 'heap', bytes, chunk: Math.min(bytes, GiB) }],
        phases: [
          { name: 'settle', duration: SETTLE_MS },
          { name: 'busy', duration: BUSY_MS, allocRate: 256 * MiB, liveTarget: 64 * MiB },
          { name: 'idle', duration: IDLE_MS },
        ],
      },
    }],
  };
}

/** Simulates one heap size in this process and times its ticks. */
export function benchScaling(bytes: number, label: string): ScalingFigures {
  const sim = new Simulation(scalingConfig(bytes));
  const t0 = performance.now();
  sim.step();
  const buildMs = performance.now() - t0;
  while (sim.nowMs < SETTLE_MS) sim.step();
  const timeUntil = (endMs: number, skipMs: number, batchTicks: number, pick: 'median' | 'min'): number => {
    while (sim.nowMs < skipMs) sim.step();
    const batches: number[] = [];
    while (sim.nowMs < endMs) {
      const s = performance.now();
      const from = sim.nowMs;
      // A step may skip several idle ticks at once (Simulation.step): count simulated ticks.
      while (sim.nowMs - from < batchTicks * sim.tickMs && sim.nowMs < endMs) sim.step();
      batches.push(((performance.now() - s) * 1000) / ((sim.nowMs - from) / sim.tickMs));
    }
    batches.sort((a, b) => a - b);
    return pick === 'min' ? batches[0]! : batches[Math.floor(batches.length / 2)]!;
  };
  // Skip the first second of each phase (the phase change itself, the ring filling up).
  // Busy batches differ in what they do (a GC falls in some), so a busy tick is the median
  // batch; idle batches all do the same nothing, so an idle tick is the fastest batch (the
  // others only add what the rest of the machine was doing).
  const busyTickUs = timeUntil(SETTLE_MS + BUSY_MS, SETTLE_MS + 1000, BATCH_TICKS, 'median');
  const idleTickUs = timeUntil(SETTLE_MS + BUSY_MS + IDLE_MS, SETTLE_MS + BUSY_MS + 1000, IDLE_BATCH_TICKS, 'min');
  const samples = sim.result().samples;
  const simulatedVmRss = samples.reduce((m, s) => Math.max(m, Number(s['VmRSS'] ?? 0)), 0);
  return { heapBytes: bytes, heapLabel: label, buildMs, idleTickUs, busyTickUs, peakRssBytes: process.resourceUsage().maxRSS * 1024, simulatedVmRss };
}
