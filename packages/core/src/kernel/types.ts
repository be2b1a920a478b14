/**
 * The contract between the Go runtime model and the kernel model.
 *
 * The runtime only ever does three things to the kernel: it writes to memory (allocation and
 * use of a span: {@link ProcessMemory.touch}), it advises the kernel that a range is unused
 * ({@link ProcessMemory.madvise}), and it reads (rare; {@link ProcessMemory.read}). It never
 * learns what the kernel did with MADV_FREE pages (go §2.1): that is why
 * `HeapReleased` and `VmRSS` can disagree, which is the whole incident scavsim explains.
 *
 * Offsets are byte offsets into one process's private anonymous address space. The Go heap is
 * dense from offset 0 upward; other regions (the runtime's non-heap memory, a plain process's
 * buffers) may sit at high offsets, and storage for untouched ranges costs nothing.
 *
 * @module
 */

/**
 * Kernel state of one OS page of a private anonymous mapping (kernel §0).
 * ZERO_MAPPED (read of an absent page) is folded into ABSENT: it is not in RSS either.
 */
export const PageState = {
  /** Never touched, DONTNEED'd, or discarded by reclaim. Not in RSS. */
  ABSENT: 0,
  /** Touched, ordinary anon. In RSS; unreclaimable without swap. */
  RESIDENT: 1,
  /** MADV_FREE'd and not written since: in RSS and LazyFree, on the inactive file LRU, discardable. */
  LAZY_CLEAN: 2,
  /** MADV_FREE'd then written: in RSS, not LazyFree, still on the inactive file LRU until reclaim rescans it. */
  LAZY_REDIRTIED: 3,
} as const;
/** One of {@link PageState}'s values. */
export type PageState = (typeof PageState)[keyof typeof PageState];

export type { HugePageAdvice } from './transparent-huge-pages.js';
import type { HugePageAdvice } from './transparent-huge-pages.js';

/** The advice values the Go runtime uses to release memory. */
export type Advice = 'MADV_FREE' | 'MADV_DONTNEED';

/** What one `madvise` call did. */
export interface MadviseResult {
  /** 0 on success, or the errno name the kernel returned (`EINVAL` for MADV_FREE before 4.5). */
  readonly errno: 0 | 'EINVAL';
  /** The advice the kernel actually applied (4.5–4.11 without swap: MADV_FREE acts as DONTNEED). */
  readonly applied: Advice | null;
  /** OS pages whose state changed. */
  readonly pages: number;
  /** Simulated CPU cost of the call in ns, charged to the caller (kernel §5). */
  readonly costNs: number;
}

/** What one write or read over a range did. */
export interface TouchResult {
  /** Minor faults taken (ABSENT pages written: allocate + zero + charge). */
  readonly faults: number;
  /** Simulated CPU cost in ns (faults, A/D-bit updates on lazily freed pages, reclaim paid by this caller). */
  readonly costNs: number;
  /** True if the process was OOM-killed while charging these pages. */
  readonly oomKilled: boolean;
}

/** Per-process counters named as `/proc/PID/status` and `/proc/PID/smaps_rollup` name them (bytes). */
export interface ProcessMemoryCounters {
  readonly VmRSS: number;
  readonly RssAnon: number;
  readonly RssFile: number;
  readonly VmHWM: number;
  readonly Rss: number;
  readonly LazyFree: number;
  readonly Anonymous: number;
  /** Anonymous memory mapped by PMD-sized transparent huge pages (transparent-huge-pages.ts). */
  readonly AnonHugePages: number;
  readonly Private_Dirty: number;
  readonly Private_Clean: number;
}

/** One process's private anonymous memory as the kernel sees it. */
export interface ProcessMemory {
  /** OS page size in bytes (4096 by default; 16 KiB or 64 KiB on some arm64/ppc64 kernels). */
  readonly pageSize: number;
  /** True once the OOM killer has killed this process; every later call is a no-op. */
  readonly killed: boolean;
  /** Writes every OS page overlapping [offset, offset+len). */
  touch(offset: number, len: number): TouchResult;
  /**
   * {@link touch} for callers that do not read the result (the runtime writing each new
   * object): the same effects, without a result object per call.
   */
  write(offset: number, len: number): void;
  /** Reads every OS page overlapping [offset, offset+len) (no RSS change; lazily freed pages keep their data). */
  read(offset: number, len: number): TouchResult;
  /** `madvise(offset, len, advice)`; offset must be page-aligned (EINVAL otherwise), len is rounded up. */
  madvise(offset: number, len: number, advice: Advice): MadviseResult;
  /**
   * {@link madvise} for the runtime's release path (one call per released run): the same
   * effects, returning only the cost in ns; the call's errno is then {@link lastMadviseErrno}.
   */
  madviseCost(offset: number, len: number, advice: Advice): number;
  /**
   * `madvise(offset, len, MADV_HUGEPAGE | MADV_NOHUGEPAGE | MADV_COLLAPSE)`: the huge-page
   * flags of the range, or (COLLAPSE) huge pages made now; returns the cost in ns. Errors
   * (EINVAL for an unaligned offset, COLLAPSE before Linux 6.1) are ignored, as Go does.
   */
  hugePageAdvice(offset: number, len: number, advice: HugePageAdvice): number;
  /** errno of the last {@link madvise} or {@link madviseCost} call (0 before any). */
  readonly lastMadviseErrno: 0 | 'EINVAL';
  /** State of the OS page containing `offset` (for tests and the reference model). */
  stateAt(offset: number): PageState;
  /** Current counters. */
  counters(): ProcessMemoryCounters;
}
