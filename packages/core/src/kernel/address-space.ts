/**
 * One process's private anonymous memory, page by page, as the kernel sees it.
 *
 * Mechanism (kernel §0, 4.12+ kernels). Each OS page is in one of four states
 * ({@link PageState}; ZERO_MAPPED is folded into ABSENT since neither is in RSS):
 *
 *   ABSENT ──write (minor fault: allocate, zero, charge memcg)──────────▶ RESIDENT      [M-1]
 *   RESIDENT ──MADV_DONTNEED (freed and uncharged during the call)──────▶ ABSENT        [kernel §1, M-1 F]
 *   RESIDENT ──MADV_FREE (nothing freed; head of inactive file LRU)─────▶ LAZY_CLEAN    [kernel §2.2, M-1 C]
 *   LAZY_CLEAN ──write (no fault; A/D-bit update ~0.45 µs)──────────────▶ LAZY_REDIRTIED [M-1 E, M-5]
 *   LAZY_REDIRTIED ──MADV_FREE (PTE dirty bit cleared)──────────────────▶ LAZY_CLEAN    [kernel §2.2]
 *   LAZY_CLEAN ──reclaim (discard, RSS and memcg usage fall now)────────▶ ABSENT        [M-2]
 *   LAZY_REDIRTIED ──reclaim scan (swap-backed again, anon LRU)─────────▶ RESIDENT      [kernel §2.5]
 *   LAZY_* ──MADV_DONTNEED──────────────────────────────────────────────▶ ABSENT        [kernel §1]
 *   any ──read──▶ unchanged (an ABSENT read maps the zero page: a fault, no RSS)         [M-1 D, F]
 *
 * LRU position of a re-freed page. A LAZY_REDIRTIED page freed again keeps its *old* LRU
 * position: only the PTE dirty bit was set by the write, the folio is still !PG_swapbacked, so
 * `folio_mark_lazyfree` (mm/swap.c) returns early and does not move it (nor count `pglazyfree`);
 * `madvise_free_pte_range` just clears the PTE dirty/young bits again. A LAZY_CLEAN page freed
 * again is likewise untouched. Only RESIDENT pages get a new run at the head.
 *
 * Kernel versions (kernel §2.1): < 4.5 MADV_FREE fails with EINVAL and changes nothing;
 * 4.5–4.11 without free swap applies MADV_DONTNEED (reported as `applied: 'MADV_DONTNEED'`);
 * 4.5–4.11 with swap is treated like 4.12+ (the real kernel keeps such pages on the inactive
 * *anon* list, reclaimed only with swap — a simplification, see docs/kernel-model.md).
 *
 * Counters: VmRSS = RssAnon + RssFile; RssAnon counts RESIDENT and both lazy states (lazyfree
 * pages stay in RSS until discarded, [M-1 C]); smaps LazyFree counts LAZY_CLEAN only (a written
 * page's PTE is dirty, `smaps_account` [S-smaps]). The per-CPU pagevec lag of up to 30 pages in
 * LazyFree (kernel §2.2) is not modelled.
 *
 * Costs (kernel §5.1, costs.ts) are returned to the caller, which charges them to the thread that
 * made the call; reclaim triggered by a fault is paid by the faulting process [M-2 rerun].
 *
 * Transparent huge pages (which 2 MiB regions are one huge page, and what faults, madvise and
 * reclaim do to them) are transparent-huge-pages.ts: it runs before the page walks and widens
 * them to whole regions where the kernel acts on a whole huge page.
 *
 * This class is the process's side of the contract (checks, errno, costs, counters, exit and
 * kill); the pages themselves and the walks that change them are in page-states.ts,
 * write-walk.ts, madvise-walks.ts and reclaim-walk.ts.
 *
 * @module
 */
import { ScavsimError, showValue } from '../errors.js';
import { PageState } from './types.js';
import type { Advice, MadviseResult, ProcessMemory, ProcessMemoryCounters, TouchResult } from './types.js';
import { BLOCK_PAGES, MIXED } from './page-store.js';
import { PageStates } from './page-states.js';
import { writeWalk } from './write-walk.js';
import { dontneedWalk, lazyFreeWalk } from './madvise-walks.js';
import { reclaimRunWalk } from './reclaim-walk.js';
import { madviseCostNs } from './costs.js';
import { HUGE_DONTNEED_NS, HUGE_FAULT_NS_PER_4K, HUGE_FREE_NS, TransparentHugePages } from './transparent-huge-pages.js';
import type { HugePageAdvice } from './transparent-huge-pages.js';
import { allAbsent, reclaimHugePages } from './huge-page-walks.js';
import type { KernelCosts } from './costs.js';
import type { LazyPageOwner, RunReclaim } from './lazyfree-lru.js';
import type { AddressSpaceHost, PageCounts } from './space-host.js';

export type { AddressSpaceHost, PageCounts } from './space-host.js';
import type { Memcg } from './memcg.js';

const NOOP_TOUCH: TouchResult = Object.freeze({ faults: 0, costNs: 0, oomKilled: false });

function checkRange(offset: number, len: number): void {
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new ScavsimError('E_RANGE', 'offset', `${String(offset)} is not a valid offset`, 'a non-negative safe integer (bytes)');
  }
  if (typeof len !== 'number' || !Number.isSafeInteger(len) || len < 0 || !Number.isSafeInteger(offset + len)) {
    throw new ScavsimError('E_RANGE', 'len', `${String(len)} is not a valid length`, 'a non-negative safe integer (bytes) with offset+len a safe integer');
  }
}

/** A process's private anonymous memory (implements the runtime↔kernel contract). */
export class AddressSpace implements ProcessMemory, LazyPageOwner {
  /** Process id (unique per machine). */
  readonly pid: number;
  /** Process name (as in `comm`). */
  readonly name: string;
  /** OS page size in bytes. */
  readonly pageSize: number;
  /** Name of the memory cgroup the process is charged to, or undefined for the root. */
  readonly cgroupName: string | undefined;

  private readonly host: AddressSpaceHost;
  /** The pages' states and counts (page-states.ts), changed by the walks beside it. */
  private readonly pages: PageStates;
  /** Transparent huge pages over the same pages. */
  private readonly thp: TransparentHugePages;
  private nFile: number;
  private hwmPages = 0;
  private isKilled = false;
  private isExited = false;

  /** @internal Created by Machine.createProcess. */
  constructor(host: AddressSpaceHost, init: { pid: number; name: string; pageSize: number; filePages: number; cgroupName: string | undefined }) {
    this.host = host;
    this.pages = new PageStates(this, host);
    this.pid = init.pid;
    this.name = init.name;
    this.pageSize = init.pageSize;
    this.nFile = init.filePages;
    this.cgroupName = init.cgroupName;
    this.hwmPages = this.nFile;
    this.thp = new TransparentHugePages({
      mode: host.thpMode,
      allAbsent: (p0, p1) => allAbsent(this.pages, p0, p1),
      fits: (n) => host.hugeFaultFits(this, n),
      fill: (p0, p1) => {
        writeWalk(this.pages, p0 * this.pageSize, (p1 - p0) * this.pageSize);
        return this.alive;
      },
      split: () => host.thpSplit(),
    }, init.pageSize);
  }

  /** True once the OOM killer killed this process. */
  get killed(): boolean {
    return this.isKilled;
  }

  /** True once the process exited normally. */
  get exited(): boolean {
    return this.isExited;
  }

  /** False once the process exited or was killed. */
  get alive(): boolean {
    return !this.isKilled && !this.isExited;
  }

  /** Anonymous pages in RSS (resident plus lazily freed not yet reclaimed). */
  get anonPages(): number {
    return this.pages.anon;
  }

  /**
   * RSS in pages (anon + file), used for OOM victim selection; includes pages charged for a
   * fault still in progress (in the kernel they are mapped as they are charged).
   */
  get rssPages(): number {
    return this.anonPages + this.nFile + this.pendingFaultPages;
  }

  /** @internal Pages charged by the machine for the fault in progress, not yet mapped. */
  pendingFaultPages = 0;

  /**
   * @internal The memcg this process is charged to, kept here by the machine (set at creation,
   * cleared at detach) so the fault and madvise paths need no map lookup.
   */
  chargedTo: Memcg | undefined = undefined;

  /** Page counts by state. */
  pageCounts(): PageCounts {
    const p = this.pages;
    return { resident: p.resident, lazyClean: p.lazyClean, lazyRedirtied: p.lazyRedirtied, file: this.nFile, huge: this.thp.hugePages };
  }

  /** Writes every OS page overlapping [offset, offset+len). */
  touch(offset: number, len: number): TouchResult {
    checkRange(offset, len);
    if (!this.alive || len === 0) return NOOP_TOUCH;
    const hugeBefore = this.thp.hugeFaults;
    const hugeNs = this.thp.engaged ? this.thpBeforeWrite(offset, len) : 0;
    const hugeFaults = this.thp.hugeFaults - hugeBefore;
    if (!this.alive) return { faults: hugeFaults, costNs: hugeNs, oomKilled: true };
    const costNs = writeWalk(this.pages, offset, len);
    return { faults: this.pages.faults + hugeFaults, costNs: costNs + hugeNs, oomKilled: this.pages.oom };
  }

  /** Huge-page faults and re-dirtying before a write (transparent-huge-pages.ts). */
  private thpBeforeWrite(offset: number, len: number): number {
    const ps = this.pageSize;
    return this.thp.beforeWrite(Math.floor(offset / ps), Math.ceil((offset + len) / ps));
  }

  /** {@link touch} without the result (see {@link ProcessMemory.write}). */
  write(offset: number, len: number): void {
    checkRange(offset, len);
    if (!this.alive || len === 0) return;
    if (this.thp.engaged) {
      this.thpBeforeWrite(offset, len);
      if (!this.alive) return;
    }
    writeWalk(this.pages, offset, len);
  }

  /** Reads every OS page overlapping [offset, offset+len): RSS never changes. */
  read(offset: number, len: number): TouchResult {
    checkRange(offset, len);
    if (!this.alive || len === 0) return NOOP_TOUCH;
    const ps = this.pageSize;
    const p0 = Math.floor(offset / ps);
    const p1 = Math.ceil((offset + len) / ps);
    const store = this.pages.store;
    let present = 0;
    const count = this.pages.storedBlocks(p0, p1);
    const b0 = this.pages.walkB0;
    const indices = this.pages.walkIndices;
    for (let k = 0; k < count; k++) {
      const bi = indices === null ? b0 + k : indices[k]!;
      const base = bi * BLOCK_PAGES;
      const from = Math.max(p0, base);
      const to = Math.min(p1, base + BLOCK_PAGES);
      const u = store.uniformState(bi);
      if (u !== MIXED) {
        if (u !== PageState.ABSENT) present += to - from;
        continue;
      }
      const b = store.block(bi)!;
      for (let i = from - base; i < to - base; i++) if (b[i] !== PageState.ABSENT) present++;
    }
    const absent = p1 - p0 - present;
    // Each absent page read maps the shared zero page: a minor fault, no RSS [M-1 F]. The
    // ZERO_MAPPED state is not tracked, so repeated reads of an absent page fault each time.
    return { faults: absent, costNs: absent * this.host.costs.zeroPageReadNsPerPage, oomKilled: false };
  }

  /** `madvise(offset, len, advice)`; see the module comment for the transitions. */
  madvise(offset: number, len: number, advice: Advice): MadviseResult {
    const costNs = this.advise(offset, len, advice);
    return { errno: this.lastMadviseErrno, applied: this.adviseApplied, pages: this.advisePages, costNs };
  }

  /** errno of the last {@link madvise} or {@link madviseCost} call. */
  lastMadviseErrno: 0 | 'EINVAL' = 0;
  private adviseApplied: Advice | null = null;
  private advisePages = 0;

  /** {@link madvise} without a result object (see {@link ProcessMemory.madviseCost}). */
  madviseCost(offset: number, len: number, advice: Advice): number {
    return this.advise(offset, len, advice);
  }

  /** The madvise call: returns its cost; errno, applied advice and pages changed in fields. */
  private advise(offset: number, len: number, advice: Advice): number {
    checkRange(offset, len);
    if (advice !== 'MADV_FREE' && advice !== 'MADV_DONTNEED') {
      throw new ScavsimError('E_RANGE', 'advice', `unknown advice ${showValue(advice)}`, '"MADV_FREE" or "MADV_DONTNEED"');
    }
    const costs = this.host.costs;
    this.lastMadviseErrno = 0;
    this.adviseApplied = null;
    this.advisePages = 0;
    if (!this.alive) return 0;
    // Page alignment without `%`: on offsets above 2^31 it is a floating-point remainder (slow);
    // dividing a safe integer by a power of two is exact, so this is the same test.
    if (Math.floor(offset / this.pageSize) * this.pageSize !== offset) {
      this.lastMadviseErrno = 'EINVAL';
      return costs.emptyCallNs;
    }
    let applied: Advice = advice;
    if (advice === 'MADV_FREE') {
      const mode = this.host.freeMode();
      if (mode === 'EINVAL') {
        this.lastMadviseErrno = 'EINVAL';
        return costs.emptyCallNs;
      }
      if (mode === 'DONTNEED') applied = 'MADV_DONTNEED';
    }
    this.adviseApplied = applied;
    if (len === 0) return costs.emptyCallNs;
    const p0 = offset / this.pageSize;
    const p1 = p0 + Math.ceil(len / this.pageSize);
    // Whole huge pages are zapped or lazily freed as one PMD each; partly covered ones split.
    const wholeHuge = this.thp.beforeRelease(p0, p1, applied === 'MADV_DONTNEED');
    if (applied === 'MADV_DONTNEED') dontneedWalk(this.pages, p0, p1);
    else lazyFreeWalk(this.pages, p0, p1);
    this.advisePages = this.pages.changed;
    if (wholeHuge === 0) return madviseCostNs(costs, applied, this.pages.present);
    const small = this.pages.present - wholeHuge * this.thp.regionPages;
    return madviseCostNs(costs, applied, Math.max(0, small)) + wholeHuge * (applied === 'MADV_DONTNEED' ? HUGE_DONTNEED_NS : HUGE_FREE_NS);
  }

  /** See {@link ProcessMemory.hugePageAdvice}. */
  hugePageAdvice(offset: number, len: number, advice: HugePageAdvice): number {
    checkRange(offset, len);
    if (advice !== 'MADV_HUGEPAGE' && advice !== 'MADV_NOHUGEPAGE' && advice !== 'MADV_COLLAPSE') {
      throw new ScavsimError('E_RANGE', 'advice', `unknown advice ${showValue(advice)}`, '"MADV_HUGEPAGE", "MADV_NOHUGEPAGE" or "MADV_COLLAPSE"');
    }
    const costs = this.host.costs;
    const ps = this.pageSize;
    if (!this.alive || len === 0 || Math.floor(offset / ps) * ps !== offset) return costs.emptyCallNs;
    if (advice === 'MADV_COLLAPSE' && !this.host.collapseSupported()) return costs.emptyCallNs;
    const p0 = offset / ps;
    const regions = this.thp.advise(p0, p0 + Math.ceil(len / ps), advice);
    let cost = costs.emptyCallNs;
    const rp = this.thp.regionPages;
    for (const r of regions) {
      writeWalk(this.pages, r * rp * ps, rp * ps);
      if (!this.alive) break;
      this.thp.collapsed(r);
      cost += rp * HUGE_FAULT_NS_PER_4K;
    }
    return cost;
  }

  /** State of the OS page containing `offset`. */
  stateAt(offset: number): PageState {
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
      throw new ScavsimError('E_RANGE', 'offset', `${String(offset)} is not a valid offset`, 'a non-negative safe integer (bytes)');
    }
    return this.pages.store.get(Math.floor(offset / this.pageSize));
  }

  /** Current `/proc/PID/status` and `smaps_rollup` counters (bytes). */
  counters(): ProcessMemoryCounters {
    const ps = this.pageSize;
    const anon = this.anonPages * ps;
    const file = this.nFile * ps;
    return {
      VmRSS: anon + file,
      RssAnon: anon,
      RssFile: file,
      VmHWM: this.hwmPages * ps,
      Rss: anon + file,
      LazyFree: this.pages.lazyClean * ps,
      Anonymous: anon,
      AnonHugePages: this.thp.hugePages * ps,
      Private_Dirty: (this.pages.resident + this.pages.lazyRedirtied) * ps,
      Private_Clean: (this.pages.lazyClean + this.nFile) * ps,
    };
  }

  // ---- LazyPageOwner (called by the LRU during reclaim) ----

  /** @internal */
  lruState(page: number): PageState {
    return this.pages.store.get(page);
  }

  /** @internal */
  lruStamp(page: number): number {
    return this.pages.store.stamp(page);
  }

  /** @internal LAZY_CLEAN → ABSENT. */
  discardLazyPage(page: number): void {
    this.pages.store.set(page, PageState.ABSENT);
    this.pages.lazyClean--;
    this.host.releasePages(this, 1);
    this.host.lazyDiscarded(this);
  }

  /** @internal LAZY_REDIRTIED → RESIDENT. */
  reanonymizePage(page: number): void {
    this.pages.store.set(page, PageState.RESIDENT);
    this.pages.lazyRedirtied--;
    this.pages.resident++;
  }

  /** @internal See {@link LazyPageOwner.reclaimRun}. */
  reclaimRun(from: number, end: number, seq: number, want: number, out: RunReclaim): void {
    reclaimRunWalk(this.pages, from, end, seq, want, out);
    if (this.thp.hugeRegions > 0 && out.discarded > 0) reclaimHugePages(this.pages, this.thp, from, end, seq, out);
  }


  /** Label used in reclaim events. */
  get lruLabel(): { process: string; pid: number; cgroup: string | undefined } {
    return { process: this.name, pid: this.pid, cgroup: this.cgroupName };
  }

  // ---- lifecycle (called by Machine / PlainProcess) ----

  /** Process exit: every page is freed and uncharged (exit_mmap). Idempotent. */
  exit(): void {
    if (!this.alive) return;
    this.releaseAll();
    this.isExited = true;
    this.host.detach(this);
  }

  /** @internal OOM kill: like exit, but `killed` becomes true. */
  kill(): void {
    if (!this.alive) return;
    this.releaseAll();
    this.isKilled = true;
    this.host.detach(this);
  }

  /** @internal File pages released at detach. */
  takeFilePages(): number {
    const n = this.nFile;
    this.nFile = 0;
    return n;
  }

  private releaseAll(): void {
    const n = this.anonPages;
    this.pages.clear();
    this.thp.clear();
    if (n > 0) this.host.releasePages(this, n);
  }

  /** @internal Raises VmHWM to the current RSS (after pages fault in). */
  noteHwm(): void {
    const rss = this.anonPages + this.nFile;
    if (rss > this.hwmPages) this.hwmPages = rss;
  }

}
