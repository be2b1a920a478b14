/**
 * Memory cgroups (v1 and v2): charging, limit reclaim, memory.high, memcg OOM, memory.stat.
 *
 * Mechanism (kernel §3.2, measured on cgroup v1 [M-2] and in the fidelity
 * pressure traces). Every anon page a task faults in, and every page-cache page it reads, is
 * charged to the task's memcg. The charge (`try_charge_memcg`, mm/memcontrol.c) first tries a
 * batch of MEMCG_CHARGE_BATCH = 64 pages into a per-CPU stock; within 64 pages of the limit that
 * batch attempt fails (`page_counter_try_charge` increments `failcnt`) and the single page is
 * tried; if that fails too (`failcnt` again), the charging task itself reclaims from the
 * memcg's LRUs — `try_to_free_mem_cgroup_pages` with `nr_to_reclaim = max(nr_pages,
 * SWAP_CLUSTER_MAX)` = 32 pages — oldest first, then retries once. Hence:
 *
 *   - no reclaim at all until usage reaches the limit [M-2; fidelity: LazyFree stayed 512 MiB
 *     up to 757 MiB of a 768 MiB limit];
 *   - then reclaim exactly what the charges need, in 32-page batches: usage stays pinned at the
 *     limit and the lazyfree owner shrinks one-for-one with the allocator [M-2];
 *   - `failcnt` ≈ one per page charged at the limit (+2 per 32-page reclaim): measured 50 642
 *     for 49 603 pages reclaimed [M-2], 101–104 k for 100–102 k (fidelity, 4 KiB pages).
 *
 * If reclaim frees nothing (no clean lazyfree page, no page cache; anon is never reclaimed
 * without swap), the memcg OOM killer kills the task with the largest RSS in the cgroup
 * (`mem_cgroup_out_of_memory` → `oom_badness`, mainly RSS) [M-2 none, free_redirty256].
 *
 * cgroup v2 `memory.max` behaves as the v1 limit; `memory.high` never OOM-kills: a charge that
 * leaves usage above high makes the task reclaim back down to high (`mem_cgroup_handle_over_high`
 * on return to user space) and, if that fails, throttles it [D-cg2]. Modelled as an immediate
 * reclaim plus a per-page delay cost (KernelCosts.memoryHighPenaltyNsPerPage, UNVERIFIED).
 *
 * Simplifications: one level (cgroups are children of the root, no hierarchy); the per-CPU
 * charge stock is not kept, so usage is exact rather than "fuzzy" [D-cg1 §5.5]; memory.low/min
 * and v1 soft limits are not modelled; swap is never charged.
 *
 * @module
 */
import { ScavsimError, showValue } from '../errors.js';
import { parseSize } from '../units.js';
import type { SizeInput } from '../units.js';
import type { SpaceRef } from './space-host.js';
import type { KernelCosts } from './costs.js';
import { SWAP_CLUSTER_MAX } from './global-reclaim.js';
import { LazyfreeLru, ReclaimTally } from './lazyfree-lru.js';
import type { PageCacheOwner } from './lazyfree-lru.js';
import { oomVictim } from './oom-killer.js';

/** MEMCG_CHARGE_BATCH (include/linux/memcontrol.h): pages charged at once into the per-CPU stock. */
export const MEMCG_CHARGE_BATCH = 64;

/** A limit as written in a config: bytes, a size string, or `"max"` (unlimited). */
export type LimitInput = SizeInput | 'max';

/** How to create a cgroup. v1 file names, v2 file names and the short names are all accepted. */
export interface CgroupConfig {
  /** Name, unique per machine (e.g. `"probe"`). */
  readonly name: string;
  /** cgroup version (default 1, as on the measured machine). */
  readonly version?: 1 | 2;
  /** The hard limit: `memory.limit_in_bytes` (v1) / `memory.max` (v2). Default unlimited. */
  readonly limit?: LimitInput;
  /** v1 spelling of {@link limit}. */
  readonly 'memory.limit_in_bytes'?: LimitInput;
  /** v2 spelling of {@link limit}. */
  readonly 'memory.max'?: LimitInput;
  /** v2 `memory.high` (throttle + reclaim, never OOM). Default unlimited. */
  readonly high?: LimitInput;
  /** v2 spelling of {@link high}. */
  readonly 'memory.high'?: LimitInput;
}

/** A cgroup's counters (bytes unless noted), named as memory.stat names them. */
export interface MemcgCounters {
  /** `memory.usage_in_bytes` (v1) / `memory.current` (v2). */
  readonly usage: number;
  /** The hard limit (Infinity when unlimited). */
  readonly limit: number;
  /** `memory.high` (Infinity when unlimited or v1). */
  readonly high: number;
  /** `memory.failcnt` (v1; events). */
  readonly failcnt: number;
  /** v1 `rss`: anon pages, lazily freed ones included (they are still anon) [M-2]. */
  readonly rss: number;
  /** v1 `cache`: page cache. */
  readonly cache: number;
  /** v1 `rss_huge`: the part of `rss` mapped by transparent huge pages. */
  readonly rss_huge: number;
  /** Page cache plus every lazily freed page not yet reclaimed (both on the inactive file LRU). */
  readonly inactive_file: number;
  /** Always 0 (no active file list is modelled). */
  readonly active_file: number;
  /** Ordinary anon pages (new anon pages start inactive; without swap they are never scanned). */
  readonly inactive_anon: number;
  /** Always 0 (anon is never activated without swap scanning; `active_anon` stayed 0 in [M-2]). */
  readonly active_anon: number;
  /** v2 `anon` (type-based; = rss). */
  readonly anon: number;
  /** v2 `file` (type-based; = cache). */
  readonly file: number;
  /** Pages marked lazyfree (events, pages). */
  readonly pglazyfree: number;
  /** Lazyfree pages discarded (events, pages). */
  readonly pglazyfreed: number;
  /** Processes of this cgroup killed by any OOM killer. */
  readonly oom_kill: number;
  /** v2 memory.events `max`: charges that hit the hard limit. */
  readonly max_events: number;
  /** v2 memory.events `high`: charges that left usage above memory.high. */
  readonly high_events: number;
  /** cAdvisor `container_memory_working_set_bytes` = usage − inactive_file, floored at 0 [S-cadvisor]. */
  readonly working_set: number;
}

/** What a memcg needs from its machine. Implemented by Machine. */
export interface MemcgHost {
  /** OS page size in bytes. */
  readonly pageSize: number;
  /** Cost constants (reclaim, memory.high penalty). */
  readonly costs: KernelCosts;
  /** `pages` of this cgroup's page cache were dropped: return them to the free pool. */
  cacheDropped(cg: Memcg, pages: number): void;
  /** Turns a finished memcg reclaim into events. */
  recordMemcgReclaim(cg: Memcg, trigger: 'max' | 'high', tally: ReclaimTally): void;
  /** Kills `victim` (memcg OOM). */
  oomKill(victim: SpaceRef, scope: 'memcg' | 'global', cg: Memcg | undefined): void;
}

/** Outcome of {@link Memcg.admitOne}. */
export type AdmitResult = 'ok' | 'retry' | 'fail';

function parseLimit(v: LimitInput | undefined, field: string, pageSize: number): number {
  if (v === undefined || v === 'max' || v === -1) return Infinity;
  const bytes = parseSize(v, field);
  // page_counter_memparse: the limit is kept in whole pages, rounded down.
  return Math.floor(bytes / pageSize);
}

function pick<T>(cfg: CgroupConfig, short: keyof CgroupConfig, v1: keyof CgroupConfig | null, v2: keyof CgroupConfig | null, version: 1 | 2, field: string): T | undefined {
  const given = [short, v1, v2].filter((k): k is keyof CgroupConfig => k !== null && cfg[k] !== undefined);
  if (given.length > 1) {
    throw new ScavsimError('E_CONFLICT', `${field}.${String(given[1])}`, `both ${given.map(String).join(' and ')} are set`, 'one of them');
  }
  const k = given[0];
  if (k === undefined) return undefined;
  if ((k === v1 && version !== 1) || (k === v2 && version !== 2)) {
    throw new ScavsimError('E_CONFLICT', `${field}.${String(k)}`, `${String(k)} is not a cgroup v${version} file`, version === 1 ? 'memory.limit_in_bytes' : 'memory.max / memory.high');
  }
  return cfg[k] as T;
}

/** One memory cgroup (or the root, which has no limit). */
export class Memcg implements PageCacheOwner {
  /** Name (empty for the root). */
  readonly name: string;
  /** cgroup version. */
  readonly version: 1 | 2;
  /** Its inactive file LRU (lazyfree pages of its processes and its page cache). */
  readonly lru = new LazyfreeLru();
  /** Processes charged to it (alive ones). */
  readonly processes = new Set<SpaceRef>();

  /** Hard limit in pages (Infinity: none). */
  limitPages: number;
  /** memory.high in pages (Infinity: none). */
  highPages: number;
  /** Charged pages: anon of its processes plus its page cache. */
  usagePages = 0;
  /** Page-cache pages charged here. */
  cachePages = 0;
  /** memory.failcnt. */
  failcnt = 0;
  /** Pages marked lazyfree (`pglazyfree`). */
  pglazyfree = 0;
  /** Lazyfree pages discarded by reclaim (`pglazyfreed`). */
  pglazyfreed = 0;
  /** Processes of this cgroup killed by an OOM killer. */
  oomKills = 0;
  /** memory.events `max`: charges that hit the hard limit and reclaimed. */
  maxEvents = 0;
  /** memory.events `high`: charges that left usage above memory.high. */
  highEvents = 0;

  private readonly host: MemcgHost;

  /**
   * @internal Created by Machine.createCgroup (or as the root with `cfg === null`).
   * @throws {@link ScavsimError} on a bad name or limits
   */
  constructor(host: MemcgHost, cfg: CgroupConfig | null, field = 'cgroup') {
    this.host = host;
    if (cfg === null) {
      this.name = '';
      this.version = 1;
      this.limitPages = Infinity;
      this.highPages = Infinity;
      return;
    }
    if (typeof cfg !== 'object') throw new ScavsimError('E_TYPE', field, 'expected a cgroup config object');
    if (typeof cfg.name !== 'string' || !/^[A-Za-z0-9_.:@-][A-Za-z0-9_.:@/-]*$/.test(cfg.name)) {
      throw new ScavsimError('E_PARSE', `${field}.name`, `invalid cgroup name ${showValue(cfg.name)}`, 'letters, digits, . _ - : @ and /');
    }
    const version = cfg.version ?? 1;
    if (version !== 1 && version !== 2) {
      throw new ScavsimError('E_RANGE', `${field}.version`, `${String(version)} is not a cgroup version`, '1 or 2');
    }
    this.name = cfg.name;
    this.version = version;
    const ps = host.pageSize;
    this.limitPages = parseLimit(pick<LimitInput>(cfg, 'limit', 'memory.limit_in_bytes', 'memory.max', version, field), `${field}.limit`, ps);
    const high = pick<LimitInput>(cfg, 'high', null, 'memory.high', version, field);
    if (high !== undefined && version === 1) {
      throw new ScavsimError('E_CONFLICT', `${field}.high`, 'memory.high exists only in cgroup v2', 'version: 2');
    }
    this.highPages = parseLimit(high, `${field}.high`, ps);
  }

  /** Pages that can be charged with no limit interaction (the batch charge succeeds, usage stays ≤ high). */
  fastRoom(): number {
    return Math.min(this.limitPages - MEMCG_CHARGE_BATCH, this.highPages) - this.usagePages;
  }

  /**
   * The slow path of charging one page, run when {@link fastRoom} is exhausted: counts failcnt,
   * reclaims from this cgroup's LRU when the page does not fit, and OOM-kills when nothing is
   * reclaimable. Does not charge: the caller commits with {@link commit}.
   * @param charger the faulting process (null for page cache, which never OOM-kills)
   * @returns `ok` (the page fits now), `retry` (someone was killed; start over) or `fail`
   *   (page cache could not be charged); plus the reclaim cost paid by the charger
   */
  admitOne(charger: SpaceRef | null): { result: AdmitResult; costNs: number } {
    if (this.usagePages + MEMCG_CHARGE_BATCH <= this.limitPages) return { result: 'ok', costNs: 0 };
    this.failcnt++; // the 64-page batch attempt failed
    if (this.usagePages + 1 <= this.limitPages) return { result: 'ok', costNs: 0 };
    this.failcnt++; // the single-page attempt failed
    this.maxEvents++;
    const freed = this.reclaim(SWAP_CLUSTER_MAX, 'max');
    const costNs = freed * this.host.costs.reclaimNsPerPage;
    if (this.usagePages + 1 <= this.limitPages) return { result: 'ok', costNs };
    if (charger === null) return { result: 'fail', costNs };
    this.host.oomKill(this.oomVictim() ?? charger, 'memcg', this);
    return { result: 'retry', costNs };
  }

  /** Charges `pages` (after admission). */
  commit(pages: number): void {
    this.usagePages += pages;
  }

  /**
   * v2 memory.high: after a charge left usage above high, reclaim back to high; if that is not
   * possible, return the throttling penalty. Never kills.
   * @returns cost in ns for the charging task
   */
  enforceHigh(): number {
    if (this.usagePages <= this.highPages) return 0;
    this.highEvents++;
    const over = this.usagePages - this.highPages;
    const freed = this.reclaim(Math.max(over, SWAP_CLUSTER_MAX), 'high');
    let cost = freed * this.host.costs.reclaimNsPerPage;
    const still = this.usagePages - this.highPages;
    if (still > 0) cost += still * this.host.costs.memoryHighPenaltyNsPerPage;
    return cost;
  }

  /** Uncharges `pages`. */
  uncharge(pages: number): void {
    this.usagePages -= pages;
  }

  /**
   * Limit reclaim from this cgroup's LRU only (kernel §3.2). Memcg reclaim is not counted in the
   * global pgscan/pgsteal counters (`if (!cgroup_reclaim(sc))` in shrink_inactive_list) but
   * discards still count pglazyfreed.
   * @returns pages freed
   */
  reclaim(target: number, trigger: 'max' | 'high'): number {
    const tally = new ReclaimTally();
    const freed = this.lru.reclaim(target, tally);
    if (tally.scanned > 0) this.host.recordMemcgReclaim(this, trigger, tally);
    return freed;
  }

  /** The memcg OOM killer's victim in this cgroup (oom-killer.ts: the largest RSS, ties to the highest pid), if any has RSS. */
  oomVictim(): SpaceRef | undefined {
    return oomVictim(this.processes);
  }

  /** @internal PageCacheOwner: reclaim dropped `pages` of this cgroup's page cache. */
  dropPageCache(pages: number): void {
    this.cachePages -= pages;
    this.usagePages -= pages;
    this.host.cacheDropped(this, pages);
  }

  /** Label used in reclaim events. */
  get lruLabel(): { process: string; pid: undefined; cgroup: string | undefined } {
    return { process: 'pagecache', pid: undefined, cgroup: this.name === '' ? undefined : this.name };
  }

  /** Current counters (bytes), named as memory.stat names them. */
  counters(): MemcgCounters {
    const ps = this.host.pageSize;
    let resident = 0;
    let lazy = 0;
    let huge = 0;
    for (const p of this.processes) {
      const c = p.pageCounts();
      resident += c.resident;
      lazy += c.lazyClean + c.lazyRedirtied;
      huge += c.huge;
    }
    const usage = this.usagePages * ps;
    const inactiveFile = (this.cachePages + lazy) * ps;
    const rss = (resident + lazy) * ps;
    return {
      usage,
      limit: this.limitPages === Infinity ? Infinity : this.limitPages * ps,
      high: this.highPages === Infinity ? Infinity : this.highPages * ps,
      failcnt: this.failcnt,
      rss,
      cache: this.cachePages * ps,
      rss_huge: huge * ps,
      inactive_file: inactiveFile,
      active_file: 0,
      inactive_anon: resident * ps,
      active_anon: 0,
      anon: rss,
      file: this.cachePages * ps,
      pglazyfree: this.pglazyfree,
      pglazyfreed: this.pglazyfreed,
      oom_kill: this.oomKills,
      max_events: this.maxEvents,
      high_events: this.highEvents,
      working_set: Math.max(0, usage - inactiveFile),
    };
  }

  /**
   * The cgroup's interface files as the kernel would show them (values as strings), using
   * this cgroup's version's names: v1 `memory.usage_in_bytes`, `memory.limit_in_bytes`,
   * `memory.failcnt`; v2 `memory.current`, `memory.max`, `memory.high`, `memory.events`.
   */
  files(): Record<string, string> {
    const c = this.counters();
    const lim = (v: number, unlimited: string): string => (v === Infinity ? unlimited : String(v));
    const stat = this.version === 1
      ? `cache ${c.cache}\nrss ${c.rss}\nrss_huge ${c.rss_huge}\ninactive_anon ${c.inactive_anon}\nactive_anon ${c.active_anon}\ninactive_file ${c.inactive_file}\nactive_file ${c.active_file}\n`
      : `anon ${c.anon}\nfile ${c.file}\ninactive_anon ${c.inactive_anon}\nactive_anon ${c.active_anon}\ninactive_file ${c.inactive_file}\nactive_file ${c.active_file}\npglazyfree ${c.pglazyfree}\npglazyfreed ${c.pglazyfreed}\n`;
    if (this.version === 1) {
      return {
        'memory.usage_in_bytes': String(c.usage),
        'memory.limit_in_bytes': lim(c.limit, '9223372036854771712'),
        'memory.failcnt': String(c.failcnt),
        'memory.stat': stat,
      };
    }
    return {
      'memory.current': String(c.usage),
      'memory.max': lim(c.limit, 'max'),
      'memory.high': lim(c.high, 'max'),
      'memory.events': `low 0\nhigh ${c.high_events}\nmax ${c.max_events}\noom ${c.oom_kill}\noom_kill ${c.oom_kill}\n`,
      'memory.stat': stat,
    };
  }
}
