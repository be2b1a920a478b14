/**
 * Test harness: one Go process on a kernel {@link Machine}, ticked exactly as `simulate()` ticks
 * it (engine/simulation.ts: process tick, then machine tick, then a sample at every sample
 * boundary), but with the process itself in reach so tests can read what the samples do not
 * carry: the background scavenger's goal (`scavengeGoal`) and CPU time
 * (`scavengeCpuSeconds`).
 *
 * @module
 */
import { Machine } from '../../src/kernel/machine.js';
import type { ProcessMemoryCounters } from '../../src/kernel/types.js';
import { GoProcess, type MemStats } from '../../src/runtime/go-process.js';
import { resolveGoConfig, type GoProcessConfig } from '../../src/runtime/go-config.js';
import { RandomStreams } from '../../src/random/random-streams.js';
import type { SimEvent } from '../../src/engine/run-result.js';
import type { WorkloadConfig } from '../../src/workload/workload.js';
import type { SizeInput } from '../../src/units.js';

/** What to run. */
export interface GoRunSpec {
  readonly go: string;
  readonly godebug?: string;
  readonly kernel?: string;
  readonly swapTotal?: SizeInput;
  readonly memTotal?: SizeInput;
  readonly gogc?: number | 'off';
  readonly gomemlimit?: SizeInput;
  readonly gomaxprocs?: number;
  readonly workload: WorkloadConfig;
  readonly durationMs: number;
  /** Tick (default 10 ms, as simulate()). */
  readonly tickMs?: number;
  /** Sample interval (default 100 ms, as simulate()). */
  readonly sampleMs?: number;
  readonly seed?: number;
}

/** One sample: the runtime's books, the kernel's counters and the scavenger's state. */
export interface GoSample {
  readonly t: number;
  readonly stats: MemStats;
  readonly mem: ProcessMemoryCounters;
  /** Background scavenger retained-heap goal (bytes; Infinity when it has none). */
  readonly goal: number;
  /** Background scavenger CPU so far (s). */
  readonly cpuSeconds: number;
  readonly advice: string;
}

/** What a tick left behind, for per-tick checks. */
export interface GoTickView {
  readonly from: number;
  readonly to: number;
  readonly process: GoProcess;
  /** Events the process emitted during this tick. */
  readonly events: readonly SimEvent[];
}

/** A finished run. */
export interface GoRun {
  readonly samples: readonly GoSample[];
  readonly events: readonly SimEvent[];
  readonly process: GoProcess;
  readonly machine: Machine;
}

/** Runs one Go process for `spec.durationMs`; `onTick` sees the process after every tick. */
export function runGo(spec: GoRunSpec, onTick?: (v: GoTickView) => void): GoRun {
  const machine = new Machine({
    memTotal: spec.memTotal ?? '8GiB',
    kernel: spec.kernel ?? '6.1.0',
    swapTotal: spec.swapTotal ?? 0,
  });
  const cfg: GoProcessConfig = {
    kind: 'go',
    name: 'A',
    go: spec.go,
    workload: spec.workload,
    ...(spec.godebug !== undefined ? { godebug: spec.godebug } : {}),
    ...(spec.gogc !== undefined ? { gogc: spec.gogc } : {}),
    ...(spec.gomemlimit !== undefined ? { gomemlimit: spec.gomemlimit } : {}),
    ...(spec.gomaxprocs !== undefined ? { gomaxprocs: spec.gomaxprocs } : {}),
  };
  const rc = resolveGoConfig(cfg, machine.kernel, machine.swapFree, 'processes[0]');
  const mem = machine.createProcess({ name: 'A', fileRss: rc.fileRss });
  const events: SimEvent[] = [];
  let tickEvents: SimEvent[] = [];
  const gp = new GoProcess(rc, mem, new RandomStreams(spec.seed ?? 1).stream('workload/A'), (ev) => {
    events.push(ev);
    tickEvents.push(ev);
  });
  const tick = spec.tickMs ?? 10;
  const sampleMs = spec.sampleMs ?? 100;
  const samples: GoSample[] = [];
  const sample = (t: number) => samples.push({
    t, stats: gp.memStats(), mem: mem.counters(), goal: gp.scavengeGoal, cpuSeconds: gp.scavengeCpuSeconds, advice: gp.advice,
  });
  sample(0);
  for (let t = 0; t < spec.durationMs; t += tick) {
    const to = Math.min(t + tick, spec.durationMs);
    tickEvents = [];
    gp.tick(t, to);
    machine.tick(to, to - t);
    machine.drainEvents();
    onTick?.({ from: t, to, process: gp, events: tickEvents });
    if (to % sampleMs === 0 || to === spec.durationMs) sample(to);
  }
  return { samples, events, process: gp, machine };
}

/** The first sample at or after `t`. */
export function sampleAt(run: GoRun, t: number): GoSample {
  const s = run.samples.find((x) => x.t >= t);
  if (s === undefined) throw new Error(`no sample at or after ${t} ms`);
  return s;
}

/** `HeapSys − HeapReleased`: the runtime's "retained" heap. */
export function retained(s: MemStats): number {
  return s.HeapSys - s.HeapReleased;
}
