/**
 * What `scavsim replay` prints, made of a {@link Replay} (pure, so a page can print it too):
 * the files read, the settings and where each came from, the check of the fit, and per
 * variant the summary (peak, end RSS, when RSS falls below half its peak, OOM) and the RSS gap
 * at a moment split by cause (`@scavsim/report`'s gap explanation). Charts take the telemetry
 * as a run of its own ({@link observedRun}) beside the replayed ones, so the existing chart
 * code draws observed, fitted and each what-if alike.
 *
 * @module
 */
import { formatBytes, type RunResult, type Sample, type SimEvent } from '@scavsim/core';
import { describeGap, gapBreakdown, sampleAtOrBefore, type ChartVariant } from '@scavsim/report';
import { at } from './infer.js';
import { processSamples, type Replay, type ReplayedVariant, type VariantSummary } from './replay.js';
import type { ResolvedSettings } from './settings.js';
import type { Telemetry, TelemetryField } from './telemetry.js';

const CHART_FIELDS: readonly TelemetryField[] = ['VmRSS', 'HeapInuse', 'HeapIdle', 'HeapReleased', 'HeapSys', 'LazyFree', 'NextGC', 'NumGC'];

/** The telemetry as a run: samples on its own clock at the RSS (else HeapInuse) times, GCs as events. */
export function observedRun(t: Telemetry): RunResult {
  const base = t.series.VmRSS ?? t.series.HeapInuse ?? t.series.HeapReleased;
  const samples: Sample[] = [];
  if (base !== undefined) {
    for (let i = 0; i < base.t.length; i++) {
      const s: Sample = { t_ms: Math.round(base.t[i]!) };
      for (const f of CHART_FIELDS) {
        const ser = t.series[f];
        if (ser !== undefined && ser.t.length > 0 && base.t[i]! >= ser.t[0]! - 1000 && base.t[i]! <= ser.t[ser.t.length - 1]! + 1000) {
          s[f] = Math.round(at(ser, base.t[i]!));
        }
      }
      samples.push(s);
    }
  }
  const events: SimEvent[] = t.gcs.map((g) => ({ t_ms: Math.round(g.t), kind: 'gc', detail: { n: g.n, forced: g.forced || g.periodic } }));
  return {
    header: { header: true, scenario: 'observed', scavsim_version: '', seed: 0, tick_ms: 0, sample_ms: 0, config: null },
    samples, events, killed: [],
  };
}

/** Observed, fitted and each what-if, labelled, for `renderSvg` / one terminal chart each. */
export function chartVariants(r: Replay): ChartVariant[] {
  return [
    { label: 'observed', result: observedRun(r.fit.telemetry) },
    { label: 'fitted', result: r.fitted.result },
    ...r.whatIfs.map((w) => ({ label: `what-if ${w.label}`, result: w.result })),
  ];
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
const secs = (ms: number | null): string => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);

function settingsLines(s: ResolvedSettings): string[] {
  const rows: [string, unknown, string, string][] = Object.entries(s).map(([k, v]) => [k, v.value, v.source, v.why]);
  return rows.map(([k, v, src, why]) => {
    const shown = k === 'memTotal' || k === 'swap' || ((k === 'gomemlimit' || k === 'cgroupLimit') && typeof v === 'number') ? formatBytes(v as number) : v === '' ? '(none)' : String(v);
    // Named as the flag that sets it (memTotal → mem-total), the name a what-if uses too.
    const flag = k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    return `  ${flag.padEnd(12)} ${shown.padEnd(16)} ${src.padEnd(9)} ${why}`;
  });
}

function summaryRow(s: VariantSummary): string {
  return `  ${s.label.padEnd(36)} ${mib(s.peakRss).padStart(9)} at ${secs(s.peakAtMs).padStart(8)} ${mib(s.endRss).padStart(9)}  ${secs(s.halfPeakAtMs).padStart(9)}  ${s.oom ? 'OOM' : '-'}`;
}

/**
 * The observed run's own figures, read from the telemetry's RSS (`VmRSS`, else cAdvisor's
 * `container_memory_rss`) as {@link summarize} reads a simulated run's: peak, when it peaked,
 * the last value, and the first time after the peak that RSS was below half of it. `null` when
 * the telemetry has no RSS series (a gctrace log alone).
 */
export function observedSummary(t: Telemetry): VariantSummary | null {
  const rss = t.series.VmRSS ?? t.series.cg_rss;
  if (rss === undefined || rss.t.length === 0) return null;
  let peak = 0;
  let peakAt = 0;
  for (let i = 0; i < rss.t.length; i++) if (rss.v[i]! > peak) { peak = rss.v[i]!; peakAt = rss.t[i]!; }
  let half: number | null = null;
  for (let i = 0; i < rss.t.length; i++) if (rss.t[i]! > peakAt && rss.v[i]! < peak / 2) { half = rss.t[i]!; break; }
  return { label: 'observed', peakRss: peak, peakAtMs: peakAt, endRss: rss.v[rss.v.length - 1]!, halfPeakAtMs: half, oom: false };
}

function gapLines(v: ReplayedVariant, atMs: number): string[] {
  const s = sampleAtOrBefore(processSamples(v.result), atMs);
  const b = s === undefined ? undefined : gapBreakdown(s, v.settings.go.value);
  if (b === undefined) return [`  ${v.label}: no sample at ${secs(atMs)}`];
  return [`  ${v.label} at ${secs(b.t_ms)}:`, ...describeGap(b, v.settings.go.value).map((l) => `    ${l}`)];
}

/** The text `scavsim replay --format summary` prints; `atMs` adds the RSS gap split at that time. */
export function formatReplaySummary(r: Replay, atMs?: number): string {
  const t = r.fit.telemetry;
  const out: string[] = ['scavsim replay', '', 'read:'];
  for (const f of t.files) out.push(`  ${f.name}: ${f.format}, ${f.lines} ${f.format === 'prometheus' ? 'series' : 'lines'}, ${f.used} used, ${f.skipped} skipped`);
  out.push(`  clock: ${t.clock.how}; ${secs(t.startMs)} to ${secs(t.endMs)}`);
  if (t.warnings.length > 0) {
    out.push(`  ${t.warnings.length + t.warningsDropped} damaged or odd lines tolerated:`);
    for (const w of t.warnings.slice(0, 10)) out.push(`    ${w}`);
    if (t.warnings.length + t.warningsDropped > 10) out.push(`    … and ${t.warnings.length + t.warningsDropped - 10} more`);
  }
  out.push('', 'settings of the observed run (value, source, why):', ...settingsLines(r.fit.settings));
  out.push(`  ${'extra RSS'.padEnd(12)} ${mib(r.fit.extraRss.value).padEnd(16)} ${r.fit.extraRss.source.padEnd(9)} ${r.fit.extraRss.why}`);
  out.push('', 'workload:', ...r.fit.notes.map((n) => `  ${n}`));
  out.push('', 'fit check (replay under the observed settings vs the telemetry, error in % of the observed peak):');
  if (r.check.length === 0) out.push('  nothing to compare: the telemetry has no RSS, HeapInuse or HeapReleased series');
  for (const e of r.check) out.push(`  ${e.series.padEnd(13)} mean ${e.meanPct.toFixed(1).padStart(5)} %  max ${e.maxPct.toFixed(1).padStart(5)} %  ${e.why}`);
  out.push('', `  ${'variant'.padEnd(36)} ${'peak RSS'.padStart(9)}    ${'(at)'.padStart(8)} ${'end RSS'.padStart(9)}  ${'< ½ peak'.padStart(9)}  OOM`);
  const obs = observedSummary(t);
  if (obs !== null) out.push(summaryRow(obs));
  out.push(summaryRow(r.fitted.summary));
  for (const w of r.whatIfs) out.push(summaryRow({ ...w.summary, label: `what-if ${w.label}` }));
  if (atMs !== undefined) {
    out.push('', `RSS gap at ${secs(atMs)}, split by cause:`);
    for (const v of [r.fitted, ...r.whatIfs]) out.push(...gapLines(v, atMs));
  }
  return `${out.join('\n')}\n`;
}
