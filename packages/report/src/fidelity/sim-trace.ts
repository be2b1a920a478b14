/**
 * A simulated run in the probe's trace shape, so that one analysis reads both.
 *
 * The engine's {@link RunResult} already names sample fields as the probe does
 * (`packages/core/src/metrics/sample.ts`), but it differs in three ways, which this adapter
 * removes:
 *
 *  - **Several processes.** A simulated pressure run has process A and the hog as separate
 *    samples (`process` field); the probe records the hog inside A's sample as `hog_VmRSS`
 *    and `hog_RssAnon`. The adapter keeps A's samples and copies the hog's `VmRSS`/`RssAnon`
 *    from its sample at the same `t_ms`.
 *  - **Events.** `SimEvent`s have a `kind` and a `detail`; probe events have `ev` and flat
 *    fields. `freeosmemory` becomes the probe's `freeosmemory_done`, the hog's `exit` its
 *    `hog_exited`, `phase` stays `phase`
 *    (with `name` from the detail), other kinds keep their name. When the run has a hog process
 *    but no `hog` phase, a `hog_started` event is placed at the hog's first sample.
 *  - **Phases.** A sample without `phase` gets the name of the last `phase` event at or before it.
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';
import type { RunHeader, RunResult, Sample, SimEvent } from '@scavsim/core';
import type { Trace, TraceEvent, TraceSample } from './trace.js';

/** Which processes of a run to read. */
export interface SimTraceOptions {
  /** Process A, whose samples become the trace's. Default: the process of the first sample. */
  readonly process?: string;
  /** The process whose RSS becomes `hog_VmRSS`. Default: a process named `hog`, if any; `null` for none. */
  readonly hogProcess?: string | null;
}

function toEvent(e: SimEvent, hog: string | null): TraceEvent {
  const ev = e.kind === 'freeosmemory' ? 'freeosmemory_done' : e.kind === 'exit' && e.process === hog ? 'hog_exited' : e.kind;
  return {
    ...(e.detail ?? {}),
    ev,
    t_ms: e.t_ms,
    ...(e.process !== undefined ? { process: e.process } : {}),
    ...(e.text !== undefined ? { text: e.text } : {}),
  };
}

/**
 * Converts a simulated run into a {@link Trace} that `keyMoments` and
 * `compareTraces` read exactly like a probe trace.
 * @throws {@link ScavsimError} `E_UNKNOWN_NAME` naming `process` or `hogProcess` when the run
 *   has no samples of that process
 */
export function traceFromRunResult(result: RunResult, options: SimTraceOptions = {}): Trace<RunHeader> {
  const all: readonly Sample[] = result.samples;
  const names = [...new Set(all.map((s) => s.process))];
  const main = options.process ?? all[0]?.process;
  const samplesA = all.filter((s) => s.process === main);
  if (samplesA.length === 0) {
    throw new ScavsimError('E_UNKNOWN_NAME', 'process', `the run has no samples of process ${JSON.stringify(main)}`, names.map((n) => JSON.stringify(n)).join(', ') || 'a run with samples');
  }
  const hog = options.hogProcess !== undefined ? options.hogProcess : (names.find((n) => n === 'hog') ?? null);
  const hogByT = new Map<number, Sample>();
  if (hog !== null) {
    for (const s of all) if (s.process === hog) hogByT.set(s.t_ms, s);
    if (hogByT.size === 0) throw new ScavsimError('E_UNKNOWN_NAME', 'hogProcess', `the run has no samples of process "${hog}"`, names.map((n) => JSON.stringify(n)).join(', '));
  }

  const events: TraceEvent[] = result.events
    .filter((e) => e.process === undefined || e.process === main || e.process === hog)
    .map((e) => toEvent(e, hog));
  const hasHogStart = events.some((e) => e.ev === 'hog_started' || (e.ev === 'phase' && e['name'] === 'hog'));
  if (hog !== null && !hasHogStart) {
    const first = Math.min(...hogByT.keys());
    const i = events.findIndex((e) => e.t_ms > first);
    events.splice(i < 0 ? events.length : i, 0, { ev: 'hog_started', t_ms: first });
  }

  const phases = events.filter((e) => e.ev === 'phase' && typeof e['name'] === 'string');
  let pi = -1;
  const samples: TraceSample[] = samplesA.map((s) => {
    while (pi + 1 < phases.length && phases[pi + 1]!.t_ms <= s.t_ms) pi++;
    const phase = s.phase ?? (pi >= 0 ? (phases[pi]!['name'] as string) : '');
    const h = hogByT.get(s.t_ms);
    const hogFields = h && typeof h.VmRSS === 'number' ? { hog_VmRSS: h.VmRSS, hog_RssAnon: h.RssAnon } : {};
    return { ...s, phase, ...hogFields };
  });
  return { header: result.header, samples, events };
}
