// A Go 1.15 service on an 8 GiB machine: a 20 s load test that keeps 1 GiB live, then 40 s
// idle. Prints the end of the run as the kernel and the runtime see it.
import { simulate, MiB } from '@scavsim/core';

export const run = simulate({
  duration: '60s',
  machine: { memTotal: '8GiB', kernel: '4.14' },
  processes: [{
    kind: 'go', name: 'api', go: '1.15.10',
    workload: {
      phases: [
        { name: 'load', duration: '20s', allocRate: '256MiB', liveTarget: '1GiB' },
        { name: 'idle', duration: '40s' },
      ],
    },
  }],
});
const end = run.samples.at(-1)!;
console.log(`RSS ${(end.VmRSS! / MiB).toFixed(0)} MiB, HeapInuse ${(end.HeapInuse! / MiB).toFixed(0)} MiB, LazyFree ${(end.LazyFree! / MiB).toFixed(0)} MiB`);
