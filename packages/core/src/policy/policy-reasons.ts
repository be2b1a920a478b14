/**
 * Human-readable reasons for the per-row choices of a resolved policy: background pacing,
 * heap-growth scavenging, FreeOSMemory, THP handling and trace output. Each sentence names the
 * runtime source or spec section the rule comes from (go §2.3, go §3, go §6).
 *
 * @module
 */
import type { GoPolicyRow } from './go-policy-table.js';
import { SCAVENGE_PERCENT } from './runtime-constants.js';

/** The background scavenger's pacing in this configuration. */
export interface BackgroundPacing {
  /** Scavenger design (row `background`). */
  readonly kind: GoPolicyRow['background'];
  /** What the 1 % is a share of (row `cpuShare`). */
  readonly cpuShare: GoPolicyRow['cpuShare'];
  /** Target CPU as a fraction of one CPU: 0 for the sysmon pass, 0.01 before 1.18, 0.01×GOMAXPROCS from 1.18. */
  readonly cpuFractionOfOneCpu: number;
  /** Bytes per background step when fixed (row `quantumBytes`). */
  readonly quantumBytes: number | null;
  /** Retained-heap goal formula (row `goal`). */
  readonly goal: GoPolicyRow['goal'];
  /** Why, with the source. */
  readonly reason: string;
}

/** The background scavenger's pacing and why. `debugScavenge` is the GODEBUG `scavenge` value. */
export function describeBackground(row: GoPolicyRow, gomaxprocs: number, debugScavenge: number): BackgroundPacing {
  const base = { kind: row.background, cpuShare: row.cpuShare, quantumBytes: row.quantumBytes, goal: row.goal };
  const share = SCAVENGE_PERCENT / 100;
  switch (row.background) {
    case 'sysmon-5min':
      return {
        ...base, cpuFractionOfOneCpu: 0,
        reason: 'background: sysmon checks every 2.5 min and releases every free span unused for > 5 min; not CPU-paced ' +
          '[go1.11:proc.go sysmon], [go1.11:mheap.go scavenge]' +
          (debugScavenge !== 0 ? '; GODEBUG=scavenge test mode shortens this to scavengelimit 20 ms, forcegcperiod 10 ms' : ''),
      };
    case 'pacing-line-1.13':
      return {
        ...base, cpuFractionOfOneCpu: share,
        reason: `background: goroutine follows a pacing line to the goal (${goalText(row)}), estimating ${SCAVENGE_PERCENT} % of one CPU ` +
          'at 10 µs per page, i.e. 1 ms per 4 KiB page or per whole huge page [go1.13.4:mgcscavenge.go gcPaceScavenger, bgscavenge]',
      };
    case 'self-paced-1.14':
      return {
        ...base, cpuFractionOfOneCpu: share,
        reason: 'background: goroutine releases one 8 KiB page per step (a whole 2 MiB huge page when the free run below covers one) ' +
          `and sleeps ~100× the measured work (EWMA, work capped at 10 ms, sleeps in whole ms), ${SCAVENGE_PERCENT} % ` +
          `of one CPU, until retained ≤ goal (${goalText(row)}) [go1.14.13:mgcscavenge.go bgscavenge, findScavengeCandidate]`,
      };
    case 'pi-1.18':
      return {
        ...base, cpuFractionOfOneCpu: share * gomaxprocs,
        reason: `background: PI controller keeps scavenging at ${SCAVENGE_PERCENT} % of GOMAXPROCS=${gomaxprocs} CPUs ` +
          `(${(share * gomaxprocs).toFixed(2)} CPU), 64 KiB per call, ≥ 1 ms batches, until retained ≤ goal (${goalText(row)})` +
          (row.memoryLimit ? ' and mappedReady ≤ the memory-limit goal' : '') + ' [go1.18:mgcscavenge.go], [go1.19.8:mgcscavenge.go]',
      };
  }
}

function goalText(row: GoPolicyRow): string {
  switch (row.goal) {
    case 'none-idle-5min': return 'none: age-based';
    case 'next-gc-x1.1': return 'retained ≤ 1.1 × next_gc, #34048';
    case 'last-inuse-x-goal-ratio-x1.1': return 'retained ≤ 1.1 × lastHeapInUse × heapGoal / lastHeapGoal';
  }
}

/** Why heap growth does or does not scavenge in this row. */
export function describeGrowth(row: GoPolicyRow): string {
  switch (row.heapGrowth) {
    case 'none':
      return row.allocPath === 'none'
        ? 'heap growth: no scavenging when the heap grows (≤ 1.11) [go1.11:mheap.go grow]'
        : 'heap growth: grow maps memory already marked scavenged and does not scavenge; the allocation path does instead (C:4e7bef84c1a8)';
    case 'largest-spans-arena-rounded':
      return 'heap growth: grow calls scavengeLargest(arena-rounded growth, 64 MiB multiples): releases the largest free spans, ' +
        'using and refilling scavengeCredit (C:c803ffc67d0c, C:faf187fb8e2c) [go1.12:mheap.go grow]';
    case 'min-growth-excess-locked':
      return 'heap growth: scavenges min(growth, retained + growth − goal) inside grow with the heap lock held ' +
        '[go1.13.4:mheap.go scavengeIfNeededLocked], [go1.14.13:mheap.go grow]';
    case 'min-growth-excess-unlocked':
      return 'heap growth: scavenges min(growth, retained + growth − goal) in allocSpan after dropping the heap lock (C:4f543b59c561) [go1.18:mheap.go allocSpan]';
    case 'max-growth-or-limit-excess':
      return 'heap growth: allocSpan scavenges max(growth rule, memory-limit excess) (C:b4d81147d8dc) [go1.19.8:mheap.go allocSpan]';
    case 'growth-nonforced-limit-forced':
      return 'heap growth: allocSpan scavenges min(growth, retained + growth − goal) respecting density; memory-limit excess is forced; both count as eager [go1.21.12:mheap.go allocSpan]';
  }
}

/** What debug.FreeOSMemory does in this row. */
export function describeFreeOsMemory(row: GoPolicyRow): string {
  const text: Record<GoPolicyRow['freeOsMemory'], string> = {
    'release-all-spans': 'FreeOSMemory: GC() then scavenge(-1, now=^0, limit=0) releases every free span [go1.11:mheap.go runtime_debug_freeOSMemory]',
    'scavenge-all': 'FreeOSMemory: GC() then scavengeAll() = scavengeLocked(^0) [go1.13.4:mheap.go scavengeAll]',
    'reset-addr-then-all': 'FreeOSMemory: GC(), resetScavengeAddr() (prints the background line), then scavenge(^0) with a "(forced)" line [go1.14.13:mheap.go scavengeAll]',
    'new-gen-then-all': 'FreeOSMemory: GC(), scavengeStartGen() (prints a non-forced line), then scavenge(^0) with a "(forced)" line [go1.17.13:mheap.go scavengeAll]',
    'all': 'FreeOSMemory: GC() then pages.scavenge(^0) [go1.19.8:mheap.go scavengeAll]',
    'all-forced': 'FreeOSMemory: GC() then pages.scavenge(^0, force=true), ignoring density [go1.21.12:mheap.go scavengeAll]',
  };
  return text[row.freeOsMemory];
}

/** THP handling for this row and the disablethp knob. */
export function describeThp(row: GoPolicyRow, disablethp: boolean): { handling: GoPolicyRow['thp']; disablethp: boolean; reason: string } {
  const text: Record<GoPolicyRow['thp'], string> = {
    'nohugepage-release-edges': 'THP: sysUnused marks the huge pages at unaligned release edges MADV_NOHUGEPAGE; sysUsed marks whole ones MADV_HUGEPAGE (≤ 1.20; whether background releases trigger it is unverified, #55328) [go1.19.8:mem_linux.go:39-100]',
    'nohugepage-edges-hugepage-coalesce': 'THP: as ≤ 1.12 (NOHUGEPAGE at release edges), plus MADV_HUGEPAGE on spans coalesced into whole huge pages [go1.13.4:mheap.go:561]',
    'hugepage-new-nohugepage-before-scavenge': 'THP: all new heap memory MADV_HUGEPAGE; chunks marked MADV_NOHUGEPAGE before scavenging, re-marked when dense (D59960; call sites unverified; stalls #61718)',
    'collapse-dense-chunks': 'THP: no HUGEPAGE/NOHUGEPAGE on the heap; MADV_COLLAPSE on a 4 MiB chunk when it first becomes dense (C:9f9bb26880388) [go@06df3292:mgcscavenge.go]',
    'kernel-governed': 'THP: the runtime no longer marks heap memory; the kernel\'s THP settings (enabled, max_ptes_none) govern, and khugepaged may re-fill released holes (#64332)',
  };
  const knob = disablethp ? '; GODEBUG=disablethp=1: every heap sysMap is followed by MADV_NOHUGEPAGE [go1.21.12:mem_linux.go sysMapOS]' : '';
  return { handling: row.thp, disablethp, reason: text[row.thp] + knob };
}

/** Which trace lines the process prints with the given GODEBUG settings. */
export function describeTrace(row: GoPolicyRow, gctrace: boolean, scavtrace: boolean, gcLineKnown: boolean): {
  gcLines: boolean; scavengerLines: boolean; gcTrace: GoPolicyRow['gcTrace']; scavengerTrace: GoPolicyRow['scavengerTrace']; reason: string;
} {
  const viaGctrace = row.scavengerTrace === 'scvg-numbered' || row.scavengerTrace === 'scvg-1.13';
  const scavengerLines = viaGctrace ? gctrace : scavtrace;
  const how = viaGctrace ? 'scavenger lines (scvg) come with gctrace in Go ≤ 1.13' : 'scavenger lines need scavtrace=1 from Go 1.14 (C:8ac98e7b3fca)';
  return {
    gcLines: gctrace && gcLineKnown, scavengerLines, gcTrace: row.gcTrace, scavengerTrace: row.scavengerTrace,
    reason: `trace: GC lines ${gctrace && gcLineKnown ? 'on' : gctrace ? 'off (the GC line of Go before 1.7 is not modelled)' : 'off'} (${row.gcTrace}), scavenger lines ${scavengerLines ? 'on' : 'off'} (${row.scavengerTrace}); ${how} (go §6)`,
  };
}
