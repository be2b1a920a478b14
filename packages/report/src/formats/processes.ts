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

/** Groups samples by process, in order of first appearance. */
export function byProcess(samples: readonly Sample[]): ProcessSamples[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const name = s.process ?? DEFAULT_PROCESS;
    let g = groups.get(name);
    if (g === undefined) groups.set(name, (g = []));
    g.push(s);
  }
  return [...groups].map(([name, list]) => ({ name, samples: list }));
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
