/**
 * A small hand-built RunResult shared by the format, chart and CLI tests: a Go process `A`
 * that allocates 64 MiB, frees it, calls FreeOSMemory (MADV_FREE: RSS stays, LazyFree rises),
 * and a hog `B` whose growth makes the kernel reclaim A's lazy-free pages.
 */
import type { RunResult, Sample, SimEvent } from '@scavsim/core';

export const MiB = 1024 * 1024;

/** Options to vary the fixture. */
export interface FixtureOptions {
  /** Insert object keys in reverse order (same data, different insertion order). */
  readonly reverseKeys?: boolean;
  /** Samples every `stepMs` from 0 to `endMs`. */
  readonly endMs?: number;
  readonly stepMs?: number;
}

function reorder<T extends object>(o: T, reverse: boolean): T {
  if (!reverse) return o;
  return Object.fromEntries(Object.entries(o).reverse()) as T;
}

/** Process A's sample at time t (bytes). */
export function sampleA(t: number): Sample {
  const allocated = t >= 200 && t < 1000;
  const released = t >= 1000;
  const reclaimed = t >= 1600;
  const heapInuse = allocated ? 66 * MiB : 2 * MiB;
  const heapSys = 72 * MiB;
  const heapReleased = released ? 64 * MiB : 4 * MiB;
  const lazy = released && !reclaimed ? 64 * MiB : 0;
  const rss = (t >= 200 ? 68 * MiB : 4 * MiB) - (reclaimed ? 64 * MiB : 0);
  return {
    t_ms: t, phase: t < 200 ? 'start' : t < 1000 ? 'alloc' : 'idle', process: 'A',
    HeapAlloc: heapInuse - 0.5 * MiB, HeapInuse: heapInuse, HeapIdle: heapSys - heapInuse,
    HeapReleased: heapReleased, HeapSys: heapSys, Sys: heapSys + 6 * MiB, NextGC: 4 * MiB,
    NumGC: t >= 1000 ? 2 : t >= 500 ? 1 : 0, VmRSS: rss, RssAnon: rss - MiB, LazyFree: lazy,
    cg_usage: rss + 8 * MiB, vm_pglazyfree: released ? 16384 : 0,
  };
}

/** Process B's sample: a plain (non-Go) process, /proc fields only. */
export function sampleB(t: number): Sample {
  const rss = t >= 1400 ? 200 * MiB : MiB;
  return { t_ms: t, process: 'B', VmRSS: rss, RssAnon: rss };
}

/** Builds the fixture run. */
export function fixtureRun(options: FixtureOptions = {}): RunResult {
  const rev = options.reverseKeys === true;
  const end = options.endMs ?? 2000;
  const step = options.stepMs ?? 100;
  const samples: Sample[] = [];
  for (let t = 0; t <= end; t += step) samples.push(reorder(sampleA(t), rev), reorder(sampleB(t), rev));
  const events: SimEvent[] = [
    { t_ms: 500, kind: 'gc', process: 'A', detail: reorder({ n: 1, forced: false, periodic: false, heapGoal: 4 * MiB, heapLive: 66 * MiB }, rev) },
    { t_ms: 1000, kind: 'gc', process: 'A', detail: { n: 2, forced: true, periodic: false, heapGoal: 4 * MiB, heapLive: 2 * MiB } },
    { t_ms: 1000, kind: 'scavenge', process: 'A', detail: { trigger: 'freeosmemory', bytes: 60 * MiB, advice: 'MADV_FREE' } },
    { t_ms: 1001, kind: 'freeosmemory', process: 'A', detail: { releasedBytes: 60 * MiB } },
    { t_ms: 1600, kind: 'reclaim', process: 'A', detail: { cause: 'memcg', bytes: 64 * MiB, fromProcess: 'A' } },
    { t_ms: 1600, kind: 'trace', process: 'A', text: 'scvg: 60 MB released' },
  ];
  const config = reorder({ seed: 7, machine: reorder({ memTotal: 8192 * MiB, kernel: '4.14' }, rev), processes: ['A', 'B'] }, rev);
  const header = reorder({
    header: true as const, scenario: 'fixture', scavsim_version: '0.1.0', seed: 7, tick_ms: 10,
    sample_ms: step, go_version: 'go1.15.10', kernel: '4.14', GODEBUG: '', config,
  }, rev);
  return { header, samples, events, killed: [] };
}
