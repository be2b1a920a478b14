/**
 * A plain (non-Go) process that touches fresh anonymous memory in steps: the fidelity probe's
 * "hog" / the seed's process B.
 *
 * The fidelity hog (shared fidelity `hog/main.go`) runs a plain loop: `mmap` a step, write every
 * page, `time.Sleep(interval)`, until the target; then `time.Sleep(hold)` and exit. A step
 * therefore starts only after the previous one has faulted in all of its memory: the gap
 * between steps is the interval PLUS the time the previous step took (page faults, zeroing,
 * and any reclaim its charges forced). Here that time is the step's cost in the kernel model
 * (`costNs` of the touch: {@link KernelCosts.faultNsPerPage} per fresh page plus the reclaim the
 * cgroup charges did), never a measured figure. With the default costs a 32 MiB step costs
 * ~16–19 ms, so the hog's steps come every ~516–519 ms rather than 500 ms (the real hog's
 * came every 515–545 ms). Exit frees every page and uncharges it (exit_mmap). If the OOM
 * killer picks the process, it stops with status `killed`.
 *
 * Either give an explicit schedule of steps (absolute times; a step still cannot begin before
 * the previous one has finished), or a generator (`stepBytes`, then wait `intervalMs`, until
 * `targetBytes`; then hold `holdMs` and exit), which follows the hog's loop as above: the first
 * step at `startMs`, each next one `cost + intervalMs` after the previous one began, exit
 * `cost + intervalMs + holdMs` after the last one began (the loop sleeps once more after its
 * last step before it holds).
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import { checkInt, parseDuration, parseSize } from '../units.js';
import type { DurationInput, SizeInput } from '../units.js';
import type { AddressSpace } from './address-space.js';
import type { Machine } from './machine.js';
import type { ProcessConfig } from './machine-config.js';

/** Step marker: unmap everything mapped so far (between hog cycles). */
const UNMAP_ALL = -1;

/**
 * One step as the process runs it: it begins at `atMs` (explicit schedules) or `afterMs` after
 * the previous step ended (generated ones), whichever is later, and never before the previous
 * step ended. A step ends when its memory is faulted in: its start plus its modelled cost.
 */
interface Step {
  readonly atMs: number;
  readonly afterMs: number;
  readonly bytes: number;
}

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
  /** Sleep after each step has faulted in its memory (so steps are `intervalMs` + the step's cost apart). */
  readonly intervalMs: DurationInput;
  /** Total to reach (the last step is shortened to land on it). */
  readonly targetBytes: SizeInput;
  /** How long to hold after the last step (and its interval) before exiting (default: never exit). */
  readonly holdMs?: DurationInput;
  /** Grow/hold cycles; between cycles everything is unmapped (default 1). */
  readonly cycles?: number;
  /** With cycles > 1: pause after unmapping, before growing again (default 2 s). */
  readonly gapMs?: DurationInput;
}

/** How to create a plain process: a process (name, cgroup, file pages) with its schedule. */
export interface PlainProcessConfig extends ProcessConfig {
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
  private readonly steps: readonly Step[];
  /** Absolute exit time (explicit exit, or the probe's kill), Infinity when none. */
  private readonly exitAtMs: number;
  /** Delay from the end of the last step to the exit (generator: interval + hold), Infinity when none. */
  private readonly exitAfterMs: number;
  private nextStep = 0;
  /** When the next step begins (ms, fractional); once every step ran, when the process exits. */
  private nextAtMs: number;
  private cursor = 0;
  private costNs = 0;

  /**
   * Creates the process on `machine` (via `Machine.createProcess`).
   * @param field config path prefix for errors (e.g. `processes[1]`)
   * @throws {@link ScavsimError} on a bad schedule, name or cgroup
   */
  constructor(machine: Machine, cfg: PlainProcessConfig, field = 'process') {
    if (typeof cfg !== 'object' || cfg === null) throw new ScavsimError('E_TYPE', field, 'expected a config object');
    const { steps, exitAtMs, exitAfterMs } = PlainProcess.expand(cfg, field);
    this.steps = steps;
    this.exitAtMs = exitAtMs;
    this.exitAfterMs = exitAfterMs;
    this.nextAtMs = steps.length > 0 ? steps[0]!.atMs : Infinity;
    this.memory = machine.createProcess({ name: cfg.name, cgroup: cfg.cgroup, fileRss: cfg.fileRss });
  }

  private static expand(cfg: PlainProcessConfig, f: string): { steps: Step[]; exitAtMs: number; exitAfterMs: number } {
    const s = cfg.schedule;
    // An explicit exit time (the probe kills its hog after -hogmax) cuts any schedule short.
    const exitAtMs = cfg.exitAtMs === undefined ? Infinity : parseDuration(cfg.exitAtMs, `${f}.exitAtMs`);
    if (Array.isArray(s)) {
      const steps = (s as readonly PlainStep[]).map((st, i): Step => {
        if (st === null || typeof st !== 'object') throw new ScavsimError('E_TYPE', `${f}.schedule[${i}]`, 'expected an object', 'a step { atMs, touchBytes }');
        return {
          atMs: parseDuration(st.atMs, `${f}.schedule[${i}].atMs`),
          afterMs: 0,
          bytes: parseSize(st.touchBytes, `${f}.schedule[${i}].touchBytes`),
        };
      });
      for (let i = 1; i < steps.length; i++) {
        if (steps[i]!.atMs < steps[i - 1]!.atMs) throw new ScavsimError('E_RANGE', `${f}.schedule[${i}].atMs`, 'steps must be in time order', 'non-decreasing atMs');
      }
      return { steps, exitAtMs, exitAfterMs: Infinity };
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
    // The hog's loop (shared fidelity hog/main.go): per step mmap + write every page, then
    // sleep `interval`; at the target sleep `hold`; with -cycles > 1 munmap everything, sleep
    // `gap`, grow again, and exit after the last hold. Only the first step has a clock time;
    // every other one is timed from the end of the one before.
    const steps: Step[] = [];
    for (let c = 1; c <= cycles; c++) {
      for (let done = 0; done < target;) {
        const bytes = Math.min(step, target - done);
        const first = done === 0;
        steps.push({ atMs: c === 1 && first ? start : -Infinity, afterMs: first ? gap : interval, bytes });
        done += bytes;
      }
      if (c < cycles) steps.push({ atMs: -Infinity, afterMs: interval + hold, bytes: UNMAP_ALL });
    }
    return { steps, exitAtMs, exitAfterMs: interval + hold };
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
   * Runs every step due at or before `now`, then exits if the exit time has come. A step runs
   * at its own (fractional) time; the next one is timed from when this one finished.
   * @param now simulated ms at the END of the tick being run
   * @param dtMs length of the tick (validated; not otherwise needed)
   */
  tick(now: number, dtMs: number): void {
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new ScavsimError('E_TYPE', 'now', 'expected a number of ms');
    if (typeof dtMs !== 'number' || !(dtMs >= 0)) throw new ScavsimError('E_RANGE', 'dtMs', 'expected a non-negative number of ms');
    while (this.memory.alive && this.nextStep < this.steps.length && this.nextAtMs <= now && this.nextAtMs < this.exitAtMs) {
      const st = this.steps[this.nextStep++]!;
      let cost = 0;
      if (st.bytes === UNMAP_ALL) {
        // munmap frees the pages at once, as MADV_DONTNEED does for accounting.
        if (this.cursor > 0) cost = this.memory.madvise(0, this.cursor, 'MADV_DONTNEED').costNs;
        this.cursor = 0;
      } else {
        cost = this.memory.touch(this.cursor, st.bytes).costNs;
        this.cursor += st.bytes;
      }
      this.costNs += cost;
      const endMs = this.nextAtMs + cost / 1e6;
      const next = this.steps[this.nextStep];
      this.nextAtMs = next === undefined ? endMs + this.exitAfterMs : Math.max(next.atMs, endMs + next.afterMs);
    }
    if (this.memory.alive && now >= this.exitTimeMs()) this.memory.exit();
  }

  /** When the process exits, as far as is known now (Infinity: never, or not known yet). */
  private exitTimeMs(): number {
    return this.nextStep < this.steps.length ? this.exitAtMs : Math.min(this.exitAtMs, this.nextAtMs);
  }

  /** The earliest time a tick ending at or after it may change this process (next step or exit). */
  quietUntil(nowMs: number): number {
    if (!this.memory.alive) return Infinity;
    const next = this.nextStep < this.steps.length ? this.nextAtMs : Infinity;
    return Math.max(nowMs, Math.min(next, this.exitTimeMs()));
  }

  /** The fidelity trace's hog fields (bytes): `hog_VmRSS`, `hog_RssAnon`. */
  sample(): { hog_VmRSS: number; hog_RssAnon: number } {
    const c = this.memory.counters();
    return { hog_VmRSS: c.VmRSS, hog_RssAnon: c.RssAnon };
  }
}
