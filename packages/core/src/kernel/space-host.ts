/**
 * What the parts of the kernel model need from each other, declared below all of them so that
 * no module imports back up the chain: an address space as its page walks and its memory cgroup
 * see it ({@link SpaceRef}), and the machine as an address space sees it
 * ({@link AddressSpaceHost}). `AddressSpace` and `Machine` implement them.
 *
 * @module
 */
import type { KernelCosts } from './costs.js';
import type { MadviseFreeMode } from './kernel-version.js';
import type { ThpMode } from './transparent-huge-pages.js';

/** An address space as its page walks and its memory cgroup see it. Implemented by AddressSpace. */
export interface SpaceRef {
  /** Process id (OOM ties go to the highest). */
  readonly pid: number;
  /** OS page size in bytes. */
  readonly pageSize: number;
  /** False once the process exited or was killed. */
  readonly alive: boolean;
  /** Resident and lazily freed pages (what the OOM killer ranks by). */
  readonly rssPages: number;
  /** Updates the RSS high-water mark after a fault. */
  noteHwm(): void;
  /** Page counts by state. */
  pageCounts(): PageCounts;
}

/** What an address space needs from the machine it lives on. Implemented by Machine. */
export interface AddressSpaceHost {
  /** Cost constants. */
  readonly costs: KernelCosts;
  /** What MADV_FREE does right now (kernel version, free swap). */
  freeMode(): MadviseFreeMode;
  /** Transparent huge page mode (`enabled`), fixed for the machine. */
  readonly thpMode: ThpMode;
  /** Whether `n` pages can be charged to `as` without reclaim (a huge-page fault, else 4 KiB). */
  hugeFaultFits(as: SpaceRef, n: number): boolean;
  /** Whether MADV_COLLAPSE exists (Linux 6.1+). */
  collapseSupported(): boolean;
  /** A huge-page PMD was split (`thp_split_pmd` +1). */
  thpSplit(): void;
  /**
   * Allocates and charges `n` pages for a write fault. Returns the reclaim cost paid; if the
   * process was OOM-killed meanwhile it returns with `as.killed` set and nothing charged.
   */
  chargeFaults(as: SpaceRef, n: number): number;
  /** `n` anon pages of `as` were freed (DONTNEED, exit, kill, reclaim discard): uncharge. */
  releasePages(as: SpaceRef, n: number): void;
  /** `n` pages from `firstPage` became lazily freed with stamp `seq`: queue them, count pglazyfree. */
  lazyFreed(as: SpaceRef, firstPage: number, n: number, seq: number): void;
  /** `n` (default 1) lazily freed pages were discarded by reclaim (`pglazyfreed`). */
  lazyDiscarded(as: SpaceRef, n?: number): void;
  /** Next LRU sequence number (global age order). */
  nextSeq(): number;
  /** The process exited or was killed: release its file pages and forget it. */
  detach(as: SpaceRef): void;
}

/** Page counts of one address space (pages, not bytes). */
export interface PageCounts {
  /** RESIDENT pages. */
  readonly resident: number;
  /** LAZY_CLEAN pages (smaps LazyFree). */
  readonly lazyClean: number;
  /** LAZY_REDIRTIED pages. */
  readonly lazyRedirtied: number;
  /** Mapped file pages (RssFile). */
  readonly file: number;
  /** Anonymous pages mapped by transparent huge pages (AnonHugePages). */
  readonly huge: number;
}

