/**
 * Reading a `GODEBUG=gctrace=1[,scavtrace=1]` log, one line at a time.
 *
 * The line layouts are `@scavsim/core`'s (`parseTraceLine`, the reading half of
 * `trace-format.ts`), for every Go version from 1.11 to 1.26; the layouts seen narrow the Go
 * version down as far as the policy table allows. What each line gives:
 *
 * - `gc N @Ts …`: a GC record (start time, heap at start, marked live heap, goal, forced), and
 *   the points `NumGC`, `HeapLive` at the cycle's end (`@T` plus the three clock phases); its
 *   `goal` is the one the cycle ran against, so it is `NextGC` from the end of the GC before. Printed MB are floored by the runtime (`>> 20`); they are read as the middle of
 *   their MiB (`N MB` → N.5 MiB), the unbiased guess.
 * - `GC forced` marks the next GC as sysmon's periodic one.
 * - `scav …` (1.14+) and the `scvg` pair (≤ 1.13) give `HeapReleased` (and `scvg`'s
 *   statistics line `HeapInuse`, `HeapIdle`, `HeapSys`) at the time of the last GC line: the
 *   lines carry no time of their own (1.19+ prints them at the end of a GC's sweep).
 *
 * Damage is tolerated and reported as `file:line: problem`: a line cut off mid-way, trace text
 * after a log prefix or glued to the program's output (read), GC numbers that skip (lines
 * lost) or start again at 1 (the process restarted: only the last run is kept, since one
 * replay is one process). Lines without trace text are the program's own output and are
 * counted, not reported.
 *
 * @module
 */
import { goMinorsPrinting, MiB, parseTraceLine, type ParsedTraceLine } from '@scavsim/core';
import { median, parseTimestamp, SourceData } from './source.js';
import type { Warnings } from './telemetry.js';

/** Most (log timestamp − runtime time) pairs kept to find the process start. */
const MAX_ORIGIN_SAMPLES = 1000;

/** MB as printed (floored) → bytes, read as the middle of the MiB. */
const mb = (v: number): number => (v + 0.5) * MiB;

/** A line-by-line gctrace reader: feed it lines, then take its {@link SourceData}. */
export class GctraceReader {
  private data: SourceData;
  private lastGc = 0;
  private lastEndMs = 0;
  private prevEndMs = -1;
  private readonly minorsOf = new Map<string, number[]>();
  private periodicNext = false;
  private readonly origins: number[] = [];

  constructor(private readonly name: string, private readonly warnings: Warnings) {
    this.data = new SourceData(name, 'gctrace', 'run', warnings);
  }

  /** Reads one line (no line ending). */
  line(text: string, lineNo: number): void {
    const d = this.data;
    d.lines++;
    const p = parseTraceLine(text);
    if (p === null) return; // the program's own output
    const where = `${this.name}:${lineNo}`;
    switch (p.kind) {
      case 'damaged':
        d.skipped++;
        this.warnings.add(where, `a ${p.started} line cut off or garbled; skipped`);
        return;
      case 'gc-forced':
        this.periodicNext = true;
        d.used++;
        return;
      case 'gc':
        this.gcLine(p, where);
        return;
      default:
        this.scavengerLine(p, where);
    }
  }

  private gcLine(p: Extract<ParsedTraceLine, { kind: 'gc' }>, where: string): void {
    if (p.gc <= this.lastGc) {
      this.warnings.add(where, `GC numbers start again (gc ${p.gc} after gc ${this.lastGc}): the process restarted; only the run from here on is kept`);
      const fresh = new SourceData(this.name, 'gctrace', 'run', this.warnings);
      fresh.lines = this.data.lines;
      fresh.skipped = this.data.skipped + this.data.used;
      fresh.goMinors = this.data.goMinors;
      this.data = fresh;
      this.origins.length = 0;
      this.prevEndMs = -1;
    } else if (this.lastGc > 0 && p.gc > this.lastGc + 1) {
      this.warnings.add(where, `gc ${this.lastGc + 1} to gc ${p.gc - 1} are missing (lines lost)`);
    }
    const d = this.data;
    this.lastGc = p.gc;
    this.narrow([p.format], where);
    const startMs = p.startS * 1000;
    const endMs = startMs + p.clockMs[0] + p.clockMs[1] + p.clockMs[2];
    this.lastEndMs = endMs;
    const live = mb(p.heapLiveMB);
    const goal = mb(p.goalMB);
    d.gcs.push({ t: startMs, n: p.gc, heapStart: mb(p.heapStartMB), heapLive: live, goal, forced: p.forced, periodic: this.periodicNext, count: 1 });
    this.periodicNext = false;
    d.fact('gomaxprocs', String(p.procs), 'gctrace "N P"');
    d.add('NumGC', endMs, p.gc, where);
    // The printed goal is this cycle's, set at the end of the one before: NextGC from then on.
    if (this.prevEndMs >= 0) d.add('NextGC', this.prevEndMs, goal, where);
    this.prevEndMs = endMs;
    d.add('HeapLive', endMs, live, where);
    d.used++;
    if (p.prefix !== '' && this.origins.length < MAX_ORIGIN_SAMPLES) {
      // The runtime prints the line at the end of mark termination: the log's time is then.
      const unix = parseTimestamp(p.prefix);
      if (unix !== null) this.origins.push(unix - endMs);
    }
  }

  private scavengerLine(p: Extract<ParsedTraceLine, { kind: 'scav' | 'scvg' }>, where: string): void {
    const d = this.data;
    this.narrow(p.formats, where);
    const t = this.lastEndMs;
    if (p.kind === 'scav') d.add('HeapReleased', t, p.releasedKiB * 1024, where);
    else if (p.stats !== undefined) {
      d.add('HeapInuse', t, mb(p.stats.inuse), where);
      d.add('HeapIdle', t, mb(p.stats.idle), where);
      d.add('HeapSys', t, mb(p.stats.sys), where);
      d.add('HeapReleased', t, mb(p.stats.released), where);
    }
    d.used++;
  }

  private narrow(formats: Parameters<typeof goMinorsPrinting>[0], where: string): void {
    const d = this.data;
    // Every line of a log has one of a handful of layouts: look each up in the table once.
    const key = formats.join(',');
    let allowed = this.minorsOf.get(key);
    if (allowed === undefined) this.minorsOf.set(key, (allowed = goMinorsPrinting(formats)));
    if (d.goMinors !== null && d.goMinors.length === allowed.length && d.goMinors.every((m, i) => m === allowed![i])) return;
    if (d.goMinors === null) {
      d.goMinors = allowed;
      return;
    }
    const both = d.goMinors.filter((m) => allowed.includes(m));
    if (both.length === 0) {
      this.warnings.add(where, `this line's layout (${formats.join(' or ')}) does not fit the Go versions the earlier lines tell; ignored for the version`);
      return;
    }
    d.goMinors = both;
  }

  /** The file's data, once every line was read. */
  finish(): SourceData {
    const d = this.data;
    if (this.origins.length > 0) {
      d.originUnixMs = median(this.origins);
      d.originHow = `${this.name}: the log's line timestamps minus gctrace's @ times (median of ${this.origins.length})`;
    }
    return d;
  }
}
