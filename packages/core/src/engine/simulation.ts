/**
 * The engine: one machine, its cgroups and processes, advanced tick by tick.
 *
 * Data flows one way through the rooms of the house: workload → runtime → scavenger →
 * kernel → metrics → recorder → outputs (docs/architecture.md). Each tick, every process
 * runs in config order (its workload, GC, scavengers; its writes and madvise calls reach the
 * kernel at once, where charges may reclaim other processes' lazily freed pages), then the
 * machine's daemons (kswapd) run, then the recorder samples if a sample is due. Randomness
 * comes from one named stream per component; time only from the engine's clock. Same config
 * and seed, byte-identical result.
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import { Machine, type MachineConfig } from '../kernel/machine.js';
import type { CgroupConfig, Memcg } from '../kernel/memcg.js';
import { PlainProcess, type PlainProcessConfig } from '../kernel/plain-process.js';
import type { KernelEvent } from '../kernel/events.js';
import { formatGoVersion } from '../policy/go-version.js';
import type { ProcessMemory } from '../kernel/types.js';
import { GoProcess } from '../runtime/go-process.js';
import { resolveGoConfig, type GoProcessConfig } from '../runtime/go-config.js';
import { parseDuration, type DurationInput } from '../units.js';
import { SimClock } from './clock.js';
import { RandomStreams } from './random-streams.js';
import { Recorder, type Sampled } from './recorder.js';
import type { RunHeader, RunResult, SimEvent } from './run-result.js';
import { SCAVSIM_VERSION } from '../version.js';

/** A whole run as plain data. */
export interface SimConfig {
  /** Name recorded in the output header. */
  readonly scenario?: string;
  /** Root seed (default 1). */
  readonly seed?: number;
  /** Tick (default 10 ms). */
  readonly tick?: DurationInput;
  /** Sample interval (default 100 ms, as the probe samples). */
  readonly sample?: DurationInput;
  /** Simulated duration. */
  readonly duration: DurationInput;
  /** The machine. */
  readonly machine: MachineConfig;
  /** Memory cgroups processes may run in. */
  readonly cgroups?: readonly CgroupConfig[];
  /** Processes, in the order they run each tick. */
  readonly processes: readonly (GoProcessConfig | PlainProcessSpec)[];
}

/** A plain (non-Go) process in a run: the seed's process B, the fidelity probe's hog. */
export type PlainProcessSpec = PlainProcessConfig & { readonly kind: 'plain'; readonly cgroup?: string };

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Called with the fraction of simulated time done, at most about 100 times per run. */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * Runs a simulation to the end and returns everything it recorded.
 * @throws {@link ScavsimError} for any invalid config, naming the field
 */
export function simulate(config: SimConfig, opts: SimulateOptions = {}): RunResult {
  if (config === null || typeof config !== 'object') throw new ScavsimError('E_TYPE', 'config', 'expected an object', 'a simulation config');
  const seed = config.seed ?? 1;
  const streams = new RandomStreams(seed);
  const clock = new SimClock(parseDuration(config.tick ?? 10, 'tick'));
  const sampleMs = parseDuration(config.sample ?? 100, 'sample');
  if (sampleMs <= 0 || sampleMs % clock.tickMs !== 0) {
    throw new ScavsimError('E_RANGE', 'sample', `sample interval ${sampleMs} ms is not a positive multiple of the tick (${clock.tickMs} ms)`, 'a multiple of the tick');
  }
  const durationMs = parseDuration(config.duration, 'duration');
  if (!Array.isArray(config.processes) || config.processes.length === 0) {
    throw new ScavsimError('E_TYPE', 'processes', 'expected a non-empty array', 'one or more processes');
  }
  const machine = new Machine(config.machine);
  const cgroups = new Map<string, Memcg>();
  (config.cgroups ?? []).forEach((c, i) => {
    if (cgroups.has(c?.name)) throw new ScavsimError('E_CONFLICT', `cgroups[${i}].name`, `duplicate cgroup "${c.name}"`, 'unique names');
    cgroups.set(c.name, machine.createCgroup(c));
  });
  const recorder = new Recorder(config.processes.length > 1);
  const emit = (ev: SimEvent) => recorder.event(ev);
  const names = new Set<string>();
  const runners: { tick(from: number, to: number): void }[] = [];
  const sampled: Sampled[] = [];
  const memories = new Map<string, ProcessMemory>();
  const headerInfo: Record<string, unknown> = {};
  config.processes.forEach((p, i) => {
    const field = `processes[${i}]`;
    if (names.has(p?.name)) throw new ScavsimError('E_CONFLICT', `${field}.name`, `duplicate process "${p.name}"`, 'unique names');
    names.add(p.name);
    const cg = p.cgroup === undefined ? undefined : cgroups.get(p.cgroup);
    if (p.cgroup !== undefined && cg === undefined) {
      throw new ScavsimError('E_UNKNOWN_NAME', `${field}.cgroup`, `no cgroup "${p.cgroup}"`, [...cgroups.keys()].join(', ') || 'define it under cgroups');
    }
    if (p.kind === 'go') {
      const rc = resolveGoConfig(p, machine.kernelRelease, machine.swapFree, field);
      const mem = machine.createProcess({ name: p.name, cgroup: cg, fileRss: rc.fileRss });
      const gp = new GoProcess(rc, mem, streams.stream(`workload/${p.name}`), emit);
      memories.set(p.name, mem);
      runners.push(gp);
      sampled.push(goSampled(gp, mem, cg, machine, () => (rc.watch ? memories.get(rc.watch) : undefined)));
      if (i === 0) Object.assign(headerInfo, { go_version: `go${formatGoVersion(rc.policy.goVersion).replace(/^go/, '')}`, GODEBUG: p.godebug ?? '', advice: rc.advice });
    } else if (p.kind === 'plain') {
      const pp = new PlainProcess(machine, p);
      memories.set(p.name, pp.memory);
      runners.push({ tick: (_from, to) => pp.tick(to, to - _from) });
      sampled.push(plainSampled(p.name, pp, pp.memory, cg, machine));
    } else {
      throw new ScavsimError('E_TYPE', `${field}.kind`, `unknown process kind ${JSON.stringify((p as { kind?: unknown }).kind)}`, '"go" or "plain"');
    }
  });

  const tick = clock.tickMs;
  recorder.sample(0, sampled);
  let lastProgress = 0;
  for (let t = 0; t < durationMs; t += tick) {
    const to = Math.min(t + tick, durationMs);
    for (const r of runners) r.tick(t, to);
    machine.tick(to, to - t);
    for (const ev of machine.drainEvents()) emit(kernelEvent(ev, to));
    clock.advanceTo(to);
    if (to % sampleMs === 0 || to === durationMs) recorder.sample(to, sampled);
    if (opts.onProgress && to - lastProgress >= durationMs / 100) {
      lastProgress = to;
      opts.onProgress(to / durationMs);
    }
  }
  const { samples, events } = recorder.result();
  const header: RunHeader = {
    header: true,
    scenario: config.scenario ?? 'custom',
    scavsim_version: SCAVSIM_VERSION,
    seed,
    tick_ms: tick,
    sample_ms: sampleMs,
    kernel: machine.kernelRelease,
    page_size: machine.pageSize,
    ...headerInfo,
    config,
  };
  return { header, samples, events };
}

function kernelEvent(ev: KernelEvent, t: number): SimEvent {
  const { kind, ...rest } = ev;
  const detail: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) detail[k] = v as number | string | boolean;
  const process = ev.kind === 'reclaim' ? ev.fromProcess : ev.victim;
  return { t_ms: t, kind, process, detail };
}

function cgFields(cg: Memcg | undefined): Record<string, number> {
  if (cg === undefined) return {};
  const c = cg.counters();
  return {
    cg_usage: c.usage, cg_failcnt: c.failcnt, cg_rss: c.rss, cg_cache: c.cache,
    cg_inactive_anon: c.inactive_anon, cg_active_anon: c.active_anon,
    cg_inactive_file: c.inactive_file, cg_active_file: c.active_file, cg_oom_kill: c.oom_kill,
    cg_working_set: c.working_set,
  };
}

function vmFields(m: Machine): Record<string, number> {
  const c = m.counters();
  return { vm_pglazyfree: c.pglazyfree, vm_pglazyfreed: c.pglazyfreed, vm_pgsteal_direct: c.pgsteal_direct, vm_pgscan_direct: c.pgscan_direct };
}

function goSampled(gp: GoProcess, mem: ProcessMemory, cg: Memcg | undefined, m: Machine, watched: () => ProcessMemory | undefined): Sampled {
  return {
    name: gp.name,
    alive: () => !mem.killed,
    fields: () => {
      const w = watched();
      const hog: Record<string, number> = w && !w.killed && w.counters().VmRSS > 0 ? { hog_VmRSS: w.counters().VmRSS, hog_RssAnon: w.counters().RssAnon } : {};
      const fields: Record<string, number | string> = { phase: gp.phase, ...gp.memStats(), ...mem.counters(), ...cgFields(cg), ...vmFields(m), ...hog };
      return fields;
    },
  };
}

function plainSampled(name: string, pp: PlainProcess, mem: ProcessMemory, cg: Memcg | undefined, m: Machine): Sampled {
  return {
    name,
    alive: () => pp.status === 'running',
    fields: () => ({ ...mem.counters(), ...cgFields(cg), ...vmFields(m) }),
  };
}
