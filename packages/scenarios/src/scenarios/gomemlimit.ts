/**
 * GOMEMLIMIT in Go 1.19 and 1.22: the limit caps the GC's goal in both, but only 1.22's
 * background scavenger keeps mapped memory under 95 % of the limit; 1.19–1.21 computed that
 * goal as 95 × the limit (golang/go#62449).
 *
 * @module
 */
import { produce } from 'immer';
import { MiB, type RunResult, type SimConfig } from '@scavsim/core';
import { num, peak, samplesOf } from '../claims.js';
import type { Scenario } from '../scenario.js';

const LIMIT = 1024 * MiB;

const base: SimConfig = {
  scenario: 'gomemlimit',
  seed: 1,
  duration: '90s',
  machine: { memTotal: '8GiB', kernel: '5.15.0' },
  processes: [{
    kind: 'go', name: 'svc', go: '1.22.12', gomemlimit: LIMIT, gomaxprocs: 4,
    workload: {
      baseLive: 20 * MiB,
      phases: [
        { name: 'ramp', duration: '30s', allocRate: 400 * MiB, liveTarget: { kind: 'ramp', from: 0, to: '700MiB' } },
        { name: 'steady', duration: '60s', allocRate: 400 * MiB, liveTarget: '700MiB' },
      ],
    },
  }],
};

/** Largest `Sys − HeapReleased` (what GOMEMLIMIT limits) during the steady phase. */
export function peakMapped(r: RunResult): number {
  return peak(samplesOf(r).filter((s) => s.t_ms >= 40_000).map((s) => ({ ...s, mapped: num(s, 'Sys') - num(s, 'HeapReleased') })), 'mapped');
}

export const gomemlimit: Scenario = {
  name: 'gomemlimit',
  title: 'GOMEMLIMIT in Go 1.19 vs 1.22: the 95× goal bug and its fix',
  teaches: `A service with a 700 MiB live set and \`GOMEMLIMIT=1GiB\`. In both versions the limit caps
the GC's heap goal, so the heap stays under the limit by collecting more often. The difference is
the background scavenger's memory-limit goal: it should keep mapped memory (\`Sys −
HeapReleased\`) under 95 % of the limit, but until 1.21 the code computed \`limit × (100 − 5)\`,
95 *times* the limit (golang/go#62449), so that goal never fired and only allocations that
would cross the limit returned memory. From 1.22 the background scavenger holds mapped memory
toward 95 % of the limit: it cannot go below what the heap itself uses (the GC's goal sits ~3 %
under the limit), but it returns free pages the 1.19 runtime keeps. The fidelity traces show the
same: 1.21.13 released 0–4 MiB at 97 % of a 700 MiB limit, 1.23.5 up to 10.6 MiB.`,
  config: base,
  variants: { '1.19': produce(base, (d) => { (d.processes[0] as { go: string }).go = '1.19.13'; d.scenario = 'gomemlimit-1.19'; }) },
  claims: [
    {
      id: 'both-under-limit',
      text: 'In both versions the GC holds mapped memory (Sys − HeapReleased) within 1 MiB of the limit or below: the limit caps the heap goal (it is a soft limit).',
      check(r, v) {
        const a = peakMapped(r);
        const b = peakMapped(v['1.19']!);
        return { pass: a <= LIMIT + MiB && b <= LIMIT + MiB, detail: `peak mapped ${(a / MiB).toFixed(0)} MiB (1.22), ${(b / MiB).toFixed(0)} MiB (1.19), limit ${(LIMIT / MiB).toFixed(0)} MiB` };
      },
    },
    {
      id: 'fixed-scavenges-for-limit',
      text: "Only 1.22's background scavenger works for the limit: in steady state it releases more than 1.19 and keeps mapped memory at least 1 % of the limit lower.",
      check(r, v) {
        const a = peakMapped(r), b = peakMapped(v['1.19']!);
        const ra = steadyReleased(r), rb = steadyReleased(v['1.19']!);
        return { pass: ra > rb && b - a >= 0.01 * LIMIT, detail: `peak mapped ${(a / MiB).toFixed(0)} vs ${(b / MiB).toFixed(0)} MiB; most released in steady state ${(ra / MiB).toFixed(1)} vs ${(rb / MiB).toFixed(1)} MiB (1.22 vs 1.19)` };
      },
    },
  ],
};

/** Most `HeapReleased` seen in the steady phase. */
function steadyReleased(r: RunResult): number {
  return peak(samplesOf(r).filter((s) => s.t_ms >= 40_000), 'HeapReleased');
}
