/**
 * The inactive file LRU as far as scavsim needs it: lazily freed anonymous pages and clean page
 * cache, in age order, per memory cgroup (and one for the root).
 *
 * Mechanism (kernel §2.2, kernel §3). Since 4.12, `madvise(MADV_FREE)` clears
 * PG_swapbacked on each present anon page and adds it at the *head* of the inactive file list
 * (`folio_mark_lazyfree` → `lru_lazyfree`, mm/swap.c [S-swap-6.x]). Reclaim takes pages from the
 * *tail* (oldest first) in `shrink_folio_list` (mm/vmscan.c): a clean lazyfree page is unmapped
 * and discarded with no I/O (RSS and memcg usage fall now, `pglazyfreed`++ [S-rmap-6.x]); a page
 * written since the free ("redirtied") is set swap-backed again and goes back to the anon LRU,
 * where without swap it can never be reclaimed (kernel §2.5); clean page cache is dropped. Lazyfree
 * pages and page cache are reclaimed "according to their age" [C-802a3a9], so page cache read
 * before a MADV_FREE goes first [M-2 free_pagecache].
 *
 * Representation. The list holds *runs* — (owner, first page, page count, sequence number) —
 * not pages: one MADV_FREE call over 131 072 pages is one entry. A page lazily freed again
 * later belongs to its newest run only: each page carries the stamp of the run that owns it
 * (stored by its owner, {@link LazyPageOwner.lruStamp}), and when reclaim reaches an older run
 * it skips pages whose stamp differs. Pages that left the lazy states (DONTNEED'd, re-touched
 * after a discard, process exit) are skipped by state. Every pushed page is visited at most
 * once, so reclaim costs what it frees plus what it skips, never the heap size.
 *
 * Sequence numbers are global (one counter per machine) so global reclaim can merge the per-
 * cgroup lists by age (see global-reclaim.ts).
 *
 * Simplifications (documented in docs/kernel-model.md):
 *   - A re-dirtied page is moved back to anon the first time reclaim reaches it. The kernel
 *     first sees the young PTE bit the write set and keeps the page one more trip around the
 *     inactive list (`folio_check_references`, kernel §3.2, UNVERIFIED detail); likewise a read
 *     lazyfree page gets a second chance there. Neither second chance is modelled.
 *   - No active file list: page cache is all inactive, lazyfree pages are never activated.
 *   - MGLRU generations (kernel §3.3) are not modelled; the classic list is.
 *
 * @module
 */
import { PageState } from './types.js';

/** An address space whose lazily freed pages sit on a list. Implemented by AddressSpace. */
export interface LazyPageOwner {
  /** False once the process exited or was killed: its runs are skipped whole. */
  readonly alive: boolean;
  /** Current state of `page`. */
  lruState(page: number): PageState;
  /** Sequence number of the run that owns `page`. */
  lruStamp(page: number): number;
  /** LAZY_CLEAN → ABSENT: RSS and memcg usage fall now, `pglazyfreed`++ (kernel §2.5). */
  discardLazyPage(page: number): void;
  /** LAZY_REDIRTIED → RESIDENT: swap-backed again, back on the anon LRU (kernel §2.5). */
  reanonymizePage(page: number): void;
  /**
   * Reclaim's walk of one run in bulk: exactly what calling, for each page from `from` up to
   * `end`, `lruStamp` (skip unless `seq`), `lruState` and then `discardLazyPage` (LAZY_CLEAN)
   * or `reanonymizePage` (LAZY_REDIRTIED) would do, stopping right after the `want`-th
   * discard. Writes the page after the last one examined and the counts into `out`.
   */
  reclaimRun(from: number, end: number, seq: number, want: number, out: RunReclaim): void;
}

/** What {@link LazyPageOwner.reclaimRun} did. */
export interface RunReclaim {
  /** The page after the last one examined. */
  next: number;
  /** LAZY_CLEAN pages discarded. */
  discarded: number;
  /** LAZY_REDIRTIED pages moved back to anon. */
  reanonymized: number;
}

/** Whoever is charged for a page-cache run (a cgroup or the root). */
export interface PageCacheOwner {
  /** Drops `pages` clean page-cache pages: uncharge and return them to the machine. */
  dropPageCache(pages: number): void;
}

/** What one or more reclaim passes did; the caller turns it into counters and events. */
export class ReclaimTally {
  /** Pages taken off the list (discarded, dropped or moved back to anon). */
  scanned = 0;
  /** Pages freed: lazy pages discarded plus page cache dropped. */
  freed = 0;
  /** Lazy pages discarded (`pglazyfreed`). */
  lazyfreed = 0;
  /** Page-cache pages dropped. */
  cacheDropped = 0;
  /** Re-dirtied lazy pages moved back to anon. */
  reanonymized = 0;
  /** Pages freed per owner, in first-reclaimed order. */
  readonly byOwner = new Map<LazyPageOwner | PageCacheOwner, number>();

  /** Adds `n` freed pages to `owner`'s tally. */
  credit(owner: LazyPageOwner | PageCacheOwner, n: number): void {
    this.byOwner.set(owner, (this.byOwner.get(owner) ?? 0) + n);
  }
}

const KIND_ANON = 0;
const KIND_CACHE = 1;

/**
 * One inactive file list (per memcg, plus the root's).
 *
 * Runs are kept as columns of typed arrays (kind, next page or remaining cache pages, end,
 * sequence number) plus one array of owner references, oldest at `head`: a long idle period
 * queues hundreds of thousands of runs (one per scavenger madvise call), and as objects they
 * would all be copied and promoted by the JS garbage collector.
 */
export class LazyfreeLru {
  private kind = new Uint8Array(64);
  private owner: (LazyPageOwner | PageCacheOwner)[] = [];
  /** Anon: next page to scan (advances as reclaim consumes the run). Cache: pages left. */
  private next = new Float64Array(64);
  /** Anon: one past the last page. */
  private end = new Float64Array(64);
  private seq = new Float64Array(64);
  private len = 0;
  private head = 0;
  private readonly scratch: RunReclaim = { next: 0, discarded: 0, reanonymized: 0 };

  /** Number of runs still queued (including partly consumed and stale ones). */
  get runCount(): number {
    return this.len - this.head;
  }

  /**
   * Adds a run of freshly lazy-freed pages at the head (newest end). The owner must already
   * have stamped the pages with `seq`.
   */
  pushAnonRun(owner: LazyPageOwner, firstPage: number, npages: number, seq: number): void {
    if (npages > 0) this.push(KIND_ANON, owner, firstPage, firstPage + npages, seq);
  }

  /** Adds `pages` of clean page cache at the head (newest end). */
  pushCache(owner: PageCacheOwner, pages: number, seq: number): void {
    if (pages > 0) this.push(KIND_CACHE, owner, pages, 0, seq);
  }

  /** Sequence number of the oldest queued run, or Infinity when the list is empty. */
  oldestSeq(): number {
    this.dropExhausted();
    return this.head < this.len ? this.seq[this.head]! : Infinity;
  }

  /**
   * Reclaims up to `target` pages from the oldest end (kernel §3.2: "takes only what is needed").
   * Clean lazy pages are discarded, page cache dropped, re-dirtied lazy pages moved back to anon
   * (scanned but not freed), stale pages skipped.
   * @returns pages freed by this call
   */
  reclaim(target: number, tally: ReclaimTally): number {
    let freed = 0;
    while (freed < target) {
      this.dropExhausted();
      const h = this.head;
      if (h >= this.len) break;
      if (this.kind[h] === KIND_CACHE) {
        const owner = this.owner[h] as PageCacheOwner;
        const n = Math.min(this.next[h]!, target - freed);
        this.next[h] = this.next[h]! - n;
        owner.dropPageCache(n);
        freed += n;
        tally.scanned += n;
        tally.cacheDropped += n;
        tally.credit(owner, n);
        continue;
      }
      const owner = this.owner[h] as LazyPageOwner;
      if (!owner.alive) {
        this.next[h] = this.end[h]!;
        continue;
      }
      // Pages whose stamp is not `seq` were re-freed later and belong to a newer run;
      // RESIDENT / ABSENT pages with our stamp left the list by DONTNEED or re-touch: both
      // are skipped. The owner walks its own pages (a block at a time where it can).
      const out = this.scratch;
      owner.reclaimRun(this.next[h]!, this.end[h]!, this.seq[h]!, target - freed, out);
      this.next[h] = out.next;
      const got = out.discarded;
      tally.scanned += out.discarded + out.reanonymized;
      tally.reanonymized += out.reanonymized;
      if (got > 0) {
        freed += got;
        tally.lazyfreed += got;
        tally.credit(owner, got);
      }
    }
    tally.freed += freed;
    return freed;
  }

  private push(kind: number, owner: LazyPageOwner | PageCacheOwner, next: number, end: number, seq: number): void {
    const i = this.len;
    if (i === this.kind.length) this.growColumns(i * 2);
    this.kind[i] = kind;
    this.owner[i] = owner;
    this.next[i] = next;
    this.end[i] = end;
    this.seq[i] = seq;
    this.len = i + 1;
  }

  private growColumns(cap: number): void {
    const kind = new Uint8Array(cap);
    kind.set(this.kind);
    this.kind = kind;
    for (const col of ['next', 'end', 'seq'] as const) {
      const a = new Float64Array(cap);
      a.set(this[col]);
      this[col] = a;
    }
  }

  private dropExhausted(): void {
    while (this.head < this.len) {
      const h = this.head;
      const done = this.kind[h] === KIND_CACHE
        ? this.next[h] === 0
        : this.next[h]! >= this.end[h]! || !(this.owner[h] as LazyPageOwner).alive;
      if (!done) break;
      this.head++;
    }
    // Compact occasionally so the columns do not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.len) {
      const h = this.head;
      this.kind.copyWithin(0, h, this.len);
      this.next.copyWithin(0, h, this.len);
      this.end.copyWithin(0, h, this.len);
      this.seq.copyWithin(0, h, this.len);
      this.owner = this.owner.slice(h, this.len);
      this.len -= h;
      this.head = 0;
    }
  }
}
