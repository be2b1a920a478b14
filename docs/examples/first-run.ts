// Simulate a Go 1.15 program that holds 512 MiB, drops it and calls debug.FreeOSMemory().
import { simulate, MiB, type RunResult } from '@scavsim/core';

export function firstRun(): RunResult {
  return simulate({
    duration: '10s',
    machine: { memTotal: '8GiB', kernel: '5.10' },
    processes: [{
      kind: 'go', name: 'app', go: '1.15.10',
      workload: {
        phases: [{ name: 'start', duration: '1s' }, { name: 'held', duration: '1s' }, { name: 'idle', duration: '8s' }],
        actions: [
          { at: '1s', kind: 'hold', name: 'buf', bytes: 512 * MiB, chunk: 64 * MiB },
          { at: '2s', kind: 'drop', name: 'buf' },
          { at: '2s', kind: 'freeOSMemory' },
        ],
      },
    }],
  });
}

const end = firstRun().samples.at(-1)!;
console.log(`HeapReleased ${(end.HeapReleased! / MiB).toFixed(0)} MiB, VmRSS ${(end.VmRSS! / MiB).toFixed(0)} MiB, LazyFree ${(end.LazyFree! / MiB).toFixed(0)} MiB`);
