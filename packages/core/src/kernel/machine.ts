/**
 * A Linux machine: physical memory, the page allocator's watermarks, kswapd, direct reclaim,
 * memory cgroups, processes and the OOM killer.
 *
 * Mechanism (kernel §3). Memory is one zone of `memTotal / pageSize` pages:
 *
 *   free = managed − otherUsed − page cache − Σ anon pages − Σ mapped file pages
 *
 * Every write fault allocates one page and charges it to the process's memcg (memcg.ts). The
 * allocator's fast path succeeds while free stays at or above the *low* watermark. Below low it
 * wakes kswapd, which reclaims in the background (from {@link Machine.tick}) until free reaches
 * *high*. An allocation that would take free below *min* does direct reclaim (SWAP_CLUSTER_MAX
 * = 32 pages at a time) in the faulting task, which pays ≈0.4 µs per page [M-2 rerun]. When
 * nothing is reclaimable the global OOM killer kills the process with the largest RSS.
 *
 * What is reclaimable: without swap, only the inactive file LRU — clean page cache and lazily
 * freed pages (kernel §3.1, [C-f7ad2a6]); anon is never scanned (swap is not modelled beyond the
 * 4.5–4.11 MADV_FREE check). Global reclaim merges the per-cgroup lists by age (global sequence
 * numbers). The kernel instead walks memcgs round-robin, scanning each in proportion to its size
 * and priority (`shrink_node_memcgs`): a simplification that preserves "oldest first" but not the
 * per-cgroup proportionality.
 *
 * kswapd rate: one kernel thread reclaiming at the measured ≈0.4 µs per page can free about
 * 2 500 pages per ms; {@link MachineConfig.kswapdPagesPerMs} (default 2 500) caps each tick's
 * work at `kswapdPagesPerMs × dtMs`.
 *
 * Counters: global `pgscan_*`/`pgsteal_*` count kswapd and direct reclaim only; memcg limit
 * reclaim is not counted there (`if (!cgroup_reclaim(sc))` in shrink_inactive_list
 * [S-vmscan-6.x]) but its discards do count `pglazyfreed` [M-2].
 *
 * Not modelled: the ≥6.7 MemFree lag through auto-tuned per-CPU free lists [M-4] (MemFree
 * rises at once here), watermark boosting, NUMA, multiple zones, THP.
 *
 * Events: reclaim and OOM events are queued without timestamps; the caller drains them with
 * {@link Machine.drainEvents} (once per tick) and stamps them with its simulated time.
 *
 * @module
 */
import { ScavsimError, showValue } from '../errors.js';
import { checkInt, checkNumber, checkPowerOfTwo, parseSize } from '../units.js';
import type { SizeInput } from '../units.js';
import { AddressSpace } from './address-space.js';
import type { AddressSpaceHost } from './address-space.js';
import { resolveKernelCosts } from './costs.js';
import type { KernelCosts } from './costs.js';
import { KernelEventLog } from './events.js';
import type { KernelEvent, ReclaimCause } from './events.js';
import { formatKernelVersion, kernelAtLeast, madviseFreeSupport, parseKernelVersion } from './kernel-version.js';
import { parseThpMode, type ThpMode } from './transparent-huge-pages.js';
import type { KernelVersion, MadviseFreeMode, MadviseFreeSupport } from './kernel-version.js';
import { ReclaimTally } from './lazyfree-lru.js';
import type { LazyfreeLru } from './lazyfree-lru.js';
import { Memcg, SWAP_CLUSTER_MAX } from './memcg.js';
import type { CgroupConfig, MemcgHost } from './memcg.js';
import { defaultMinFreeKbytes, memAvailablePages, zoneWatermarks } from './watermarks.js';
import type { Watermarks } from './watermarks.js';

/** What {@link Machine.drainEvents} returns when nothing happened (shared, frozen). */
const NO_EVENTS: KernelEvent[] = Object.freeze([]) as unknown as KernelEvent[];

/** How to build a machine. */
export interface MachineConfig {
  /** Physical memory (MemTotal). */
  readonly memTotal: SizeInput;
  /** OS page size: a power of two from 4096 to 65536 (default 4096). */
  readonly pageSize?: number;
  /** Kernel version as `uname -r` prints it (default "6.18.44", the measured machine). */
  readonly kernel?: string;
  /** Swap size (default 0). Swap-out is not modelled; it only matters for MADV_FREE on 4.5–4.11. */
  readonly swapTotal?: SizeInput;
  /** `vm.min_free_kbytes` (default: clamp(int_sqrt(lowmem_kbytes·16), 128, 262144)). */
  readonly minFreeKbytes?: number;
  /** `vm.watermark_scale_factor` (default 10, range 1–3000). */
  readonly watermarkScaleFactor?: number;
  /** Clean page cache present at start, in the root cgroup, older than anything freed later (default 0). */
  readonly pageCache?: SizeInput;
  /** Memory used by things not modelled (kernel, other services), never reclaimable (default 0). */
  readonly otherUsed?: SizeInput;
  /** Cost overrides (costs.ts). */
  readonly costs?: Partial<KernelCosts>;
  /** kswapd's reclaim budget per simulated ms (default 2 500 pages ≈ 1 / 0.4 µs). */
  readonly kswapdPagesPerMs?: number;
  /**
   * Transparent huge pages, `/sys/kernel/mm/transparent_hugepage/enabled`: `always`, `madvise`
   * (default, as on the machine the traces were recorded on) or `never`
   * (transparent-huge-pages.ts).
   */
  readonly thp?: ThpMode;
}

/** How to create a process. */
export interface ProcessConfig {
  /** Process name (`comm`). */
  readonly name: string;
  /** Its memory cgroup (a name or the object); default the root. */
  readonly cgroup?: string | Memcg | undefined;
  /** Mapped file pages (binary, libraries): in VmRSS as RssFile, not charged to the memcg (default 0). */
  readonly fileRss?: SizeInput | undefined;
}

/** Machine-wide counters: `/proc/meminfo` names in bytes, `/proc/vmstat` names in pages or events. */
export interface MachineCounters {
  /** Managed memory. */
  readonly MemTotal: number;
  /** Free pages (no per-CPU list lag, [M-4] not modelled). */
  readonly MemFree: number;
  /** si_mem_available (watermarks.ts). */
  readonly MemAvailable: number;
  /** Page cache (lazily freed pages are not page cache [M-1 C]). */
  readonly Cached: number;
  /** All anon pages, lazily freed ones included [M-1 C]. */
  readonly AnonPages: number;
  /** Mapped file pages of processes (RssFile). */
  readonly Mapped: number;
  /** Ordinary anon pages (RESIDENT). */
  readonly 'Inactive(anon)': number;
  /** Always 0 (no active lists modelled). */
  readonly 'Active(anon)': number;
  /** Page cache plus lazily freed pages. */
  readonly 'Inactive(file)': number;
  /** Always 0 (no active lists modelled). */
  readonly 'Active(file)': number;
  /** Memory used by things not modelled. */
  readonly OtherUsed: number;
  /** Pages marked lazyfree by MADV_FREE. */
  readonly pglazyfree: number;
  /** Lazyfree pages discarded by any reclaim (memcg limit reclaim included). */
  readonly pglazyfreed: number;
  /** Pages scanned by direct reclaim (memcg limit reclaim excluded, kernel §3.2). */
  readonly pgscan_direct: number;
  /** Pages freed by direct reclaim (memcg limit reclaim excluded). */
  readonly pgsteal_direct: number;
  /** Pages scanned by kswapd. */
  readonly pgscan_kswapd: number;
  /** Pages freed by kswapd. */
  readonly pgsteal_kswapd: number;
  /** OOM kills (memcg and global). */
  readonly oom_kill: number;
  /** Huge-page PMDs split (by a partial madvise or by reclaim of a lazily freed huge page). */
  readonly thp_split_pmd: number;
}

/** A simulated Linux machine. */
export class Machine implements AddressSpaceHost, MemcgHost {
  /** OS page size in bytes. */
  readonly pageSize: number;
  /** The running kernel. */
  readonly kernel: KernelVersion;
  /** Transparent huge page mode (`enabled`). */
  readonly thpMode: ThpMode;
  /** Cost constants. */
  readonly costs: KernelCosts;
  /** Zone watermarks (pages). */
  readonly watermarks: Watermarks;
  /** `vm.min_free_kbytes` in effect. */
  readonly minFreeKbytes: number;
  /** Managed pages (MemTotal / pageSize). */
  readonly managedPages: number;
  /** The root cgroup (unlimited; processes created without a cgroup live here). */
  readonly root: Memcg;
  /** What MADV_FREE does on this machine, and why. */
  readonly madvFree: MadviseFreeSupport;

  private readonly swapPages: number;
  private readonly otherPages: number;
  private readonly kswapdPerMs: number;
  private cachePages = 0;
  private anonPagesTotal = 0;
  private filePagesTotal = 0;
  private seq = 0;
  private nextPid = 1000;
  private kswapdAwake = false;
  private readonly cgroups = new Map<string, Memcg>();
  private readonly procs = new Map<number, AddressSpace>();
  private readonly memcgOf = new Map<AddressSpace, Memcg>();
  private readonly log = new KernelEventLog();
  /** Pages the last {@link Machine.charge} call charged (returned beside its cost without an object per fault). */
  private lastCharged = 0;
  /** True once something was logged since the last drain. */
  private logged = false;
  private readonly vm = { pglazyfree: 0, pglazyfreed: 0, pgscan_direct: 0, pgsteal_direct: 0, pgscan_kswapd: 0, pgsteal_kswapd: 0, oom_kill: 0, thp_split_pmd: 0 };

  /**
   * @param field config path prefix used in errors (default `machine`)
   * @throws {@link ScavsimError} naming the offending `machine.*` field
   */
  constructor(cfg: MachineConfig, field = 'machine') {
    if (typeof cfg !== 'object' || cfg === null) throw new ScavsimError('E_TYPE', field, 'expected a machine config object');
    this.pageSize = checkPowerOfTwo(cfg.pageSize ?? 4096, `${field}.pageSize`, 4096, 65536);
    this.kernel = parseKernelVersion(cfg.kernel ?? '6.18.44', `${field}.kernel`);
    this.costs = resolveKernelCosts(cfg.costs, `${field}.costs`);
    const ps = this.pageSize;
    const memTotal = parseSize(cfg.memTotal, `${field}.memTotal`);
    this.managedPages = Math.floor(memTotal / ps);
    if (this.managedPages < 256) {
      throw new ScavsimError('E_RANGE', `${field}.memTotal`, `${memTotal} bytes is too small`, `at least 256 pages (${256 * ps} bytes)`);
    }
    this.swapPages = Math.floor(parseSize(cfg.swapTotal ?? 0, `${field}.swapTotal`) / ps);
    this.minFreeKbytes = cfg.minFreeKbytes === undefined
      ? defaultMinFreeKbytes((this.managedPages * ps) / 1024)
      : checkInt(cfg.minFreeKbytes, `${field}.minFreeKbytes`, 0, Math.floor((this.managedPages * ps) / 1024 / 4));
    const wsf = checkInt(cfg.watermarkScaleFactor ?? 10, `${field}.watermarkScaleFactor`, 1, 3000);
    this.watermarks = zoneWatermarks(this.managedPages, this.minFreeKbytes, ps, wsf);
    this.thpMode = parseThpMode(cfg.thp, `${field}.thp`);
    this.kswapdPerMs = checkNumber(cfg.kswapdPagesPerMs ?? 2500, `${field}.kswapdPagesPerMs`, 0, 1e9);
    this.otherPages = Math.ceil(parseSize(cfg.otherUsed ?? 0, `${field}.otherUsed`) / ps);
    const cache = Math.floor(parseSize(cfg.pageCache ?? 0, `${field}.pageCache`) / ps);
    if (this.otherPages + cache > this.managedPages) {
      throw new ScavsimError('E_CONFLICT', `${field}.otherUsed`, 'otherUsed + pageCache exceed memTotal', 'otherUsed + pageCache ≤ memTotal');
    }
    this.madvFree = madviseFreeSupport(this.kernel, this.swapPages > 0);
    this.root = new Memcg(this, null);
    if (cache > 0) {
      this.cachePages += cache;
      this.root.cachePages += cache;
      this.root.usagePages += cache;
      this.root.lru.pushCache(this.root, cache, this.nextSeq());
    }
  }

  /** The kernel release string (e.g. "6.18.44-fc-v657"). */
  get kernelRelease(): string {
    return formatKernelVersion(this.kernel);
  }

  /** Free swap in bytes (swap-out is not modelled, so this is swapTotal). */
  get swapFree(): number {
    return this.swapPages * this.pageSize;
  }

  /** Free pages right now. */
  get freePages(): number {
    return this.managedPages - this.otherPages - this.cachePages - this.anonPagesTotal - this.filePagesTotal;
  }

  /**
   * Creates a memory cgroup (a child of the root).
   * @throws {@link ScavsimError} `E_CONFLICT` for a duplicate name, or a bad config
   */
  createCgroup(cfg: CgroupConfig, field = 'cgroup'): Memcg {
    const cg = new Memcg(this, cfg, field);
    if (this.cgroups.has(cg.name)) throw new ScavsimError('E_CONFLICT', `${field}.name`, `cgroup "${cg.name}" already exists`, 'a new name');
    this.cgroups.set(cg.name, cg);
    return cg;
  }

  /**
   * The cgroup named `name`.
   * @throws {@link ScavsimError} `E_UNKNOWN_NAME`
   */
  cgroup(name: string): Memcg {
    const cg = this.cgroups.get(name);
    if (cg === undefined) {
      throw new ScavsimError('E_UNKNOWN_NAME', 'cgroup', `no cgroup named ${JSON.stringify(name)}`, [...this.cgroups.keys()].join(', ') || '(none defined)');
    }
    return cg;
  }

  /** Every cgroup created, in creation order. */
  cgroupList(): Memcg[] {
    return [...this.cgroups.values()];
  }

  /**
   * Starts a process with an empty address space.
   * @throws {@link ScavsimError} on a bad name, unknown cgroup, or file pages that do not fit
   */
  createProcess(cfg: ProcessConfig): AddressSpace {
    if (typeof cfg !== 'object' || cfg === null) throw new ScavsimError('E_TYPE', 'process', 'expected a process config object');
    if (typeof cfg.name !== 'string' || cfg.name.length === 0) {
      throw new ScavsimError('E_TYPE', 'process.name', `invalid process name ${showValue(cfg.name)}`, 'a non-empty string');
    }
    let cg = this.root;
    if (cfg.cgroup !== undefined) {
      cg = typeof cfg.cgroup === 'string' ? this.cgroup(cfg.cgroup) : cfg.cgroup;
      if (this.cgroups.get(cg.name) !== cg) throw new ScavsimError('E_UNKNOWN_NAME', 'process.cgroup', 'the cgroup belongs to another machine');
    }
    const filePages = Math.ceil(parseSize(cfg.fileRss ?? 0, 'process.fileRss') / this.pageSize);
    if (filePages > this.freePages) throw new ScavsimError('E_CONFLICT', 'process.fileRss', 'file pages do not fit in free memory', `at most ${this.freePages * this.pageSize} bytes`);
    const as = new AddressSpace(this, { pid: this.nextPid++, name: cfg.name, pageSize: this.pageSize, filePages, cgroupName: cg === this.root ? undefined : cg.name });
    this.filePagesTotal += filePages;
    this.procs.set(as.pid, as);
    this.memcgOf.set(as, cg);
    as.chargedTo = cg;
    cg.processes.add(as);
    return as;
  }

  /** Live processes, in pid order. */
  processes(): AddressSpace[] {
    return [...this.procs.values()];
  }

  /**
   * Reads `bytes` of files into the page cache of `cgroup` (default the root): clean, reclaimable,
   * placed at the LRU head (newer than everything freed before, older than everything after).
   * Charging may reclaim older pages; page cache never triggers an OOM kill (it stops instead).
   * @returns bytes actually added
   */
  addPageCache(bytes: SizeInput, cgroup?: string | Memcg): number {
    const pages = Math.ceil(parseSize(bytes, 'pageCache.bytes') / this.pageSize);
    const cg = cgroup === undefined ? this.root : typeof cgroup === 'string' ? this.cgroup(cgroup) : cgroup;
    this.charge(null, cg, pages);
    const charged = this.lastCharged;
    if (charged > 0) cg.lru.pushCache(cg, charged, this.nextSeq());
    return charged * this.pageSize;
  }

  /**
   * Advances kswapd by `dtMs` of simulated time: if it was woken (free < low), it reclaims up
   * to `kswapdPagesPerMs × dtMs` pages towards the high watermark, then sleeps once free ≥ high
   * or nothing is reclaimable.
   * @param now simulated ms (validated, for symmetry with other components; events carry no time)
   */
  tick(now: number, dtMs: number): void {
    checkNumber(now, 'now', 0, Number.MAX_SAFE_INTEGER);
    checkNumber(dtMs, 'dtMs', 0, Number.MAX_SAFE_INTEGER);
    if (this.freePages < this.watermarks.low) this.kswapdAwake = true;
    if (!this.kswapdAwake) return;
    const want = this.watermarks.high - this.freePages;
    const budget = Math.floor(this.kswapdPerMs * dtMs);
    const freed = want > 0 && budget > 0 ? this.globalReclaim(Math.min(want, budget), 'kswapd') : 0;
    if (this.freePages >= this.watermarks.high || (freed === 0 && budget > 0)) this.kswapdAwake = false;
  }

  /** True when a tick would do nothing: kswapd asleep and free memory above the low watermark. */
  get quiet(): boolean {
    return !this.kswapdAwake && this.freePages >= this.watermarks.low;
  }

  /** True while kswapd is awake. */
  get kswapdRunning(): boolean {
    return this.kswapdAwake;
  }

  /** Returns and forgets the kernel events since the last drain (the caller stamps them). */
  drainEvents(): KernelEvent[] {
    // Most ticks log nothing: skip the drain (a new array and a map clear) for them.
    if (!this.logged) return NO_EVENTS;
    this.logged = false;
    return this.log.drain();
  }

  /**
   * The machine-wide `/proc/vmstat` event counters alone, without computing the rest of
   * {@link Machine.counters} (the recorder reads these every sample). A live view: read it,
   * do not keep it.
   */
  vmstat(): Readonly<Pick<MachineCounters, 'pglazyfree' | 'pglazyfreed' | 'pgscan_direct' | 'pgsteal_direct' | 'pgscan_kswapd' | 'pgsteal_kswapd' | 'oom_kill' | 'thp_split_pmd'>> {
    return this.vm;
  }

  /** Machine-wide counters. */
  counters(): MachineCounters {
    const ps = this.pageSize;
    let resident = 0;
    let lazy = 0;
    for (const p of this.procs.values()) {
      const c = p.pageCounts();
      resident += c.resident;
      lazy += c.lazyClean + c.lazyRedirtied;
    }
    const fileLru = this.cachePages + lazy;
    return {
      MemTotal: this.managedPages * ps,
      MemFree: this.freePages * ps,
      MemAvailable: memAvailablePages(this.freePages, fileLru, this.watermarks) * ps,
      Cached: this.cachePages * ps,
      AnonPages: this.anonPagesTotal * ps,
      Mapped: this.filePagesTotal * ps,
      'Inactive(anon)': resident * ps,
      'Active(anon)': 0,
      'Inactive(file)': fileLru * ps,
      'Active(file)': 0,
      OtherUsed: this.otherPages * ps,
      ...this.vm,
    };
  }

  // ---- AddressSpaceHost ----

  /** @internal */
  freeMode(): MadviseFreeMode {
    return this.madvFree.mode;
  }

  /** @internal A huge page fits without reclaim (else the fault falls back to 4 KiB pages). */
  hugeFaultFits(as: AddressSpace, n: number): boolean {
    return this.freePages - this.watermarks.low >= n && (as.chargedTo ?? this.root).fastRoom() >= n;
  }

  /** @internal MADV_COLLAPSE exists from Linux 6.1 (mm/khugepaged.c `madvise_collapse`). */
  collapseSupported(): boolean {
    return kernelAtLeast(this.kernel, 6, 1);
  }

  /** @internal */
  thpSplit(): void {
    this.vm.thp_split_pmd++;
  }

  /** @internal */
  chargeFaults(as: AddressSpace, n: number): number {
    return this.charge(as, as.chargedTo ?? this.root, n);
  }

  /** @internal */
  releasePages(as: AddressSpace, n: number): void {
    this.anonPagesTotal -= n;
    (as.chargedTo ?? this.root).uncharge(n);
  }

  /** @internal */
  lazyFreed(as: AddressSpace, firstPage: number, n: number, seq: number): void {
    const cg = as.chargedTo ?? this.root;
    cg.lru.pushAnonRun(as, firstPage, n, seq);
    cg.pglazyfree += n;
    this.vm.pglazyfree += n;
  }

  /** @internal */
  lazyDiscarded(as: AddressSpace, n = 1): void {
    (as.chargedTo ?? this.root).pglazyfreed += n;
    this.vm.pglazyfreed += n;
  }

  /** @internal */
  nextSeq(): number {
    return ++this.seq;
  }

  /** @internal */
  detach(as: AddressSpace): void {
    this.filePagesTotal -= as.takeFilePages();
    const cg = this.memcgOf.get(as);
    cg?.processes.delete(as);
    this.memcgOf.delete(as);
    as.chargedTo = undefined;
    this.procs.delete(as.pid);
  }

  // ---- MemcgHost ----

  /** @internal */
  cacheDropped(_cg: Memcg, pages: number): void {
    this.cachePages -= pages;
  }

  /** @internal */
  recordMemcgReclaim(cg: Memcg, trigger: 'max' | 'high', tally: ReclaimTally): void {
    this.recordReclaim('memcg', trigger, cg.name === '' ? undefined : cg.name, tally);
  }

  /** @internal */
  oomKill(victim: AddressSpace, scope: 'memcg' | 'global', cg: Memcg | undefined): void {
    const rssBytes = victim.rssPages * this.pageSize;
    const victimCg = this.memcgOf.get(victim);
    victim.kill();
    if (victimCg !== undefined) victimCg.oomKills++;
    this.vm.oom_kill++;
    const cgName = cg?.name ?? victim.cgroupName;
    this.logged = true;
    this.log.oom({ kind: 'oom', scope, ...(cgName ? { cgroup: cgName } : {}), victim: victim.name, pid: victim.pid, rssBytes });
  }

  // ---- allocation and reclaim ----

  /**
   * Allocates and charges `n` pages to `cg` for `as` (anon) or for page cache (`as === null`).
   * Fast path in bulk; at a limit or watermark, page by page (memcg.ts, module comment).
   * Returns the reclaim cost paid (ns); the pages actually charged are left in `lastCharged`.
   */
  private charge(as: AddressSpace | null, cg: Memcg, n: number): number {
    const wm = this.watermarks;
    const reclaimNs = this.costs.reclaimNsPerPage;
    let done = 0;
    let costNs = 0;
    outer: while (done < n) {
      if (as !== null && !as.alive) break;
      const fast = Math.min(n - done, this.freePages - wm.low, cg.fastRoom());
      if (fast > 0) {
        this.commit(as, cg, fast);
        done += fast;
        if (as !== null) as.pendingFaultPages = done;
        continue;
      }
      const adm = cg.admitOne(as);
      costNs += adm.costNs;
      if (adm.result === 'retry') continue;
      if (adm.result === 'fail') break;
      if (this.freePages - 1 < wm.low) this.kswapdAwake = true;
      while (this.freePages - 1 < wm.min) {
        const freed = this.globalReclaim(SWAP_CLUSTER_MAX, 'direct');
        costNs += freed * reclaimNs;
        if (freed > 0) continue;
        if (as === null) break outer;
        this.oomKill(this.globalOomVictim() ?? as, 'global', undefined);
        continue outer;
      }
      this.commit(as, cg, 1);
      done++;
      if (as !== null) as.pendingFaultPages = done;
      costNs += cg.enforceHigh();
    }
    if (as !== null) as.pendingFaultPages = 0;
    if (as !== null && !as.alive && done > 0) {
      // Pages charged for a fault that never completed: the process died meanwhile.
      this.anonPagesTotal -= done;
      cg.uncharge(done);
      done = 0;
    }
    this.lastCharged = done;
    return costNs;
  }

  private commit(as: AddressSpace | null, cg: Memcg, pages: number): void {
    cg.commit(pages);
    if (as !== null) {
      this.anonPagesTotal += pages;
    } else {
      this.cachePages += pages;
      cg.cachePages += pages;
    }
  }

  /**
   * Global (kswapd or direct) reclaim of up to `target` pages, oldest first across every
   * cgroup's list, 32 pages at a time.
   * @returns pages freed
   */
  private globalReclaim(target: number, cause: Exclude<ReclaimCause, 'memcg'>): number {
    const tally = new ReclaimTally();
    let freed = 0;
    while (freed < target) {
      let oldest: LazyfreeLru | undefined;
      let oldestSeq = Infinity;
      for (const cg of [this.root, ...this.cgroups.values()]) {
        const s = cg.lru.oldestSeq();
        if (s < oldestSeq) {
          oldestSeq = s;
          oldest = cg.lru;
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
    this.recordReclaim(cause, undefined, undefined, tally);
    return freed;
  }

  private recordReclaim(cause: ReclaimCause, trigger: 'max' | 'high' | undefined, limitCgroup: string | undefined, tally: ReclaimTally): void {
    for (const [owner, pages] of tally.byOwner) {
      const label = (owner as AddressSpace | Memcg).lruLabel;
      this.logged = true;
      this.log.reclaim(cause, trigger, limitCgroup ?? label.cgroup, label.process, label.pid, pages * this.pageSize);
    }
  }

  private globalOomVictim(): AddressSpace | undefined {
    let best: AddressSpace | undefined;
    for (const p of this.procs.values()) {
      if (!p.alive || p.rssPages === 0) continue;
      if (best === undefined || p.rssPages > best.rssPages || (p.rssPages === best.rssPages && p.pid > best.pid)) best = p;
    }
    return best;
  }
}
