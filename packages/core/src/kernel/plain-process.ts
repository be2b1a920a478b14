/**
 * A plain (non-Go) process that touches fresh anonymous memory on a schedule: the fidelity
 * probe's "hog" / the seed's process B.
 *
 * The fidelity hog (`hog/main.go`) `mmap`s anonymous memory in steps and writes every page, so
 * its footprint is exact; it adds 32 MiB every 0.5 s up to 640 MiB, holds 15 s and exits
 * (fidelity README "Scenarios: pressure"). A step here writes `touchBytes` of new pages above
 * everything touched before; exit frees every page and uncharges it (exit_mmap). If the OOM
 * killer picks the process, it stops with status `killed`.
 *
 * Either give an explicit schedule of steps, or a generator (`stepBytes` every `intervalMs`
 * from `startMs` until `targetBytes`, then hold `holdMs` and exit). The first generated step
 * happens at `startMs` itself (the fidelity hog's RSS was 258 MiB 3.7 s after start = 8 steps
 * at 0, 0.5, …, 3.5 s).
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import { checkInt, parseDuration, parseSize } from '../units.js';
import type { DurationInput, SizeInput } from '../units.js';
import type { AddressSpace } from './address-space.js';
import type { Machine } from './machine.js';
import type { Memcg } from './memcg.js';

/** Step marker: unmap everything mapped so far (between hog cycles). */
const UNMAP_ALL = -1;

/** One explicit step. */
export interface PlainStep {
  /** Simulated time of the step. */
  readonly atMs: DurationInput;
  /** Fresh bytes written at that time. */
  readonly touchBytes: SizeInput;
}

/** A generated schedule. */
export interface PlainStepGenerator {
  /** Time of the first step (default 0). */
  readonly startMs?: DurationInput;
  /** Bytes per step. */
  readonly stepBytes: SizeInput;
  /** Time between steps. */
  readonly intervalMs: DurationInput;
  /** Total to reach (the last step is shortened to land on it). */
  readonly targetBytes: SizeInput;
  /** How long to hold after the last step before exiting (default: never exit). */
  readonly holdMs?: DurationInput;
  /** Grow/hold cycles; between cycles everything is unmapped (default 1). */
  readonly cycles?: number;
  /** With cycles > 1: pause after unmapping, before growing again (default 2 s). */
  readonly gapMs?: DurationInput;
}

/** How to create a plain process. */
export interface PlainProcessConfig {
  /** Process name. */
  readonly name: string;
  /** Its memory cgroup (name or object); default the root. */
  readonly cgroup?: string | Memcg | undefined;
  /** Mapped file pages (default 0). */
  readonly fileRss?: SizeInput | undefined;
  /** Explicit steps, or a generator. */
  readonly schedule: readonly PlainStep[] | PlainStepGenerator;
  /** Exit time (default: never for explicit steps; after the last hold for a generator, whichever is first). */
  readonly exitAtMs?: DurationInput;
}

/** Lifecycle of a plain process. */
export type PlainStatus = 'running' | 'exited' | 'killed';

/** A process that grows on a schedule and frees everything at exit. */
export class PlainProcess {
  /** Its address space. */
  readonly memory: AddressSpace;
  private readonly steps: { atMs: number; bytes: number }[];
  private readonly exitAtMs: number;
  private nextStep = 0;
  private cursor = 0;
  private costNs = 0;

  /**
   * Creates the process on `machine` (via `Machine.createProcess`).
   * @param field config path prefix for errors (e.g. `processes[1]`)
   * @throws {@link ScavsimError} on a bad schedule, name or cgroup
   */
  constructor(machine: Machine, cfg: PlainProcessConfig, field = 'process') {
    if (typeof cfg !== 'object' || cfg === null) throw new ScavsimError('E_TYPE', field, 'expected a config object');
    const { steps, exitAtMs } = PlainProcess.expand(cfg, field);
    this.steps = steps;
    this.exitAtMs = exitAtMs;
    this.memory = machine.createProcess({ name: cfg.name, cgroup: cfg.cgroup, fileRss: cfg.fileRss });
  }

  private static expand(cfg: PlainProcessConfig, f: string): { steps: { atMs: number; bytes: number }[]; exitAtMs: number } {
    const s = cfg.schedule;
    if (Array.isArray(s)) {
      const steps = (s as readonly PlainStep[]).map((st, i) => {
        if (st === null || typeof st !== 'object') throw new ScavsimError('E_TYPE', `${f}.schedule[${i}]`, 'expected an object', 'a step { atMs, touchBytes }');
        return {
          atMs: parseDuration(st.atMs, `${f}.schedule[${i}].atMs`),
          bytes: parseSize(st.touchBytes, `${f}.schedule[${i}].touchBytes`),
        };
      });
      for (let i = 1; i < steps.length; i++) {
        if (steps[i]!.atMs < steps[i - 1]!.atMs) throw new ScavsimError('E_RANGE', `${f}.schedule[${i}].atMs`, 'steps must be in time order', 'non-decreasing atMs');
      }
      return { steps, exitAtMs: cfg.exitAtMs === undefined ? Infinity : parseDuration(cfg.exitAtMs, `${f}.exitAtMs`) };
    }
    if (typeof s !== 'object' || s === null) throw new ScavsimError('E_TYPE', `${f}.schedule`, 'expected an array of steps or a generator object');
    const g = s as PlainStepGenerator;
    const start = parseDuration(g.startMs ?? 0, `${f}.schedule.startMs`);
    const step = parseSize(g.stepBytes, `${f}.schedule.stepBytes`);
    const interval = parseDuration(g.intervalMs, `${f}.schedule.intervalMs`);
    const target = parseSize(g.targetBytes, `${f}.schedule.targetBytes`);
    if (step <= 0) throw new ScavsimError('E_RANGE', `${f}.schedule.stepBytes`, 'must be positive', 'a positive size');
    if (interval <= 0) throw new ScavsimError('E_RANGE', `${f}.schedule.intervalMs`, 'must be positive', 'a positive duration');
    const cycles = checkInt(g.cycles ?? 1, `${f}.schedule.cycles`, 1, 1000);
    const gap = parseDuration(g.gapMs ?? 2000, `${f}.schedule.gapMs`);
    if (cycles > 1 && g.holdMs === undefined) {
      throw new ScavsimError('E_CONFLICT', `${f}.schedule.holdMs`, 'cycles > 1 needs a hold time', 'a holdMs with cycles');
    }
    const hold = g.holdMs === undefined ? Infinity : parseDuration(g.holdMs, `${f}.schedule.holdMs`);
    // With cycles > 1 the hog grows to the target, holds, unmaps everything, waits `gap` and
    // grows again, exiting after the last hold (shared fidelity hog/main.go -cycles, -gap).
    const steps: { atMs: number; bytes: number }[] = [];
    let t = start;
    let exitAtMs = Infinity;
    for (let c = 1; c <= cycles; c++) {
      let last = t;
      for (let done = 0, i = 0; done < target; i++) {
        const bytes = Math.min(step, target - done);
        last = t + i * interval;
        steps.push({ atMs: last, bytes });
        done += bytes;
      }
      if (c < cycles) {
        steps.push({ atMs: last + hold, bytes: UNMAP_ALL });
        t = last + hold + gap;
      } else exitAtMs = last + hold;
    }
    // An explicit exit time (the probe kills its hog after -hogmax) cuts the schedule short.
    if (cfg.exitAtMs !== undefined) exitAtMs = Math.min(exitAtMs, parseDuration(cfg.exitAtMs, `${f}.exitAtMs`));
    return { steps, exitAtMs };
  }

  /** Process id. */
  get pid(): number {
    return this.memory.pid;
  }

  /** Process name. */
  get name(): string {
    return this.memory.name;
  }

  /** True once the process exited normally. */
  get exited(): boolean {
    return this.memory.exited;
  }

  /** running, exited, or killed by the OOM killer. */
  get status(): PlainStatus {
    return this.memory.killed ? 'killed' : this.memory.exited ? 'exited' : 'running';
  }

  /** Simulated CPU time spent in faults and reclaim so far (ns). */
  get cpuNs(): number {
    return this.costNs;
  }

  /**
   * Runs every step due at or before `now`, then exits if the exit time has come.
   * @param now simulated ms at the END of the tick being run (steps are instantaneous)
   * @param dtMs length of the tick (validated; not otherwise needed)
   */
  tick(now: number, dtMs: number): void {
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new ScavsimError('E_TYPE', 'now', 'expected a number of ms');
    if (typeof dtMs !== 'number' || !(dtMs >= 0)) throw new ScavsimError('E_RANGE', 'dtMs', 'expected a non-negative number of ms');
    while (this.memory.alive && this.nextStep < this.steps.length && this.steps[this.nextStep]!.atMs <= now) {
      const st = this.steps[this.nextStep++]!;
      if (st.bytes === UNMAP_ALL) {
        // munmap frees the pages at once, as MADV_DONTNEED does for accounting.
        if (this.cursor > 0) this.costNs += this.memory.madvise(0, this.cursor, 'MADV_DONTNEED').costNs;
        this.cursor = 0;
        continue;
      }
      const r = this.memory.touch(this.cursor, st.bytes);
      this.costNs += r.costNs;
      this.cursor += st.bytes;
    }
    if (this.memory.alive && now >= this.exitAtMs) this.memory.exit();
  }

  /** The earliest time a tick ending at or after it may change this process (next step or exit). */
  quietUntil(nowMs: number): number {
    if (!this.memory.alive) return Infinity;
    const next = this.nextStep < this.steps.length ? this.steps[this.nextStep]!.atMs : Infinity;
    return Math.max(nowMs, Math.min(next, this.exitAtMs));
  }

  /** The fidelity trace's hog fields (bytes): `hog_VmRSS`, `hog_RssAnon`. */
  sample(): { hog_VmRSS: number; hog_RssAnon: number } {
    const c = this.memory.counters();
    return { hog_VmRSS: c.VmRSS, hog_RssAnon: c.RssAnon };
  }
}
