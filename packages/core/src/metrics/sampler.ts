/**
 * The sample schema: which fields one sample of a process carries, and where each comes from.
 * A Go process's sample joins the runtime's books (`runtime.MemStats`), the kernel's per-process
 * counters (`/proc/PID/status`, `smaps_rollup`), its memory cgroup (`memory.stat`, v1 names with
 * a `cg_` prefix, as the fidelity probe records them), machine-wide `/proc/vmstat` and the
 * extras of {@link SIMULATED_EXTRA_FIELDS}; a plain process's sample has no MemStats. The field
 * lists are `sample.ts`'s; the cgroup and vmstat fields are filled from one table each, so a
 * list and what is filled cannot drift apart.
 *
 * @module
 */
import type { Machine } from '../kernel/machine.js';
import type { Memcg, MemcgCounters } from '../kernel/memcg.js';
import type { ProcessMemory } from '../kernel/types.js';
import type { CgroupField, MemStats, VmstatField } from './sample.js';

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

/** `memory.stat` fields (v1 names, `cg_` prefix) → the memcg counter each reads, in output order. */
const CGROUP_SOURCES: readonly (readonly [CgroupField | 'cg_working_set', keyof MemcgCounters])[] = [
  ['cg_usage', 'usage'], ['cg_failcnt', 'failcnt'], ['cg_rss', 'rss'], ['cg_cache', 'cache'], ['cg_rss_huge', 'rss_huge'],
  ['cg_inactive_anon', 'inactive_anon'], ['cg_active_anon', 'active_anon'], ['cg_inactive_file', 'inactive_file'],
  ['cg_active_file', 'active_file'], ['cg_oom_kill', 'oom_kill'], ['cg_working_set', 'working_set'],
];

/** `/proc/vmstat` fields (`vm_` prefix) → the machine counter each reads, in output order. */
const VMSTAT_SOURCES: readonly (readonly [VmstatField, 'pglazyfree' | 'pglazyfreed' | 'thp_split_pmd' | 'pgsteal_direct' | 'pgscan_direct'])[] = [
  ['vm_pglazyfree', 'pglazyfree'], ['vm_pglazyfreed', 'pglazyfreed'], ['vm_thp_split_pmd', 'thp_split_pmd'],
  ['vm_pgsteal_direct', 'pgsteal_direct'], ['vm_pgscan_direct', 'pgscan_direct'],
];

/** Writes the memcg's `memory.stat` fields into `out` (nothing outside a cgroup). */
function fillCg(out: Record<string, number | string>, cg: Memcg | undefined): void {
  if (cg === undefined) return;
  const c = cg.counters();
  for (let i = 0; i < CGROUP_SOURCES.length; i++) {
    const [field, key] = CGROUP_SOURCES[i]!;
    out[field] = c[key];
  }
}

/** Writes the machine-wide `/proc/vmstat` fields into `out`. */
function fillVm(out: Record<string, number | string>, m: Machine): void {
  const c = m.vmstat();
  for (let i = 0; i < VMSTAT_SOURCES.length; i++) {
    const [field, key] = VMSTAT_SOURCES[i]!;
    out[field] = c[key];
  }
}

/** The sample of a Go process (`watched`: the process whose RSS it carries as `hog_*`). */
export function goSampled(gp: SampledGoProcess, mem: ProcessMemory, cg: Memcg | undefined, m: Machine, watched: () => ProcessMemory | undefined): Sampled {
  return {
    name: gp.name,
    alive: () => !mem.killed,
    fill: (out) => {
      out['phase'] = gp.phase;
      Object.assign(out, gp.memStats(), mem.counters());
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
      Object.assign(out, mem.counters());
      fillCg(out, cg);
      fillVm(out, m);
    },
  };
}
