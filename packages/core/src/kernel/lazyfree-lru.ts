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

/** Runs per chunk of the list's columns (a power of two). */
const CHUNK_SHIFT = 14;
const CHUNK_RUNS = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_RUNS - 1;

/**
 * {@link CHUNK_RUNS} consecutive runs of one list, as columns cut from one buffer (464 KiB):
 * one allocation of fresh memory per chunk rather than five (each costs tens of microseconds on
 * the bench machine, measured).
 */
class RunChunk {
  /** Anon: next page to scan (advances as reclaim consumes the run). Cache: pages left. */
  readonly next: Float64Array;
  /** Anon: one past the last page. */
  readonly end: Float64Array;
  readonly seq: Float64Array;
  /** Index of the run's owner in {@link LazyfreeLru}'s owner table. */
  readonly owner: Int32Array;
  readonly kind: Uint8Array;

  constructor() {
    const buf = new ArrayBuffer(CHUNK_RUNS * (3 * 8 + 4 + 1));
    this.next = new Float64Array(buf, 0, CHUNK_RUNS);
    this.end = new Float64Array(buf, CHUNK_RUNS * 8, CHUNK_RUNS);
    this.seq = new Float64Array(buf, CHUNK_RUNS * 16, CHUNK_RUNS);
    this.owner = new Int32Array(buf, CHUNK_RUNS * 24, CHUNK_RUNS);
    this.kind = new Uint8Array(buf, CHUNK_RUNS * 28, CHUNK_RUNS);
  }
}

/**
 * One inactive file list (per memcg, plus the root's).
 *
 * Runs are kept as columns of typed arrays (kind, owner, next page or remaining cache pages,
 * end, sequence number), oldest at `head`: a long idle period queues hundreds of thousands of
 * runs (one per scavenger madvise call; 380 000 in the 12.5 minutes of `incident-go1.15`), and
 * as objects they would all be copied and promoted by the JS garbage collector. Owners (a few
 * address spaces and page-cache owners) are numbered in a small table, so a run holds no
 * reference either. The columns are cut in chunks of {@link CHUNK_RUNS} runs: a list that only
 * grows (no reclaim ever reaches it) adds a chunk at a time instead of copying every column
 * into one twice its size at each doubling, and a chunk the head has left is reused.
 */
export class LazyfreeLru {
  private chunks: RunChunk[] = [];
  /** A chunk the head has left, kept for the next one needed. */
  private spare: RunChunk | undefined = undefined;
  private readonly owners: (LazyPageOwner | PageCacheOwner)[] = [];
  /** The owner last pushed and its index (pushes come in long stretches of one owner). */
  private lastOwner: LazyPageOwner | PageCacheOwner | undefined = undefined;
  private lastOwnerIndex = -1;
  /** Runs `[head, len)` are queued; run `i` is in chunk `i >> CHUNK_SHIFT` at `i & CHUNK_MASK`. */
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
    const h = this.head;
    return h < this.len ? this.chunks[h >> CHUNK_SHIFT]!.seq[h & CHUNK_MASK]! : Infinity;
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
      const ch = this.chunks[h >> CHUNK_SHIFT]!;
      const k = h & CHUNK_MASK;
      if (ch.kind[k] === KIND_CACHE) {
        const owner = this.owners[ch.owner[k]!] as PageCacheOwner;
        const n = Math.min(ch.next[k]!, target - freed);
        ch.next[k] = ch.next[k]! - n;
        owner.dropPageCache(n);
        freed += n;
        tally.scanned += n;
        tally.cacheDropped += n;
        tally.credit(owner, n);
        continue;
      }
      const owner = this.owners[ch.owner[k]!] as LazyPageOwner;
      if (!owner.alive) {
        ch.next[k] = ch.end[k]!;
        continue;
      }
      // Pages whose stamp is not `seq` were re-freed later and belong to a newer run;
      // RESIDENT / ABSENT pages with our stamp left the list by DONTNEED or re-touch: both
      // are skipped. The owner walks its own pages (a block at a time where it can).
      const out = this.scratch;
      owner.reclaimRun(ch.next[k]!, ch.end[k]!, ch.seq[k]!, target - freed, out);
      ch.next[k] = out.next;
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
    const k = i & CHUNK_MASK;
    if (k === 0) {
      this.chunks.push(this.spare ?? new RunChunk());
      this.spare = undefined;
    }
    const ch = this.chunks[i >> CHUNK_SHIFT]!;
    ch.kind[k] = kind;
    ch.owner[k] = this.ownerIndex(owner);
    ch.next[k] = next;
    ch.end[k] = end;
    ch.seq[k] = seq;
    this.len = i + 1;
  }

  /** `owner`'s number in the owner table, given one the first time it is seen. */
  private ownerIndex(owner: LazyPageOwner | PageCacheOwner): number {
    if (owner === this.lastOwner) return this.lastOwnerIndex;
    let j = this.owners.indexOf(owner);
    if (j < 0) j = this.owners.push(owner) - 1;
    this.lastOwner = owner;
    this.lastOwnerIndex = j;
    return j;
  }

  private dropExhausted(): void {
    while (this.head < this.len) {
      const h = this.head;
      const ch = this.chunks[h >> CHUNK_SHIFT]!;
      const k = h & CHUNK_MASK;
      const done = ch.kind[k] === KIND_CACHE
        ? ch.next[k] === 0
        : ch.next[k]! >= ch.end[k]! || !(this.owners[ch.owner[k]!] as LazyPageOwner).alive;
      if (!done) break;
      this.head++;
    }
    // Hand the chunks the head has left to the spare, so the columns do not grow without bound
    // while reclaim keeps up (indices stay below one chunk past the queued runs).
    while (this.head >= CHUNK_RUNS) {
      this.spare = this.chunks.shift();
      this.head -= CHUNK_RUNS;
      this.len -= CHUNK_RUNS;
    }
  }
}
