/**
 * The incident that started scavsim: after a load test, a Go 1.15 service's heap falls to
 * ~100 MiB, `HeapReleased` climbs to gigabytes, and RSS stays at ~3 GiB. And the same
 * service under Go 1.16, and under Go 1.15 with `GODEBUG=madvdontneed=1`.
 *
 * @module
 */
import { produce, type Draft } from 'immer';
import { GiB, MiB, type GoProcessConfig, type SimConfig } from '@scavsim/core';
import { at, describe, eventsOf, last, num, peak, phaseStart, samplesOf } from '../claims.js';
import type { Claim, Scenario } from '../scenario.js';

/** The load test: 2 minutes at 1 GiB/s with a live set ramping to 1.4 GiB, then 10 minutes idle. */
export const INCIDENT_CONFIG: SimConfig = {
  scenario: 'incident-go1.15',
  seed: 1,
  duration: '12.5min',
  machine: { memTotal: '8GiB', kernel: '4.14.355' },
  processes: [
    {
      kind: 'go', name: 'api', go: '1.15.10', gomaxprocs: 4,
      workload: {
        baseLive: 100 * MiB,
        phases: [
          { name: 'warmup', duration: '10s', allocRate: 50 * MiB, liveTarget: 0 },
          { name: 'load', duration: '2min', allocRate: GiB, liveTarget: { kind: 'ramp', from: 0, to: '1.4GiB' } },
          { name: 'idle', duration: '10.33min' },
        ],
      },
    },
  ],
};

function withProcess(c: SimConfig, f: (p: Draft<GoProcessConfig>) => void, scenario: string): SimConfig {
  return produce(c, (d) => {
    d.scenario = scenario;
    f(d.processes[0] as Draft<GoProcessConfig>);
  });
}

const rssStaysHigh: Claim = {
  id: 'rss-stays',
  text: 'Ten minutes after the load stops, RSS is still above 2.5 GiB while HeapInuse is below 200 MiB.',
  check(r) {
    const s = last(samplesOf(r));
    return { pass: num(s, 'VmRSS') > 2.5 * GiB && num(s, 'HeapInuse') < 200 * MiB, detail: describe(s, ['VmRSS', 'HeapInuse']) };
  },
};

const releasedButResident: Claim = {
  id: 'released-is-lazyfree',
  text: 'The runtime reports the memory as released (HeapReleased over 2 GiB), and the kernel still counts it in RSS as LazyFree: MADV_FREE pages stay until something needs the memory.',
  check(r) {
    const s = last(samplesOf(r));
    const released = num(s, 'HeapReleased');
    const lazy = num(s, 'LazyFree');
    return { pass: released > 2 * GiB && lazy > 0.9 * (released - 64 * MiB), detail: describe(s, ['HeapReleased', 'LazyFree']) };
  },
};

const waitsForPeriodicGc: Claim = {
  id: 'waits-for-gc',
  text: 'Nothing is released until the periodic GC two minutes after the last allocation-triggered GC: the scavenger goal only moves at a GC.',
  check(r) {
    const idle = phaseStart(r, 'idle') ?? 0;
    const firstIdleGc = eventsOf(r, 'gc').find((e) => e.t_ms > idle);
    const before = at(samplesOf(r), (firstIdleGc?.t_ms ?? idle) - 100);
    const releasedAtLoadEnd = num(at(samplesOf(r), idle), 'HeapReleased');
    const gap = firstIdleGc ? firstIdleGc.t_ms - idle : Infinity;
    return {
      pass: firstIdleGc !== undefined && gap > 60_000 && num(before, 'HeapReleased') - releasedAtLoadEnd < 128 * MiB,
      detail: `first idle GC ${(gap / 1000).toFixed(1)} s after the load; HeapReleased just before it ${(num(before, 'HeapReleased') / MiB).toFixed(0)} MiB`,
    };
  },
};

/** `incident-go1.15`. */
export const incidentGo115: Scenario = {
  name: 'incident-go1.15',
  title: 'Go 1.15 after a load test: the heap is 100 MiB, RSS stays at ~3 GiB',
  teaches: `A service on Go 1.15.10 (kernel 4.14, 4 cores, 8 GiB) takes a two-minute load test
that pushes its heap to about 3 GiB, then goes idle. pprof and \`HeapInuse\` fall to ~100 MiB at
the next GC, and \`HeapReleased\` climbs to gigabytes as the background scavenger returns the
free pages. RSS does not move.

Why: Go 1.12–1.15 release memory with \`MADV_FREE\`. The kernel only marks those pages as
lazily freed (smaps \`LazyFree\`); they stay in RSS, and in the cgroup's usage, until the machine
or the cgroup needs the memory. Nothing here needs it, so RSS stays at its peak for as long as
the process lives. The runtime never learns what the kernel did, so MemStats look the same as
with \`MADV_DONTNEED\`.

What to do: subtract \`LazyFree\` (or use the working set) when judging memory; or run with
\`GODEBUG=madvdontneed=1\`, or on Go 1.16+, where \`MADV_DONTNEED\` is the default.`,
  config: INCIDENT_CONFIG,
  claims: [rssStaysHigh, releasedButResident, waitsForPeriodicGc],
};

/** `incident-go1.16`. */
export const incidentGo116: Scenario = {
  name: 'incident-go1.16',
  title: 'The same load test on Go 1.16: RSS follows HeapReleased down',
  teaches: `The incident's workload on Go 1.16. The only change that matters: since 1.16 the
runtime releases memory with \`MADV_DONTNEED\` by default (golang/go#42330), so every page the
scavenger releases leaves RSS at once. After the periodic GC, RSS falls with \`HeapReleased\`.`,
  config: withProcess(INCIDENT_CONFIG, (p) => { p.go = '1.16.15'; }, 'incident-go1.16'),
  claims: [
    {
      id: 'rss-follows',
      text: 'Ten minutes after the load, RSS is below 0.5 GiB and LazyFree is zero.',
      check(r) {
        const s = last(samplesOf(r));
        return { pass: num(s, 'VmRSS') < 0.5 * GiB && num(s, 'LazyFree') === 0, detail: describe(s, ['VmRSS', 'LazyFree', 'HeapReleased']) };
      },
    },
    {
      id: 'same-books',
      text: 'The runtime\'s own accounting is the same as on 1.15: HeapReleased climbs past 2 GiB after the periodic GC.',
      check(r) {
        const s = last(samplesOf(r));
        return { pass: num(s, 'HeapReleased') > 2 * GiB, detail: describe(s, ['HeapReleased', 'HeapInuse']) };
      },
    },
  ],
};

/** `incident-madvdontneed`. */
export const incidentMadvdontneed: Scenario = {
  name: 'incident-madvdontneed',
  title: 'Go 1.15 with GODEBUG=madvdontneed=1',
  teaches: `The incident on Go 1.15 with \`GODEBUG=madvdontneed=1\`, the knob Go 1.12 added for
exactly this complaint (golang/go#28466). The scavenger releases the same pages at the same
speed; the kernel now drops them from RSS at once.`,
  config: withProcess(INCIDENT_CONFIG, (p) => { p.godebug = 'madvdontneed=1'; }, 'incident-madvdontneed'),
  variants: { default: INCIDENT_CONFIG },
  claims: [
    {
      id: 'rss-follows',
      text: 'RSS ends below 0.5 GiB, while the same run without the setting ends above 2.5 GiB.',
      check(r, v) {
        const s = last(samplesOf(r));
        const d = last(samplesOf(v['default']!));
        return { pass: num(s, 'VmRSS') < 0.5 * GiB && num(d, 'VmRSS') > 2.5 * GiB, detail: `madvdontneed=1: ${describe(s, ['VmRSS'])}; default: ${describe(d, ['VmRSS'])}` };
      },
    },
    {
      id: 'same-peak',
      text: 'The setting changes nothing while memory is in use: both runs peak at the same RSS within 5 %.',
      check(r, v) {
        const a = peak(samplesOf(r), 'VmRSS');
        const b = peak(samplesOf(v['default']!), 'VmRSS');
        return { pass: Math.abs(a - b) <= 0.05 * b, detail: `peaks ${(a / GiB).toFixed(2)} and ${(b / GiB).toFixed(2)} GiB` };
      },
    },
  ],
};
