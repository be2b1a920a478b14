/**
 * Issue 13's "Done when" figures, measured: the replay of real telemetry against the truth
 * recorded beside it.
 *
 * - caddy (go1.19.8, wrk 60 s, then 360 s idle; test/fixtures/realworld): from gctrace.log with
 *   metrics.json, and from each alone, the replay under the observed settings (what the user
 *   knows: the Go version and GODEBUG of the run, as in meta.json) gives RSS within 10 % of peak
 *   RSS at the load's end, +30 s, +130 s, +200 s and the end; the what-if of the other madvise
 *   mode predicts the same run's counterfactual: RSS − LazyFree for a MADV_FREE run (what
 *   MADV_FREE released and left resident is what MADV_DONTNEED would have removed), and for a
 *   MADV_DONTNEED run the RSS it had climbed to (without pressure nothing resident is
 *   reclaimed), within 10 % of peak, and (MADV_DONTNEED predicted) the time RSS falls below half
 *   of its peak within 20 %.
 * - the probe's loadtest traces (test/fixtures/traces): the same from each trace's MemStats
 *   series alone (its /proc fields are removed before reading), with the settings of its header;
 *   besides the 6-minute loadtests, the two with GOMEMLIMIT=700MiB and a 90 s one (shorter than
 *   the 2-minute GC: nothing may be released).
 *
 * Nothing here is tuned: the fit takes every number from the telemetry (see packages/replay).
 * Where a figure misses, the miss is kept with its cause (KNOWN), and the cause of the
 * gctrace-alone misses is itself measured below.
 * The figures are printed as a table for the issue's closing note.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate, type SimConfig } from '@scavsim/core';
import { fitRun, readTelemetry, replay, type ObservedSettings, type TelemetryFile } from '@scavsim/replay';

const MiB = 2 ** 20;

const GCTRACE_ALONE = 'a gctrace log carries neither RSS outside the heap nor object sizes. Outside the heap: its only such figures are ' +
  '`N MB stacks` and `N MB globals` (1 and 0 MB here), while caddy\'s mapped binary and runtime metadata hold 56 MiB (9 % of peak) against ' +
  'the 16 MiB the replay holds (with metrics.json the fit reads the rest from process_resident_memory_bytes). Object sizes set how far ' +
  'HeapSys overshoots the heap in use: caddy\'s HeapSys peaks at 595 MiB for at most 536 MB of heap in its gctrace, the replay\'s at ' +
  '548 MiB with the model\'s default mix (log-uniform 1 KiB–1 MiB, the probe\'s own, on which the probe replays pass). Measured, not ' +
  'used: with 256 B–64 KiB objects the replay\'s HeapSys reaches 592 MiB; caddy\'s ~32 B mean would ask for 1.2e7 objects per simulated ' +
  'second, beyond the work bound, and a mix picked to match would be a constant fitted to this recording';

/**
 * +130 s falls inside the release after the first idle GC. The real 1.15 release pauses for 0.2–1 s after every step that waited
 * ≥ 10 ms (bgscavenge's maxCrit, then 100 × 10 ms asleep): most likely a single-page step's MADV_NOHUGEPAGE waiting for mmap_lock while
 * the probe read /proc/self/smaps_rollup (known-disagreements.ts, go1.15.15_madv0_loadtest). At +130 s the real HeapReleased was
 * 313 MiB (madv0) and 864 MiB (madv1) of the ~1140 MiB it reached; the model, with no recorder reading the process, is nearly there.
 */
const RELEASE_PAUSES_115 = '+130 s falls inside the real release, which pauses 0.2–1 s after each single-page step blocked ≥ 10 ms ' +
  '(most likely by the recorder\'s smaps_rollup read holding mmap_lock against MADV_NOHUGEPAGE; docs/fidelity.md, "Disagreements and their causes"); ' +
  'the model\'s release has no such pauses and is nearly complete by then';

/**
 * Figures known to miss, each with its cause (the done-when counterpart of
 * test/fidelity/known-disagreements.ts): each must still miss, so a fix forces the entry out.
 * Causes must be outside what the telemetry tells or outside the model; nothing is tuned here.
 */
const KNOWN: readonly { case: RegExp; figure: RegExp; cause: string }[] = [
  {
    case: /^caddy madv0 \(gctrace\.log\)$/,
    figure: /^(fitted RSS at (load end|\+30 s|\+130 s|\+200 s|end)|godebug=madvdontneed=1 at \+30 s)$/,
    cause: GCTRACE_ALONE,
  },
  {
    case: /^probe go1\.15\.15_madv0_loadtest/,
    figure: /^godebug=madvdontneed=1 at \+130 s$/,
    cause: RELEASE_PAUSES_115,
  },
  {
    case: /^probe go1\.15\.15_madv1_loadtest/,
    figure: /^fitted RSS at \+130 s$/,
    cause: RELEASE_PAUSES_115,
  },
  {
    case: /^probe go1\.15\.15_madv0_loadtest/,
    figure: /^godebug=madvdontneed=1 at \+130 s$/,
    cause: RELEASE_PAUSES_115,
  },
];

function judge(name: string, figure: string, pct: number, limit: number): void {
  const known = KNOWN.find((k) => k.case.test(name) && k.figure.test(figure));
  if (known === undefined) expect.soft(Math.abs(pct), `${name}: ${figure} (% of peak)`).toBeLessThan(limit);
  else expect.soft(Math.abs(pct), `${name}: ${figure} is a known miss (${known.cause}); it now passes: remove the entry`).toBeGreaterThanOrEqual(limit);
}
const MOMENTS = [['load end', 0], ['+30 s', 30_000], ['+130 s', 130_000], ['+200 s', 200_000], ['end', Infinity]] as const;
const ROWS: string[] = [];

interface Truth { t: number[]; rss: number[]; lazy: number[] }

function valueAt(t: readonly number[], v: readonly number[], x: number): number {
  let lo = 0;
  for (let i = 0; i < t.length && t[i]! <= x; i++) lo = i;
  return v[lo]!;
}

function simRss(samples: readonly { t_ms: number; VmRSS?: number }[], x: number): number {
  let best = samples[0]?.VmRSS ?? 0;
  for (const s of samples) {
    if (s.t_ms > x) break;
    best = s.VmRSS ?? best;
  }
  return best;
}

/** First time (ms after `from`) a series falls below half its peak after the peak, or null. */
function halfTime(t: readonly number[], v: readonly number[], from: number): number | null {
  let peak = 0;
  let peakI = 0;
  v.forEach((x, i) => { if (x > peak) { peak = x; peakI = i; } });
  for (let i = peakI; i < t.length; i++) if (v[i]! < peak / 2) return t[i]! - from;
  return null;
}

interface Case {
  readonly name: string;
  readonly files: TelemetryFile[];
  readonly observed: ObservedSettings;
  readonly truth: Truth;
  readonly loadEndMs: number;
  /** The run used MADV_FREE. */
  readonly free: boolean;
}

async function measure(c: Case): Promise<void> {
  const t = await readTelemetry(c.files);
  const fit = fitRun(t, c.observed);
  const other = c.free ? 'godebug=madvdontneed=1' : 'godebug=madvdontneed=0';
  const r = replay(fit, [other]);
  const { truth } = c;
  const peak = Math.max(...truth.rss);
  const end = truth.t[truth.t.length - 1]!;
  // The counterfactual of the other mode in the same run.
  let climbed = 0;
  const counter = truth.rss.map((x, i) => (c.free ? x - truth.lazy[i]! : (climbed = Math.max(climbed, x))));
  const cells: string[] = [];
  for (const [label, d] of MOMENTS) {
    const x = Math.min(c.loadEndMs + d, end);
    const fitted = (100 * (simRss(r.fitted.result.samples, x) - valueAt(truth.t, truth.rss, x))) / peak;
    const whatIf = (100 * (simRss(r.whatIfs[0]!.result.samples, x) - valueAt(truth.t, counter, x))) / peak;
    cells.push(`${label}: ${fitted.toFixed(1)} / ${whatIf.toFixed(1)}`);
    judge(c.name, `fitted RSS at ${label}`, fitted, 10);
    judge(c.name, `${other} at ${label}`, whatIf, 10);
  }
  let half = '';
  if (c.free) {
    const real = halfTime(truth.t, counter, c.loadEndMs);
    const sim = r.whatIfs[0]!.summary.halfPeakAtMs;
    half = `half-peak ${real === null ? 'never' : `+${(real / 1000).toFixed(1)} s`} vs ${sim === null ? 'never' : `+${((sim - c.loadEndMs) / 1000).toFixed(1)} s`}`;
    expect(real, `${c.name}: the counterfactual falls below half its peak`).not.toBeNull();
    expect(sim, `${c.name}: ${other} falls below half its peak`).not.toBeNull();
    expect.soft(Math.abs(sim! - c.loadEndMs - real!), `${c.name}: half-peak time`).toBeLessThanOrEqual(0.2 * real!);
  }
  const check = r.check.map((e) => `${e.series} ${e.meanPct.toFixed(1)}/${e.maxPct.toFixed(1)}`).join(', ');
  ROWS.push(`| ${c.name} | ${(peak / MiB).toFixed(0)} | ${cells.join('; ')} | ${half} | ${check} |`);
}

const caddyDir = (r: string): URL => new URL(`../fixtures/realworld/caddy_go1.19.8_${r}_load/`, import.meta.url);
function caddyCase(r: 'madv0' | 'madv1', which: 'both' | 'gctrace' | 'metrics'): Case {
  const dir = caddyDir(r);
  const text = (f: string): string => readFileSync(new URL(f, dir), 'utf8');
  const meta = JSON.parse(text('meta.json')) as { go_version: string; GODEBUG: string; load_end_t_ms: number };
  const proc = text('proc.jsonl').trim().split('\n').map((l) => JSON.parse(l) as { t_ms: number; VmRSS: number; LazyFree: number });
  const names = which === 'both' ? ['gctrace.log', 'metrics.json'] : which === 'gctrace' ? ['gctrace.log'] : ['metrics.json'];
  return {
    name: `caddy ${r} (${names.join(' + ')})`,
    files: names.map((n) => ({ name: n, text: text(n) })),
    observed: { go: meta.go_version, godebug: meta.GODEBUG },
    truth: { t: proc.map((p) => p.t_ms), rss: proc.map((p) => p.VmRSS), lazy: proc.map((p) => p.LazyFree) },
    loadEndMs: meta.load_end_t_ms,
    free: r === 'madv0',
  };
}

const MEMSTATS = new Set(['t_ms', 'phase', 'HeapAlloc', 'HeapInuse', 'HeapIdle', 'HeapReleased', 'HeapSys', 'Sys', 'NextGC', 'NumGC', 'NumForcedGC', 'TotalAlloc', 'Mallocs', 'HeapObjects']);
function probeCase(trace: string): Case {
  const lines = readFileSync(new URL(`../fixtures/traces/${trace}.jsonl`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const header = lines[0]!;
  const samples = lines.filter((o) => o['header'] !== true && !('ev' in o)) as { t_ms: number; VmRSS: number; LazyFree: number }[];
  // The replay sees MemStats only, as a service exporting go_memstats_* would; /proc is the truth.
  const text = [JSON.stringify(header), ...samples.map((s) => JSON.stringify(Object.fromEntries(Object.entries(s).filter(([k]) => MEMSTATS.has(k)))))].join('\n');
  const loadEnd = lines.find((o) => o['ev'] === 'load_end') as { t_ms: number };
  return {
    name: `probe ${trace} (MemStats)`,
    files: [{ name: `${trace}.jsonl`, text }],
    observed: {},
    truth: { t: samples.map((s) => s.t_ms), rss: samples.map((s) => s.VmRSS), lazy: samples.map((s) => s.LazyFree) },
    loadEndMs: loadEnd.t_ms,
    free: String(header['GODEBUG']).includes('madvdontneed=0'),
  };
}

describe('issue 13 Done-when: caddy recordings', () => {
  for (const r of ['madv0', 'madv1'] as const) {
    for (const which of ['both', 'gctrace', 'metrics'] as const) {
      it(`${r} from ${which}: the replay and the other mode's what-if are within 10 % of peak RSS`, async () => {
        await measure(caddyCase(r, which));
      });
    }
  }
});

describe('the cause of the gctrace-alone misses, measured', () => {
  it('caddy madv0: RSS outside the heap and the HeapSys the object sizes leave out, each > 5 % of peak; a smaller-object mix reaches the HeapSys', async () => {
    const c = caddyCase('madv0', 'gctrace');
    const fit = fitRun(await readTelemetry(c.files), c.observed);
    const metrics = await readTelemetry([{ name: 'metrics.json', text: readFileSync(new URL('metrics.json', caddyDir('madv0')), 'utf8') }]);
    const peak = Math.max(...c.truth.rss);
    const realSys = Math.max(...metrics.series.HeapSys!.v);
    const x = c.loadEndMs + 30_000;
    // Under MADV_FREE without pressure nothing the heap touched leaves RSS: RSS − peak HeapSys is what lies outside the heap.
    const realOutside = valueAt(c.truth.t, c.truth.rss, x) - realSys;
    const heapSysPeak = (cfg: SimConfig): number => Math.max(...simulate(cfg).samples.map((s) => s.HeapSys ?? 0));
    const run = simulate(fit.config);
    const simSys = Math.max(...run.samples.map((s) => s.HeapSys ?? 0));
    const simOutside = simRss(run.samples, x) - simSys;
    const pct = (b: number): string => `${(b / MiB).toFixed(0)} MiB (${((100 * b) / peak).toFixed(1)} % of peak)`;
    console.log(`caddy madv0 from gctrace.log: outside the heap ${pct(realOutside)} real vs ${pct(simOutside)} replayed; peak HeapSys ${pct(realSys)} vs ${pct(simSys)}`);
    expect(realOutside - simOutside).toBeGreaterThan(0.05 * peak);
    expect(realSys - simSys).toBeGreaterThan(0.05 * peak);
    // The object sizes, not the heap's mechanics: with smaller objects (still within the work bound) the replay's HeapSys reaches caddy's.
    const sizes = { kind: 'log-uniform', min: 256, max: 64 * 1024 } as const;
    const smaller: SimConfig = {
      ...fit.config,
      processes: fit.config.processes.map((p) => (p.kind === 'go' ? { ...p, workload: { ...p.workload, phases: p.workload.phases.map((ph) => ({ ...ph, sizes })) } } : p)),
    };
    expect(Math.abs(heapSysPeak(smaller) - realSys)).toBeLessThan(0.02 * peak);
  });
});

describe('issue 13 Done-when: the probe loadtests', () => {
  for (const trace of [
    'go1.15.15_madv0_loadtest', 'go1.15.15_madv1_loadtest', 'go1.19.8_madv0_loadtest', 'go1.19.8_madv1_loadtest',
    'go1.21.13_madv1_loadtest', 'go1.23.5_madv1_loadtest', 'go1.26.10_madv1_loadtest',
    'go1.21.13_madv1_loadtest_memlimit700', 'go1.23.5_madv1_loadtest_memlimit700', 'go1.19.8_madv1_loadtest90',
  ]) {
    it(`${trace}: the replay and the other mode's what-if are within 10 % of peak RSS`, async () => {
      await measure(probeCase(trace));
    });
  }

  it('prints the figures (fitted / what-if error in % of peak RSS)', () => {
    console.log(['| telemetry | peak RSS MiB | fitted / what-if at each moment (% of peak) | half-peak time (real counterfactual vs what-if) | check (mean/max % of peak) |', '|---|---|---|---|---|', ...ROWS].join('\n'));
  });
});
