/**
 * The sample schema: which fields one sample of a process carries, and where each comes from.
 * A Go process's sample joins the runtime's books (`runtime.MemStats`), the kernel's per-process
 * counters (`/proc/PID/status`, `smaps_rollup`), its memory cgroup (`memory.stat`, v1 names with
 * a `cg_` prefix, as the fidelity probe records them), machine-wide `/proc/vmstat` and the
 * extras of {@link SIMULATED_EXTRA_FIELDS}; a plain process's sample has no MemStats. The field
 * lists are `sample.ts`'s; each group is filled by one function below, field by field in the
 * list's order, and packages/core/test/metrics/sampler.test.ts checks the fields and their order
 * against the lists, so a list and what is filled cannot drift apart.
 *
 * @module
 */
import type { Machine } from '../kernel/machine.js';
import type { Memcg } from '../kernel/memcg.js';
import type { ProcessMemory } from '../kernel/types.js';
import type { MemStats } from './sample.js';

/** A source of one process's sample fields (what the recorder samples). */
export interface Sampled {
  /** Process name. */
  readonly name: string;
  /** False once the process has exited or been killed (no more samples). */
  alive(): boolean;
  /**
   * Writes the fields of a sample at this moment (without t_ms/process) into `out`, in the
   * order they appear in the output. Writing into the sample itself, rather than returning an
   * object to copy, keeps a sample at one allocation: a one-hour run takes 36 000 of them.
   */
  fill(out: Record<string, number | string>): void;
}

/** What a sample reads of a Go process. */
export interface SampledGoProcess {
  readonly name: string;
  /** Current workload phase. */
  readonly phase: string;
  memStats(): MemStats;
  /** The background scavenger's retained-heap goal (Infinity while it has none). */
  readonly scavengeGoal: number;
}

/*
 * Every field is written with a named store (`out['VmRSS'] = …`, a constant key), in output
 * order, never with `Object.assign` or a computed key. V8 turns an object into a hash table
 * (dictionary mode) once a keyed store or `Object.assign` adds more than a dozen properties
 * beyond its in-object space, and a sample has about 45: every row of a run was a hash table of
 * ~200 entries, 2–3 KiB each, which the JS garbage collector copied and promoted (18 MB for the
 * 7 501 rows of incident-go1.15). Named stores keep rows in fast mode, sharing one shape.
 */

/** The runtime's MemStats, in `MEMSTATS_FIELDS` (sample.ts) order. */
function fillMemStats(out: Record<string, number | string>, m: MemStats): void {
  out['HeapAlloc'] = m.HeapAlloc;
  out['HeapInuse'] = m.HeapInuse;
  out['HeapIdle'] = m.HeapIdle;
  out['HeapReleased'] = m.HeapReleased;
  out['HeapSys'] = m.HeapSys;
  out['Sys'] = m.Sys;
  out['NextGC'] = m.NextGC;
  out['NumGC'] = m.NumGC;
  out['NumForcedGC'] = m.NumForcedGC;
  out['TotalAlloc'] = m.TotalAlloc;
  out['Mallocs'] = m.Mallocs;
  out['HeapObjects'] = m.HeapObjects;
}

/** The process's `/proc/PID/status` and `smaps_rollup` counters, in `PROC_FIELDS` order. */
function fillProc(out: Record<string, number | string>, mem: ProcessMemory): void {
  const c = mem.counters();
  out['VmRSS'] = c.VmRSS;
  out['RssAnon'] = c.RssAnon;
  out['RssFile'] = c.RssFile;
  out['VmHWM'] = c.VmHWM;
  out['Rss'] = c.Rss;
  out['LazyFree'] = c.LazyFree;
  out['Anonymous'] = c.Anonymous;
  out['AnonHugePages'] = c.AnonHugePages;
  out['Private_Dirty'] = c.Private_Dirty;
  out['Private_Clean'] = c.Private_Clean;
}

/**
 * The memcg's `memory.stat` fields (v1 names, `cg_` prefix), in `CGROUP_FIELDS` order
 * without `cg_pgmajfault` (not simulated), then `cg_working_set`; nothing outside a cgroup.
 */
function fillCg(out: Record<string, number | string>, cg: Memcg | undefined): void {
  if (cg === undefined) return;
  const c = cg.counters();
  out['cg_usage'] = c.usage;
  out['cg_failcnt'] = c.failcnt;
  out['cg_rss'] = c.rss;
  out['cg_cache'] = c.cache;
  out['cg_rss_huge'] = c.rss_huge;
  out['cg_inactive_anon'] = c.inactive_anon;
  out['cg_active_anon'] = c.active_anon;
  out['cg_inactive_file'] = c.inactive_file;
  out['cg_active_file'] = c.active_file;
  out['cg_oom_kill'] = c.oom_kill;
  out['cg_working_set'] = c.working_set;
}

/** The machine-wide `/proc/vmstat` fields (`vm_` prefix), in `VMSTAT_FIELDS` order. */
function fillVm(out: Record<string, number | string>, m: Machine): void {
  const c = m.vmstat();
  out['vm_pglazyfree'] = c.pglazyfree;
  out['vm_pglazyfreed'] = c.pglazyfreed;
  out['vm_thp_split_pmd'] = c.thp_split_pmd;
  out['vm_pgsteal_direct'] = c.pgsteal_direct;
  out['vm_pgscan_direct'] = c.pgscan_direct;
}

/** The sample of a Go process (`watched`: the process whose RSS it carries as `hog_*`). */
export function goSampled(gp: SampledGoProcess, mem: ProcessMemory, cg: Memcg | undefined, m: Machine, watched: () => ProcessMemory | undefined): Sampled {
  return {
    name: gp.name,
    alive: () => !mem.killed,
    fill: (out) => {
      out['phase'] = gp.phase;
      fillMemStats(out, gp.memStats());
      fillProc(out, mem);
      fillCg(out, cg);
      fillVm(out, m);
      const w = watched();
      if (w && !w.killed && w.counters().VmRSS > 0) {
        out['hog_VmRSS'] = w.counters().VmRSS;
        out['hog_RssAnon'] = w.counters().RssAnon;
      }
      const goal = gp.scavengeGoal;
      if (Number.isFinite(goal)) out['ScavengeGoal'] = Math.round(goal);
    },
  };
}

/** The sample of a plain (non-Go) process. */
export function plainSampled(name: string, alive: () => boolean, mem: ProcessMemory, cg: Memcg | undefined, m: Machine): Sampled {
  return {
    name,
    alive,
    fill: (out) => {
      fillProc(out, mem);
      fillCg(out, cg);
      fillVm(out, m);
    },
  };
}
