/**
 * Splitting a run's interleaved samples by process.
 *
 * A {@link RunResult} lists every process's samples in one time-ordered array, with `process`
 * naming each sample's owner (absent in single-process runs). Outputs that speak per process
 * (summaries, chart panels, `explain`) group them here, keeping the order in which processes
 * first appear so the output is stable.
 *
 * @module
 */
import type { RunResult, Sample } from '@scavsim/core';

/** The label used for samples without a `process` field. */
export const DEFAULT_PROCESS = 'main';

/** Samples of one process, in time order. */
export interface ProcessSamples {
  /** The process name (`process` field, or {@link DEFAULT_PROCESS}). */
  readonly name: string;
  /** Its samples in time order. */
  readonly samples: readonly Sample[];
}

/**
 * Groups samples by process, in order of first appearance.
 * @param unnamed the name for samples without a `process` field
 */
export function byProcess(samples: readonly Sample[], unnamed = DEFAULT_PROCESS): ProcessSamples[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const name = s.process ?? unnamed;
    let g = groups.get(name);
    if (g === undefined) groups.set(name, (g = []));
    g.push(s);
  }
  return [...groups].map(([name, list]) => ({ name, samples: list }));
}

/**
 * The name of a run's process when its samples carry none: single-process runs leave `process`
 * out of samples (as the probe does), but the config, and so `run`, `explain`, `compare` and
 * every format, name it (`api`); {@link DEFAULT_PROCESS} only when the config names none.
 */
export function soleProcessName(result: RunResult): string {
  const config = result.header.config as { processes?: readonly { name?: unknown }[] } | null | undefined;
  const procs = config?.processes;
  const name = Array.isArray(procs) && procs.length === 1 ? procs[0]?.name : undefined;
  return typeof name === 'string' && name !== '' ? name : DEFAULT_PROCESS;
}

/** A run's samples by process, every process under its configured name. */
export function processesOf(result: RunResult): ProcessSamples[] {
  return byProcess(result.samples, soleProcessName(result));
}

/** The last sample of a process at or before `t_ms` (the first sample if all are later). */
export function sampleAtOrBefore(samples: readonly Sample[], t_ms: number): Sample | undefined {
  let found: Sample | undefined = samples[0];
  for (const s of samples) {
    if (s.t_ms > t_ms) break;
    found = s;
  }
  return found;
}

/** The run's simulated duration: the last sample's time (0 without samples). */
export function runDurationMs(result: RunResult): number {
  return result.samples.at(-1)?.t_ms ?? 0;
}
