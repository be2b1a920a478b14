/**
 * The machine's counters as users read them: `/proc/meminfo` (bytes) and the `/proc/vmstat`
 * events the model keeps (pages or events). Counted where they happen (machine.ts,
 * global-reclaim.ts, the address spaces through the machine); declared here once so that every
 * writer and the recorder agree on the names.
 *
 * Sources: `fs/proc/meminfo.c` `meminfo_proc_show` and `mm/vmstat.c` `vmstat_text` of Linux 6.x
 * name the fields [S-meminfo-6.x]; what lazily freed pages count as is measured [M-1 C].
 *
 * @module
 */

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

/** The `/proc/vmstat` event counters the model keeps, as one mutable record (live view). */
export type VmEvents = {
  -readonly [K in 'pglazyfree' | 'pglazyfreed' | 'pgscan_direct' | 'pgsteal_direct' | 'pgscan_kswapd' | 'pgsteal_kswapd' | 'oom_kill' | 'thp_split_pmd']: MachineCounters[K];
};

/** A fresh set of {@link VmEvents}, all zero. */
export function newVmEvents(): VmEvents {
  return { pglazyfree: 0, pglazyfreed: 0, pgscan_direct: 0, pgsteal_direct: 0, pgscan_kswapd: 0, pgsteal_kswapd: 0, oom_kill: 0, thp_split_pmd: 0 };
}
