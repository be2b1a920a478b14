/**
 * The OOM killer's choice of victim, global or within one memory cgroup (kernel §3.4).
 *
 * Follows mm/oom_kill.c of Linux 6.x [S-oom-6.x]: `select_bad_process` walks every candidate
 * task (`for_each_process`, or the memcg's tasks for `mem_cgroup_out_of_memory` in
 * mm/memcontrol.c) and `oom_evaluate_task` keeps the one with the highest `oom_badness`, which is
 * RSS plus swap entries plus page tables (`get_mm_rss + MM_SWAPENTS + mm_pgtables_bytes /
 * PAGE_SIZE`) adjusted by `oom_score_adj`. Without swap, and with page tables and
 * `oom_score_adj` not modelled, that is the largest RSS. A task whose score equals the chosen
 * one replaces it (`if (points == LONG_MIN || points < oc->chosen_points) goto next`), so the
 * last such task in walk order wins: the highest pid here, where tasks are walked in creation
 * order. Tasks with no RSS score nothing and are not chosen.
 *
 * What the kill does (the victim's pages freed, the `oom_kill` counters, the event) is the
 * machine's (machine.ts); this module only chooses.
 *
 * @module
 */
import type { SpaceRef } from './space-host.js';

/**
 * The process the OOM killer would kill among `candidates`: the largest RSS, ties going to the
 * highest pid; `undefined` if no live candidate has any RSS. (The kernel would then panic,
 * "no killable processes"; the model's callers kill the faulting task instead.)
 */
export function oomVictim<T extends SpaceRef>(candidates: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const p of candidates) {
    if (!p.alive || p.rssPages === 0) continue;
    if (best === undefined || p.rssPages > best.rssPages || (p.rssPages === best.rssPages && p.pid > best.pid)) best = p;
  }
  return best;
}
