/**
 * Go ≤ 1.11: the sysmon scavenger returns memory only after it has been idle for 5 minutes.
 *
 * @module
 */
import { GiB, MiB, type RunResult, type Sample, type SimConfig } from '@scavsim/core';
import { at, firstTime, num, phaseStart, samplesOf } from '../claims.js';
import type { Scenario } from '../scenario.js';

const config: SimConfig = {
  scenario: 'go1.11-five-minutes',
  seed: 1,
  duration: '12min',
  machine: { memTotal: '8GiB', kernel: '4.14.355' },
  processes: [{
    kind: 'go', name: 'svc', go: '1.11.13',
    workload: {
      baseLive: 50 * MiB,
      phases: [
        { name: 'spike', duration: '30s', allocRate: 512 * MiB, liveTarget: { kind: 'ramp', from: 0, to: '1GiB' } },
        { name: 'idle', duration: '11.5min' },
      ],
    },
  }],
};

/** The samples, when the idle phase began, and RSS at that moment. */
function sinceIdle(r: RunResult): { s: readonly Sample[]; idle: number; start: number } {
  const s = samplesOf(r);
  const idle = phaseStart(r, 'idle') ?? 0;
  return { s, idle, start: num(at(s, idle), 'VmRSS') };
}

export const go111FiveMinutes: Scenario = {
  name: 'go1.11-five-minutes',
  title: 'Go 1.11: memory comes back only after five idle minutes',
  teaches: `Before Go 1.12 the only background scavenger is a sysmon pass every 2.5 minutes that
releases free spans idle for more than 5 minutes (\`scavengelimit\`, proc.go sysmon). After a
spike the heap shrinks at the next GC, but RSS stays up for 5 to 7.5 minutes, then falls in one
step. Go 1.11 always uses \`MADV_DONTNEED\`, so when it happens, RSS really falls.`,
  config,
  claims: [
    {
      id: 'not-before-5min',
      text: 'RSS does not fall in the first five minutes after the spike ends.',
      check(r) {
        const { s, idle, start } = sinceIdle(r);
        const drop = firstTime(s, (x) => x.t_ms > idle && num(x, 'VmRSS') < start - 256 * MiB);
        return { pass: drop === undefined || drop - idle >= 5 * 60_000, detail: `RSS at spike end ${(start / GiB).toFixed(2)} GiB; first fall ${drop === undefined ? 'never' : `${((drop - idle) / 60_000).toFixed(2)} min after`}` };
      },
    },
    {
      id: 'within-7.5min',
      text: 'RSS falls below half its spike-end value within 7.5 minutes plus one sysmon period.',
      check(r) {
        const { s, idle, start } = sinceIdle(r);
        const half = firstTime(s, (x) => x.t_ms > idle && num(x, 'VmRSS') < start / 2);
        return { pass: half !== undefined && half - idle <= 10 * 60_000, detail: `half at ${half === undefined ? 'never' : `${((half - idle) / 60_000).toFixed(2)} min`}` };
      },
    },
  ],
};
