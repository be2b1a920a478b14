/**
 * One process's private anonymous memory, page by page, as the kernel sees it.
 *
 * Mechanism (spec linux-kernel.md §0, 4.12+ kernels). Each OS page is in one of four states
 * ({@link PageState}; ZERO_MAPPED is folded into ABSENT since neither is in RSS):
 *
 *   ABSENT ──write (minor fault: allocate, zero, charge memcg)──────────▶ RESIDENT      [M-1]
 *   RESIDENT ──MADV_DONTNEED (freed and uncharged during the call)──────▶ ABSENT        [§1, M-1 F]
 *   RESIDENT ──MADV_FREE (nothing freed; head of inactive file LRU)─────▶ LAZY_CLEAN    [§2.2, M-1 C]
 *   LAZY_CLEAN ──write (no fault; A/D-bit update ~0.45 µs)──────────────▶ LAZY_REDIRTIED [M-1 E, M-5]
 *   LAZY_REDIRTIED ──MADV_FREE (PTE dirty bit cleared)──────────────────▶ LAZY_CLEAN    [§2.2]
 *   LAZY_CLEAN ──reclaim (discard, RSS and memcg usage fall now)────────▶ ABSENT        [M-2]
 *   LAZY_REDIRTIED ──reclaim scan (swap-backed again, anon LRU)─────────▶ RESIDENT      [§2.5]
 *   LAZY_* ──MADV_DONTNEED──────────────────────────────────────────────▶ ABSENT        [§1]
 *   any ──read──▶ unchanged (an ABSENT read maps the zero page: a fault, no RSS)         [M-1 D, F]
 *
 * LRU position of a re-freed page. A LAZY_REDIRTIED page freed again keeps its *old* LRU
 * position: only the PTE dirty bit was set by the write, the folio is still !PG_swapbacked, so
 * `folio_mark_lazyfree` (mm/swap.c) returns early and does not move it (nor count `pglazyfree`);
 * `madvise_free_pte_range` just clears the PTE dirty/young bits again. A LAZY_CLEAN page freed
 * again is likewise untouched. Only RESIDENT pages get a new run at the head.
 *
 * Kernel versions (spec §2.1): < 4.5 MADV_FREE fails with EINVAL and changes nothing;
 * 4.5–4.11 without free swap applies MADV_DONTNEED (reported as `applied: 'MADV_DONTNEED'`);
 * 4.5–4.11 with swap is treated like 4.12+ (the real kernel keeps such pages on the inactive
 * *anon* list, reclaimed only with swap — a simplification, see docs/kernel-model.md).
 *
 * Counters: VmRSS = RssAnon + RssFile; RssAnon counts RESIDENT and both lazy states (lazyfree
 * pages stay in RSS until discarded, [M-1 C]); smaps LazyFree counts LAZY_CLEAN only (a written
 * page's PTE is dirty, `smaps_account` [S-smaps]). The per-CPU pagevec lag of up to 30 pages in
 * LazyFree (spec §2.2) is not modelled.
 *
 * Costs (spec §5.1, costs.ts) are returned to the caller, which charges them to the thread that
 * made the call; reclaim triggered by a fault is paid by the faulting process [M-2 rerun].
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import { PageState } from './types.js';
import type { Advice, MadviseResult, ProcessMemory, ProcessMemoryCounters, TouchResult } from './types.js';
import { BLOCK_PAGES, MIXED, PageStore } from './page-store.js';
import { madviseCostNs } from './costs.js';
import type { KernelCosts } from './costs.js';
import type { MadviseFreeMode } from './kernel-version.js';
import type { LazyPageOwner, RunReclaim } from './lazyfree-lru.js';
import type { Memcg } from './memcg.js';

/** What an address space needs from the machine it lives on. Implemented by Machine. */
export interface AddressSpaceHost {
  /** Cost constants. */
  readonly costs: KernelCosts;
  /** What MADV_FREE does right now (kernel version, free swap). */
  freeMode(): MadviseFreeMode;
  /**
   * Allocates and charges `n` pages for a write fault. Returns the reclaim cost paid; if the
   * process was OOM-killed meanwhile it returns with `as.killed` set and nothing charged.
   */
  chargeFaults(as: AddressSpace, n: number): number;
  /** `n` anon pages of `as` were freed (DONTNEED, exit, kill, reclaim discard): uncharge. */
  releasePages(as: AddressSpace, n: number): void;
  /** `n` pages from `firstPage` became lazily freed with stamp `seq`: queue them, count pglazyfree. */
  lazyFreed(as: AddressSpace, firstPage: number, n: number, seq: number): void;
  /** `n` (default 1) lazily freed pages were discarded by reclaim (`pglazyfreed`). */
  lazyDiscarded(as: AddressSpace, n?: number): void;
  /** Next LRU sequence number (global age order). */
  nextSeq(): number;
  /** The process exited or was killed: release its file pages and forget it. */
  detach(as: AddressSpace): void;
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
}

/** Four page-state bytes that are all RESIDENT or LAZY_REDIRTIED (low bit set in each). */
const ALL_WRITTEN = 0x01010101;
/** Four page-state bytes, all ABSENT / all RESIDENT / all LAZY_CLEAN. */
const ALL_ABSENT = 0;
const ALL_RESIDENT = 0x01010101;
const ALL_LAZY_CLEAN = 0x02020202;

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
  private readonly store = new PageStore();
  private nResident = 0;
  private nLazyClean = 0;
  private nLazyRedirtied = 0;
  private nFile: number;
  private hwmPages = 0;
  private isKilled = false;
  private isExited = false;
  /** Set by {@link storedBlocks} for the walk that called it. */
  private walkB0 = 0;
  private walkIndices: number[] | null = null;
  /** Set by {@link dontneed} / {@link lazyFree}: pages present in the range, pages whose state changed. */
  private walkPresent = 0;
  private walkChanged = 0;

  /** @internal Created by Machine.createProcess. */
  constructor(host: AddressSpaceHost, init: { pid: number; name: string; pageSize: number; filePages: number; cgroupName: string | undefined }) {
    this.host = host;
    this.pid = init.pid;
    this.name = init.name;
    this.pageSize = init.pageSize;
    this.nFile = init.filePages;
    this.cgroupName = init.cgroupName;
    this.hwmPages = this.nFile;
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
    return this.nResident + this.nLazyClean + this.nLazyRedirtied;
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
    return { resident: this.nResident, lazyClean: this.nLazyClean, lazyRedirtied: this.nLazyRedirtied, file: this.nFile };
  }

  /** Writes every OS page overlapping [offset, offset+len). */
  touch(offset: number, len: number): TouchResult {
    checkRange(offset, len);
    if (!this.alive || len === 0) return NOOP_TOUCH;
    const costNs = this.writePages(offset, len);
    return { faults: this.writeFaults, costNs, oomKilled: this.writeOom };
  }

  /** {@link touch} without the result (see {@link ProcessMemory.write}). */
  write(offset: number, len: number): void {
    checkRange(offset, len);
    if (!this.alive || len === 0) return;
    this.writePages(offset, len);
  }

  /** Faults of the last {@link writePages} call, and whether it ended in an OOM kill. */
  private writeFaults = 0;
  private writeOom = false;

  /** The write itself (range checked, process alive, len > 0); returns the cost in ns. */
  private writePages(offset: number, len: number): number {
    const ps = this.pageSize;
    const p1 = Math.ceil((offset + len) / ps);
    const lazyWriteNs = this.host.costs.lazyFirstWriteNsPerPage;
    const store = this.store;
    let p = Math.floor(offset / ps);
    let faults = 0;
    let costNs = 0;
    while (p < p1) {
      const bi = Math.floor(p / BLOCK_PAGES);
      const base = bi * BLOCK_PAGES;
      const blockEnd = Math.min(p1, base + BLOCK_PAGES);
      const whole = p === base && blockEnd === base + BLOCK_PAGES;
      const u = store.uniformState(bi);
      if (u === PageState.RESIDENT || u === PageState.LAZY_REDIRTIED) {
        p = blockEnd; // already written: nothing changes
        continue;
      }
      if (u === PageState.LAZY_CLEAN) {
        const n = blockEnd - p;
        if (whole) store.setBlockUniform(bi, PageState.LAZY_REDIRTIED);
        else store.blockForWrite(bi).fill(PageState.LAZY_REDIRTIED, p - base, blockEnd - base);
        this.nLazyClean -= n;
        this.nLazyRedirtied += n;
        costNs = addRepeated(costNs, lazyWriteNs, n);
        p = blockEnd;
        continue;
      }
      // Within the block, offsets are int32 (absolute page numbers can exceed 2^31, and
      // arithmetic on them in these loops would be floating point).
      const b = u === MIXED ? store.block(bi)! : undefined;
      const hi = (blockEnd - base) | 0;
      let i = (p - base) | 0;
      let runEnd = i;
      if (b === undefined) {
        runEnd = hi;
      } else {
        // Absent pages four at a time once word-aligned (a word of four ABSENT bytes is 0).
        const w = store.words(bi)!;
        while (runEnd < hi && b[runEnd] === PageState.ABSENT) {
          runEnd++;
          if ((runEnd & 3) === 0) while (runEnd + 4 <= hi && w[runEnd >>> 2] === ALL_ABSENT) runEnd += 4;
        }
      }
      if (runEnd > i) {
        const n = runEnd - i;
        costNs += this.host.chargeFaults(this, n);
        if (!this.alive) {
          this.writeFaults = faults;
          this.writeOom = true;
          return costNs;
        }
        if (whole && b === undefined) store.setBlockUniform(bi, PageState.RESIDENT);
        else store.blockForWrite(bi).fill(PageState.RESIDENT, i, runEnd);
        this.nResident += n;
        faults += n;
        costNs += n * this.host.costs.faultNsPerPage;
        this.noteHwm();
        p = base + runEnd;
        continue;
      }
      // b is defined here and b[i] is present.
      const blk = b!;
      const words = store.words(bi)!;
      for (; i < hi && blk[i] !== PageState.ABSENT; i++) {
        // RESIDENT (1) and LAZY_REDIRTIED (3) pages are left as they are by a write: skip
        // four at a time while all four have the low bit set.
        if ((i & 3) === 0) {
          while (i + 4 <= hi && (words[i >>> 2]! & ALL_WRITTEN) === ALL_WRITTEN) i += 4;
          if (i >= hi || blk[i] === PageState.ABSENT) break;
        }
        if (blk[i] === PageState.LAZY_CLEAN) {
          blk[i] = PageState.LAZY_REDIRTIED; // no fault; the free is cancelled [M-1 E]
          this.nLazyClean--;
          this.nLazyRedirtied++;
          costNs += lazyWriteNs;
        }
      }
      p = base + i;
    }
    this.writeFaults = faults;
    this.writeOom = false;
    return costNs;
  }

  /** Reads every OS page overlapping [offset, offset+len): RSS never changes. */
  read(offset: number, len: number): TouchResult {
    checkRange(offset, len);
    if (!this.alive || len === 0) return NOOP_TOUCH;
    const ps = this.pageSize;
    const p0 = Math.floor(offset / ps);
    const p1 = Math.ceil((offset + len) / ps);
    const store = this.store;
    let present = 0;
    const count = this.storedBlocks(p0, p1);
    const b0 = this.walkB0;
    const indices = this.walkIndices;
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
      throw new ScavsimError('E_RANGE', 'advice', `unknown advice ${JSON.stringify(advice)}`, '"MADV_FREE" or "MADV_DONTNEED"');
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
    if (applied === 'MADV_DONTNEED') this.dontneed(p0, p1);
    else this.lazyFree(p0, p1);
    this.advisePages = this.walkChanged;
    return madviseCostNs(costs, applied, this.walkPresent);
  }

  /** State of the OS page containing `offset`. */
  stateAt(offset: number): PageState {
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
      throw new ScavsimError('E_RANGE', 'offset', `${String(offset)} is not a valid offset`, 'a non-negative safe integer (bytes)');
    }
    return this.store.get(Math.floor(offset / this.pageSize));
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
      LazyFree: this.nLazyClean * ps,
      Anonymous: anon,
      Private_Dirty: (this.nResident + this.nLazyRedirtied) * ps,
      Private_Clean: (this.nLazyClean + this.nFile) * ps,
    };
  }

  // ---- LazyPageOwner (called by the LRU during reclaim) ----

  /** @internal */
  lruState(page: number): PageState {
    return this.store.get(page);
  }

  /** @internal */
  lruStamp(page: number): number {
    return this.store.stamp(page);
  }

  /** @internal LAZY_CLEAN → ABSENT. */
  discardLazyPage(page: number): void {
    this.store.set(page, PageState.ABSENT);
    this.nLazyClean--;
    this.host.releasePages(this, 1);
    this.host.lazyDiscarded(this);
  }

  /** @internal LAZY_REDIRTIED → RESIDENT. */
  reanonymizePage(page: number): void {
    this.store.set(page, PageState.RESIDENT);
    this.nLazyRedirtied--;
    this.nResident++;
  }

  /** @internal See {@link LazyPageOwner.reclaimRun}. */
  reclaimRun(from: number, end: number, seq: number, want: number, out: RunReclaim): void {
    const store = this.store;
    let p = from;
    let discarded = 0;
    let reanonymized = 0;
    while (p < end && discarded < want) {
      const bi = Math.floor(p / BLOCK_PAGES);
      const base = bi * BLOCK_PAGES;
      const blockEnd = Math.min(end, base + BLOCK_PAGES);
      const u = store.uniformState(bi);
      if (u === PageState.ABSENT || u === PageState.RESIDENT) {
        p = blockEnd; // nothing of this run is on the list here any more
        continue;
      }
      const stamps = store.stampBlock(bi);
      if (u !== MIXED && stamps === undefined) {
        if (store.uniformStamp(bi) !== seq) {
          p = blockEnd; // every page re-freed later (a newer run owns them)
          continue;
        }
        if (u === PageState.LAZY_REDIRTIED) {
          const n = blockEnd - p;
          if (p === base && blockEnd === base + BLOCK_PAGES) store.setBlockUniform(bi, PageState.RESIDENT);
          else store.blockForWrite(bi).fill(PageState.RESIDENT, p - base, blockEnd - base);
          this.nLazyRedirtied -= n;
          this.nResident += n;
          reanonymized += n;
          p = blockEnd;
          continue;
        }
        // LAZY_CLEAN: discard up to what is still wanted.
        const n = Math.min(blockEnd - p, want - discarded);
        if (p === base && n === BLOCK_PAGES) store.setBlockUniform(bi, PageState.ABSENT);
        else store.blockForWrite(bi).fill(PageState.ABSENT, p - base, p - base + n);
        this.nLazyClean -= n;
        discarded += n;
        p += n;
        continue;
      }
      // Page by page in block-local int32 offsets: states and stamps from the block's arrays.
      const b = store.blockForWrite(bi);
      const words = store.words(bi)!;
      const one = stamps === undefined ? store.uniformStamp(bi) : 0;
      const hi = (blockEnd - base) | 0;
      let i = (p - base) | 0;
      for (; i < hi && discarded < want; i++) {
        // Four LAZY_CLEAN pages of this run at a time, when all four are still wanted.
        if ((i & 3) === 0 && i + 4 <= hi && discarded + 4 <= want && words[i >>> 2] === ALL_LAZY_CLEAN
          && (stamps === undefined ? one === seq : stamps[i] === seq && stamps[i + 1] === seq && stamps[i + 2] === seq && stamps[i + 3] === seq)) {
          words[i >>> 2] = ALL_ABSENT;
          this.nLazyClean -= 4;
          discarded += 4;
          i += 3;
          continue;
        }
        if ((stamps === undefined ? one : stamps[i]!) !== seq) continue;
        const st = b[i];
        if (st === PageState.LAZY_CLEAN) {
          b[i] = PageState.ABSENT;
          this.nLazyClean--;
          discarded++;
        } else if (st === PageState.LAZY_REDIRTIED) {
          b[i] = PageState.RESIDENT;
          this.nLazyRedirtied--;
          this.nResident++;
          reanonymized++;
        }
      }
      p = base + i;
    }
    if (discarded > 0) {
      this.host.releasePages(this, discarded);
      this.host.lazyDiscarded(this, discarded);
    }
    out.next = p;
    out.discarded = discarded;
    out.reanonymized = reanonymized;
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
    this.store.clear();
    this.nResident = 0;
    this.nLazyClean = 0;
    this.nLazyRedirtied = 0;
    if (n > 0) this.host.releasePages(this, n);
  }

  private noteHwm(): void {
    const rss = this.anonPages + this.nFile;
    if (rss > this.hwmPages) this.hwmPages = rss;
  }

  private dontneed(p0: number, p1: number): void {
    let present = 0;
    const store = this.store;
    const count = this.storedBlocks(p0, p1);
    const b0 = this.walkB0;
    const indices = this.walkIndices;
    for (let k = 0; k < count; k++) {
      const bi = indices === null ? b0 + k : indices[k]!;
      const u = store.uniformState(bi);
      if (u === PageState.ABSENT) continue;
      const base = bi * BLOCK_PAGES;
      const from = Math.max(p0, base);
      const to = Math.min(p1, base + BLOCK_PAGES);
      const whole = from === base && to === base + BLOCK_PAGES;
      if (u !== MIXED) {
        const n = to - from;
        this.dropCount(u, n);
        present += n;
        if (whole) store.setBlockUniform(bi, PageState.ABSENT);
        else store.blockForWrite(bi).fill(PageState.ABSENT, from - base, to - base);
        continue;
      }
      const b = store.block(bi)!;
      const words = store.words(bi)!;
      for (let i = (from - base) | 0, hi = (to - base) | 0; i < hi; i++) {
        // Four pages at a time where a whole word is ABSENT (nothing to do) or RESIDENT.
        if ((i & 3) === 0 && i + 4 <= hi) {
          const w = words[i >>> 2]!;
          if (w === ALL_ABSENT) {
            i += 3;
            continue;
          }
          if (w === ALL_RESIDENT) {
            words[i >>> 2] = ALL_ABSENT;
            this.nResident -= 4;
            present += 4;
            i += 3;
            continue;
          }
        }
        const st = b[i];
        if (st === PageState.ABSENT) continue;
        if (st === PageState.RESIDENT) this.nResident--;
        else if (st === PageState.LAZY_CLEAN) this.nLazyClean--;
        else this.nLazyRedirtied--;
        b[i] = PageState.ABSENT;
        present++;
      }
      if (whole) store.setBlockUniform(bi, PageState.ABSENT);
    }
    if (present > 0) this.host.releasePages(this, present);
    this.walkPresent = present;
    this.walkChanged = present;
  }

  /** Takes `n` pages of state `st` off its counter (the pages become ABSENT). */
  private dropCount(st: PageState, n: number): void {
    if (st === PageState.RESIDENT) this.nResident -= n;
    else if (st === PageState.LAZY_CLEAN) this.nLazyClean -= n;
    else this.nLazyRedirtied -= n;
  }

  private lazyFree(p0: number, p1: number): void {
    let present = 0;
    let changed = 0;
    const seq = this.host.nextSeq();
    const store = this.store;
    // Consecutive newly lazy pages form one LRU run (one list entry per contiguous range).
    let runStart = -1;
    let runLen = 0;
    const count = this.storedBlocks(p0, p1);
    const b0 = this.walkB0;
    const indices = this.walkIndices;
    for (let k = 0; k < count; k++) {
      const bi = indices === null ? b0 + k : indices[k]!;
      const u = store.uniformState(bi);
      if (u === PageState.ABSENT) continue;
      const base = bi * BLOCK_PAGES;
      const from = Math.max(p0, base);
      const to = Math.min(p1, base + BLOCK_PAGES);
      const n = to - from;
      const whole = from === base && to === base + BLOCK_PAGES;
      if (u === PageState.RESIDENT) {
        if (whole) store.setBlockUniform(bi, PageState.LAZY_CLEAN);
        else store.blockForWrite(bi).fill(PageState.LAZY_CLEAN, from - base, to - base);
        store.setStampRange(bi, from - base, to - base, seq);
        this.nResident -= n;
        this.nLazyClean += n;
        present += n;
        changed += n;
        if (runLen > 0 && runStart + runLen === from) runLen += n;
        else {
          if (runLen > 0) this.host.lazyFreed(this, runStart, runLen, seq);
          runStart = from;
          runLen = n;
        }
        continue;
      }
      if (u === PageState.LAZY_REDIRTIED) {
        // Clean again, but keeps its old LRU position (folio_mark_lazyfree: !swapbacked → no move).
        if (whole) store.setBlockUniform(bi, PageState.LAZY_CLEAN);
        else store.blockForWrite(bi).fill(PageState.LAZY_CLEAN, from - base, to - base);
        this.nLazyRedirtied -= n;
        this.nLazyClean += n;
        changed += n;
        present += n;
        continue;
      }
      if (u === PageState.LAZY_CLEAN) {
        present += n;
        continue;
      }
      // Page by page in block-local int32 offsets (absolute page numbers can exceed 2^31,
      // and arithmetic on them in this loop would be floating point).
      const b = store.block(bi)!;
      const words = store.words(bi)!;
      let stamps: Float64Array | undefined;
      const lo = (from - base) | 0;
      const hi = (to - base) | 0;
      for (let i = lo; i < hi; i++) {
        // Four pages at a time where a whole word is ABSENT, LAZY_CLEAN or RESIDENT; a stretch
        // of RESIDENT words becomes LAZY_CLEAN (and joins the run) in one fill.
        if ((i & 3) === 0 && i + 4 <= hi) {
          const w = words[i >>> 2]!;
          if (w === ALL_ABSENT) {
            let j = i + 4;
            while (j + 4 <= hi && words[j >>> 2] === ALL_ABSENT) j += 4;
            i = j - 1;
            continue;
          }
          if (w === ALL_LAZY_CLEAN) {
            let j = i + 4;
            while (j + 4 <= hi && words[j >>> 2] === ALL_LAZY_CLEAN) j += 4;
            present += j - i;
            i = j - 1;
            continue;
          }
          if (w === ALL_RESIDENT) {
            let j = i + 4;
            while (j + 4 <= hi && words[j >>> 2] === ALL_RESIDENT) j += 4;
            const n = j - i;
            b.fill(PageState.LAZY_CLEAN, i, j);
            (stamps ??= store.stampsForWrite(bi)).fill(seq, i, j);
            this.nResident -= n;
            this.nLazyClean += n;
            present += n;
            changed += n;
            const p = base + i;
            if (runLen > 0 && runStart + runLen === p) runLen += n;
            else {
              if (runLen > 0) this.host.lazyFreed(this, runStart, runLen, seq);
              runStart = p;
              runLen = n;
            }
            i = j - 1;
            continue;
          }
        }
        const st = b[i];
        if (st === PageState.RESIDENT) {
          b[i] = PageState.LAZY_CLEAN;
          (stamps ??= store.stampsForWrite(bi))[i] = seq;
          this.nResident--;
          this.nLazyClean++;
          present++;
          changed++;
          const p = base + i;
          if (runLen > 0 && runStart + runLen === p) runLen++;
          else {
            if (runLen > 0) this.host.lazyFreed(this, runStart, runLen, seq);
            runStart = p;
            runLen = 1;
          }
          continue;
        }
        if (st === PageState.LAZY_REDIRTIED) {
          // Clean again, but keeps its old LRU position (folio_mark_lazyfree: !swapbacked → no move).
          b[i] = PageState.LAZY_CLEAN;
          this.nLazyRedirtied--;
          this.nLazyClean++;
          changed++;
        }
        if (st !== PageState.ABSENT) present++;
      }
    }
    if (runLen > 0) this.host.lazyFreed(this, runStart, runLen, seq);
    this.walkPresent = present;
    this.walkChanged = changed;
  }

  /**
   * The blocks of [p0, p1) to visit, ascending: returns their count; block `k` is
   * `walkB0 + k`, or, for a range much wider than the stored blocks, `walkIndices[k]` (only the
   * stored ones), so that a madvise over a huge empty reservation is cheap. Blocks never
   * written are all ABSENT. (Results in fields rather than an object: one call per madvise.)
   */
  private storedBlocks(p0: number, p1: number): number {
    const b0 = Math.floor(p0 / BLOCK_PAGES);
    const b1 = Math.floor((p1 - 1) / BLOCK_PAGES);
    this.walkB0 = b0;
    if (b1 - b0 + 1 > 4 * this.store.blockCount + 16) {
      this.walkIndices = this.store.blockIndicesIn(b0, b1);
      return this.walkIndices.length;
    }
    this.walkIndices = null;
    return b1 - b0 + 1;
  }
}

/** `acc + x` added `n` times, in the same floating-point order as a per-page loop. */
function addRepeated(acc: number, x: number, n: number): number {
  if (Number.isInteger(x) && Number.isInteger(acc) && Math.abs(acc) + Math.abs(x * n) < Number.MAX_SAFE_INTEGER) return acc + x * n;
  let r = acc;
  for (let i = 0; i < n; i++) r += x;
  return r;
}
