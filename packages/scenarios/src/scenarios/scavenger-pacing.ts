/**
 * How fast the background scavenger returns memory after a spike, by era: Go 1.13's pacing
 * line, Go 1.14's self-paced 1 % of one CPU, Go 1.18's PI controller at 1 % of GOMAXPROCS.
 *
 * @module
 */
import { produce } from 'immer';
import { MiB, type GoProcessConfig, type RunResult, type SimConfig } from '@scavsim/core';
import { eventsOf, firstTime, num, phaseStart, samplesOf } from '../claims.js';
import type { Scenario } from '../scenario.js';

const base: SimConfig = {
  scenario: 'scavenger-pacing',
  seed: 1,
  duration: '10min',
  machine: { memTotal: '8GiB', kernel: '5.10.0' },
  processes: [{
    kind: 'go', name: 'svc', go: '1.18.10', godebug: 'madvdontneed=1', gomaxprocs: 4,
    workload: {
      baseLive: 20 * MiB,
      phases: [
        { name: 'spike', duration: '20s', allocRate: 512 * MiB, liveTarget: { kind: 'ramp', from: 0, to: '1GiB' } },
        { name: 'idle', duration: '9min40s' },
      ],
    },
  }],
};
const on = (go: string) => produce(base, (d) => { (d.processes[0] as { go: string }).go = go; d.scenario = `scavenger-pacing-${go}`; });

/** Seconds from the first idle GC until 90 % of the eventual release, and the rate in MiB/s. */
export function releaseSpeed(r: RunResult): { seconds: number; mibPerSec: number } {
  const s = samplesOf(r);
  const idle = phaseStart(r, 'idle') ?? 0;
  const gc = eventsOf(r, 'gc').find((e) => e.t_ms > idle)?.t_ms ?? idle;
  const startRel = num(s.find((x) => x.t_ms >= gc), 'HeapReleased');
  const endRel = num(s[s.length - 1], 'HeapReleased');
  const target = startRel + 0.9 * (endRel - startRel);
  const t90 = firstTime(s, (x) => x.t_ms >= gc && num(x, 'HeapReleased') >= target) ?? Infinity;
  const seconds = (t90 - gc) / 1000;
  return { seconds, mibPerSec: (0.9 * (endRel - startRel)) / MiB / Math.max(seconds, 0.1) };
}

export const scavengerPacing: Scenario = {
  name: 'scavenger-pacing',
  title: 'Release speed after a spike: Go 1.13 vs 1.14 vs 1.18',
  teaches: `The same 1 GiB spike, then idle, under three scavenger designs. The goal is the same in
all three (keep ~10 % over what the next GC cycle needs); the pace differs:

- **1.13** follows a pacing line of 1 ms per 4 KiB page (about 4 MiB/s), or per 2 MiB for whole
  free huge pages, computed at the GC: a 1 GiB heap fragmented by the spike takes minutes.
- **1.14–1.17** release one 8 KiB page per step, or a whole 2 MiB huge page when the free run
  below covers one, and sleep 100 × the step's time so as to use 1 % of *one* CPU: the speed is
  1 % divided by the cost of one madvise call of that size (sleeps come in whole milliseconds).
- **1.18+** release 64 KiB per call in batches of at least 1 ms, with a PI controller holding the
  scavenger at 1 % of *all* Ps (GOMAXPROCS = 4 here): four times the CPU share, so faster again
  even though its 64 KiB calls cost more per byte than 1.14's whole huge pages.

Each rate follows from "CPU share ÷ cost per call", with the madvise costs measured on Linux
(docs/sources.md, kernel §5), not from tuning.`,
  config: base,
  variants: { '1.13': on('1.13.15'), '1.14': on('1.14.15') },
  claims: [
    {
      id: 'ordered',
      text: 'Go 1.18 returns the spike fastest, then 1.14, then 1.13.',
      check(r, v) {
        const a = releaseSpeed(r), b = releaseSpeed(v['1.14']!), c = releaseSpeed(v['1.13']!);
        return { pass: a.seconds < b.seconds && b.seconds < c.seconds, detail: `90 % released in ${a.seconds.toFixed(1)} s (1.18), ${b.seconds.toFixed(1)} s (1.14), ${c.seconds.toFixed(1)} s (1.13)` };
      },
    },
    {
      id: '1.13-line',
      text: 'Go 1.13 takes more than twice as long as 1.14: its pacing line gives every 4 KiB page 1 ms (4 MiB/s), and only whole free 2 MiB huge pages go faster.',
      check(_r, v) {
        const b = releaseSpeed(v['1.14']!), c = releaseSpeed(v['1.13']!);
        return { pass: c.seconds > 2 * b.seconds, detail: `1.13: ${c.seconds.toFixed(1)} s at ${c.mibPerSec.toFixed(1)} MiB/s; 1.14: ${b.seconds.toFixed(1)} s` };
      },
    },
  ],
};
