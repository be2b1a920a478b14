/**
 * Replaying a fit: the observed run, how well it matches, and each what-if.
 *
 * The replay under the observed settings is checked against the telemetry series by series
 * (RSS, HeapInuse, HeapReleased): at every observed point the replay's sample at that time is
 * read, and the error is given as mean and maximum percent of the observed peak, with the
 * moment of the largest error and a sentence on why the two disagree there (see `explain.ts`).
 *
 * A what-if is the fitted workload under changed settings (`go=1.16`, `godebug=madvdontneed=1`):
 * the same config with only those settings replaced, so the difference between a what-if and
 * the fitted replay is the settings' doing alone.
 *
 * @module
 */
import { parseGoVersion, parseSize, parseThpMode, simulate, formatGoVersion, type RunResult, type Sample, type SimulateOptions } from '@scavsim/core';
import { explainDisagreement } from './explain.js';
import { buildConfig, REPLAY_PROCESS, type Fit } from './fit.js';
import { at } from './infer.js';
import { checkObserved, mergeGodebug, parseWhatIf, type ResolvedSettings, type Setting, type WhatIf } from './settings.js';
import type { TelemetryField, TimeSeries } from './telemetry.js';

/** Series the fit is checked on. */
export const CHECKED_SERIES = ['VmRSS', 'HeapInuse', 'HeapReleased'] as const;
/** One checked series. */
export type CheckedSeries = (typeof CHECKED_SERIES)[number];

/** How well one series is reproduced. */
export interface SeriesError {
  readonly series: CheckedSeries;
  /** The telemetry field compared (`VmRSS`, or `cg_rss` when that is what RSS is). */
  readonly observedField: TelemetryField;
  /** Observed peak (bytes). */
  readonly peak: number;
  /** Mean and maximum |replay − observed| in percent of the observed peak. */
  readonly meanPct: number;
  readonly maxPct: number;
  /** When the largest error was (ms), and the two values then. */
  readonly worstAtMs: number;
  readonly observedAtWorst: number;
  readonly replayAtWorst: number;
  /** Why they disagree there, or that they agree. */
  readonly why: string;
}

/** The figures of one variant. */
export interface VariantSummary {
  readonly label: string;
  readonly peakRss: number;
  readonly peakAtMs: number;
  readonly endRss: number;
  /** First time after the peak that RSS is below half of it (ms), or null. */
  readonly halfPeakAtMs: number | null;
  /** The OOM killer killed the process. */
  readonly oom: boolean;
}

/** One replayed variant. */
export interface ReplayedVariant {
  /** `fitted` for the observed settings, else the what-if spec. */
  readonly label: string;
  readonly settings: ResolvedSettings;
  readonly result: RunResult;
  readonly summary: VariantSummary;
}

/** The result of {@link replay}. */
export interface Replay {
  readonly fit: Fit;
  /** The fitted workload under the observed settings. */
  readonly fitted: ReplayedVariant;
  /** Errors per series against the telemetry (only series the telemetry has). */
  readonly check: readonly SeriesError[];
  /** One per what-if, in the order given. */
  readonly whatIfs: readonly ReplayedVariant[];
}

/** Samples of the replayed process. */
export function processSamples(r: RunResult): Sample[] {
  return r.samples.filter((s) => s.process === undefined || s.process === REPLAY_PROCESS);
}

function sampleSeries(samples: readonly Sample[], field: string): TimeSeries {
  const t: number[] = [];
  const v: number[] = [];
  for (const s of samples) {
    const x = s[field];
    if (typeof x === 'number') {
      t.push(s.t_ms);
      v.push(x);
    }
  }
  return { t: Float64Array.from(t), v: Float64Array.from(v) };
}

/** Summary figures of a run. */
export function summarize(label: string, r: RunResult): VariantSummary {
  const s = processSamples(r);
  let peak = 0;
  let peakAt = 0;
  for (const x of s) if ((x.VmRSS ?? 0) > peak) { peak = x.VmRSS ?? 0; peakAt = x.t_ms; }
  const half = s.find((x) => x.t_ms > peakAt && (x.VmRSS ?? Infinity) < peak / 2);
  return {
    label, peakRss: peak, peakAtMs: peakAt, endRss: s[s.length - 1]?.VmRSS ?? 0,
    halfPeakAtMs: half?.t_ms ?? null, oom: r.killed.length > 0 || r.events.some((e) => e.kind === 'oom'),
  };
}

function checkSeries(fit: Fit, samples: readonly Sample[]): SeriesError[] {
  const out: SeriesError[] = [];
  const t = fit.telemetry;
  for (const series of CHECKED_SERIES) {
    const observedField: TelemetryField = series === 'VmRSS' ? (t.series.VmRSS ? 'VmRSS' : t.series.cg_rss ? 'cg_rss' : 'VmRSS') : series;
    const o = t.series[observedField];
    if (o === undefined || o.t.length === 0) continue;
    const sim = sampleSeries(samples, series);
    if (sim.t.length === 0) continue;
    let peak = 0;
    for (const v of o.v) peak = Math.max(peak, v);
    if (peak <= 0) continue;
    let sum = 0;
    let worst = -1;
    let worstI = 0;
    for (let i = 0; i < o.t.length; i++) {
      const err = Math.abs(at(sim, o.t[i]!) - o.v[i]!);
      sum += err;
      if (err > worst) { worst = err; worstI = i; }
    }
    const worstAtMs = o.t[worstI]!;
    const e = {
      series, observedField, peak, meanPct: (100 * sum) / o.t.length / peak, maxPct: (100 * worst) / peak,
      worstAtMs, observedAtWorst: o.v[worstI]!, replayAtWorst: at(sim, worstAtMs),
    };
    out.push({ ...e, why: explainDisagreement(e, fit, samples) });
  }
  return out;
}

/** The settings of a what-if: the observed ones with the what-if's changes. */
export function whatIfSettings(base: ResolvedSettings, w: WhatIf): ResolvedSettings {
  const c = w.changes;
  const set = <T>(v: T): Setting<T> => ({ value: v, source: 'observed', why: `what-if ${w.label}` });
  return {
    ...base,
    ...(c.go !== undefined ? { go: set(formatGoVersion(parseGoVersion(String(c.go), '--what-if go'))) } : {}),
    ...(c.kernel !== undefined ? { kernel: set(String(c.kernel)) } : {}),
    ...(c.godebug !== undefined ? { godebug: set(mergeGodebug(base.godebug.value, c.godebug)) } : {}),
    ...(c.gogc !== undefined ? { gogc: set(c.gogc) } : {}),
    ...(c.gomemlimit !== undefined ? { gomemlimit: set(c.gomemlimit === 'off' ? 'off' as const : parseSize(c.gomemlimit, '--what-if gomemlimit')) } : {}),
    ...(c.memTotal !== undefined ? { memTotal: set(parseSize(c.memTotal, '--what-if mem-total')) } : {}),
    ...(c.swap !== undefined ? { swap: set(parseSize(c.swap, '--what-if swap')) } : {}),
    ...(c.thp !== undefined ? { thp: set(parseThpMode(c.thp, '--what-if thp')) } : {}),
    ...(c.cgroupLimit !== undefined ? { cgroupLimit: set(c.cgroupLimit === 'off' ? 'off' as const : parseSize(c.cgroupLimit, '--what-if cgroup-limit')) } : {}),
    ...(c.gomaxprocs !== undefined ? { gomaxprocs: set(c.gomaxprocs) } : {}),
  };
}

/**
 * Replays a fit under the observed settings and under each what-if (specs such as
 * `"godebug=madvdontneed=1,gogc=50"`, or parsed {@link WhatIf}s).
 * @throws {@link ScavsimError} for a what-if that does not parse or that the model refuses (naming it)
 */
export function replay(fit: Fit, whatIfs: readonly (string | WhatIf)[] = [], opts: SimulateOptions = {}): Replay {
  const parsed = whatIfs.map((w) => (typeof w === 'string' ? parseWhatIf(w) : { label: w.label, changes: checkObserved(w.changes, '--what-if ') }));
  const result = simulate(fit.config, opts);
  const samples = processSamples(result);
  const fitted: ReplayedVariant = { label: 'fitted', settings: fit.settings, result, summary: summarize('fitted', result) };
  const t = fit.telemetry;
  const variants = parsed.map((w) => {
    const s = whatIfSettings(fit.settings, w);
    // The observed GC times hold while the pacer's inputs are the observed ones: GODEBUG's
    // madvise mode, the kernel, the machine and cgroups change what release does, not when GCs run.
    const c = w.changes;
    const samePacer = c.go === undefined && c.gogc === undefined && c.gomemlimit === undefined;
    const cfg = buildConfig(s, fit.extraRss.value, fit.workload, fit.config.duration as number, t.endMs - t.startMs, samePacer ? fit.gcTimes : null);
    const r = simulate(cfg);
    return { label: w.label, settings: s, result: r, summary: summarize(w.label, r) };
  });
  return { fit, fitted, check: checkSeries(fit, samples), whatIfs: variants };
}
