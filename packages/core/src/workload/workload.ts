/**
 * A Go program's allocation behaviour as data: phases of allocation rate and live-heap target,
 * an object-size mix, and scripted actions.
 *
 * The model follows the fidelity probe's loadtest (test/fixtures/traces/README.md): during a
 * phase the program allocates at `allocRate` bytes per second, writes every page of each new
 * object, and keeps the newest objects in a FIFO ring whose live size follows `liveTarget`;
 * when the ring is over its target the oldest objects are dropped. A permanent base live set
 * is allocated first. Scripted actions at absolute times stand for what a program calls:
 * `debug.FreeOSMemory()`, `runtime.GC()`, or holding and dropping a named buffer (the seed
 * program allocates 12 GiB in 1 GiB slices, drops it and calls FreeOSMemory).
 *
 * @module
 */
import { ScavsimError, showValue } from '../errors.js';
import type { RandomStream } from '../random/random-streams.js';
import { MiB, parseDuration, parseSize, type DurationInput, type SizeInput } from '../units.js';
import { compileStream, type Stream, type StreamSpec } from './streams.js';

/** Object sizes drawn for rate-driven allocation. */
export type SizeMix =
  | { readonly kind: 'fixed'; readonly size: SizeInput }
  | { readonly kind: 'log-uniform'; readonly min: SizeInput; readonly max: SizeInput };

/** One phase of a workload. */
export interface PhaseConfig {
  /** Name recorded in every sample's `phase` field (`load`, `idle`, ...). */
  readonly name: string;
  /** How long the phase lasts; 0 for an instant. */
  readonly duration: DurationInput;
  /** Allocation rate in bytes per second (a stream); default 0. */
  readonly allocRate?: StreamSpec;
  /** Live size of the FIFO ring (a stream); default 0: the ring is dropped. */
  readonly liveTarget?: StreamSpec;
  /** Object sizes; default log-uniform 1 KiB to 1 MiB as in the probe. */
  readonly sizes?: SizeMix;
}

/** A scripted action at an absolute simulated time. */
export type ActionConfig =
  | { readonly at: DurationInput; readonly kind: 'freeOSMemory' }
  | { readonly at: DurationInput; readonly kind: 'gc' }
  | { readonly at: DurationInput; readonly kind: 'hold'; readonly name: string; readonly bytes: SizeInput; readonly chunk?: SizeInput }
  | { readonly at: DurationInput; readonly kind: 'drop'; readonly name: string };

/** A workload as plain data. */
export interface WorkloadConfig {
  /** Permanent live set allocated at start (probe `-basemib`), in `baseObject`-sized buffers. */
  readonly baseLive?: SizeInput;
  /** Size of the base live set's buffers (default 1 MiB). */
  readonly baseObject?: SizeInput;
  /** Phases, run back to back from t = 0. */
  readonly phases: readonly PhaseConfig[];
  /** Scripted actions. */
  readonly actions?: readonly ActionConfig[];
}

/** What the workload asks of the runtime. */
export interface Mutator {
  /** Allocates and writes an object; returns its id. */
  alloc(bytes: number): number;
  /** Drops the last reference to an object. */
  drop(id: number): void;
  /** `runtime.GC()`. */
  gc(): void;
  /** `debug.FreeOSMemory()`. */
  freeOSMemory(): void;
  /** A phase began (for samples and events). */
  phase(name: string): void;
  /** The workload has reached simulated time `tMs` within the current tick. */
  time(tMs: number): void;
  /**
   * True once the program can run no more (the OOM killer killed it): the workload stops at
   * once, in the middle of a tick or of a `hold`, instead of allocating into a dead process
   * (issue 16 item 10: it used to run on until the heap's 4 TiB reservation refused it).
   */
  readonly stopped: boolean;
}

interface Phase {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly rate: Stream;
  readonly live: Stream;
  readonly draw: (r: RandomStream) => number;
  /** The phase's allocation rate is the constant 0 (nothing to do between its boundaries). */
  readonly allocatesNothing: boolean;
  /** The phase's live target is a constant (the ring only shrinks at the phase's start). */
  readonly constantLive: boolean;
}
type Action =
  | { at: number; kind: 'freeOSMemory' | 'gc' }
  | { at: number; kind: 'hold'; name: string; bytes: number; chunk: number }
  | { at: number; kind: 'drop'; name: string };

/** A compiled, validated workload that drives a {@link Mutator} tick by tick. */
export class Workload {
  /** End of the last phase (ms). */
  readonly endMs: number;
  private readonly phases: Phase[];
  private readonly actions: Action[];
  private readonly baseLive: number;
  private readonly baseObject: number;
  private phaseIdx = -1;
  private nextAction = 0;
  private started = false;
  private byteCredit = 0;
  private nextSize = 0;
  // FIFO ring of (id, bytes), as a growable circular buffer. Its capacity is a power of two
  // (1024, doubled when full), so positions wrap with a mask rather than an integer division.
  private ringIds = new Float64Array(1024);
  private ringBytes = new Float64Array(1024);
  private ringHead = 0;
  private ringLen = 0;
  private ringLive = 0;
  private readonly held = new Map<string, number[]>();

  /** @param field config path reported in errors */
  constructor(cfg: WorkloadConfig, private readonly rng: RandomStream, field = 'workload') {
    if (cfg === null || typeof cfg !== 'object') throw new ScavsimError('E_TYPE', field, 'expected an object', 'a workload { phases, actions? }');
    if (!Array.isArray(cfg.phases)) throw new ScavsimError('E_TYPE', `${field}.phases`, 'expected an array', 'an array of phases');
    this.baseLive = parseSize(cfg.baseLive ?? 0, `${field}.baseLive`);
    this.baseObject = parseSize(cfg.baseObject ?? MiB, `${field}.baseObject`);
    if (this.baseObject <= 0) throw new ScavsimError('E_RANGE', `${field}.baseObject`, 'must be positive', 'a size > 0');
    let t = 0;
    this.phases = cfg.phases.map((p, i) => {
      const f = `${field}.phases[${i}]`;
      if (p === null || typeof p !== 'object') throw new ScavsimError('E_TYPE', f, 'expected an object', 'a phase { name, duration, ... }');
      if (typeof p?.name !== 'string' || p.name === '') throw new ScavsimError('E_TYPE', `${f}.name`, 'expected a non-empty string', 'a phase name');
      const dur = parseDuration(p.duration, `${f}.duration`);
      const sizes = p.sizes ?? { kind: 'log-uniform', min: 1024, max: MiB };
      const ph: Phase = {
        name: p.name, start: t, end: t + dur,
        rate: compileStream(p.allocRate ?? 0, `${f}.allocRate`),
        live: compileStream(p.liveTarget ?? 0, `${f}.liveTarget`),
        draw: compileSizes(sizes, `${f}.sizes`),
        allocatesNothing: isConstant(p.allocRate ?? 0) && compileStream(p.allocRate ?? 0, `${f}.allocRate`)(0, dur) === 0,
        constantLive: isConstant(p.liveTarget ?? 0),
      };
      // How many objects a phase may ask for is bounded from the config before the run, at
      // each stream's worst point (config/work-bound.ts).
      t += dur;
      return ph;
    });
    this.endMs = t;
    if (cfg.actions !== undefined && !Array.isArray(cfg.actions)) throw new ScavsimError('E_TYPE', `${field}.actions`, 'expected an array', 'an array of actions');
    this.actions = (cfg.actions ?? []).map((a, i) => compileAction(a, `${field}.actions[${i}]`));
    // Stable order: by time, then as written.
    this.actions = this.actions.map((a, i) => [a, i] as const).sort((x, y) => x[0].at - y[0].at || x[1] - y[1]).map((x) => x[0]);
  }

  /**
   * The earliest time a tick ending at or after it may make the workload do something: the next
   * phase boundary or action, or `nowMs` itself while a phase allocates (or its ring still has
   * to shrink). Lets the engine skip ticks in which nothing can happen.
   */
  quietUntil(nowMs: number): number {
    if (!this.started) return nowMs;
    const ph = this.phases[this.phaseIdx];
    if (ph !== undefined && nowMs < ph.end && !ph.allocatesNothing) return nowMs;
    // Once a phase has ended, allocate() clamps to its end and does nothing more, whatever its
    // live target: only a running phase can still shrink its ring (issue 16 item 12: a last
    // phase with a ramp target kept every later tick busy, 2.16 M steps for 6 h).
    if (ph !== undefined && nowMs < ph.end && this.ringLen > 0 && !(ph.constantLive && this.ringLive <= ph.live(0, ph.end - ph.start))) return nowMs;
    const nextPhase = this.phaseIdx + 1 < this.phases.length ? this.phases[this.phaseIdx + 1]!.start : Infinity;
    const nextAction = this.actions[this.nextAction]?.at ?? Infinity;
    return Math.max(nowMs, Math.min(nextPhase, nextAction));
  }

  /** Advances the workload over simulated time (fromMs, toMs]. */
  tick(fromMs: number, toMs: number, m: Mutator): void {
    if (!this.started) {
      this.started = true;
      for (let left = this.baseLive; left > 0 && !m.stopped; left -= this.baseObject) m.alloc(Math.min(left, this.baseObject));
    }
    // Actions and phase changes inside the slice run at their own times, in order.
    let t = fromMs;
    for (;;) {
      if (m.stopped) return;
      const nextPhaseAt = this.phaseIdx + 1 < this.phases.length ? this.phases[this.phaseIdx + 1]!.start : Infinity;
      const a = this.actions[this.nextAction];
      const nextActionAt = a ? a.at : Infinity;
      const nextAt = Math.min(nextPhaseAt, nextActionAt);
      if (nextAt > toMs) break;
      this.allocate(t, nextAt, m);
      t = Math.max(t, nextAt);
      m.time(t);
      if (nextPhaseAt <= nextActionAt) {
        this.phaseIdx++;
        m.phase(this.phases[this.phaseIdx]!.name);
      } else {
        this.nextAction++;
        this.runAction(a!, m);
      }
    }
    this.allocate(t, toMs, m);
  }

  private allocate(fromMs: number, toMs: number, m: Mutator): void {
    const ph = this.phases[this.phaseIdx];
    if (ph === undefined) return;
    // After the last phase the program only holds what it has: no more allocation.
    toMs = Math.min(toMs, ph.end);
    if (toMs <= fromMs) return;
    const len = ph.end - ph.start;
    const mid = (fromMs + toMs) / 2 - ph.start;
    this.byteCredit += (ph.rate(mid, len) * (toMs - fromMs)) / 1000;
    if (this.nextSize === 0) this.nextSize = ph.draw(this.rng);
    while (this.byteCredit >= this.nextSize && !m.stopped) {
      const bytes = this.nextSize;
      this.byteCredit -= bytes;
      this.pushRing(m.alloc(bytes), bytes);
      this.nextSize = ph.draw(this.rng);
    }
    const target = ph.live(toMs - ph.start, len);
    while (this.ringLen > 0 && this.ringLive > target) this.popRing(m);
  }

  private runAction(a: Action, m: Mutator): void {
    switch (a.kind) {
      case 'gc': m.gc(); break;
      case 'freeOSMemory': m.freeOSMemory(); break;
      case 'hold': {
        const ids = this.held.get(a.name) ?? [];
        for (let left = a.bytes; left > 0 && !m.stopped; left -= a.chunk) ids.push(m.alloc(Math.min(left, a.chunk)));
        this.held.set(a.name, ids);
        break;
      }
      case 'drop': {
        for (const id of this.held.get(a.name) ?? []) m.drop(id);
        this.held.delete(a.name);
        break;
      }
    }
  }

  private pushRing(id: number, bytes: number): void {
    if (this.ringLen === this.ringIds.length) {
      const n = this.ringIds.length * 2;
      const ids = new Float64Array(n);
      const by = new Float64Array(n);
      const mask = this.ringIds.length - 1;
      for (let i = 0; i < this.ringLen; i++) {
        const j = (this.ringHead + i) & mask;
        ids[i] = this.ringIds[j]!;
        by[i] = this.ringBytes[j]!;
      }
      this.ringIds = ids;
      this.ringBytes = by;
      this.ringHead = 0;
    }
    const j = (this.ringHead + this.ringLen) & (this.ringIds.length - 1);
    this.ringIds[j] = id;
    this.ringBytes[j] = bytes;
    this.ringLen++;
    this.ringLive += bytes;
  }

  private popRing(m: Mutator): void {
    const j = this.ringHead;
    m.drop(this.ringIds[j]!);
    this.ringLive -= this.ringBytes[j]!;
    this.ringHead = (j + 1) & (this.ringIds.length - 1);
    this.ringLen--;
  }
}

/** True for a stream spec that is one value for the whole phase. */
function isConstant(spec: StreamSpec): boolean {
  return typeof spec === 'number' || typeof spec === 'string' || (spec !== null && typeof spec === 'object' && spec.kind === 'constant');
}

function compileSizes(mix: SizeMix, field: string): (r: RandomStream) => number {
  if (mix === null || typeof mix !== 'object') throw new ScavsimError('E_TYPE', field, 'expected an object', '{ kind: "fixed" | "log-uniform", ... }');
  if (mix?.kind === 'fixed') {
    const s = parseSize(mix.size, `${field}.size`);
    if (s <= 0) throw new ScavsimError('E_RANGE', `${field}.size`, 'must be positive', 'a size > 0');
    return () => s;
  }
  if (mix?.kind === 'log-uniform') {
    const lo = parseSize(mix.min, `${field}.min`);
    const hi = parseSize(mix.max, `${field}.max`);
    if (lo <= 0 || hi < lo) throw new ScavsimError('E_RANGE', field, `bad range ${lo}..${hi}`, '0 < min ≤ max');
    // `r.logUniform(lo, hi)` written out (the same operations, so the same sizes; tested): the
    // draw then rounds in the same compiled code, and the double between the two is never
    // boxed. Through the method, one heap number per object was garbage (14 MB per run of the
    // incident, measured).
    const logLo = Math.log(lo);
    const logSpan = Math.log(hi) - logLo;
    return (r) => Math.max(1, Math.round(Math.exp(logLo + r.next() * logSpan)));
  }
  throw new ScavsimError('E_TYPE', `${field}.kind`, `unknown size mix ${showValue((mix as { kind?: unknown })?.kind)}`, '"fixed" or "log-uniform"');
}

function compileAction(a: ActionConfig, field: string): Action {
  if (a === null || typeof a !== 'object') throw new ScavsimError('E_TYPE', field, 'expected an object', 'an action { at, kind, ... }');
  const at = parseDuration(a?.at, `${field}.at`);
  switch (a?.kind) {
    case 'gc':
    case 'freeOSMemory':
      return { at, kind: a.kind };
    case 'hold': {
      if (typeof a.name !== 'string') throw new ScavsimError('E_TYPE', `${field}.name`, 'expected a string', 'a buffer name');
      const bytes = parseSize(a.bytes, `${field}.bytes`);
      // Without a chunk the buffer is one allocation; an empty buffer (0 bytes) allocates
      // nothing, so its default chunk is 1 (as config/work-bound.ts counts it), not 0: an error
      // must name a field the user wrote.
      const chunk = parseSize(a.chunk ?? (bytes || 1), `${field}.chunk`);
      if (chunk <= 0) throw new ScavsimError('E_RANGE', `${field}.chunk`, 'must be positive', 'a size > 0');
      return { at, kind: 'hold', name: a.name, bytes, chunk };
    }
    case 'drop':
      if (typeof a.name !== 'string') throw new ScavsimError('E_TYPE', `${field}.name`, 'expected a string', 'a buffer name');
      return { at, kind: 'drop', name: a.name };
    default:
      throw new ScavsimError('E_TYPE', `${field}.kind`, `unknown action ${showValue((a as { kind?: unknown })?.kind)}`, '"freeOSMemory", "gc", "hold" or "drop"');
  }
}
