/**
 * The human summary `scavsim run` prints by default.
 *
 * One block per process: whether and when the OOM killer killed it, peak and final RSS, final
 * HeapInuse, HeapReleased and LazyFree (and, in a memory cgroup, its usage and working set), the
 * number of GCs, and (for Go processes) the final RSS − HeapInuse gap in words a user can act on
 * (see `gap.ts`). The headline numbers are the ones the incident turned on: HeapReleased
 * climbing while RSS stays put means MADV_FREE, not a leak.
 *
 * @module
 */
import { formatBytes } from '@scavsim/core';
import type { ProcessKill, RunResult, Sample } from '@scavsim/core';
import { describeGap, gapBreakdown } from './gap.js';
import { processesOf, runDurationMs } from './processes.js';

/** Key figures of one process over a run. */
export interface ProcessFigures {
  /** Process name. */
  readonly name: string;
  /** Highest `VmRSS` seen. */
  readonly peakRss: number | undefined;
  /** Simulated time of the peak. */
  readonly peakRssAt: number | undefined;
  /** The last sample. */
  readonly end: Sample;
  /** GCs: the last `NumGC`, or the count of `gc` events for the process. */
  readonly gcs: number | undefined;
  /** When the OOM killer killed the process, if it did (from `RunResult.killed`). */
  readonly oomKill: ProcessKill | undefined;
}

/** Computes {@link ProcessFigures} for every process, in order of first appearance. */
export function processFigures(result: RunResult): ProcessFigures[] {
  return processesOf(result).map(({ name, samples }) => {
    let peakRss: number | undefined;
    let peakRssAt: number | undefined;
    for (const s of samples) {
      if (s.VmRSS !== undefined && (peakRss === undefined || s.VmRSS > peakRss)) {
        peakRss = s.VmRSS;
        peakRssAt = s.t_ms;
      }
    }
    const end = samples.at(-1)!;
    const gcEvents = result.events.filter((e) => e.kind === 'gc' && (e.process ?? name) === name).length;
    const gcs = end.NumGC ?? (gcEvents > 0 ? gcEvents : undefined);
    const oomKill = result.killed.find((k) => k.process === name);
    return { name, peakRss, peakRssAt, end, gcs, oomKill };
  });
}

const fmt = (b: number | undefined): string => (b === undefined ? '–' : formatBytes(b));
const secs = (ms: number): string => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;

/** The kill in words: `OOM-killed at 84.9 s (RSS 2.00 GiB, cgroup "limit" at its limit)`. */
export function describeOomKill(k: ProcessKill): string {
  const why = k.scope === 'memcg' ? `cgroup${k.cgroup === undefined ? '' : ` "${k.cgroup}"`} at its limit` : 'machine out of memory';
  return `OOM-killed at ${secs(k.t_ms)} (RSS ${formatBytes(k.rssBytes)}, ${why})`;
}

/** A short multi-line summary of a run, ending with a newline. */
export function toSummary(result: RunResult): string {
  const h = result.header;
  const about = [
    typeof h['go_version'] === 'string' ? (h['go_version'].startsWith('go') ? h['go_version'] : `Go ${h['go_version']}`) : undefined,
    typeof h['kernel'] === 'string' ? `kernel ${h['kernel']}` : undefined,
    typeof h['GODEBUG'] === 'string' && h['GODEBUG'] !== '' ? `GODEBUG=${h['GODEBUG']}` : undefined,
    `seed ${h.seed}`,
    `${secs(runDurationMs(result))} simulated`,
  ].filter((x) => x !== undefined);
  const out = [`${h.scenario}: ${about.join(', ')}`];
  const figures = processFigures(result);
  for (const p of figures) {
    const e = p.end;
    out.push('');
    out.push(`process ${p.name}`);
    if (p.oomKill !== undefined) out.push(`  ${describeOomKill(p.oomKill)}; the figures below are its last sample`);
    out.push(`  peak RSS       ${fmt(p.peakRss)}${p.peakRssAt === undefined ? '' : ` at ${secs(p.peakRssAt)}`}`);
    out.push(`  end RSS        ${fmt(e.VmRSS)}`);
    if (e.HeapInuse !== undefined) {
      out.push(`  HeapInuse      ${fmt(e.HeapInuse)}`);
      out.push(`  HeapReleased   ${fmt(e.HeapReleased)}`);
    }
    out.push(`  LazyFree       ${fmt(e.LazyFree)}`);
    // In a memory cgroup, what container dashboards show: usage counts lazily freed pages,
    // the working set (usage − inactive file, as cAdvisor computes it) does not.
    if (e.cg_usage !== undefined) out.push(`  cgroup usage   ${fmt(e.cg_usage)}`);
    if (typeof e['cg_working_set'] === 'number') out.push(`  working set    ${fmt(e['cg_working_set'])}`);
    if (p.gcs !== undefined) out.push(`  GCs            ${p.gcs}`);
    const gap = gapBreakdown(e, h['go_version']);
    if (gap !== undefined) out.push(...describeGap(gap, h['go_version']).map((l) => `  ${l}`));
  }
  return out.join('\n') + '\n';
}
