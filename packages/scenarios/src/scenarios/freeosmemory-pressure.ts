/**
 * The seed's experiment at full size: process A (Go 1.15, kernel 4.14) holds ~12 GiB on a
 * 16 GiB machine, drops it and calls `debug.FreeOSMemory()`; process B then allocates until
 * the machine is under pressure, and only then does A's RSS fall.
 *
 * Parameters (documented because the outcome depends on them): 16 GiB machine with default
 * watermarks (min_free_kbytes from the kernel's formula, watermark_scale_factor 10) and
 * 256 MiB of other used memory; A holds 11.5 GiB in 1 GiB slices; B grows by 256 MiB every
 * 250 ms to 8.75 GiB and holds. A falls from ~11.8 GiB by what B needs beyond the free memory:
 * 16 − 0.25 − 11.8 ≈ 3.9 GiB are free, so B's last 4.9 GiB come out of A's lazily freed pages,
 * leaving A near 6.9 GiB, as the seed reported.
 *
 * @module
 */
import { GiB, MiB, type SimConfig } from '@scavsim/core';
import { at, describe, firstTime, last, num, samplesOf, trough } from '../claims.js';
import type { Scenario } from '../scenario.js';

const B_START_MS = 5_000;

const config: SimConfig = {
  scenario: 'freeosmemory-pressure',
  seed: 1,
  duration: '60s',
  machine: { memTotal: '16GiB', kernel: '4.14.355', otherUsed: '256MiB' },
  processes: [
    {
      kind: 'go', name: 'A', go: '1.15.10', gomaxprocs: 4,
      workload: {
        phases: [{ name: 'start', duration: '1s' }, { name: 'held', duration: '2s' }, { name: 'idle', duration: '57s' }],
        actions: [
          { at: '1s', kind: 'hold', name: 'big', bytes: '11.5GiB', chunk: '1GiB' },
          { at: '3s', kind: 'drop', name: 'big' },
          { at: '3s', kind: 'freeOSMemory' },
        ],
      },
    },
    { kind: 'plain', name: 'B', schedule: { startMs: B_START_MS, stepBytes: 256 * MiB, intervalMs: 250, targetBytes: 8.75 * GiB } },
  ],
};

export const freeosmemoryPressure: Scenario = {
  name: 'freeosmemory-pressure',
  title: 'FreeOSMemory under MADV_FREE: RSS falls only when another process needs the memory',
  teaches: `Process A (Go 1.15 on kernel 4.14) holds 11.5 GiB, drops it and calls
\`debug.FreeOSMemory()\`. The runtime releases everything at once: \`HeapReleased\` jumps to the
whole heap. A's RSS stays at ~11.8 GiB, all of it \`LazyFree\`, because \`MADV_FREE\` only marks
pages as reclaimable.

Then process B starts allocating. While the machine has free memory above its low
watermark, nothing happens to A. When B's growth pushes free memory below the low watermark,
kswapd wakes and discards A's lazily freed pages, oldest first, just enough to satisfy B:
A's RSS falls by what B needs, ending near 6.9 GiB, and \`HeapReleased\` does not change at all.
This is the seed experiment's "A went from 11.8 GiB to 6.9 GiB when B allocated".`,
  config,
  claims: [
    {
      id: 'no-early-reclaim',
      text: "A's RSS does not fall while B's growth still fits in free memory: lazily freed pages are reclaimed only under pressure.",
      check(r) {
        const a = samplesOf(r, 'A');
        const before = num(at(a, B_START_MS), 'VmRSS');
        const firstDrop = firstTime(a, (s) => s.t_ms > B_START_MS && num(s, 'VmRSS') < before - 64 * MiB);
        const bAtDrop = firstDrop === undefined ? 0 : num(at(samplesOf(r, 'B'), firstDrop), 'VmRSS');
        const free = 16 * GiB - 256 * MiB - before;
        return {
          pass: firstDrop !== undefined && bAtDrop > free - 0.5 * GiB,
          detail: `A first fell at ${firstDrop === undefined ? 'never' : `${(firstDrop / 1000).toFixed(1)} s`}, when B had ${(bAtDrop / GiB).toFixed(2)} GiB; free memory before B was ${(free / GiB).toFixed(2)} GiB`,
        };
      },
    },
    {
      id: 'a-ends-6-to-8',
      text: "When B stops growing, A's RSS is between 6 and 8 GiB (the seed saw 6.9 GiB), and HeapReleased never changed.",
      check(r) {
        const a = samplesOf(r, 'A');
        const end = last(a);
        const released = num(at(a, B_START_MS), 'HeapReleased');
        return {
          pass: num(end, 'VmRSS') >= 6 * GiB && num(end, 'VmRSS') <= 8 * GiB && num(end, 'HeapReleased') === released,
          detail: describe(end, ['VmRSS', 'LazyFree', 'HeapReleased']),
        };
      },
    },
    {
      id: 'loses-what-b-needs',
      text: 'What A loses is about what B needs beyond the free memory: A + B + the rest stay near the machine size minus the watermark reserve.',
      check(r) {
        const a = last(samplesOf(r, 'A'));
        const b = last(samplesOf(r, 'B'));
        const total = num(a, 'VmRSS') + num(b, 'VmRSS') + 256 * MiB;
        const minA = trough(samplesOf(r, 'A'), 'VmRSS');
        return { pass: total > 15 * GiB && total <= 16 * GiB && minA > 0, detail: `A ${(num(a, 'VmRSS') / GiB).toFixed(2)} + B ${(num(b, 'VmRSS') / GiB).toFixed(2)} + other 0.25 = ${(total / GiB).toFixed(2)} GiB of 16` };
      },
    },
  ],
};
