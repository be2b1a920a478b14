/**
 * Per-era behaviour of the Go runtime model, table-driven in the style of golang/go's
 * `src/runtime/mgcscavenge_test.go`: each case names the Go version it models and the runtime
 * file (as cited in docs/sources.md) whose behaviour it checks. Expectations come from the
 * spec's formulas and constants, and, for release speeds, from the measured kernel costs
 * (kernel §5.1, `DEFAULT_KERNEL_COSTS`) — never from the model's own output.
 */
import { describe, it, expect } from 'vitest';
import { runGo, sampleAt, retained, type GoRun } from './go-harness.js';
import { DEFAULT_KERNEL_COSTS, madviseCostNs } from '../../src/kernel/costs.js';
import type { WorkloadConfig } from '../../src/workload/workload.js';
import type { SimEvent } from '../../src/engine/run-result.js';
import { KiB, MiB } from '../../src/units.js';
import { BackgroundScavenger } from '../../src/runtime/scavenger/background.js';
import { behaviourFromRow } from '../../src/policy/runtime-behaviour.js';
import { policyRowFor } from '../../src/policy/go-policy-table.js';
import { parseGoVersion } from '../../src/policy/go-version.js';

const PHYS_PAGE = 4096;

function gcEvents(run: GoRun): SimEvent[] {
  return run.events.filter((e) => e.kind === 'gc');
}
function num(e: SimEvent | undefined, k: string): number {
  const v = e?.detail?.[k];
  if (typeof v !== 'number') throw new Error(`event has no numeric ${k}`);
  return v;
}

/** Idle program that holds `mib` MiB (written, 1 MiB objects) at 1 s, drops it at 2 s and calls runtime.GC() at `gcAt`. */
function spikeThenGc(mib: number, durationMs: number, gcAt = 3000, baseLive = 8 * MiB): WorkloadConfig {
  return {
    baseLive,
    phases: [{ name: 'idle', duration: durationMs }],
    actions: [
      { at: 1000, kind: 'hold', name: 'spike', bytes: mib * MiB, chunk: MiB },
      { at: 2000, kind: 'drop', name: 'spike' },
      { at: gcAt, kind: 'gc' },
    ],
  };
}

describe('≤1.12: sysmon releases spans only after 5 minutes idle', () => {
  // [go1.11:proc.go sysmon] every scavengelimit/2 = 2.5 min, [go1.11:mheap.go scavenge] releases
  // free spans with now − unusedsince > scavengelimit = 5 min; go §3.1 (2a), go §3.2 (2a).
  const cases = [
    { name: 'go1.11 (proc.go sysmon, mheap.go scavenge)', go: '1.11' },
    { name: 'go1.12.9 (proc.go sysmon, mheap.go scavengeAll)', go: '1.12.9' },
  ];
  for (const tc of cases) {
    it(`${tc.name}: a span freed at 3 s stays unreleased for 5 min and is released by 7.5 min`, () => {
      const run = runGo({ go: tc.go, durationMs: 460_000, workload: spikeThenGc(64, 460_000) });
      const freedAt = 3000;
      const early = run.events.filter((e) => e.kind === 'scavenge' && e.detail?.trigger === 'background' && e.t_ms < freedAt + 5 * 60_000);
      expect(early).toEqual([]);
      const before = sampleAt(run, freedAt + 5 * 60_000).stats.HeapReleased;
      const after = sampleAt(run, freedAt + 7.5 * 60_000).stats.HeapReleased;
      expect(after - before).toBeGreaterThanOrEqual(64 * MiB);
    });
  }
});

describe('fresh memory: retained (≤1.12) or released (1.13+)', () => {
  // ≤1.12: the grown arena is freed as an ordinary unscavenged span, so it counts in HeapIdle
  // but not HeapReleased ([go1.11:mheap.go grow], [go1.12:mheap.go grow/allocSpanLocked], spec
  // go §3.1 (4), go §3.2 (4)). 1.13+: `heap_released += asize` for the new arena ([go1.13.4:mheap.go
  // grow], go §3.3 (4)); 1.14+: "Newly-grown memory is always considered scavenged"
  // ([go1.14.13:mpagealloc.go grow]); 1.17+: per 4 MiB sysMap ([go1.17.13:mheap.go grow]).
  it('go1.11: HeapReleased is 0 at start although most of the first arena is idle (mheap.go grow)', () => {
    const run = runGo({ go: '1.11', durationMs: 100, workload: { phases: [{ name: 'idle', duration: 100 }] } });
    const s = run.samples[0]!.stats;
    expect(s.HeapIdle).toBeGreaterThan(32 * MiB);
    expect(s.HeapReleased).toBe(0);
  });

  // go1.12's grow calls scavengeLargest(size) *before* it frees the new arena into the treap
  // ([go1.12:mheap.go grow]: `h.scavengeLargest(size)` precedes `h.freeSpanLocked(s, …)`), so
  // growth scavenging never releases the memory just grown. (Regression: the model once ran the
  // growth scavenge after growing and released 3.2 MiB of fresh pages at t = 0.)
  it('go1.12.9: HeapReleased is 0 at start, before any release (mheap.go grow: scavengeLargest before the new span is freed)', () => {
    const run = runGo({ go: '1.12.9', durationMs: 100, workload: { phases: [{ name: 'idle', duration: 100 }] } });
    const s = run.samples[0]!.stats;
    expect(s.HeapIdle).toBeGreaterThan(32 * MiB);
    expect(s.HeapReleased).toBe(0);
  });

  const released = [
    { name: 'go1.13.4 (mheap.go grow: heap_released += asize)', go: '1.13.4', sys: 64 * MiB },
    { name: 'go1.14 (mpagealloc.go grow: new memory is scavenged)', go: '1.14', sys: 64 * MiB },
    { name: 'go1.16 (malloc.go:739 whole arena in HeapSys)', go: '1.16', sys: 64 * MiB },
    { name: 'go1.17 (mheap.go grow: sysMap per 4 MiB)', go: '1.17', sys: 4 * MiB },
    { name: 'go1.21 (mheap.go grow)', go: '1.21', sys: 4 * MiB },
  ];
  for (const tc of released) {
    it(`${tc.name}: at start every idle byte is released and HeapSys is ${tc.sys / MiB} MiB`, () => {
      const run = runGo({ go: tc.go, durationMs: 100, workload: { phases: [{ name: 'idle', duration: 100 }] } });
      const s = run.samples[0]!.stats;
      expect(s.HeapSys).toBe(tc.sys);
      expect(s.HeapIdle).toBeGreaterThan(0);
      expect(s.HeapReleased).toBe(s.HeapIdle);
    });
  }
});

describe('HeapSys growth step: 64 MiB arenas ≤1.16, 4 MiB from 1.17', () => {
  // go §4.1 HeapSys row; [go1.16.14:malloc.go:739] vs [go1.17.13:mheap.go grow], C:bd6aeca9686d.
  const growing: WorkloadConfig = {
    phases: [{ name: 'grow', duration: 20_000, allocRate: 12 * MiB, liveTarget: { kind: 'ramp', from: 0, to: 240 * MiB }, sizes: { kind: 'fixed', size: 16 * KiB } }],
  };
  const cases = [
    { go: '1.11', step: 64 * MiB, file: 'go1.11 malloc.go sysAlloc' },
    { go: '1.12.9', step: 64 * MiB, file: 'go1.12 malloc.go sysAlloc' },
    { go: '1.13.4', step: 64 * MiB, file: 'go1.13.4 mheap.go grow' },
    { go: '1.15', step: 64 * MiB, file: 'go1.15 mheap.go grow' },
    { go: '1.16', step: 64 * MiB, file: 'go1.16.14 malloc.go:739' },
    { go: '1.17', step: 4 * MiB, file: 'go1.17.13 mheap.go grow' },
    { go: '1.18', step: 4 * MiB, file: 'go1.18 mheap.go grow' },
    { go: '1.22', step: 4 * MiB, file: 'go1.23.5 mheap.go grow' },
  ];
  for (const tc of cases) {
    it(`go${tc.go} (${tc.file}): HeapSys moves in ${tc.step / MiB} MiB steps`, () => {
      const run = runGo({ go: tc.go, durationMs: 20_000, workload: growing });
      const sys = run.samples.map((s) => s.stats.HeapSys);
      for (const v of sys) expect(v % tc.step).toBe(0);
      const steps = sys.slice(1).map((v, i) => v - sys[i]!).filter((d) => d > 0);
      expect(steps.length).toBeGreaterThan(0);
      expect(Math.min(...steps)).toBe(tc.step);
    });
  }
});

describe('1.13 retained-heap goal: 1.1 × next_gc (1.13.0) vs lastHeapInuse × next_gc / last_next_gc × 1.1 (1.13.x)', () => {
  // go §3.3 (2a): 1.13.0 `retainedGoal = 1.1 × next_gc` (#34048); 1.13.4
  // [go1.13.4:mgcscavenge.go gcPaceScavenger] `last_heap_inuse × (next_gc / last_next_gc)`,
  // `+= goal/10`, rounded up to a physical page; last_* sampled at mark termination.
  const workload: WorkloadConfig = {
    baseLive: 8 * MiB,
    phases: [{ name: 'idle', duration: 31_000 }],
    actions: [
      { at: 1000, kind: 'hold', name: 'spike', bytes: 64 * MiB, chunk: MiB },
      { at: 2000, kind: 'gc' },
      { at: 3000, kind: 'drop', name: 'spike' },
      { at: 30_000, kind: 'gc' },
    ],
  };
  const cases = [
    { go: '1.13.0', file: 'go1.13.0 mgcscavenge.go gcPaceScavenger', want: (nextGc: number, _last: number, _inuse: number) => 1.1 * nextGc },
    { go: '1.13.4', file: 'go1.13.4 mgcscavenge.go gcPaceScavenger', want: (nextGc: number, last: number, inuse: number) => inuse * (nextGc / last) * 1.1 },
  ];
  const goals: number[] = [];
  for (const tc of cases) {
    it(`go${tc.go} (${tc.file}): the goal after a GC follows its formula`, () => {
      const run = runGo({ go: tc.go, durationMs: 31_000, workload });
      const gcs = gcEvents(run);
      const i = gcs.findIndex((e) => e.t_ms === 30_000);
      expect(i).toBeGreaterThan(0);
      const nextGc = num(gcs[i], 'heapGoal');
      const lastNextGc = num(gcs[i - 1], 'heapGoal');
      // Idle program: HeapInuse just before the GC is HeapInuse at mark termination.
      const inuseAtMarkTermination = sampleAt(run, 29_900).stats.HeapInuse;
      const want = Math.ceil(tc.want(nextGc, lastNextGc, inuseAtMarkTermination) / PHYS_PAGE) * PHYS_PAGE;
      const goal = sampleAt(run, 30_000).goal;
      expect(Math.abs(goal - want)).toBeLessThanOrEqual(PHYS_PAGE);
      goals.push(goal);
    });
  }
  it('the two formulas give different goals for the same program', () => {
    expect(goals).toHaveLength(2);
    expect(goals[0]).not.toBe(goals[1]);
  });
});

describe('release speed: 1.14–1.17 step cost, 100 × crit asleep, whole milliseconds (go §3.4)', () => {
  // [go1.14.13/go1.15.3:mgcscavenge.go bgscavenge]: a step asks for one 8 KiB page, widened to a
  // whole free 2 MiB huge page when its run covers one (findScavengeCandidate); then it sleeps
  // (EWMA / 1 %) × crit / 1 %, which the poller serves in whole milliseconds
  // [go1.15.3:netpoll_epoll.go netpoll]. A dropped 384 MiB heap is whole free huge pages, so the
  // steps are 2 MiB madvise calls (aligned: no MADV_NOHUGEPAGE), each costing
  // madviseCost(512 pages) from the measured constants (kernel §5.1). The EWMA keeps the asked
  // sleep near 100 × crit, so each step takes crit plus 100 × crit rounded to a whole
  // millisecond, down or up: the rate lies between 2 MiB / (crit + ⌈100·crit⌉ms) and
  // 2 MiB / (crit + ⌊100·crit⌋ms).
  const cases = [
    { go: '1.14', godebug: undefined, advice: 'MADV_FREE' as const, file: 'go1.14.13 mgcscavenge.go bgscavenge' },
    { go: '1.15', godebug: 'madvdontneed=1', advice: 'MADV_DONTNEED' as const, file: 'go1.15.3 mgcscavenge.go bgscavenge' },
    { go: '1.17', godebug: undefined, advice: 'MADV_DONTNEED' as const, file: 'go1.17.13 mgcscavenge.go bgscavenge' },
  ];
  for (const tc of cases) {
    it(`go${tc.go} ${tc.advice} (${tc.file}): whole huge pages, one per crit + 100 × crit rounded to the millisecond`, () => {
      const run = runGo({ go: tc.go, godebug: tc.godebug, gomaxprocs: 4, durationMs: 40_000, workload: spikeThenGc(384, 40_000) });
      const crit = madviseCostNs(DEFAULT_KERNEL_COSTS, tc.advice, (2 * MiB) / PHYS_PAGE) * 1e-9; // s
      const ms = 1e-3;
      const slowest = (2 * MiB) / (crit + Math.ceil((100 * crit) / ms) * ms);
      const fastest = (2 * MiB) / (crit + Math.floor((100 * crit) / ms) * ms);
      const start = sampleAt(run, 3000).stats.HeapReleased;
      const end = run.samples[run.samples.length - 1]!.stats.HeapReleased;
      const total = end - start;
      expect(total).toBeGreaterThan(300 * MiB);
      const t10 = run.samples.find((s) => s.t >= 3000 && s.stats.HeapReleased >= start + 0.1 * total)!.t;
      const t90 = run.samples.find((s) => s.t >= 3000 && s.stats.HeapReleased >= start + 0.9 * total)!.t;
      const rate = (0.8 * total) / ((t90 - t10) / 1000);
      expect(rate).toBeGreaterThan(0.95 * slowest);
      expect(rate).toBeLessThan(1.05 * fastest);
      // At most 1 % of one CPU whatever GOMAXPROCS (before 1.18); the rounding only lengthens sleeps.
      const cpu = (sampleAt(run, t90).cpuSeconds - sampleAt(run, t10).cpuSeconds) / ((t90 - t10) / 1000);
      expect(cpu).toBeGreaterThan(0.005);
      expect(cpu).toBeLessThan(0.0105);
    });
  }
});

describe('1.13 pacing line: 1 ms of scavenger time per 4 KiB page, or per 2 MiB huge page', () => {
  // [go1.13.4:mgcscavenge.go gcPaceScavenger, bgscavenge], go §3.3 (2a): scavengePagePeriod =
  // 10 µs / 1 % = 1 ms per page; totalTime = hugeWork/2 MiB × 1 ms + regularWork/4 KiB × 1 ms;
  // "effective rate ≈ 4 KiB/ms (4 MB/s) of 4 KiB pages or 2 MiB/ms of whole huge pages".
  it('go1.13.4 (mgcscavenge.go gcPaceScavenger, bgscavenge): with no whole free huge page, the line runs at 4 KiB per ms', () => {
    // The line's inputs are read at mark termination; a fake heap with 40 MiB over the goal and
    // no free huge page isolates the formula: totalTime = 40 MiB / 4 KiB × 1 ms = 10.24 s.
    let retainedNow = 100 * MiB;
    const pass = {
      wake() {},
      run(o: { bytes: number }) {
        const r = Math.min(o.bytes, retainedNow - 60 * MiB);
        retainedNow -= r;
        return { released: r, costNs: 0, calls: r > 0 ? 1 : 0, exhausted: r === 0 };
      },
    };
    const view = { retained: () => retainedNow, mappedReady: () => retainedNow };
    const noHugePages = { chunkCount: 0 }; // a heap with no chunk has no free huge page
    const b = behaviourFromRow(policyRowFor(parseGoVersion('1.13.4')), parseGoVersion('1.13.4'));
    const bg = new BackgroundScavenger(b, pass as never, noHugePages as never, { release: () => 0 }, view, 2);
    bg.updateGoals({ heapInUseAtMarkTermination: 50 * MiB, heapGoal: 60 * MiB, lastHeapGoal: 60 * MiB * 1.1, retained: retainedNow, memoryLimit: Infinity, physPageSize: 4096 }, 0);
    expect(bg.gcPercentGoal).toBeCloseTo(50 * MiB * (1 / 1.1) * 1.1, -4);
    bg.wake(0);
    const start = retainedNow;
    for (let t = 0; t < 5000; t += 10) bg.run(t, t + 10);
    expect((start - retainedNow) / 5000).toBeGreaterThan(4 * KiB * 0.95);
    expect((start - retainedNow) / 5000).toBeLessThanOrEqual(4 * KiB * 1.05);
  });

  // Regression (fixed): scavenger/background.ts once set the 1.13 line at 4 KiB/ms whatever the
  // work and ignored hugeWork. The huge pages must be free at the pacing update (mark
  // termination), so the spike is swept by one GC and paced by the next.
  it('go1.13.4 (mgcscavenge.go gcPaceScavenger): a freed spike of whole huge pages is released at up to 2 MiB per ms', () => {
    const workload = spikeThenGc(256, 20_000);
    const run = runGo({ go: '1.13.4', durationMs: 20_000, workload: { ...workload, actions: [...workload.actions!, { at: 4000, kind: 'gc' }] } });
    const start = sampleAt(run, 3900).stats.HeapReleased;
    expect(sampleAt(run, 5000).stats.HeapReleased - start).toBeGreaterThanOrEqual(0.9 * 256 * MiB);
  });
});

describe('1.18+ PI controller: slow start, then bursts, 1 % of GOMAXPROCS on average', () => {
  // [go1.18:mgcscavenge.go bgscavenge] / [go1.19.8:mgcscavenge.go scavengerState]: batches of
  // ≥ 1 ms (minCritTime / minScavWorkTime) of 64 KiB calls, then sleep crit / critSleepRatio;
  // the controller starts at 0.001, so the first batch is followed by ~1 s of sleep; it then
  // raises the ratio towards the set-point 0.01 × GOMAXPROCS (go §3.6), overshooting in bursts.
  const cases = [
    { go: '1.18', godebug: undefined, advice: 'MADV_DONTNEED' as const, procs: 2, file: 'go1.18 mgcscavenge.go bgscavenge' },
    { go: '1.19', godebug: 'madvdontneed=0', advice: 'MADV_FREE' as const, procs: 2, file: 'go1.19.8 mgcscavenge.go scavengerState' },
    // 1.20, not 1.21+: from 1.21 the density rule holds the freshly freed, formerly dense chunks back until the next GC.
    { go: '1.20', godebug: undefined, advice: 'MADV_DONTNEED' as const, procs: 8, file: 'go1.20.2 mgcscavenge.go scavengerState' },
  ];
  for (const tc of cases) {
    it(`go${tc.go} ${tc.advice} GOMAXPROCS=${tc.procs} (${tc.file})`, () => {
      const gcAt = 3000;
      const run = runGo({ go: tc.go, godebug: tc.godebug, gomaxprocs: tc.procs, durationMs: 60_000, workload: spikeThenGc(1024, 60_000, gcAt) });
      const rel = (t: number) => sampleAt(run, t).stats.HeapReleased;
      const callNs = madviseCostNs(DEFAULT_KERNEL_COSTS, tc.advice, 16);
      const batch = Math.ceil(1e6 / callNs) * 64 * KiB; // one ≥ 1 ms batch of 64 KiB calls
      // Slow start: one batch right after the wake, then ~1 s asleep (ratio 0.001).
      const first = rel(gcAt + 100) - rel(gcAt);
      expect(first).toBeGreaterThanOrEqual(64 * KiB);
      expect(first).toBeLessThanOrEqual(batch);
      expect(rel(gcAt + 900)).toBe(rel(gcAt + 100));
      // Bursts: some 100 ms later releases far more than the first batch.
      let burst = 0;
      for (let t = gcAt + 1000; t < 30_000; t += 100) burst = Math.max(burst, rel(t + 100) - rel(t));
      expect(burst).toBeGreaterThan(5 * batch);
      // The whole spike is returned within 30 s, and the CPU over that stretch averages ≤ the share.
      expect(retained(sampleAt(run, 30_000).stats)).toBeLessThanOrEqual(sampleAt(run, 30_000).goal + 64 * KiB);
      const cpu = sampleAt(run, 33_000).cpuSeconds - sampleAt(run, gcAt).cpuSeconds;
      expect(cpu / 30).toBeLessThanOrEqual(0.01 * tc.procs);
    });
  }
});

describe('1.19+ memory limit caps the heap goal', () => {
  // go §5: goal = min(gcPercentGoal, limit − nonHeap − headroom), never below heapMarked, also
  // with GOGC=off ([go1.19.8:mgcpacer.go memoryLimitHeapGoal], [go1.21.12:mgcpacer.go:68-73]).
  // Live heap ≈ 36–44 MiB, so GOGC=100 alone would set goals of 72–88 MiB, above the 64 MiB limit.
  const limit = 64 * MiB;
  const workload: WorkloadConfig = {
    baseLive: 36 * MiB,
    phases: [{ name: 'churn', duration: 20_000, allocRate: 40 * MiB, liveTarget: 8 * MiB, sizes: { kind: 'fixed', size: 64 * KiB } }],
  };
  const cases = [
    { go: '1.19', file: 'go1.19.8 mgcpacer.go memoryLimitHeapGoal' },
    { go: '1.20', file: 'go1.20.2 mgcpacer.go memoryLimitHeapGoal' },
    { go: '1.21', file: 'go1.21.12 mgcpacer.go:68-73' },
    { go: '1.22', file: 'go1.23.5 mgcpacer.go' },
  ];
  for (const tc of cases) {
    it(`go${tc.go} GOMEMLIMIT=64MiB (${tc.file}): NextGC stays below the limit and below GOGC's 2 × live`, () => {
      const run = runGo({ go: tc.go, gomemlimit: limit, durationMs: 20_000, workload });
      const gcs = gcEvents(run).filter((e) => e.t_ms >= 2000);
      expect(gcs.length).toBeGreaterThan(3);
      for (const e of gcs) {
        expect(num(e, 'heapGoal')).toBeLessThan(limit);
        expect(num(e, 'heapGoal')).toBeLessThan(2 * num(e, 'heapLive'));
        expect(num(e, 'heapGoal')).toBeGreaterThanOrEqual(num(e, 'heapLive'));
      }
      for (const s of run.samples.filter((x) => x.t >= 2000)) expect(s.stats.NextGC).toBeLessThan(limit);
    });
  }
  it('go1.19 without a limit: NextGC is GOGC\'s 2 × live, above 64 MiB here (control)', () => {
    const run = runGo({ go: '1.19', durationMs: 20_000, workload });
    const goals = gcEvents(run).map((e) => num(e, 'heapGoal'));
    expect(Math.max(...goals)).toBeGreaterThan(limit);
  });

  // Spec go §5: "The limit also holds with GOGC=off"; the runtime's trigger is derived from
  // min(gcPercentHeapGoal = ∞, memoryLimitHeapGoal) from the start. (Regression: the model's
  // first goal once ignored the limit, so no GC ever ran and HeapSys reached 828 MiB.)
  it('go1.22 GOGC=off GOMEMLIMIT=64MiB (go1.23.5 mgcpacer.go): the limit still triggers GCs and caps NextGC', () => {
    const run = runGo({ go: '1.22', gogc: 'off', gomemlimit: limit, durationMs: 20_000, workload });
    const last = run.samples[run.samples.length - 1]!.stats;
    expect(last.NumGC).toBeGreaterThan(3);
    expect(last.NextGC).toBeLessThan(limit);
    expect(last.HeapSys).toBeLessThan(2 * limit);
  });
});

describe('1.21 density rule: a chunk dense at the last GC is released only after the next GC', () => {
  // [go1.21.12:mgcscavenge.go shouldScavenge], go §3.8 (2e): non-forced scavenging skips chunks
  // with inUse ≥ 496 pages now or lastInUse ≥ 496 in the current generation; nextGen() runs at
  // mark termination ([go1.21.12:mgc.go:1026]). 1.19 has no such rule.
  const workload: WorkloadConfig = {
    baseLive: 8 * MiB,
    phases: [{ name: 'idle', duration: 30_000 }],
    actions: [
      { at: 1000, kind: 'hold', name: 'dense', bytes: 64 * MiB, chunk: MiB },
      { at: 2000, kind: 'gc' },
      { at: 3000, kind: 'drop', name: 'dense' },
      { at: 4000, kind: 'gc' },
      { at: 20_000, kind: 'gc' },
    ],
  };
  const cases = [
    { go: '1.19', dense: false, file: 'go1.19.8 mgcscavenge.go' },
    { go: '1.21', dense: true, file: 'go1.21.12 mgcscavenge.go shouldScavenge' },
    { go: '1.22', dense: true, file: 'go1.23.5 mgcscavenge.go' },
  ];
  for (const tc of cases) {
    it(`go${tc.go} (${tc.file}): the freed 64 MiB is released ${tc.dense ? 'after the second' : 'after the first'} GC`, () => {
      const run = runGo({ go: tc.go, durationMs: 30_000, workload });
      const rel = (t: number) => sampleAt(run, t).stats.HeapReleased;
      const afterFirst = rel(19_900) - rel(4000);
      const afterSecond = rel(30_000) - rel(19_900);
      if (tc.dense) {
        expect(afterFirst).toBeLessThan(8 * MiB);
        expect(afterSecond).toBeGreaterThanOrEqual(56 * MiB);
      } else {
        expect(afterFirst).toBeGreaterThanOrEqual(56 * MiB);
      }
    });
  }
});

describe('MADV_FREE on kernel 4.4: EINVAL, one fallback to MADV_DONTNEED', () => {
  // [go1.12:mem_linux.go adviseUnused], [go1.21.12:mem_linux.go sysUnusedOS], go §2.1: any
  // error from MADV_FREE switches the process to MADV_DONTNEED for good and redoes the call.
  const workload: WorkloadConfig = {
    baseLive: 4 * MiB,
    phases: [{ name: 'churn', duration: 10_000, allocRate: 32 * MiB, liveTarget: 16 * MiB }, { name: 'idle', duration: 30_000 }],
    actions: [
      { at: 12_000, kind: 'hold', name: 'h', bytes: 32 * MiB, chunk: MiB },
      { at: 13_000, kind: 'drop', name: 'h' },
      { at: 14_000, kind: 'freeOSMemory' },
      { at: 20_000, kind: 'hold', name: 'h', bytes: 32 * MiB, chunk: MiB },
      { at: 21_000, kind: 'drop', name: 'h' },
      { at: 22_000, kind: 'freeOSMemory' },
    ],
  };
  const cases = [
    { go: '1.12.9', godebug: undefined, kernel: '4.4.0', fallbacks: 1, file: 'go1.12 mem_linux.go adviseUnused' },
    { go: '1.15', godebug: undefined, kernel: '4.4.0', fallbacks: 1, file: 'go1.15.3 mem_linux.go' },
    { go: '1.21', godebug: 'madvdontneed=0', kernel: '4.4.0', fallbacks: 1, file: 'go1.21.12 mem_linux.go sysUnusedOS' },
    { go: '1.15', godebug: undefined, kernel: '6.1.0', fallbacks: 0, file: 'go1.15.3 mem_linux.go' },
    { go: '1.15', godebug: 'madvdontneed=1', kernel: '4.4.0', fallbacks: 0, file: 'go1.15.3 mem_linux.go' },
  ];
  for (const tc of cases) {
    it(`go${tc.go} GODEBUG=${tc.godebug ?? ''} on ${tc.kernel} (${tc.file}): ${tc.fallbacks} advice-fallback event(s)`, () => {
      const run = runGo({ go: tc.go, godebug: tc.godebug, kernel: tc.kernel, durationMs: 40_000, workload });
      const fb = run.events.filter((e) => e.kind === 'advice-fallback');
      const scav = run.events.filter((e) => e.kind === 'scavenge');
      expect(scav.length).toBeGreaterThan(1);
      expect(fb).toHaveLength(tc.fallbacks);
      if (tc.fallbacks === 1) {
        expect(fb[0]!.detail?.advice).toBe('MADV_DONTNEED');
        expect(fb[0]!.t_ms).toBe(scav[0]!.t_ms);
        for (const e of scav) expect(e.detail?.advice).toBe('MADV_DONTNEED');
      }
      if (tc.kernel === '4.4.0') for (const s of run.samples) expect(s.mem.LazyFree).toBe(0);
    });
  }
});

describe('periodic GC every 2 minutes when idle (forcegcperiod), none with GOGC=off', () => {
  // [go1.11:proc.go] / [go1.19.8:proc.go:5125] forcegcperiod = 2 min; go §5: unless GOGC=off
  // ([go1.19.8:mgc.go:560-565] gcTrigger.test returns false when gcPercent < 0).
  const idle: WorkloadConfig = { baseLive: 2 * MiB, phases: [{ name: 'idle', duration: 500_000 }], actions: [{ at: 1000, kind: 'gc' }] };
  const cases = [
    { go: '1.11', file: 'go1.11 proc.go sysmon' },
    { go: '1.16', file: 'go1.16.14 proc.go sysmon' },
    { go: '1.22', file: 'go1.23.5 proc.go sysmon' },
  ];
  for (const tc of cases) {
    it(`go${tc.go} (${tc.file}): GCs 120 s apart after the last one`, () => {
      const run = runGo({ go: tc.go, durationMs: 500_000, workload: idle });
      const periodic = gcEvents(run).filter((e) => e.detail?.why === 'periodic').map((e) => e.t_ms);
      expect(periodic).toHaveLength(4);
      const times = [1000, ...periodic];
      for (let i = 1; i < times.length; i++) {
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(120_000);
        expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(120_000 + 10);
      }
    });
  }
  it('go1.16 GOGC=off: no GC at all, not even periodic', () => {
    const run = runGo({ go: '1.16', gogc: 'off', durationMs: 500_000, workload: { ...idle, actions: [] } });
    expect(gcEvents(run)).toEqual([]);
  });

  // The time trigger needs a completed GC: `return lastgc != 0 && t.now-lastgc > forcegcperiod`
  // ([go1.11:mgc.go gcTrigger.test], same in [go1.19.8:mgc.go]). A program that has never
  // collected is not force-collected. (Regression: the model once collected at 120 s.)
  it('go1.16: no periodic GC before the first GC has completed (mgc.go gcTrigger.test: lastgc != 0)', () => {
    const run = runGo({ go: '1.16', durationMs: 250_000, workload: { baseLive: 2 * MiB, phases: [{ name: 'idle', duration: 250_000 }] } });
    expect(gcEvents(run)).toEqual([]);
  });
});

describe('FreeOSMemory releases every free span, arena remainder included (≤1.12)', () => {
  // [go1.11:mheap.go runtime_debug_freeOSMemory]: GC, then scavenge(-1, ^0, 0) over every free
  // span; the fresh arena was freed into the heap as an ordinary span by grow, so it is released
  // too (go §3.1 (2c), (4); go §3.2 (2c)). (Regression: the model once kept the arena remainder
  // outside the page heap, leaving HeapReleased 16 MiB below HeapIdle after FreeOSMemory.)
  const workload: WorkloadConfig = {
    phases: [{ name: 'idle', duration: 10_000 }],
    actions: [
      { at: 1000, kind: 'hold', name: 'h', bytes: 16 * MiB, chunk: MiB },
      { at: 2000, kind: 'drop', name: 'h' },
      { at: 3000, kind: 'freeOSMemory' },
    ],
  };
  for (const go of ['1.11', '1.12.9']) {
    it(`go${go}: HeapReleased = HeapIdle right after FreeOSMemory (mheap.go runtime_debug_freeOSMemory)`, () => {
      const run = runGo({ go, durationMs: 10_000, workload });
      const s = sampleAt(run, 3000).stats;
      expect(s.HeapReleased).toBe(s.HeapIdle);
    });
  }
  it('go1.14: HeapReleased = HeapIdle right after FreeOSMemory (mheap.go scavengeAll)', () => {
    const run = runGo({ go: '1.14', durationMs: 10_000, workload });
    const s = sampleAt(run, 3000).stats;
    expect(s.HeapReleased).toBe(s.HeapIdle);
  });
});
