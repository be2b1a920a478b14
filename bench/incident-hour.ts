/**
 * Simulated time per wall second: `incident-go1.15` (2 minutes at 1 GiB/s, a live set ramping
 * to 1.4 GiB, RSS peaking near 3 GiB) run for one simulated hour at 10 ms ticks: 360 000
 * ticks and 36 000 samples.
 */
import { simulate } from '../packages/core/src/index.js';
import { INCIDENT_CONFIG } from '../packages/scenarios/src/scenarios/incident.js';

/** Figures of the one-hour incident run. */
export interface IncidentHourFigures {
  readonly simulatedSeconds: number;
  readonly ticks: number;
  readonly wallMs: number;
  /** Simulated seconds per wall second. */
  readonly simSecondsPerWallSecond: number;
  /** Peak VmRSS of the simulated process (bytes). */
  readonly peakVmRss: number;
}

/** Runs the incident for one simulated hour, best of `repeats` wall times. */
export function benchIncidentHour(repeats = 3): IncidentHourFigures {
  const config = { ...INCIDENT_CONFIG, duration: '1h' };
  let best = Infinity;
  let peak = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const r = simulate(config);
    best = Math.min(best, performance.now() - t0);
    peak = r.samples.reduce((m, s) => Math.max(m, Number(s['VmRSS'] ?? 0)), 0);
  }
  return { simulatedSeconds: 3600, ticks: 360_000, wallMs: best, simSecondsPerWallSecond: 3600 / (best / 1000), peakVmRss: peak };
}
