/**
 * A Linux machine: physical memory as one zone, who holds its pages (processes' anon and file
 * pages, page cache, memory not modelled), its memory cgroups and processes, and the kernel
 * events of a tick.
 *
 * Mechanism (kernel §3). Memory is one zone of `memTotal / pageSize` pages:
 *
 *   free = managed − otherUsed − page cache − Σ anon pages − Σ mapped file pages
 *
 * The parts that act on it are modules of their own, each following its kernel source: the
 * page allocator's path for a fault (page-allocator.ts, mm/page_alloc.c), the memcg charge and
 * limit reclaim (memcg.ts, mm/memcontrol.c), kswapd and direct reclaim (global-reclaim.ts,
 * mm/vmscan.c), the OOM killer's choice (oom-killer.ts, mm/oom_kill.c), the watermarks
 * (watermarks.ts). The machine keeps the books they share and performs the kill.
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
import { checkNumber, parseSize } from '../units.js';
import type { SizeInput } from '../units.js';
import { AddressSpace } from './address-space.js';
import type { AddressSpaceHost } from './address-space.js';
import type { KernelCosts } from './costs.js';
import { KernelEventLog } from './events.js';
import type { KernelEvent, ReclaimCause } from './events.js';
import { GlobalReclaim } from './global-reclaim.js';
import type { GlobalReclaimHost } from './global-reclaim.js';
import { formatKernelVersion, kernelAtLeast, madviseFreeSupport } from './kernel-version.js';
import type { ThpMode } from './transparent-huge-pages.js';
import type { KernelVersion, MadviseFreeMode, MadviseFreeSupport } from './kernel-version.js';
import type { LazyfreeLru, ReclaimTally } from './lazyfree-lru.js';
import { resolveMachineConfig } from './machine-config.js';
import type { MachineConfig, ProcessConfig } from './machine-config.js';
import { newVmEvents } from './meminfo.js';
import type { MachineCounters, VmEvents } from './meminfo.js';
import { Memcg } from './memcg.js';
import type { CgroupConfig, MemcgHost } from './memcg.js';
import { oomVictim } from './oom-killer.js';
import { chargePages } from './page-allocator.js';
import type { AllocatorHost, ChargeOutcome } from './page-allocator.js';
import { memAvailablePages } from './watermarks.js';
import type { Watermarks } from './watermarks.js';

/** What {@link Machine.drainEvents} returns when nothing happened (shared, frozen). */
const NO_EVENTS: KernelEvent[] = Object.freeze([]) as unknown as KernelEvent[];

/** A simulated Linux machine. */
export class Machine implements AddressSpaceHost, MemcgHost, AllocatorHost, GlobalReclaimHost {
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
  private readonly reclaimer: GlobalReclaim;
  private cachePages = 0;
  private anonPagesTotal = 0;
  private filePagesTotal = 0;
  private seq = 0;
  private nextPid = 1000;
  private readonly cgroups = new Map<string, Memcg>();
  private readonly procs = new Map<number, AddressSpace>();
  private readonly memcgOf = new Map<AddressSpace, Memcg>();
  private readonly log = new KernelEventLog();
  /** What the last charge did (reused: the allocation path makes no object per fault). */
  private readonly charged: ChargeOutcome = { charged: 0, costNs: 0 };
  /** Every cgroup's LRU, the root's first (global reclaim's merge order). */
  private readonly lists: LazyfreeLru[] = [];
  /** True once something was logged since the last drain. */
  private logged = false;
  private readonly vm = newVmEvents();

  /**
   * @param field config path prefix used in errors (default `machine`)
   * @throws {@link ScavsimError} naming the offending `machine.*` field
   */
  constructor(cfg: MachineConfig, field = 'machine') {
    const r = resolveMachineConfig(cfg, field);
    this.pageSize = r.pageSize;
    this.kernel = r.kernel;
    this.thpMode = r.thpMode;
    this.costs = r.costs;
    this.managedPages = r.managedPages;
    this.swapPages = r.swapPages;
    this.minFreeKbytes = r.minFreeKbytes;
    this.watermarks = r.watermarks;
    this.otherPages = r.otherPages;
    this.reclaimer = new GlobalReclaim(this, this.vm, r.kswapdPagesPerMs);
    const cache = r.cachePages;
    this.madvFree = madviseFreeSupport(this.kernel, this.swapPages > 0);
    this.root = new Memcg(this, null);
    this.lists.push(this.root.lru);
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
    this.lists.push(cg.lru);
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
    chargePages(this, null, cg, pages, this.charged);
    const charged = this.charged.charged;
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
    this.reclaimer.kswapdTick(dtMs);
  }

  /** True when a tick would do nothing: kswapd asleep and free memory above the low watermark. */
  get quiet(): boolean {
    return this.reclaimer.quiet;
  }

  /** True while kswapd is awake. */
  get kswapdRunning(): boolean {
    return this.reclaimer.kswapdRunning;
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
  vmstat(): Readonly<VmEvents> {
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
    chargePages(this, as, as.chargedTo ?? this.root, n, this.charged);
    return this.charged.costNs;
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
    this.logReclaim('memcg', trigger, cg.name === '' ? undefined : cg.name, tally);
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

  // ---- AllocatorHost and GlobalReclaimHost ----

  /** @internal */
  get reclaimNsPerPage(): number {
    return this.costs.reclaimNsPerPage;
  }

  /** @internal */
  commitPages(as: AddressSpace | null, cg: Memcg, pages: number): void {
    cg.commit(pages);
    if (as !== null) {
      this.anonPagesTotal += pages;
    } else {
      this.cachePages += pages;
      cg.cachePages += pages;
    }
  }

  /** @internal */
  uncommitAnon(cg: Memcg, pages: number): void {
    this.anonPagesTotal -= pages;
    cg.uncharge(pages);
  }

  /** @internal */
  wakeKswapd(): void {
    this.reclaimer.wakeKswapd();
  }

  /** @internal */
  directReclaim(): number {
    return this.reclaimer.direct();
  }

  /** @internal */
  globalOomVictim(): AddressSpace | undefined {
    return oomVictim(this.procs.values());
  }

  /** @internal */
  lruLists(): readonly LazyfreeLru[] {
    return this.lists;
  }

  /** @internal */
  recordReclaim(cause: Exclude<ReclaimCause, 'memcg'>, tally: ReclaimTally): void {
    this.logReclaim(cause, undefined, undefined, tally);
  }

  private logReclaim(cause: ReclaimCause, trigger: 'max' | 'high' | undefined, limitCgroup: string | undefined, tally: ReclaimTally): void {
    for (const [owner, pages] of tally.byOwner) {
      const label = (owner as AddressSpace | Memcg).lruLabel;
      this.logged = true;
      this.log.reclaim(cause, trigger, limitCgroup ?? label.cgroup, label.process, label.pid, pages * this.pageSize);
    }
  }
}
