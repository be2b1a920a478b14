import { describe, expect, it } from 'vitest';
import { MiB, isScavsimError } from '@scavsim/core';
import type { RunResult, Sample, SimEvent } from '@scavsim/core';
import { keyMoments } from '../../src/fidelity/key-moments.js';
import { traceFromRunResult } from '../../src/fidelity/sim-trace.js';

/** A small two-process run: A releases at 1000 ms, the hog starts at 2000 ms and grows. */
function run(opts: { hogPhase: boolean }): RunResult {
  const samples: Sample[] = [];
  for (let t = 0; t <= 5000; t += 500) {
    samples.push({ t_ms: t, process: 'A', VmRSS: (t < 3000 ? 500 : 300) * MiB, LazyFree: t >= 1000 && t < 3000 ? 480 * MiB : 280 * MiB, HeapReleased: t >= 1000 ? 480 * MiB : 0, HeapInuse: MiB, NumGC: 1 });
    if (t >= 2000) samples.push({ t_ms: t, process: 'hog', VmRSS: (t - 1500) * 0.2 * MiB, RssAnon: (t - 1500) * 0.2 * MiB });
  }
  const events: SimEvent[] = [
    { t_ms: 0, kind: 'phase', process: 'A', detail: { name: 'start' } },
    { t_ms: 1000, kind: 'freeosmemory', process: 'A', detail: { releasedBytes: 480 * MiB } },
    { t_ms: 1000, kind: 'phase', process: 'A', detail: { name: 'idle' } },
    ...(opts.hogPhase ? [{ t_ms: 2000, kind: 'phase' as const, process: 'A', detail: { name: 'hog' } }] : []),
    { t_ms: 2500, kind: 'gc', process: 'other', detail: { n: 1 } },
  ];
  return { header: { header: true, scenario: 'pressure', scavsim_version: '0', seed: 1, tick_ms: 10, sample_ms: 500, config: {} }, samples, events, killed: [] };
}

describe('a simulated run as a trace', () => {
  it('keeps process A\'s samples and copies the hog\'s RSS into them as hog_VmRSS', () => {
    const t = traceFromRunResult(run({ hogPhase: true }));

    expect(t.samples.every((s) => s['process'] === 'A')).toBe(true);
    expect(t.samples.find((s) => s.t_ms === 2500)!['hog_VmRSS']).toBe(200 * MiB);
    expect(t.samples.find((s) => s.t_ms === 1500)!['hog_VmRSS']).toBeUndefined();
  });

  it('names FreeOSMemory\'s return as the probe does and keeps other processes\' events out', () => {
    const t = traceFromRunResult(run({ hogPhase: true }));

    expect(t.events.map((e) => e.ev)).toEqual(['phase', 'freeosmemory_done', 'phase', 'phase']);
    expect(t.events[1]).toMatchObject({ t_ms: 1000, releasedBytes: 480 * MiB });
  });

  it('fills each sample\'s phase from the phase events', () => {
    const t = traceFromRunResult(run({ hogPhase: true }));

    expect(t.samples.map((s) => s.phase)).toEqual(['start', 'start', 'idle', 'idle', 'hog', 'hog', 'hog', 'hog', 'hog', 'hog', 'hog']);
  });

  it('marks the hog\'s start at its first sample when the run has no hog phase', () => {
    const t = traceFromRunResult(run({ hogPhase: false }));

    expect(t.events.find((e) => e.ev === 'hog_started')!.t_ms).toBe(2000);
  });

  it('reads as a pressure trace: release at FreeOSMemory, the hog\'s peak, A\'s lowest RSS', () => {
    const k = keyMoments(traceFromRunResult(run({ hogPhase: true })));

    expect(k.releaseAtMs).toBe(1000);
    expect(k.pressure).toMatchObject({ hogStartAtMs: 2000, hogMax: 700 * MiB, rssMin: 300 * MiB, rssMinAtMs: 1000 });
  });

  it('is a ScavsimError naming the process when it has no samples', () => {
    let err: unknown;
    try {
      traceFromRunResult(run({ hogPhase: true }), { process: 'B' });
    } catch (e) {
      err = e;
    }
    expect(isScavsimError(err, 'E_UNKNOWN_NAME') && err.field).toBe('process');
  });
});
