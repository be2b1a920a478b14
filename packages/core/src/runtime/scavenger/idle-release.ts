/**
 * Go ≤ 1.12's release: sysmon, every `scavengelimit / 2` (2.5 min), releases every free span
 * that has been idle for more than `scavengelimit` (5 min) (go1.11 proc.go sysmon, mheap.go
 * scavenge). Whole spans are released, so pages of a span that were released before are
 * madvised again; only the pages not yet released count as newly released.
 *
 * @module
 */
import type { PageHeap } from '../pages/page-heap.js';
import { PAGE_SIZE } from '../pages/page-heap-types.js';
import type { ReleaseTarget } from './release.js';

/** What a release did. */
export interface IdleRelease {
  released: number;
  cpuNs: number;
}

/** Releases the free runs last freed before `cutoffMs` (`now − unusedsince > scavengelimit`). */
export function releaseIdleSince(pages: PageHeap, target: ReleaseTarget, cutoffMs: number): IdleRelease {
  let released = 0;
  let cpuNs = 0;
  for (const run of pages.freeRunsIdleSince(cutoffMs)) {
    const fresh = run.npages - run.scavengedPages;
    if (fresh === 0) continue;
    pages.markScavenged(run.base, run.npages);
    cpuNs += target.release(run.base, run.npages);
    released += fresh * PAGE_SIZE;
  }
  return { released, cpuNs };
}
