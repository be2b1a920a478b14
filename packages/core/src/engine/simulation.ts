/**
 * The engine: one machine, its cgroups and processes, advanced tick by tick.
 *
 * Data flows one way through the rooms of the house: workload → runtime → scavenger →
 * kernel → metrics → recorder → outputs (docs/architecture.md). The world (machine, cgroups,
 * processes) is built from the config by world.ts; this module runs it. Each tick, every process
 * runs in config order (its workload, GC, scavengers; its writes and madvise calls reach the
 * kernel at once, where charges may reclaim other processes' lazily freed pages), then the
 * machine's daemons (kswapd) run, then the recorder samples if a sample is due. Randomness
 * comes from one named stream per component; time only from the engine's tick count. Same config
 * and seed, byte-identical result.
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import type { Machine } from '../kernel/machine.js';
import type { Memcg, MemcgCounters } from '../kernel/memcg.js';
import type { KernelEvent } from '../kernel/events.js';
import type { Sampled } from '../metrics/sampler.js';
import { RandomStreams } from '../random/random-streams.js';
import { checkInt, parseDuration } from '../units.js';
import { SCAVSIM_VERSION } from '../version.js';
import { validateConfig } from '../config/validate.js';
import type { SimConfig } from '../config/sim-config.js';
import { Recorder, type RunSink } from './recorder.js';
import type { ProcessKill, RunHeader, RunResult, SimEvent } from './run-result.js';
import { frozenSnapshot, type ProcessSnapshot, type SimSnapshot } from './snapshot.js';
import { buildWorld, type Runner } from './world.js';

/** Default tick: 10 ms, fine enough for 100 ms samples and the scavenger's pacing. */
export const DEFAULT_TICK_MS = 10;

export type { SimConfig, PlainProcessSpec } from '../config/sim-config.js';

/**
 * Options of {@link simulate}: progress, and where samples and events go as they are made.
 *
 * Streaming a long run in flat memory (what `scavsim run --format jsonl` does):
 *
 * ```ts
 * const sim = new Simulation(config, true, { onSample: (s) => out.write(sampleLine(s) + '\n'), keepSamples: false });
 * out.write(JSON.stringify(canonicalHeader(sim.header)) + '\n');
 * while (!sim.done) sim.step();
 * const { events, killed } = sim.result(); // samples: [] — they were written as they came
 * ```
 *
 * or `simulate(config, { onSample, keepSamples: false })` when the header can be written after
 * the run starts (it is also `result().header`). Samples reach `onSample` in output order;
 * an event reaches `onEvent` never later than the first sample after its millisecond (see
 * {@link RunSink.onEvent} for ties). Nothing is delivered before the first step, so a caller
 * can write the header first.
 */
export interface SimulateOptions extends RunSink {
  /** Called with the fraction of simulated time done, at most about 100 times per run. */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * Runs a simulation to the end and returns everything it recorded (with `keepSamples: false`,
 * everything but the samples, which went to `onSample`).
 * @throws {@link ScavsimError} for any invalid config, naming the field
 */
export function simulate(config: SimConfig, opts: SimulateOptions = {}): RunResult {
  const sim = new Simulation(config, true, opts);
  let lastProgress = 0;
  const durationMs = sim.durationMs;
  while (!sim.done) {
    const to = sim.step();
    if (opts.onProgress && to - lastProgress >= durationMs / 100) {
      lastProgress = to;
      opts.onProgress(to / durationMs);
    }
  }
  return sim.result();
}

/**
 * A run that advances one tick at a time: what {@link simulate} drives to the end. Exposed
 * for harnesses that time or inspect individual ticks (bench/scaling.ts); the output of
 * stepping to the end and calling {@link Simulation.result} is exactly `simulate`'s.
 */
export class Simulation {
  /** Simulated duration (ms). */
  readonly durationMs: number;
  /** Tick length (ms). */
  readonly tickMs: number;
  /** The machine (for harnesses that read kernel state between ticks). */
  readonly machine: Machine;
  private readonly config: SimConfig;
  private readonly seed: number;
  private readonly sampleMs: number;
  private readonly recorder: Recorder;
  private readonly runners: readonly Runner[];
  private readonly sampled: readonly Sampled[];
  private readonly headerInfo: Readonly<Record<string, unknown>>;
  private readonly emit: (ev: SimEvent) => void;
  private readonly views: readonly (() => ProcessSnapshot)[];
  private readonly cgroups: ReadonlyMap<string, Memcg>;
  private readonly killed: ProcessKill[] = [];
  private started = false;
  private t = 0;

  /**
   * @param skipIdleTicks skip ticks in which nothing can happen (default). Turning it off runs
   *   every tick; the output is the same byte for byte (tested), only slower.
   * @param sink where samples and events go as they are made ({@link SimulateOptions}); by
   *   default only into {@link Simulation.result}
   * @throws {@link ScavsimError} for any invalid config, naming the field
   */
  constructor(input: SimConfig, private readonly skipIdleTicks = true, sink: RunSink = {}) {
    // One schema checks every field first (config/): what follows only checks what the schema
    // cannot see alone, and builds from a validated plain copy of the input.
    const config = validateConfig(input);
    this.config = config;
    const seed = config.seed ?? 1;
    this.seed = seed;
    const tickMs = checkInt(parseDuration(config.tick ?? DEFAULT_TICK_MS, 'tick'), 'tick', 1, 60_000);
    this.tickMs = tickMs;
    const sampleMs = parseDuration(config.sample ?? 100, 'sample');
    if (sampleMs <= 0 || sampleMs % tickMs !== 0) {
      throw new ScavsimError('E_RANGE', config.sample === undefined ? 'tick' : 'sample', `sample interval ${sampleMs} ms is not a positive multiple of the tick (${tickMs} ms)`, 'a sample interval that is a multiple of the tick');
    }
    this.sampleMs = sampleMs;
    this.durationMs = parseDuration(config.duration, 'duration');
    if (!Array.isArray(config.processes) || config.processes.length === 0) {
      throw new ScavsimError('E_TYPE', 'processes', 'expected a non-empty array', 'one or more processes');
    }
    const recorder = new Recorder(config.processes.length > 1, sink);
    this.recorder = recorder;
    this.emit = (ev: SimEvent): void => recorder.event(ev);
    const world = buildWorld(config, new RandomStreams(seed), this.emit);
    this.machine = world.machine;
    this.cgroups = world.cgroups;
    this.runners = world.runners;
    this.sampled = world.sampled;
    this.views = world.views;
    this.headerInfo = world.headerInfo;
  }

  /**
   * The first sample, taken at the first step so that a streaming caller receives nothing
   * before it has the header. Charges made while building the processes (the binary's text,
   * the runtime's first heap) may already have OOM-killed one: say so at t = 0 (issue 16 item 9).
   */
  private start(): void {
    this.started = true;
    this.drainKernelEvents(0);
    this.recorder.sample(0, this.sampled);
  }

  /** The run's header: what {@link result} will carry, known before the first step. */
  get header(): RunHeader {
    return {
      header: true,
      scenario: this.config.scenario ?? 'custom',
      scavsim_version: SCAVSIM_VERSION,
      seed: this.seed,
      tick_ms: this.tickMs,
      sample_ms: this.sampleMs,
      kernel: this.machine.kernelRelease,
      page_size: this.machine.pageSize,
      ...this.headerInfo,
      config: this.config,
    };
  }

  /** Simulated time reached so far (ms). */
  get nowMs(): number {
    return this.t;
  }

  /** True once the whole duration has been simulated. */
  get done(): boolean {
    return this.t >= this.durationMs;
  }

  /**
   * Simulates one tick: every process in config order, then the machine's daemons, then the
   * kernel's events and a sample if one is due. Returns the simulated time reached (ms).
   */
  step(): number {
    if (!this.started) this.start();
    const t = this.t;
    const durationMs = this.durationMs;
    if (t >= durationMs) return t;
    const quietTo = this.skipIdleTicks ? this.quietTo(t) : t;
    if (quietTo > t) {
      // Nothing can happen before quietTo: skip those ticks whole. Each skipped tick would have
      // changed nothing, so the output is the same byte for byte; work stays proportional to
      // what changes (an idle service costs one check per sample, not per tick).
      this.drainKernelEvents(quietTo);
      if (quietTo % this.sampleMs === 0 || quietTo === durationMs) this.recorder.sample(quietTo, this.sampled);
      this.t = quietTo;
      return quietTo;
    }
    const to = Math.min(t + this.tickMs, durationMs);
    // Indexed loops: this runs every tick, and a for-of allocated an iterator result per element.
    const runners = this.runners;
    for (let i = 0; i < runners.length; i++) runners[i]!.tick(t, to);
    this.machine.tick(to, to - t);
    this.drainKernelEvents(to);
    if (to % this.sampleMs === 0 || to === durationMs) this.recorder.sample(to, this.sampled);
    this.t = to;
    return to;
  }

  /**
   * Stamps the kernel's queued events with `t` and records them; an OOM kill also goes on the
   * list of killed processes the result carries.
   */
  private drainKernelEvents(t: number): void {
    const events = this.machine.drainEvents();
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      if (ev.kind === 'oom') this.killed.push({ process: ev.victim, t_ms: t, scope: ev.scope, ...(ev.cgroup === undefined ? {} : { cgroup: ev.cgroup }), rssBytes: ev.rssBytes });
      this.emit(kernelEvent(ev, t));
    }
  }

  /**
   * An immutable (immer-frozen) view of the machine, its cgroups and every process now:
   * counters, MemStats, runtime/metrics, release costs and per-chunk page-heap summaries.
   * Costs O(chunks); meant for looking between ticks, not for every tick.
   */
  snapshot(): SimSnapshot {
    const cgroups: Record<string, MemcgCounters> = {};
    for (const [name, cg] of this.cgroups) cgroups[name] = cg.counters();
    return frozenSnapshot({ t_ms: this.t, machine: this.machine.counters(), cgroups, processes: this.views.map((v) => v()) });
  }

  /**
   * The last tick boundary up to which every tick would be idle (no process, daemon or sample
   * has anything to do before it), or `t` when the next tick must run. Never crosses a sample
   * boundary or a partial last tick.
   */
  private quietTo(t: number): number {
    if (!this.machine.quiet) return t;
    let until = Infinity;
    const runners = this.runners;
    for (let i = 0; i < runners.length; i++) {
      until = Math.min(until, runners[i]!.quietUntil(t));
      if (until <= t + this.tickMs) return t;
    }
    const tick = this.tickMs;
    // Ticks ending before `until` are idle; stop at the next sample boundary and the last whole tick.
    const lastIdleEnd = until === Infinity ? Infinity : (Math.ceil(until / tick) - 1) * tick;
    const nextSample = (Math.floor(t / this.sampleMs) + 1) * this.sampleMs;
    const lastWhole = Math.floor(this.durationMs / tick) * tick;
    const to = Math.min(lastIdleEnd, nextSample, lastWhole);
    return to > t ? to : t;
  }

  /** Everything recorded so far, with the run's header. */
  result(): RunResult {
    if (!this.started) this.start();
    const { samples, events } = this.recorder.result();
    return { header: this.header, samples, events, killed: [...this.killed] };
  }

}

function kernelEvent(ev: KernelEvent, t: number): SimEvent {
  const { kind, ...rest } = ev;
  const detail: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) detail[k] = v as number | string | boolean;
  const process = ev.kind === 'reclaim' ? ev.fromProcess : ev.victim;
  return { t_ms: t, kind, process, detail };
}
