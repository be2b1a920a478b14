/**
 * The names users already read, and the shape of one recorded sample.
 *
 * Field names are the contract with the real traces recorded by the fidelity probe
 * (`test/fixtures/traces/*.jsonl`): `runtime.MemStats` fields, `/proc/PID/status` and
 * `smaps_rollup` fields, cgroup v1 `memory.stat` fields with a `cg_` prefix, and
 * `/proc/vmstat` counters with a `vm_` prefix. A simulated run and a real one therefore
 * compare field by field.
 *
 * @module
 */

/** `runtime.MemStats` fields the simulator keeps (bytes, or counts for Num*). */
export const MEMSTATS_FIELDS = [
  'HeapAlloc', 'HeapInuse', 'HeapIdle', 'HeapReleased', 'HeapSys', 'Sys', 'NextGC', 'NumGC',
  'NumForcedGC', 'TotalAlloc', 'Mallocs', 'HeapObjects',
] as const;

/** `/proc/PID/status` and `smaps_rollup` fields (bytes). */
export const PROC_FIELDS = [
  'VmRSS', 'RssAnon', 'RssFile', 'VmHWM', 'Rss', 'LazyFree', 'Anonymous', 'AnonHugePages',
  'Private_Dirty', 'Private_Clean',
] as const;

/** Memory-cgroup fields (v1 names with a `cg_` prefix, as the probe records them). */
export const CGROUP_FIELDS = [
  'cg_usage', 'cg_failcnt', 'cg_rss', 'cg_cache', 'cg_rss_huge', 'cg_inactive_anon',
  'cg_active_anon', 'cg_inactive_file', 'cg_active_file', 'cg_pgmajfault', 'cg_oom_kill',
] as const;

/** System-wide `/proc/vmstat` counters (pages or events) with a `vm_` prefix. */
export const VMSTAT_FIELDS = [
  'vm_pglazyfree', 'vm_pglazyfreed', 'vm_thp_split_pmd', 'vm_pgsteal_direct', 'vm_pgscan_direct',
] as const;

/** A `runtime.MemStats` field name. */
export type MemStatsField = (typeof MEMSTATS_FIELDS)[number];
/** A `/proc` field name. */
export type ProcField = (typeof PROC_FIELDS)[number];
/** A cgroup field name. */
export type CgroupField = (typeof CGROUP_FIELDS)[number];
/** A vmstat field name. */
export type VmstatField = (typeof VMSTAT_FIELDS)[number];

/**
 * Probe fields the simulator does not model, so a simulated sample never has them: major faults
 * (`cg_pgmajfault`: nothing is swapped or read back from a file). Every other field of the four
 * lists above is filled (tested).
 */
export const NOT_SIMULATED_FIELDS = ['cg_pgmajfault'] as const;

/**
 * Fields a simulated sample has that the probe does not record: the cgroup working set as
 * cAdvisor computes it (`container_memory_working_set_bytes` = usage − inactive_file), what
 * Kubernetes evicts on; the watched process's RSS (`hog_*`, as the probe names its hog's); the
 * background scavenger's retained-heap goal, which `scavsim explain` needs to split the RSS gap
 * (absent while the scavenger has no goal).
 */
export const SIMULATED_EXTRA_FIELDS = ['cg_working_set', 'hog_VmRSS', 'hog_RssAnon', 'ScavengeGoal'] as const;

/** `runtime.MemStats` as scavsim keeps it (bytes, or counts for Num*). */
export type MemStats = { readonly [K in MemStatsField]: number };

/**
 * One sample of one process, as a line of a trace. `t_ms` is simulated ms since start;
 * `process` names the process when a run has several; fields a process does not have (MemStats
 * for a plain process, cg_* outside a cgroup) are absent.
 */
export type Sample = {
  t_ms: number;
  phase?: string;
  process?: string;
} & Partial<Record<MemStatsField | ProcField | CgroupField | VmstatField, number>> &
  Record<string, number | string | undefined>;
