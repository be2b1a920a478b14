/**
 * The world a run simulates, built from a validated config: the machine, its cgroups, and each
 * process wired to its sampler and snapshot view, in config order (the order the engine runs
 * them each tick).
 *
 * What the schema cannot check alone is checked here (unique names, known cgroups), each error
 * naming the field as written.
 *
 * @module
 */
import { ScavsimError, showValue } from '../errors.js';
import { Machine } from '../kernel/machine.js';
import type { Memcg } from '../kernel/memcg.js';
import { PlainProcess } from '../kernel/plain-process.js';
import type { ProcessMemory } from '../kernel/types.js';
import { goSampled, plainSampled, type Sampled } from '../metrics/sampler.js';
import { formatGoVersion } from '../policy/go-version.js';
import type { RandomStreams } from '../random/random-streams.js';
import { GoProcess } from '../runtime/go-process.js';
import { resolveGoConfig } from '../runtime/go-config.js';
import type { SimConfig } from '../config/sim-config.js';
import type { SimEvent } from './run-result.js';
import type { ProcessSnapshot } from './snapshot.js';

/** One process as the tick loop drives it. */
export interface Runner {
  /** Runs the process over the tick `(from, to]` (ms). */
  tick(from: number, to: number): void;
  /** The earliest time after `now` at which the process can change anything. */
  quietUntil(now: number): number;
}

/** What {@link buildWorld} builds. */
export interface World {
  /** The machine. */
  readonly machine: Machine;
  /** Cgroups by name. */
  readonly cgroups: ReadonlyMap<string, Memcg>;
  /** The processes, in config order. */
  readonly runners: readonly Runner[];
  /** Their samplers, in the same order. */
  readonly sampled: readonly Sampled[];
  /** Their snapshot views, in the same order. */
  readonly views: readonly (() => ProcessSnapshot)[];
  /** Header fields taken from the first process (Go version, GODEBUG, advice). */
  readonly headerInfo: Readonly<Record<string, unknown>>;
}

/**
 * Builds the machine, cgroups and processes of `config` (already validated by the schema).
 * @param streams the run's random streams (one per process workload)
 * @param emit where processes report their events
 * @throws {@link ScavsimError} naming the field, for what the schema cannot see alone
 */
export function buildWorld(config: SimConfig, streams: RandomStreams, emit: (ev: SimEvent) => void): World {
  const machine = new Machine(config.machine);
  const cgroups = new Map<string, Memcg>();
  if (config.cgroups !== undefined && !Array.isArray(config.cgroups)) throw new ScavsimError('E_TYPE', 'cgroups', 'expected an array', 'an array of cgroup configs');
  (config.cgroups ?? []).forEach((c, i) => {
    if (c === null || typeof c !== 'object') throw new ScavsimError('E_TYPE', `cgroups[${i}]`, 'expected an object', 'a cgroup { name, version, limit }');
    if (cgroups.has(c?.name)) throw new ScavsimError('E_CONFLICT', `cgroups[${i}].name`, `duplicate cgroup "${c.name}"`, 'unique names');
    cgroups.set(c.name, machine.createCgroup(c, `cgroups[${i}]`));
  });
  const names = new Set<string>();
  const runners: Runner[] = [];
  const sampled: Sampled[] = [];
  const views: (() => ProcessSnapshot)[] = [];
  const memories = new Map<string, ProcessMemory>();
  const headerInfo: Record<string, unknown> = {};
  config.processes.forEach((p, i) => {
    const field = `processes[${i}]`;
    if (p === null || typeof p !== 'object') throw new ScavsimError('E_TYPE', field, 'expected an object', 'a process { kind: "go" | "plain", name, ... }');
    if (typeof p.name !== 'string' || p.name === '') throw new ScavsimError('E_TYPE', `${field}.name`, 'expected a non-empty string', 'a process name');
    if (p.cgroup !== undefined && typeof p.cgroup !== 'string') throw new ScavsimError('E_TYPE', `${field}.cgroup`, 'expected a cgroup name', 'the name of a cgroup under cgroups');
    if (names.has(p?.name)) throw new ScavsimError('E_CONFLICT', `${field}.name`, `duplicate process "${p.name}"`, 'unique names');
    names.add(p.name);
    const cg = p.cgroup === undefined ? undefined : cgroups.get(p.cgroup);
    if (p.cgroup !== undefined && cg === undefined) {
      throw new ScavsimError('E_UNKNOWN_NAME', `${field}.cgroup`, `no cgroup "${p.cgroup}"`, [...cgroups.keys()].join(', ') || 'define it under cgroups');
    }
    if (p.kind === 'go') {
      const rc = resolveGoConfig(p, machine.kernel, machine.swapFree, field);
      const mem = machine.createProcess({ name: p.name, cgroup: cg, fileRss: rc.fileRss });
      const gp = new GoProcess(rc, mem, streams.stream(`workload/${p.name}`), emit);
      memories.set(p.name, mem);
      runners.push(gp);
      sampled.push(goSampled(gp, mem, cg, machine, () => (rc.watch ? memories.get(rc.watch) : undefined)));
      views.push(() => ({
        name: gp.name, kind: 'go', alive: !mem.killed, memory: mem.counters(), memStats: gp.memStats(),
        runtimeMetrics: gp.runtimeMetrics(), costs: gp.costs(), advice: gp.advice, chunks: gp.pageHeap.chunkSummaries(),
      }));
      if (i === 0) Object.assign(headerInfo, { go_version: `go${formatGoVersion(rc.policy.goVersion).replace(/^go/, '')}`, GODEBUG: p.godebug ?? '', advice: rc.advice });
    } else if (p.kind === 'plain') {
      const pp = new PlainProcess(machine, p, field);
      memories.set(p.name, pp.memory);
      runners.push({
        tick: (from, to) => {
          const was = pp.status;
          pp.tick(to, to - from);
          // A generated process's exit time depends on its own costs (kernel/plain-process.ts),
          // so the run marks it: the fidelity comparison reads it as the probe's hog_exited.
          if (was === 'running' && pp.status !== 'running') emit({ t_ms: to, kind: 'exit', process: p.name, detail: { status: pp.status } });
        },
        quietUntil: (now) => pp.quietUntil(now),
      });
      sampled.push(plainSampled(p.name, () => pp.status === 'running', pp.memory, cg, machine));
      views.push(() => ({ name: p.name, kind: 'plain', alive: pp.status === 'running', memory: pp.memory.counters() }));
    } else {
      throw new ScavsimError('E_TYPE', `${field}.kind`, `unknown process kind ${showValue((p as { kind?: unknown }).kind)}`, '"go" or "plain"');
    }
  });
  return { machine, cgroups, runners, sampled, views, headerInfo };
}
