/**
 * Why is RSS bigger than the heap? The RSS − HeapInuse gap, split by cause.
 *
 * A Go process's resident set is more than its in-use heap. With the runtime's own accounting
 * (go §4) and the kernel's (`smaps_rollup` `LazyFree`, docs/sources.md) the
 * gap `VmRSS − HeapInuse` splits into four parts, each with a different remedy:
 *
 *  1. **Free, not yet scavenged, above the scavenger's goal** (`pendingScavenge`): idle heap pages
 *     still backed by RAM (`HeapIdle − HeapReleased`) that the background scavenger *will* return
 *     ([go1.13:mgcscavenge.go] paces toward `retainedGoal`; ≤1.12 waits for spans idle for
 *     5 minutes [go1.12:mheap.go scavengeLargest/scavenge]). `debug.FreeOSMemory()` returns them now.
 *  2. **The scavenger's retained buffer** (`retainedBuffer`): free pages it keeps on purpose, up
 *     to its goal (about 10 % over the heap goal, `retainExtraPercent = 10`, go §3). Lower GOGC or
 *     a GOMEMLIMIT shrinks it.
 *  3. **Released but still resident** (`lazyFree`): pages the runtime returned with MADV_FREE.
 *     `HeapReleased` counts them as gone; the kernel keeps them in RSS until memory pressure
 *     (mm/vmscan.c `shrink_folio_list` discards clean lazyfree folios). Not a leak.
 *  4. **Non-heap memory** (`nonHeap`): the remainder, i.e. goroutine stacks, runtime metadata, the binary and
 *     other mappings. Heap tuning does not shrink it.
 *
 * The scavenger's goal is taken from the sample's {@link SCAVENGE_GOAL_FIELD} when the engine
 * records it; otherwise it is estimated as `1.1 × NextGC` (the 1.13.0 formula, close to later
 * versions in steady state) and marked as an estimate. Go ≤ 1.12 has no goal: all free pages
 * wait for the 5-minute rule.
 *
 * @module
 */
import { formatBytes } from '@scavsim/core';
import type { Sample } from '@scavsim/core';

/** Sample field holding the background scavenger's retained-memory goal in bytes, if recorded. */
export const SCAVENGE_GOAL_FIELD = 'ScavengeGoal';

/** Where the scavenger goal used for the split came from. */
export type GoalSource = 'sample' | 'estimate' | 'none';

/** The RSS − HeapInuse gap of one sample, split by cause (all bytes, all ≥ 0; the four causes add up to `max(gap, 0)`). */
export interface GapBreakdown {
  /** Simulated time of the sample. */
  readonly t_ms: number;
  /** The process the sample belongs to, if named. */
  readonly process: string | undefined;
  /** `VmRSS`. */
  readonly rss: number;
  /** `HeapInuse`. */
  readonly heapInuse: number;
  /** `VmRSS − HeapInuse` (may be negative when RSS lags the heap; then every part is 0). */
  readonly gap: number;
  /** Free heap pages the scavenger will still return. */
  readonly pendingScavenge: number;
  /** Free heap pages the scavenger keeps on purpose (up to its goal). */
  readonly retainedBuffer: number;
  /** Released with MADV_FREE, still counted in RSS. */
  readonly lazyFree: number;
  /** Everything else in RSS: stacks, runtime metadata, binary, other mappings. */
  readonly nonHeap: number;
  /**
   * Free heap the runtime counts as retained (`HeapIdle − HeapReleased`) that RSS does not
   * hold: never touched, or reclaimed by the kernel. Not part of the gap.
   */
  readonly notResident: number;
  /** Where the scavenger goal came from. */
  readonly goalSource: GoalSource;
}

/** The Go minor version (`15` for `"go1.15.10"`), or `undefined` when not a Go 1.x version. */
export function goMinor(goVersion: unknown): number | undefined {
  if (typeof goVersion !== 'string') return undefined;
  const m = /^(?:go)?1\.(\d+)/.exec(goVersion.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * Splits a sample's RSS − HeapInuse gap by cause. Returns `undefined` when the sample lacks
 * `VmRSS` or MemStats (a non-Go process).
 * @param goVersion the run's Go version (header `go_version`), used to pick the goal rule
 */
export function gapBreakdown(sample: Sample, goVersion?: unknown): GapBreakdown | undefined {
  const { VmRSS: rss, HeapInuse: inuse, HeapIdle: idle, HeapReleased: released } = sample;
  if (rss === undefined || inuse === undefined || idle === undefined || released === undefined) {
    return undefined;
  }
  const gap = rss - inuse;
  const room = Math.max(0, gap);
  // The kernel's LazyFree is a measurement; the runtime's free-but-retained figure is
  // bookkeeping that can exceed what is resident (≤1.12 counts never-touched memory as
  // retained [go1.12:mheap.go]; reclaimed lazyfree pages stay "retained" until reused), so it
  // is capped to what RSS leaves and the excess reported as `notResident`.
  const lazyFree = clamp(sample.LazyFree ?? 0, 0, room);
  const freeAccounted = Math.max(0, idle - released);
  const freeResident = Math.min(freeAccounted, room - lazyFree);
  const { goal, source } = scavengeGoal(sample, goVersion);
  const retainedBuffer = goal === undefined ? 0 : clamp(goal - inuse, 0, freeResident);
  const pendingScavenge = freeResident - retainedBuffer;
  const nonHeap = room - lazyFree - freeResident;
  return {
    t_ms: sample.t_ms, process: sample.process, rss, heapInuse: inuse, gap,
    pendingScavenge, retainedBuffer, lazyFree, nonHeap, notResident: freeAccounted - freeResident,
    goalSource: source,
  };
}

function scavengeGoal(sample: Sample, goVersion: unknown): { goal: number | undefined; source: GoalSource } {
  const recorded = sample[SCAVENGE_GOAL_FIELD];
  if (typeof recorded === 'number') return { goal: recorded, source: 'sample' };
  const minor = goMinor(goVersion);
  if (minor !== undefined && minor <= 12) return { goal: undefined, source: 'none' };
  if (sample.NextGC === undefined) return { goal: undefined, source: 'none' };
  return { goal: Math.ceil(sample.NextGC * 1.1), source: 'estimate' };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * The breakdown in words a user can act on: one line per non-zero cause with its size, share
 * of the gap and what to do about it.
 */
export function describeGap(b: GapBreakdown, goVersion?: unknown): string[] {
  const minor = goMinor(goVersion);
  const share = (x: number): string => (b.gap > 0 ? ` (${Math.round((100 * x) / b.gap)}% of the gap)` : '');
  const lines = [
    `RSS ${formatBytes(b.rss)} − HeapInuse ${formatBytes(b.heapInuse)} = ${formatBytes(b.gap)} not in use by Go objects:`,
  ];
  if (b.gap <= 0) {
    lines.push('  nothing to explain: the in-use heap accounts for all of RSS.');
    return lines;
  }
  if (b.pendingScavenge > 0) {
    const when = minor !== undefined && minor <= 12
      ? 'Go ≤1.12 returns free spans only after they sat idle for 5 minutes'
      : 'the background scavenger is returning it gradually';
    lines.push(`  ${formatBytes(b.pendingScavenge)}${share(b.pendingScavenge)} free heap not yet returned to the OS: ${when}; debug.FreeOSMemory() returns it at once.`);
  }
  if (b.retainedBuffer > 0) {
    const est = b.goalSource === 'estimate' ? ' (goal estimated as 1.1 × NextGC)' : '';
    lines.push(`  ${formatBytes(b.retainedBuffer)}${share(b.retainedBuffer)} free heap the scavenger keeps on purpose, about 10% above the heap goal${est}; a lower GOGC or a GOMEMLIMIT shrinks it.`);
  }
  if (b.lazyFree > 0) {
    lines.push(`  ${formatBytes(b.lazyFree)}${share(b.lazyFree)} released with MADV_FREE (counted in HeapReleased) but still resident: the kernel takes it back only under memory pressure. Not a leak; GODEBUG=madvdontneed=1 (the default from Go 1.16) makes RSS drop at once.`);
  }
  if (b.nonHeap > 0) {
    lines.push(`  ${formatBytes(b.nonHeap)}${share(b.nonHeap)} outside the heap: goroutine stacks, runtime metadata, the binary and other mappings; GC settings do not shrink it.`);
  }
  return lines;
}
