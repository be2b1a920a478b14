/**
 * What the golden record keeps of one run: a hash of its whole output and the figures a reader
 * checks first when the hash moves.
 *
 * The hash covers the header (without the package version, which changes on every release and
 * says nothing about the model), every sample and every event, serialized with sorted keys so
 * that the order in which a module fills a sample's fields does not count as a change. Any
 * other difference (one byte of one sample) changes the hash.
 */
import { createHash } from 'node:crypto';
import type { RunResult, Sample } from '@scavsim/core';

/** The figures kept per process: the end state and the peaks a scenario's story rests on. */
export interface ProcessFigures {
  readonly samples: number;
  readonly final_VmRSS?: number;
  readonly peak_VmRSS?: number;
  readonly final_LazyFree?: number;
  readonly final_HeapInuse?: number;
  readonly final_HeapReleased?: number;
  readonly peak_HeapSys?: number;
  readonly final_NumGC?: number;
  readonly final_cg_usage?: number;
}

/** One run's record. */
export interface RunRecord {
  /** sha256 of the canonical JSON of header (minus version), samples and events. */
  readonly sha256: string;
  readonly samples: number;
  /** Events by kind. */
  readonly events: Readonly<Record<string, number>>;
  /** Bytes released by the runtime (sum of `scavenge` events) and reclaimed by the kernel. */
  readonly scavenged_bytes: number;
  readonly reclaimed_bytes: number;
  /** Per process (key `''` for a run whose samples name no process). */
  readonly processes: Readonly<Record<string, ProcessFigures>>;
}

/** JSON with object keys sorted at every level; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  });
}

function num(s: Sample, field: string): number | undefined {
  const v = s[field];
  return typeof v === 'number' ? v : undefined;
}

function figuresOf(samples: readonly Sample[]): ProcessFigures {
  const last = samples.at(-1)!;
  const peak = (field: string): number | undefined => {
    let best: number | undefined;
    for (const s of samples) {
      const v = num(s, field);
      if (v !== undefined && (best === undefined || v > best)) best = v;
    }
    return best;
  };
  const figures: Record<string, number | undefined> = {
    samples: samples.length,
    final_VmRSS: num(last, 'VmRSS'),
    peak_VmRSS: peak('VmRSS'),
    final_LazyFree: num(last, 'LazyFree'),
    final_HeapInuse: num(last, 'HeapInuse'),
    final_HeapReleased: num(last, 'HeapReleased'),
    peak_HeapSys: peak('HeapSys'),
    final_NumGC: num(last, 'NumGC'),
    final_cg_usage: num(last, 'cg_usage'),
  };
  // Absent fields (no MemStats for a plain process, no cg_* outside a cgroup) stay absent.
  return Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined)) as unknown as ProcessFigures;
}

/** The record of one finished run. */
export function recordOf(run: RunResult): RunRecord {
  const { scavsim_version: _version, ...header } = run.header;
  const sha256 = createHash('sha256')
    .update(canonicalJson({ header, samples: run.samples, events: run.events }))
    .digest('hex');
  const events: Record<string, number> = {};
  let scavenged = 0;
  let reclaimed = 0;
  for (const e of run.events) {
    events[e.kind] = (events[e.kind] ?? 0) + 1;
    const bytes = e.detail?.['bytes'];
    if (typeof bytes !== 'number') continue;
    if (e.kind === 'scavenge') scavenged += bytes;
    if (e.kind === 'reclaim') reclaimed += bytes;
  }
  const byProcess = new Map<string, Sample[]>();
  for (const s of run.samples) {
    const key = s.process ?? '';
    let list = byProcess.get(key);
    if (list === undefined) byProcess.set(key, (list = []));
    list.push(s);
  }
  const processes = Object.fromEntries([...byProcess].map(([k, list]) => [k, figuresOf(list)]));
  return {
    sha256,
    samples: run.samples.length,
    events: Object.fromEntries(Object.entries(events).sort(([a], [b]) => a.localeCompare(b))),
    scavenged_bytes: scavenged,
    reclaimed_bytes: reclaimed,
    processes,
  };
}
