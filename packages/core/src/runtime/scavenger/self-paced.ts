/**
 * The pacing of the 1.14–1.17 background scavenger, step by step as `bgscavenge` has it
 * (go1.14.13 and go1.15.3 mgcscavenge.go; go §3.4–3.5):
 *
 *     crit  = nanotime() around pages.scavenge(physPageSize)   // one step, search and sysUnused
 *     crit  = 10 µs per physical page if crit ≤ 0
 *     crit *= 1 + scavengeCostRatio                            // 0.7 × GoosDarwin: 0 on Linux
 *     crit  = min(crit, maxCrit = 10 ms)
 *     sleep = (scavengeEWMA / idealFraction) × crit / (scavengePercent / 100)
 *     slept = scavengeSleep(sleep)                             // a timer; a wake cuts it short
 *     scavengeEWMA = 0.5 × max(crit / (crit + slept), minFraction) + 0.5 × scavengeEWMA
 *
 * with `idealFraction` = 1 % and the EWMA starting there. `minFraction` is the untyped integer
 * constant `1 / 1000`, i.e. 0, in 1.14–1.16, and 0.001 from 1.17 (C:14ade57ab8).
 *
 * The sleep that really happens: `scavengeSleep` arms a runtime timer. In a process with nothing
 * else to run, timers are served by the thread blocked in `netpoll(delay)`, whose epoll timeout
 * is whole milliseconds: `delay < 1 ms` waits 1 ms, a longer one `delay / 1e6` ms rounded down,
 * after which the thread re-checks the timer and polls again for what is left
 * [go1.15.3 netpoll_epoll.go netpoll; the same in go1.14–go1.17]. A sleep of s ns therefore
 * lasts whole milliseconds: 1 ms when s < 1 ms, else ⌈s⌉ (the kernel's timer slack of tens of
 * µs is not modelled). A busy process also checks timers whenever a P schedules
 * (`checkTimers`) and can wake the scavenger sooner; the model rounds every sleep, which matters
 * little there, since a growing heap rarely leaves the scavenger work above its goal.
 * Because the EWMA feeds back the sleep actually taken, a step whose
 * asked sleep is rounded up (a single 8 KiB page: µs of work, ~1 ms asleep) drives the EWMA
 * below 1 % and the asked sleeps shorter, but never below the 1 ms the poller gives.
 *
 * @module
 */
import { APPROX_NS_PER_PHYS_PAGE, NETPOLL_TIMEOUT_UNIT_NS, SCAVENGE_COST_RATIO, SCAVENGE_EWMA_ALPHA, SCAVENGE_MAX_CRIT_NS, SCAVENGE_PERCENT } from '../../policy/runtime-constants.js';

/** `idealFraction`: the CPU share the 1.14–1.17 scavenger aims at (1 % of one CPU), also the EWMA's start. */
export const IDEAL_FRACTION = SCAVENGE_PERCENT / 100;

/**
 * A step's `crit` as the pacing uses it: the measured time (or 10 µs per physical page when it
 * measured nothing), times `1 + scavengeCostRatio`, capped at `maxCrit`.
 */
export function stepCritNs(measuredNs: number, releasedBytes: number, physPageSize: number): number {
  const crit = measuredNs > 0 ? measuredNs : APPROX_NS_PER_PHYS_PAGE * (releasedBytes / physPageSize);
  return Math.min(crit * (1 + SCAVENGE_COST_RATIO), SCAVENGE_MAX_CRIT_NS);
}

/** The sleep `bgscavenge` asks for after a step of `critNs` (ns, truncated like Go's int64 conversion). */
export function askedSleepNs(ewma: number, critNs: number): number {
  return Math.trunc(((ewma / IDEAL_FRACTION) * critNs) / (SCAVENGE_PERCENT / 100));
}

/** How long a timer armed for `ns` sleeps in an otherwise idle process (the poller's whole milliseconds). */
export function timerSleepNs(ns: number): number {
  if (ns <= 0) return 0;
  if (ns < NETPOLL_TIMEOUT_UNIT_NS) return NETPOLL_TIMEOUT_UNIT_NS;
  return Math.ceil(ns / NETPOLL_TIMEOUT_UNIT_NS) * NETPOLL_TIMEOUT_UNIT_NS;
}

/** The EWMA after a step of `critNs` followed by `sleptNs` asleep. */
export function nextEwma(ewma: number, critNs: number, sleptNs: number, minFraction: number): number {
  let fraction = critNs / (critNs + sleptNs);
  if (fraction < minFraction) fraction = minFraction;
  return SCAVENGE_EWMA_ALPHA * fraction + (1 - SCAVENGE_EWMA_ALPHA) * ewma;
}
