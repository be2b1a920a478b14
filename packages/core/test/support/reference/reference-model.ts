/**
 * A deliberately simple model of one Go process's heap pages and the kernel's view of them,
 * used as the oracle for the model-based tests (test/model-based/) and as one of the two
 * targets of {@link runCommandSequence}.
 *
 * Clarity over speed: one plain object per 8 KiB runtime page and one array entry per OS page,
 * linear scans everywhere, and the kernel's inactive-file LRU of lazily freed pages as a plain
 * array (oldest first). Nothing here is shared with the engine (PageHeap, kernel/): the point
 * is to restate the rules independently.
 *
 * Rules restated
 *
 * Runtime (go §3.3–3.4, 1.13+ semantics):
 *   - grow(n) maps alignUp(n, 512) pages at the top; they are free and scavenged
 *     [go1.14.13:mpagealloc.go grow], and untouched (kernel ABSENT).
 *   - allocate(n) takes the lowest-address free run of n pages (first fit) and clears the
 *     scavenged flag of the pages it takes, reporting how many were scavenged.
 *   - free(base, n) makes pages free and unscavenged.
 *   - scavenge(n, advice) walks from the highest page down and releases free, unscavenged pages
 *     until at least n are released; if the OS page is larger than a runtime page, only whole
 *     aligned OS pages whose runtime pages are all free and unscavenged qualify
 *     [go1.21.12:mgcscavenge.go fillAligned]. The released pages are madvised one contiguous
 *     run at a time (runs never cross a 4 MiB chunk), highest run first.
 *
 * Kernel (kernel §0), per OS page:
 *   - write: ABSENT → RESIDENT; LAZY_CLEAN → LAZY_REDIRTIED; others unchanged.
 *   - MADV_DONTNEED: → ABSENT, off the LRU.
 *   - MADV_FREE: RESIDENT → LAZY_CLEAN, appended at the newest end of the LRU. A page already
 *     lazily freed (LAZY_CLEAN or LAZY_REDIRTIED) becomes LAZY_CLEAN (the PTE dirty bit is
 *     cleared); by default it keeps its LRU position, because `folio_mark_lazyfree` only
 *     moves swap-backed folios and a lazily freed folio is not swap-backed (mm/swap.c; spec
 *     linux-kernel.md go §2.2). Option `refreeMovesToNewest` moves it to the newest end instead.
 *     ABSENT stays ABSENT (nothing is mapped).
 *   - reclaim(n) takes pages from the oldest end until n have been freed: LAZY_CLEAN →
 *     ABSENT (counts), LAZY_REDIRTIED → RESIDENT (swap-backed again, does not count)
 *     (mm/vmscan.c shrink_folio_list, mm/rmap.c try_to_unmap_one; go §2.5, go §3).
 *
 * Counters: HeapInuse, HeapIdle, HeapReleased, HeapSys (bytes, go §4.1) and
 * VmRSS = RssAnon = bytes of OS pages not ABSENT, LazyFree = bytes of LAZY_CLEAN pages
 * (kernel §4).
 *
 * @module
 */
import { ScavsimError, stateError } from '../../../src/errors.js';
import type { Advice } from '../../../src/kernel/types.js';
import { PageState } from '../../../src/kernel/types.js';
import { checkInt, checkPowerOfTwo } from '../../../src/units.js';

/** Throws unless `advice` is one of the two the runtime uses. */
export function checkAdvice(advice: unknown): Advice {
  if (advice !== 'MADV_FREE' && advice !== 'MADV_DONTNEED') {
    throw new ScavsimError('E_RANGE', 'advice', `unknown advice ${String(advice)}`, 'MADV_FREE or MADV_DONTNEED');
  }
  return advice;
}

/** Runtime page size in bytes. */
const RUNTIME_PAGE = 8192;
/** Runtime pages per chunk: heap growth granularity. */
const CHUNK_PAGES = 512;

/** One runtime page, as the runtime sees it. */
export interface ReferencePage {
  /** In use (part of a span). */
  allocated: boolean;
  /** Free and released (counted in HeapReleased). */
  scavenged: boolean;
}

/** The counters both layers expose, in bytes. */
export interface PageCounters {
  /** Bytes of pages in use (MemStats.HeapInuse). */
  readonly HeapInuse: number;
  /** Bytes of free pages, released or not (MemStats.HeapIdle). */
  readonly HeapIdle: number;
  /** Bytes of free pages the runtime released (MemStats.HeapReleased). */
  readonly HeapReleased: number;
  /** Bytes of heap address space mapped (MemStats.HeapSys). */
  readonly HeapSys: number;
  /** Resident bytes of the heap (/proc/PID/status VmRSS). */
  readonly VmRSS: number;
  /** Resident anonymous bytes (all of the heap is anonymous). */
  readonly RssAnon: number;
  /** Lazily freed, not re-dirtied bytes (smaps LazyFree). */
  readonly LazyFree: number;
}

/** Options of {@link ReferenceModel}. */
export interface ReferenceModelOptions {
  /** OS page size in bytes, a power of two from 4096 to 65536 (default 4096). */
  readonly physPageSize?: number;
  /** Move an already lazily freed page to the newest end when it is MADV_FREE'd again (default false). */
  readonly refreeMovesToNewest?: boolean;
}

/** The reference model (see the module comment). */
export class ReferenceModel {
  /** OS page size in bytes. */
  readonly physPageSize: number;
  /** Runtime pages, index = page number. */
  readonly pages: ReferencePage[] = [];
  /** Kernel state of each OS page of the heap, index = OS page number. */
  readonly osPages: PageState[] = [];
  /** Lazily freed OS pages, oldest first. */
  lru: number[] = [];
  private readonly refreeMovesToNewest: boolean;

  /** @throws {@link ScavsimError} on a bad page size */
  constructor(opts: ReferenceModelOptions = {}) {
    this.physPageSize = checkPowerOfTwo(opts.physPageSize ?? 4096, 'reference.physPageSize', 4096, 65536);
    this.refreeMovesToNewest = opts.refreeMovesToNewest ?? false;
  }

  /** Runtime pages per OS-page-aligned group that the scavenger releases together. */
  get minRunPages(): number {
    return Math.max(1, this.physPageSize / RUNTIME_PAGE);
  }

  /** Maps alignUp(npages, 512) new pages, free and scavenged. Returns the new range. */
  grow(npages: number): { base: number; npages: number } {
    checkInt(npages, 'npages', 1, 1 << 24);
    const n = Math.ceil(npages / CHUNK_PAGES) * CHUNK_PAGES;
    const base = this.pages.length;
    for (let i = 0; i < n; i++) this.pages.push({ allocated: false, scavenged: true });
    const osEnd = (this.pages.length * RUNTIME_PAGE) / this.physPageSize;
    while (this.osPages.length < osEnd) this.osPages.push(PageState.ABSENT);
    return { base, npages: n };
  }

  /** First fit; null if no free run of `npages` exists. */
  allocate(npages: number): { base: number; scavengedPages: number } | null {
    checkInt(npages, 'npages', 1, 1 << 24);
    let runStart = 0;
    let runLength = 0;
    for (let p = 0; p < this.pages.length; p++) {
      if (this.pages[p]!.allocated) {
        runLength = 0;
        continue;
      }
      if (runLength === 0) runStart = p;
      runLength++;
      if (runLength === npages) {
        let scavengedPages = 0;
        for (let q = runStart; q < runStart + npages; q++) {
          const page = this.pages[q]!;
          if (page.scavenged) scavengedPages++;
          page.allocated = true;
          page.scavenged = false;
        }
        return { base: runStart, scavengedPages };
      }
    }
    return null;
  }

  /** Frees allocated pages; they become free and unscavenged. */
  free(base: number, npages: number): void {
    for (let q = base; q < base + npages; q++) {
      const page = this.pages[q];
      if (page === undefined || !page.allocated) stateError('base', `page ${q} is not allocated`);
      page.allocated = false;
      page.scavenged = false;
    }
  }

  /**
   * Releases at least `npages` free, unscavenged pages from the top down (whole OS pages) and
   * madvises them with `advice`. Returns the pages released.
   *
   * The runtime issues one madvise per contiguous run, never crossing a 4 MiB chunk
   * (`scavengeOne` → `sysUnused(addr, npages*pageSize)`), highest run first; the kernel walks
   * each call's pages in ascending address order, which decides their order on the LRU. So the
   * pages chosen here are cut into such runs before they are madvised.
   */
  scavenge(npages: number, advice: Advice): number {
    checkInt(npages, 'npages', 0, Number.MAX_SAFE_INTEGER);
    checkAdvice(advice);
    const group = this.minRunPages;
    const chosen: number[] = []; // first page of each chosen group, highest first
    for (let g = this.pages.length - group; g >= 0 && chosen.length * group < npages; g -= group) {
      const members = this.pages.slice(g, g + group);
      if (!members.every((p) => !p.allocated && !p.scavenged)) continue;
      for (const p of members) p.scavenged = true;
      chosen.push(g);
    }
    // Cut into runs: adjacent groups in the same chunk belong to one madvise call.
    let i = 0;
    while (i < chosen.length) {
      let low = chosen[i]!;
      const top = low + group;
      while (i + 1 < chosen.length && chosen[i + 1] === low - group && Math.floor(low / CHUNK_PAGES) === Math.floor((low - group) / CHUNK_PAGES)) {
        i++;
        low = chosen[i]!;
      }
      this.madvise(low, top - low, advice);
      i++;
    }
    return chosen.length * group;
  }

  /** Writes every OS page overlapping runtime pages `[base, base+npages)`. */
  touch(base: number, npages: number): void {
    for (const os of this.osPagesOf(base, npages)) {
      const state = this.osPages[os]!;
      if (state === PageState.ABSENT) this.osPages[os] = PageState.RESIDENT;
      else if (state === PageState.LAZY_CLEAN) this.osPages[os] = PageState.LAZY_REDIRTIED;
    }
  }

  /** Reclaims up to `n` OS pages from the oldest end of the LRU; returns how many were freed. */
  reclaim(n: number): number {
    checkInt(n, 'n', 0, Number.MAX_SAFE_INTEGER);
    let freed = 0;
    while (freed < n && this.lru.length > 0) {
      const os = this.lru.shift()!;
      if (this.osPages[os] === PageState.LAZY_CLEAN) {
        this.osPages[os] = PageState.ABSENT;
        freed++;
      } else {
        this.osPages[os] = PageState.RESIDENT;
      }
    }
    return freed;
  }

  /** Current counters in bytes. */
  counters(): PageCounters {
    const inUse = this.pages.filter((p) => p.allocated).length;
    const released = this.pages.filter((p) => !p.allocated && p.scavenged).length;
    const present = this.osPages.filter((s) => s !== PageState.ABSENT).length;
    const lazy = this.osPages.filter((s) => s === PageState.LAZY_CLEAN).length;
    return {
      HeapInuse: inUse * RUNTIME_PAGE,
      HeapIdle: (this.pages.length - inUse) * RUNTIME_PAGE,
      HeapReleased: released * RUNTIME_PAGE,
      HeapSys: this.pages.length * RUNTIME_PAGE,
      VmRSS: present * this.physPageSize,
      RssAnon: present * this.physPageSize,
      LazyFree: lazy * this.physPageSize,
    };
  }

  /** madvise over runtime pages `[base, base+npages)` (OS-page aligned by construction). */
  private madvise(base: number, npages: number, advice: Advice): void {
    const leaving = new Set<number>();
    const appended: number[] = [];
    for (const os of this.osPagesOf(base, npages)) {
      const state = this.osPages[os]!;
      if (advice === 'MADV_DONTNEED') {
        this.osPages[os] = PageState.ABSENT;
        leaving.add(os);
      } else if (state === PageState.RESIDENT) {
        this.osPages[os] = PageState.LAZY_CLEAN;
        appended.push(os);
      } else if (state === PageState.LAZY_CLEAN || state === PageState.LAZY_REDIRTIED) {
        this.osPages[os] = PageState.LAZY_CLEAN;
        if (this.refreeMovesToNewest) {
          leaving.add(os);
          appended.push(os);
        }
      }
    }
    if (leaving.size > 0) this.lru = this.lru.filter((os) => !leaving.has(os));
    this.lru.push(...appended);
  }

  /** OS pages overlapping runtime pages `[base, base+npages)`. */
  private osPagesOf(base: number, npages: number): number[] {
    const first = Math.floor((base * RUNTIME_PAGE) / this.physPageSize);
    const last = Math.ceil(((base + npages) * RUNTIME_PAGE) / this.physPageSize);
    const out: number[] = [];
    for (let os = first; os < last; os++) out.push(os);
    return out;
  }
}
