/**
 * When the observed run's GCs ran, for the replay to run its own at the same times.
 *
 * The fit reproduces what each GC found (the live heap through the GC marks, the allocation
 * between them), but left to its own pacer the replay starts its cycles when its heap reaches
 * the goal, and over the ~100 cycles of a load test small differences move them: the replayed
 * load then ends at another point of its GC cycle than the observed one did. That point decides
 * what the first idle GC finds in use and, from Go 1.21, what the background scavenger may
 * release after it: the chunks that were dense at that GC wait one more cycle
 * [go1.21.12:mgcscavenge.go scavChunkData.shouldScavenge, mgc.go gcMarkTermination →
 * scavengeIndex.nextGen]. Following the recorded GC times keeps the replay in phase with the
 * run it replays (`GoProcessConfig.gcTimes`).
 *
 * The times are the ones {@link gcMarks} anchors the live heap at: a gctrace line's `@` time;
 * from sampled series, `LastGC` when exported, else the sample at which `NumGC` rose (several
 * GCs between two samples are spread evenly over the interval, the last at the sample). They
 * are followed only where the telemetry resolves the GCs, because a strict schedule needs the
 * allocation between two GCs to be the observed one: a gctrace log (the fit then takes the
 * allocation from the same log, `allocCurve`), or a series sampled finely enough that most GCs
 * are alone in their sample interval (the probe's MemStats every 100 ms). Where most GCs share
 * a scrape with others (a 1 s Prometheus scrape of a service that collects every 0.4 s),
 * neither their times nor the allocation between them is known, and the pacer starts the
 * replay's cycles. A gctrace log whose records were merged (a log longer than the reader
 * keeps) is not followed either, nor are scraped GCs under a memory limit without a live-heap
 * series: the fit then reads each GC's live heap from `NextGC ÷ (1 + GOGC/100)`, which the
 * limit caps (`gcMarks`), so a replayed GC at the recorded time would find another heap. The
 * replay's own pacer, whose goal the same limit caps, stays closer there.
 *
 * @module
 */
import { MAX_GC_TIMES } from '@scavsim/core';
import { at } from './infer.js';
import type { Telemetry } from './telemetry.js';

/**
 * The GC times of the observed run (ms, ascending), or the reason none are followed.
 * `limited`: a memory limit was in force in the observed run.
 */
export function observedGcTimes(t: Telemetry, limited = false): { times: number[]; from: string } | { times: null; why: string } {
  const times: number[] = [];
  let from: string;
  if (t.gcs.length === 0 && t.series.HeapLive === undefined && limited) {
    return { times: null, why: 'under a memory limit the goal is capped, so NextGC does not tell the live heap each GC found, and GCs at the recorded times would not find it' };
  }
  if (t.gcs.length > 0) {
    if (t.gcs.some((g) => g.count !== 1)) return { times: null, why: 'the gctrace log is longer than the reader keeps record by record' };
    for (const g of t.gcs) times.push(g.t);
    from = 'the gctrace log (each GC\'s @ time)';
  } else {
    const num = t.series.NumGC;
    if (num === undefined || num.t.length < 2) return { times: null, why: 'the telemetry has neither a gctrace log nor a NumGC series' };
    let alone = 0;
    for (let i = 1; i < num.t.length; i++) {
      const k = num.v[i]! - num.v[i - 1]!;
      // A counter that fell is a restart: the GCs before it are not this run's.
      if (k <= 0) continue;
      if (k === 1) alone++;
      const t0 = num.t[i - 1]!;
      const t1 = t.series.LastGC !== undefined ? Math.max(t0, Math.min(num.t[i]!, at(t.series.LastGC, num.t[i]!))) : num.t[i]!;
      for (let j = 1; j <= k; j++) times.push(t0 + ((t1 - t0) * j) / k);
    }
    if (2 * alone <= times.length) {
      return { times: null, why: `${t.seriesFrom.NumGC ?? 'the NumGC series'} is sampled more coarsely than the GCs ran (most of its GCs share a sample interval with another)` };
    }
    from = `${t.seriesFrom.NumGC ?? 'NumGC'} (NumGC${t.series.LastGC !== undefined ? ' and LastGC' : ''})`;
  }
  if (times.length > MAX_GC_TIMES) return { times: null, why: `the telemetry tells ${times.length} GCs, more than a replay follows (${MAX_GC_TIMES})` };
  const out = times.map((x) => Math.max(0, Math.round(x)));
  for (let i = 1; i < out.length; i++) out[i] = Math.max(out[i]!, out[i - 1]!);
  return { times: out, from };
}
