/**
 * The engine's time for the interactive page's incident: `simulate()` of `incident-go1.15` as
 * registered (12.5 simulated minutes: 856 000 mallocs, 248 GCs, 7 501 samples), what a control
 * change on the page's incident preset asks the Web Worker to do. Timed in a fresh node process
 * (bench/child.ts), one warm-up run and then `runs` timed runs, wall clock and the process's CPU
 * time each (on a shared machine the CPU time is the steadier of the two); the 1-minute load
 * average is recorded when the timing begins and ends.
 */
import { loadavg } from 'node:os';
import { quantile } from './quantile.js';
import { simulate } from '../packages/core/src/index.js';
import { INCIDENT_CONFIG } from '../packages/scenarios/src/scenarios/incident.js';

/** Figures of the incident's `simulate()`. */
export interface IncidentRunFigures {
  /** The warm-up run (the first in the process: V8 compiles the engine as it runs), ms wall. */
  readonly firstMs: number;
  /** Wall time of each timed run (ms). */
  readonly wallMsEach: readonly number[];
  readonly wallMedianMs: number;
  readonly wallP90Ms: number;
  /** CPU time (user + system) of each timed run (ms). */
  readonly cpuMsEach: readonly number[];
  readonly cpuMedianMs: number;
  readonly samples: number;
  /** 1-minute load average when the timing began and ended (2 cores shared with other work). */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

/** Runs the incident once to warm up, then `runs` times, timing each. */
export function benchIncidentRun(runs = 9): IncidentRunFigures {
  const start = loadavg()[0]!;
  let t0 = performance.now();
  const first = simulate(INCIDENT_CONFIG);
  const firstMs = performance.now() - t0;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    t0 = performance.now();
    simulate(INCIDENT_CONFIG);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return {
    firstMs, wallMsEach: wall, wallMedianMs: quantile(wall, 0.5), wallP90Ms: quantile(wall, 0.9),
    cpuMsEach: cpu, cpuMedianMs: quantile(cpu, 0.5), samples: first.samples.length,
    loadAverage: { start, end: loadavg()[0]! },
  };
}

/** The figures as the bench prints them. */
export function describeIncidentRun(x: IncidentRunFigures): string {
  return `${x.wallMedianMs.toFixed(0)} ms wall median (p90 ${x.wallP90Ms.toFixed(0)} ms), ${x.cpuMedianMs.toFixed(0)} ms CPU median, of ${x.wallMsEach.length} runs after a first of ${x.firstMs.toFixed(0)} ms; ${x.samples} samples; load average ${x.loadAverage.start.toFixed(1)} → ${x.loadAverage.end.toFixed(1)}`;
}
