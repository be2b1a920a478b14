/**
 * Cross-package properties of the Go runtime model over random small workloads, Go versions
 * across every era, kernels and GODEBUG settings (fast-check).
 *
 * What must hold for any program (go §4.1, go §2.1, go §3):
 *   - accounting: HeapReleased ≤ HeapIdle ≤ HeapSys and HeapInuse + HeapIdle = HeapSys at every
 *     sample (MemStats doc text, go1.19.8 mstats.go:499 `HeapSys = heapInUse + heapFree +
 *     heapReleased`); the kernel's counters are non-negative and LazyFree ⊆ RssAnon
 *     (kernel §0: lazily freed pages stay in RssAnon);
 *   - advice: DONTNEED semantics (LazyFree never > 0) whenever the runtime uses DONTNEED
 *     (≤1.11, madvdontneed=1, the 1.16+ default) or the kernel cannot do lazy free (EINVAL
 *     before 4.5, DONTNEED semantics on 4.5–4.11 without swap); MADV_FREE on ≥ 4.12 leaves
 *     LazyFree after a release (1.12–1.15 default, madvdontneed=0 from 1.16);
 *   - debug.FreeOSMemory releases every free page: at the next sample HeapReleased = HeapIdle
 *     (go1.19.8 mheap.go scavengeAll, `pages.scavenge(^0)`);
 *   - the background scavenger stops at its goal: after it released, retained ≥ goal − one
 *     release quantum (8 KiB runtime page ≤1.17: go1.14.13 scavengeOne; 64 KiB from 1.18:
 *     go1.19.8 scavengeQuantum);
 *   - its CPU stays near its share over ≥ 30 s windows: 1 % of one CPU ≤1.17, 1 % of
 *     GOMAXPROCS from 1.18 (go §3.4, go §3.6, go §10);
 *   - determinism: the same config and seed give byte-identical JSON.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { simulate, type SimConfig } from '../../packages/core/src/index.js';
import { runGo, retained, type GoRun, type GoSample } from '../../packages/core/test/runtime/go-harness.js';
import type { ActionConfig, PhaseConfig, WorkloadConfig } from '../../packages/core/src/workload/workload.js';
import type { StreamSpec } from '../../packages/core/src/workload/streams.js';
import { KiB, MiB } from '../../packages/core/src/units.js';

const GO_VERSIONS = ['1.11', '1.12.0', '1.12.9', '1.13.0', '1.13.4', '1.14', '1.15', '1.16', '1.18', '1.19', '1.21', '1.22'] as const;
const KERNELS = ['4.4.0', '4.9.0', '4.14.0', '6.1.0'] as const;
const GODEBUGS = [undefined, 'madvdontneed=0', 'madvdontneed=1'] as const;

/** Go minor version of a version string such as "1.12.9". */
function minorOf(go: string): number {
  return Number(go.split('.')[1]);
}
function kernelAtLeast(k: string, major: number, minor: number): boolean {
  const [a, b] = k.split('.').map(Number) as [number, number];
  return a > major || (a === major && b >= minor);
}

/** A random allocation-rate or live-target stream with values in [0, max] bytes. */
function streamArb(max: number): fc.Arbitrary<StreamSpec> {
  const v = fc.integer({ min: 0, max });
  return fc.oneof(
    v,
    v.map((value) => ({ kind: 'constant' as const, value })),
    fc.tuple(v, v).map(([from, to]) => ({ kind: 'ramp' as const, from, to })),
    fc.tuple(v, v, fc.integer({ min: 1000, max: 20_000 })).map(([a, b, period]) => ({ kind: 'oscillate' as const, min: Math.min(a, b), max: Math.max(a, b), period })),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 30_000 }), v), { minLength: 1, maxLength: 3 })
      .map((st) => ({ kind: 'steps' as const, steps: [...st].sort((x, y) => x[0] - y[0]).map(([at, value]) => ({ at, value })) })),
  );
}

const phaseArb: fc.Arbitrary<PhaseConfig> = fc.record({
  name: fc.constantFrom('load', 'burst', 'steady', 'quiet'),
  duration: fc.integer({ min: 2, max: 40 }).map((s) => s * 1000),
  allocRate: streamArb(80 * MiB),
  liveTarget: streamArb(48 * MiB),
  sizes: fc.oneof(
    fc.integer({ min: 64, max: 256 * KiB }).map((size) => ({ kind: 'fixed' as const, size })),
    fc.constant({ kind: 'log-uniform' as const, min: 1024, max: MiB }),
  ),
});

interface Case {
  go: string;
  kernel: string;
  godebug: string | undefined;
  swap: number;
  gomaxprocs: number;
  seed: number;
  workload: WorkloadConfig;
  durationMs: number;
  finalFreeAt: number;
}

/**
 * Random phases, then an idle tail long enough for the periodic GC (2 min); random actions at
 * distinct 100 ms boundaries; and at the end a fixed script — hold 16 MiB, drop it, FreeOSMemory
 * — so every run releases memory that was written.
 */
const caseArb: fc.Arbitrary<Case> = fc.record({
  go: fc.constantFrom(...GO_VERSIONS),
  kernel: fc.constantFrom(...KERNELS),
  godebug: fc.constantFrom(...GODEBUGS),
  swap: fc.constantFrom(0, 2 * 1024 * MiB),
  gomaxprocs: fc.constantFrom(1, 2, 4, 8),
  seed: fc.integer({ min: 0, max: 1000 }),
  baseLive: fc.integer({ min: 0, max: 8 }).map((m) => m * MiB),
  phases: fc.array(phaseArb, { minLength: 1, maxLength: 3 }),
  idleS: fc.integer({ min: 125, max: 200 }),
  randomActions: fc.uniqueArray(fc.integer({ min: 1, max: 1200 }), { maxLength: 5 }).chain((times) =>
    fc.tuple(...times.map((t) => fc.record({
      at: fc.constant(t * 100),
      kind: fc.constantFrom('gc', 'freeOSMemory', 'hold', 'drop'),
      bytes: fc.integer({ min: 1, max: 24 }).map((m) => m * MiB),
      chunk: fc.constantFrom(256 * KiB, MiB, 4 * MiB, 8 * MiB),
      name: fc.constantFrom('x', 'y'),
    })))),
}).map((r) => {
  const phasesMs = r.phases.reduce((a, p) => a + (p.duration as number), 0);
  const holdAt = phasesMs + r.idleS * 1000;
  const finalFreeAt = holdAt + 2000;
  const durationMs = finalFreeAt + 5000;
  const actions: ActionConfig[] = r.randomActions
    .filter((a) => a.at < holdAt)
    .map((a): ActionConfig => {
      if (a.kind === 'hold') return { at: a.at, kind: 'hold', name: a.name, bytes: a.bytes, chunk: a.chunk };
      if (a.kind === 'drop') return { at: a.at, kind: 'drop', name: a.name };
      return { at: a.at, kind: a.kind };
    });
  actions.push(
    { at: holdAt, kind: 'hold', name: 'final', bytes: 16 * MiB, chunk: MiB },
    { at: holdAt + 1000, kind: 'drop', name: 'final' },
    { at: finalFreeAt, kind: 'freeOSMemory' },
  );
  const workload: WorkloadConfig = {
    baseLive: r.baseLive,
    phases: [...r.phases, { name: 'idle', duration: durationMs - phasesMs }],
    actions,
  };
  return { go: r.go, kernel: r.kernel, godebug: r.godebug, swap: r.swap, gomaxprocs: r.gomaxprocs, seed: r.seed, workload, durationMs, finalFreeAt };
});

/** True when, by go §2.1 and linux-kernel.md, released pages can never be LazyFree. */
function neverLazy(c: Case): boolean {
  const minor = minorOf(c.go);
  if (minor <= 11) return true; // ≤1.11: always MADV_DONTNEED [go1.11:mem_linux.go sysUnused]
  if (c.godebug === 'madvdontneed=1') return true;
  if (minor >= 16 && c.godebug !== 'madvdontneed=0') return true; // 1.16 default [go1.16.14:runtime1.go:368]
  if (!kernelAtLeast(c.kernel, 4, 5)) return true; // EINVAL → DONTNEED fallback
  if (!kernelAtLeast(c.kernel, 4, 12) && c.swap === 0) return true; // 4.5–4.11 without swap: DONTNEED semantics
  return false;
}

/** True when the runtime asks for MADV_FREE and the kernel keeps freed pages lazily. */
function lazyAfterRelease(c: Case): boolean {
  const minor = minorOf(c.go);
  if (minor <= 11 || c.godebug === 'madvdontneed=1' || !kernelAtLeast(c.kernel, 4, 12)) return false;
  return minor <= 15 || c.godebug === 'madvdontneed=0';
}

/**
 * The most the background scavenger releases in one step: a runtime page, except that 1.14–1.17
 * widen a step to the whole free 2 MiB huge page below it (findScavengeCandidate; the step is
 * taken while retained > goal, so it may end up to a huge page under the goal), and 1.18+
 * release a 64 KiB quantum.
 */
function quantum(minor: number): number {
  if (minor >= 18) return 64 * KiB;
  return minor >= 14 ? 2 * MiB : 8 * KiB;
}

function checkSample(s: GoSample, what: string): void {
  const m = s.stats;
  const at = `${what} at ${s.t} ms`;
  expect(m.HeapReleased, `HeapReleased ≤ HeapIdle ${at}`).toBeLessThanOrEqual(m.HeapIdle);
  expect(m.HeapIdle, `HeapIdle ≤ HeapSys ${at}`).toBeLessThanOrEqual(m.HeapSys);
  expect(m.HeapInuse + m.HeapIdle, `HeapInuse + HeapIdle = HeapSys ${at}`).toBe(m.HeapSys);
  expect(m.HeapReleased, `HeapReleased ≥ 0 ${at}`).toBeGreaterThanOrEqual(0);
  expect(s.mem.VmRSS, `VmRSS ≥ 0 ${at}`).toBeGreaterThanOrEqual(0);
  expect(s.mem.LazyFree, `LazyFree ≥ 0 ${at}`).toBeGreaterThanOrEqual(0);
  expect(s.mem.LazyFree, `LazyFree ≤ RssAnon ${at}`).toBeLessThanOrEqual(s.mem.RssAnon);
}

/** Largest background-scavenger CPU fraction (of one CPU) over any window of ≥ `windowMs`. */
function maxCpuFraction(run: GoRun, windowMs: number): number {
  const s = run.samples;
  let worst = 0;
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    if (j < i) j = i;
    while (j < s.length && s[j]!.t - s[i]!.t < windowMs) j++;
    if (j >= s.length) break;
    const dt = (s[j]!.t - s[i]!.t) / 1000;
    worst = Math.max(worst, (s[j]!.cpuSeconds - s[i]!.cpuSeconds) / dt);
  }
  return worst;
}

/** Lets the test worker's event loop run (vitest's RPC) between property cases. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function describeCase(c: Case): string {
  return `go${c.go} kernel ${c.kernel} swap ${c.swap > 0} GODEBUG=${c.godebug ?? ''} GOMAXPROCS=${c.gomaxprocs} seed ${c.seed}`;
}

describe('Go runtime invariants over random workloads, versions, kernels and GODEBUG', () => {
  it('hold at every sample and at every tick, for every era', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        // Each case simulates up to minutes; yielding first keeps the test worker answering
        // vitest between cases (a worker blocked for a minute fails the run with an RPC timeout).
        await yieldToEventLoop();
        const minor = minorOf(c.go);
        const what = describeCase(c);
        const belowGoal: string[] = [];
        const run = runGo(
          { go: c.go, kernel: c.kernel, godebug: c.godebug, swapTotal: c.swap, gomaxprocs: c.gomaxprocs, seed: c.seed, workload: c.workload, durationMs: c.durationMs },
          (v) => {
            if (!v.events.some((e) => e.kind === 'scavenge' && e.detail?.trigger === 'background')) return;
            const goal = v.process.scavengeGoal;
            const r = retained(v.process.memStats());
            if (Number.isFinite(goal) && r < goal - quantum(minor)) belowGoal.push(`t=${v.to}: retained ${r} < goal ${goal} − ${quantum(minor)}`);
          },
        );

        // Accounting and kernel counters at every sample.
        for (const s of run.samples) checkSample(s, what);
        // HeapSys "estimates the largest size the heap has had": it never shrinks (go §4.1).
        for (let i = 1; i < run.samples.length; i++) {
          expect(run.samples[i]!.stats.HeapSys, `HeapSys never shrinks at ${run.samples[i]!.t} ms: ${what}`).toBeGreaterThanOrEqual(run.samples[i - 1]!.stats.HeapSys);
        }
        // With DONTNEED semantics released pages leave RSS at once, so anonymous RSS is at most the
        // retained heap plus the runtime's non-heap memory (Sys − HeapSys): go §2.1, go §4.1.
        // Transparent huge pages add at most themselves: a huge page maps pages the runtime
        // counts as released or never used (1.21.0 marks all new heap memory MADV_HUGEPAGE).
        if (neverLazy(c)) {
          for (const s of run.samples) {
            const bound = retained(s.stats) + (s.stats.Sys - s.stats.HeapSys) + (s.mem.AnonHugePages ?? 0);
            expect(s.mem.RssAnon, `RssAnon ≤ retained + non-heap at ${s.t} ms: ${what}`).toBeLessThanOrEqual(bound);
          }
        }

        // Advice: DONTNEED semantics whenever the runtime or the kernel imposes them.
        if (neverLazy(c)) {
          const lazy = run.samples.find((s) => s.mem.LazyFree > 0);
          expect(lazy?.t, `no LazyFree ever: ${what}`).toBeUndefined();
        }
        const fallbacks = run.events.filter((e) => e.kind === 'advice-fallback').length;
        const asksFree = minor >= 12 && c.godebug !== 'madvdontneed=1' && (minor <= 15 || c.godebug === 'madvdontneed=0');
        expect(fallbacks, `advice-fallback events: ${what}`).toBe(asksFree && !kernelAtLeast(c.kernel, 4, 5) ? 1 : 0);
        if (!kernelAtLeast(c.kernel, 4, 5) || !asksFree) {
          for (const e of run.events) {
            if (e.kind === 'scavenge') expect(e.detail?.advice, `scavenge advice at ${e.t_ms}: ${what}`).toBe('MADV_DONTNEED');
          }
        }

        // FreeOSMemory releases every free page, in every era.
        {
          for (const e of run.events.filter((x) => x.kind === 'freeosmemory')) {
            const s = run.samples.find((x) => x.t >= e.t_ms)!;
            expect(s.t, `sample at FreeOSMemory ${e.t_ms}`).toBe(e.t_ms);
            expect(s.stats.HeapReleased, `HeapReleased = HeapIdle after FreeOSMemory at ${e.t_ms}: ${what}`).toBe(s.stats.HeapIdle);
          }
        }

        // MADV_FREE on ≥ 4.12 keeps the released, written pages as LazyFree.
        const afterFree = run.samples.find((x) => x.t >= c.finalFreeAt)!;
        if (lazyAfterRelease(c)) expect(afterFree.mem.LazyFree, `LazyFree after FreeOSMemory: ${what}`).toBeGreaterThan(0);

        // The background scavenger never overshoots its goal by more than one quantum.
        expect(belowGoal, what).toEqual([]);

        // Its CPU stays within its era's share over ≥ 30 s windows (the PI controller may burst).
        const share = minor >= 18 ? 0.01 * c.gomaxprocs : 0.01;
        expect(maxCpuFraction(run, 30_000), `background scavenger CPU over 30 s windows: ${what}`).toBeLessThanOrEqual(share * 1.1);
      }),
      { numRuns: 40, seed: 20261127 },
    );
  });

  it('keep the background scavenger within its CPU share while it returns a large spike', () => {
    const spikeArb = fc.record({
      go: fc.constantFrom('1.13.4', '1.14', '1.15', '1.16', '1.18', '1.19', '1.21', '1.22'),
      godebug: fc.constantFrom(...GODEBUGS),
      gomaxprocs: fc.constantFrom(1, 2, 8),
      spikeMiB: fc.integer({ min: 384, max: 1024 }),
      seed: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(spikeArb, (c) => {
        const minor = minorOf(c.go);
        const run = runGo({
          go: c.go, godebug: c.godebug, gomaxprocs: c.gomaxprocs, seed: c.seed, durationMs: 150_000,
          workload: {
            baseLive: 16 * MiB,
            phases: [
              { name: 'spike', duration: 8000, allocRate: 2 * c.spikeMiB * MiB, liveTarget: { kind: 'ramp', from: 0, to: c.spikeMiB * MiB } },
              { name: 'idle', duration: 142_000 },
            ],
            actions: [{ at: 9000, kind: 'gc' }],
          },
        });
        const share = minor >= 18 ? 0.01 * c.gomaxprocs : 0.01;
        const what = `go${c.go} GODEBUG=${c.godebug ?? ''} GOMAXPROCS=${c.gomaxprocs} spike ${c.spikeMiB} MiB`;
        expect(run.process.scavengeCpuSeconds, `the scavenger did work: ${what}`).toBeGreaterThan(0);
        expect(maxCpuFraction(run, 30_000), `background scavenger CPU over 30 s windows: ${what}`).toBeLessThanOrEqual(share * 1.1);
      }),
      { numRuns: 6, seed: 42 },
    );
  });

  // Regression (fixed in span-table.ts): a small span's slots were once sized by its first object, and later,
  // larger objects of the same page class are packed into those slots, so HeapAlloc exceeds
  // HeapInuse (by 13.9 MiB of ~30 MiB live with 64 B–16 KiB objects). In Go every object lies in
  // an in-use span, rounded up to its size class (go1.19.8 sizeclasses.go, malloc.go mallocgc),
  // so HeapAlloc ≤ HeapInuse always (go §4.1). See span-table.test.ts for the minimal case.
  it('keep HeapAlloc ≤ HeapInuse with small objects of mixed sizes', () => {
    const smallArb = fc.record({
      go: fc.constantFrom(...GO_VERSIONS),
      seed: fc.integer({ min: 0, max: 1000 }),
      max: fc.integer({ min: 2048, max: 32 * KiB }),
    });
    fc.assert(
      fc.property(smallArb, (c) => {
        const run = runGo({
          go: c.go, seed: c.seed, durationMs: 10_000,
          workload: { phases: [{ name: 'load', duration: 10_000, allocRate: 20 * MiB, liveTarget: 16 * MiB, sizes: { kind: 'log-uniform', min: 64, max: c.max } }] },
        });
        for (const s of run.samples) expect(s.stats.HeapAlloc, `at ${s.t} ms, go${c.go}`).toBeLessThanOrEqual(s.stats.HeapInuse);
      }),
      { numRuns: 5, seed: 3 },
    );
  });

  it('give byte-identical JSON for the same config and seed', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const cfg: SimConfig = {
          seed: c.seed,
          duration: Math.min(c.durationMs, 60_000),
          machine: { memTotal: '8GiB', kernel: c.kernel, swapTotal: c.swap },
          processes: [{ kind: 'go', name: 'A', go: c.go, gomaxprocs: c.gomaxprocs, workload: c.workload, ...(c.godebug ? { godebug: c.godebug } : {}) }],
        };
        const a = JSON.stringify(simulate(cfg));
        const b = JSON.stringify(simulate(structuredClone(cfg)));
        expect(a === b, describeCase(c)).toBe(true);
      }),
      { numRuns: 6, seed: 7 },
    );
  });
});
