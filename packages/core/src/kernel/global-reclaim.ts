/**
 * Machine-wide reclaim: kswapd in the background and direct reclaim in a faulting task
 * (kernel §3.1).
 *
 * Follows mm/vmscan.c of Linux 6.x [S-vmscan-6.x]. The page allocator wakes kswapd when free
 * memory falls below the zone's *low* watermark (`wakeup_kswapd`); kswapd (`balance_pgdat`)
 * reclaims until free reaches *high*, then sleeps. An allocation that would take free below
 * *min* reclaims in the allocating task (`try_to_free_pages`, SWAP_CLUSTER_MAX = 32 pages at a
 * time), which pays ≈0.4 µs per page [M-2 rerun] (the caller charges the cost).
 *
 * What is reclaimable: without swap, only the inactive file LRU — clean page cache and lazily
 * freed pages (kernel §3.1, [C-f7ad2a6]); anon is never scanned (swap is not modelled beyond the
 * 4.5–4.11 MADV_FREE check). Global reclaim merges the per-cgroup lists by age (global sequence
 * numbers). The kernel instead walks memcgs round-robin, scanning each in proportion to its size
 * and priority (`shrink_node_memcgs`): a simplification that preserves "oldest first" but not the
 * per-cgroup proportionality.
 *
 * kswapd rate: one kernel thread reclaiming at the measured ≈0.4 µs per page can free about
 * 2 500 pages per ms; `kswapdPagesPerMs` (default 2 500) caps each tick's work at
 * `kswapdPagesPerMs × dtMs`.
 *
 * Counters: `pgscan_kswapd`/`pgsteal_kswapd` and `pgscan_direct`/`pgsteal_direct` count this
 * reclaim only; memcg limit reclaim (memcg.ts) is not counted there (`if (!cgroup_reclaim(sc))`
 * in shrink_inactive_list [S-vmscan-6.x]).
 *
 * Not modelled: watermark boosting, NUMA, multiple zones, THP.
 *
 * @module
 */
import { ReclaimTally } from './lazyfree-lru.js';
import type { LazyfreeLru } from './lazyfree-lru.js';
import type { ReclaimCause } from './events.js';
import type { VmEvents } from './meminfo.js';
import type { Watermarks } from './watermarks.js';

/** SWAP_CLUSTER_MAX (include/linux/swap.h): pages reclaimed per batch. */
export const SWAP_CLUSTER_MAX = 32;

/** What global reclaim needs of its machine. Implemented by Machine. */
export interface GlobalReclaimHost {
  /** Free pages right now. */
  readonly freePages: number;
  /** Zone watermarks (pages). */
  readonly watermarks: Watermarks;
  /** Every cgroup's inactive file LRU, in a fixed order (the root's first): ties in age go to the first. */
  lruLists(): readonly LazyfreeLru[];
  /** Turns a finished reclaim into events. */
  recordReclaim(cause: Exclude<ReclaimCause, 'memcg'>, tally: ReclaimTally): void;
}

/** kswapd and direct reclaim of one machine. */
export class GlobalReclaim {
  private awake = false;

  /**
   * @param host the machine
   * @param vm the machine's `/proc/vmstat` counters (pgscan/pgsteal are counted here)
   * @param kswapdPagesPerMs kswapd's reclaim budget per simulated ms (checked by the caller)
   */
  constructor(private readonly host: GlobalReclaimHost, private readonly vm: VmEvents, private readonly kswapdPagesPerMs: number) {}

  /** True while kswapd is awake. */
  get kswapdRunning(): boolean {
    return this.awake;
  }

  /** True when {@link kswapdTick} would do nothing: kswapd asleep and free memory at or above low. */
  get quiet(): boolean {
    return !this.awake && this.host.freePages >= this.host.watermarks.low;
  }

  /** The allocator took free memory below the low watermark: wake kswapd (`wakeup_kswapd`). */
  wakeKswapd(): void {
    this.awake = true;
  }

  /**
   * kswapd's share of `dtMs` of simulated time: if free is below low it wakes; awake, it
   * reclaims up to `kswapdPagesPerMs × dtMs` pages towards the high watermark, then sleeps once
   * free ≥ high or nothing is reclaimable.
   */
  kswapdTick(dtMs: number): void {
    const { freePages, watermarks } = this.host;
    if (freePages < watermarks.low) this.awake = true;
    if (!this.awake) return;
    const want = watermarks.high - freePages;
    const budget = Math.floor(this.kswapdPagesPerMs * dtMs);
    const freed = want > 0 && budget > 0 ? this.reclaim(Math.min(want, budget), 'kswapd') : 0;
    if (this.host.freePages >= watermarks.high || (freed === 0 && budget > 0)) this.awake = false;
  }

  /**
   * Direct reclaim of one batch (SWAP_CLUSTER_MAX pages) in the allocating task.
   * @returns pages freed (0: nothing reclaimable, the allocator goes on to the OOM killer)
   */
  direct(): number {
    return this.reclaim(SWAP_CLUSTER_MAX, 'direct');
  }

  /**
   * Reclaims up to `target` pages, oldest first across every cgroup's list, 32 pages at a time.
   * @returns pages freed
   */
  private reclaim(target: number, cause: Exclude<ReclaimCause, 'memcg'>): number {
    const tally = new ReclaimTally();
    let freed = 0;
    while (freed < target) {
      let oldest: LazyfreeLru | undefined;
      let oldestSeq = Infinity;
      for (const lru of this.host.lruLists()) {
        const s = lru.oldestSeq();
        if (s < oldestSeq) {
          oldestSeq = s;
          oldest = lru;
        }
      }
      if (oldest === undefined) break;
      freed += oldest.reclaim(Math.min(SWAP_CLUSTER_MAX, target - freed), tally);
    }
    if (cause === 'direct') {
      this.vm.pgscan_direct += tally.scanned;
      this.vm.pgsteal_direct += tally.freed;
    } else {
      this.vm.pgscan_kswapd += tally.scanned;
      this.vm.pgsteal_kswapd += tally.freed;
    }
    this.host.recordReclaim(cause, tally);
    return freed;
  }
}
