/**
 * The page allocator's path for a fault or a page-cache read: charge the memory cgroup, take
 * free pages, and when memory runs short reclaim or call the OOM killer (kernel §3).
 *
 * Follows the order of Linux 6.x: the memcg charge first (`try_charge_memcg`, mm/memcontrol.c,
 * memcg.ts), then the zone (mm/page_alloc.c [S-page_alloc-6.x]): the fast path
 * (`get_page_from_freelist`) succeeds while free stays at or above the *low* watermark; below
 * low `__alloc_pages_slowpath` wakes kswapd, and an allocation that would take free below *min*
 * reclaims directly (global-reclaim.ts) and, if nothing is reclaimable, calls the OOM killer
 * (`__alloc_pages_may_oom` → `out_of_memory`, oom-killer.ts). Page cache never OOM-kills: its
 * charge stops instead.
 *
 * Pages are taken in bulk while neither a limit nor a watermark is near, and one at a time
 * beyond (where each page may reclaim, throttle or kill), so a big fault costs O(1) until
 * memory gets short.
 *
 * @module
 */
import type { Memcg } from './memcg.js';
import type { SpaceRef } from './space-host.js';
import type { Watermarks } from './watermarks.js';

/** The faulting address space as the allocator sees it. Implemented by AddressSpace. */
export interface FaultingSpace extends SpaceRef {
  /** Pages of the fault in progress charged so far (the OOM killer counts them as the victim's). */
  pendingFaultPages: number;
}

/** What the allocator needs of its machine. Implemented by Machine. */
export interface AllocatorHost {
  /** Free pages right now. */
  readonly freePages: number;
  /** Zone watermarks (pages). */
  readonly watermarks: Watermarks;
  /** Reclaim cost per page (ns), paid by the task that reclaims. */
  readonly reclaimNsPerPage: number;
  /** Accounts `pages` newly charged to `cg`: anon of `as`, or page cache (`as === null`). */
  commitPages(as: FaultingSpace | null, cg: Memcg, pages: number): void;
  /** Takes back anon pages charged to a fault whose task died meanwhile. */
  uncommitAnon(cg: Memcg, pages: number): void;
  /** Free memory fell below low: wake kswapd. */
  wakeKswapd(): void;
  /** One batch of direct reclaim; returns pages freed. */
  directReclaim(): number;
  /** The global OOM killer's victim, if any task has RSS. */
  globalOomVictim(): SpaceRef | undefined;
  /** Kills `victim` (global OOM). */
  oomKill(victim: SpaceRef, scope: 'global', cg: undefined): void;
}

/** Result of {@link chargePages}, reused between calls (the allocation path makes no object per fault). */
export interface ChargeOutcome {
  /** Pages actually charged (fewer than asked if the task died or page cache hit a limit). */
  charged: number;
  /** Reclaim and throttling cost paid by the charging task (ns). */
  costNs: number;
}

/**
 * Allocates and charges `n` pages to `cg` for `as` (anon) or for page cache (`as === null`),
 * writing what happened into `out`.
 */
export function chargePages(host: AllocatorHost, as: FaultingSpace | null, cg: Memcg, n: number, out: ChargeOutcome): void {
  const wm = host.watermarks;
  const reclaimNs = host.reclaimNsPerPage;
  let done = 0;
  let costNs = 0;
  outer: while (done < n) {
    if (as !== null && !as.alive) break;
    const fast = Math.min(n - done, host.freePages - wm.low, cg.fastRoom());
    if (fast > 0) {
      host.commitPages(as, cg, fast);
      done += fast;
      if (as !== null) as.pendingFaultPages = done;
      continue;
    }
    const adm = cg.admitOne(as);
    costNs += adm.costNs;
    if (adm.result === 'retry') continue;
    if (adm.result === 'fail') break;
    if (host.freePages - 1 < wm.low) host.wakeKswapd();
    while (host.freePages - 1 < wm.min) {
      const freed = host.directReclaim();
      costNs += freed * reclaimNs;
      if (freed > 0) continue;
      if (as === null) break outer;
      host.oomKill(host.globalOomVictim() ?? as, 'global', undefined);
      continue outer;
    }
    host.commitPages(as, cg, 1);
    done++;
    if (as !== null) as.pendingFaultPages = done;
    costNs += cg.enforceHigh();
  }
  if (as !== null) as.pendingFaultPages = 0;
  if (as !== null && !as.alive && done > 0) {
    // Pages charged for a fault that never completed: the process died meanwhile.
    host.uncommitAnon(cg, done);
    done = 0;
  }
  out.charged = done;
  out.costNs = costNs;
}
