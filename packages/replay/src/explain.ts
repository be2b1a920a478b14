/**
 * Why a replayed series and the observed one disagree, in a sentence a user can act on.
 *
 * RSS = retained heap (HeapSys − HeapReleased) + released pages still resident (MADV_FREE's
 * LazyFree) + everything outside the heap. At the moment of the largest error the replay's and
 * the telemetry's parts are compared, and the largest difference is named: the heap the
 * scavenger had not yet returned (its timing and goal), or memory outside the heap (a
 * constant the fit took from the RSS floor, or the madvise mode). For HeapInuse the cause is
 * when GCs fell (the replay's GCs are at other instants than the real ones when the
 * telemetry's resolution leaves allocation between marks open); for HeapReleased it is how
 * much the scavenger returned after a GC, which follows that GC's live heap and the heap in
 * use then (`retainedGoal = heapInUse × goal ratio × 1.1`, go1.19.8 mgcscavenge.go).
 *
 * @module
 */
import type { Sample } from '@scavsim/core';
import type { Fit } from './fit.js';
import { at } from './infer.js';

/** Errors under this share of peak are called agreement. */
const AGREE_PCT = 10;

const mib = (b: number): string => `${Math.round(b / 2 ** 20)} MiB`;

function sampleAt(samples: readonly Sample[], t: number): Sample | undefined {
  let best: Sample | undefined;
  for (const s of samples) {
    if (s.t_ms > t) break;
    best = s;
  }
  return best ?? samples[0];
}

/** Times (ms) at which the replay's GC count went up. */
function fitGcTimes(samples: readonly Sample[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < samples.length; i++) if ((samples[i]!.NumGC ?? 0) > (samples[i - 1]!.NumGC ?? 0)) out.push(samples[i]!.t_ms);
  return out;
}

function nearest(ts: readonly number[], t: number): number | null {
  let best: number | null = null;
  for (const x of ts) if (best === null || Math.abs(x - t) < Math.abs(best - t)) best = x;
  return best;
}

/** The sentence for one series' largest error. */
export function explainDisagreement(
  e: { series: string; maxPct: number; meanPct: number; worstAtMs: number; observedAtWorst: number; replayAtWorst: number },
  fit: Fit,
  samples: readonly Sample[],
): string {
  const when = `at ${(e.worstAtMs / 1000).toFixed(1)} s`;
  if (e.maxPct < AGREE_PCT) return `agrees: within ${e.maxPct.toFixed(1)} % of peak everywhere`;
  const t = fit.telemetry;
  const s = sampleAt(samples, e.worstAtMs);
  const diff = `${when} the replay has ${mib(e.replayAtWorst)}, the telemetry ${mib(e.observedAtWorst)}`;
  if (s === undefined) return diff;
  // A GC at nearly the same moment on both sides but on opposite sides of the sample is timing, not level.
  const simGcs = fitGcTimes(samples);
  const obsGc = nearest(t.gcs.map((g) => g.t), e.worstAtMs);
  const simGc = nearest(simGcs, e.worstAtMs);
  if (obsGc !== null && simGc !== null && Math.abs(obsGc - simGc) <= 5000 && (obsGc - e.worstAtMs) * (simGc - e.worstAtMs) < 0) {
    return `${diff}: a GC ran at ${(simGc / 1000).toFixed(1)} s in the replay and at ${(obsGc / 1000).toFixed(1)} s in reality, on either side of this moment: when, not how much`;
  }
  const gcsBefore = t.gcs.filter((g) => g.t <= e.worstAtMs).length;
  const numGc = t.series.NumGC !== undefined ? at(t.series.NumGC, e.worstAtMs) : gcsBefore;
  const gcNote = numGc > 0 ? `; GCs by then: ${s.NumGC ?? 0} replayed, ${Math.round(numGc)} observed` : '';
  if (e.series === 'HeapInuse') {
    return `${diff}: the heap in use between GCs follows allocation the telemetry tells only at its own resolution, and the replay's GCs fall at other instants${gcNote}`;
  }
  if (e.series === 'HeapReleased') {
    return `${diff}: the scavenger returned ${e.replayAtWorst > e.observedAtWorst ? 'more' : 'less'} by then; what it returns after a GC follows that GC's live heap and the heap in use at it${gcNote}`;
  }
  // RSS: split into retained heap and the rest.
  const sys = t.series.HeapSys;
  const rel = t.series.HeapReleased;
  const simRetained = (s.HeapSys ?? 0) - (s.HeapReleased ?? 0);
  if (sys === undefined || rel === undefined) {
    return `${diff}: the telemetry has no HeapSys/HeapReleased to tell whether the heap or the rest differs (replayed heap retained ${mib(simRetained)}, outside it ${mib(e.replayAtWorst - simRetained)})`;
  }
  const obsRetained = at(sys, e.worstAtMs) - at(rel, e.worstAtMs);
  const heapDiff = simRetained - obsRetained;
  const restDiff = e.replayAtWorst - simRetained - (e.observedAtWorst - obsRetained);
  if (Math.abs(heapDiff) >= Math.abs(restDiff)) {
    return `${diff}: the replay retains ${mib(simRetained)} of heap where the real runtime retained ${mib(obsRetained)} (the scavenger returned ${heapDiff > 0 ? 'less' : 'more'} by then)${gcNote}`;
  }
  const lazy = s.LazyFree ?? 0;
  return `${diff}: outside the retained heap the replay holds ${mib(e.replayAtWorst - simRetained)} (of which ${mib(lazy)} released with MADV_FREE), the real process ${mib(e.observedAtWorst - obsRetained)}: ` +
    `memory outside the heap or pages released but still resident (madvise mode: ${fit.settings.godebug.value || 'default'}, ${fit.settings.godebug.source})`;
}
