/**
 * "When was this free run last freed?" for the Go ≤ 1.11 (and 1.12) sysmon scavenger.
 *
 * Before Go 1.13 every free span carried `unusedsince`, stamped with `nanotime()` when the
 * span was freed. When a freed span coalesced with free neighbours the **merged span took the
 * new timestamp**, so a region that keeps receiving frees never ages; trimming an allocation
 * off a free span passed the parent's timestamp to the remainder [go1.11:mheap.go
 * freeSpanLocked, allocSpanLocked] (go §3.1). The sysmon scavenger released
 * spans idle for more than 5 minutes.
 *
 * scavsim keeps one stamp per maximal free run, keyed by the run's first page, in a `Map`:
 * memory is O(free runs) and only paid when a heap is created with `trackFreeTime: true`.
 * The page heap tells this store the run boundaries; this module only applies the rules.
 *
 * @module
 */

/** Stamps of maximal free runs, keyed by first page. */
export class FreeRunStamps {
  private readonly stamps = new Map<number, number>();

  /**
   * Pages `[base, base+n)` were freed and now form the maximal free run starting at
   * `runStart` (≤ base). The runs that merged (starting at `runStart` and at `base+n`) lose
   * their stamps; the merged run takes `nowMs`.
   */
  freed(runStart: number, base: number, n: number, nowMs: number): void {
    this.stamps.delete(base + n);
    this.stamps.set(runStart, nowMs);
  }

  /**
   * Pages `[base, base+n)` were allocated out of the maximal free run `[runStart, runEnd)`:
   * the pieces left below and above keep the parent's stamp.
   */
  allocated(runStart: number, runEnd: number, base: number, n: number): void {
    const stamp = this.stamps.get(runStart) ?? 0;
    this.stamps.delete(runStart);
    if (runStart < base) this.stamps.set(runStart, stamp);
    if (base + n < runEnd) this.stamps.set(base + n, stamp);
  }

  /** Stamp of the free run starting at `runStart`, if any. */
  get(runStart: number): number | undefined {
    return this.stamps.get(runStart);
  }

  /** Start pages of runs stamped strictly before `cutoffMs`, ascending. */
  startsBefore(cutoffMs: number): number[] {
    const out: number[] = [];
    for (const [start, stamp] of this.stamps) if (stamp < cutoffMs) out.push(start);
    return out.sort((a, b) => a - b);
  }

  /** Number of stamped runs (for tests: equals the number of maximal free runs). */
  get size(): number {
    return this.stamps.size;
  }
}
