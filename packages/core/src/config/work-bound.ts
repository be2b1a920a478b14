/**
 * A bound on the work a config asks for, computed from the config alone before the run, so a
 * run that could not finish in reasonable time or memory is refused with the reason instead
 * of hanging or exhausting the heap (issue 16 items 2 and 5).
 *
 * What costs work in the engine, and how each is bounded here:
 * - objects: every allocated object is followed one by one (span table, page writes). A
 *   phase's allocation rate is bounded by each stream kind's maximum over the phase
 *   (analytically: a ramp's larger end, an oscillation's crest if the phase reaches it, the
 *   largest step, a sum's parts added), never by looking at sample points, which an
 *   oscillation can slip between (0 at 65 sample points, 100 GiB/s in between). Divided by
 *   the smallest object it gives the objects per simulated second at the worst point,
 *   capped at {@link MAX_OBJECTS_PER_SECOND}; times the phase's length, divided by the mean
 *   object size of the mix, the phase's expected object count. Base live sets and held
 *   buffers count their chunks.
 * - ticks: a process allocating or trimming its ring works every tick of the phase; idle
 *   stretches are skipped whole (Simulation.step) and cost nothing here.
 * - hog steps: a plain process's generated schedule is expanded into one step per
 *   `stepBytes` up to `targetBytes`, per cycle: `stepBytes: 1, targetBytes: 1GiB` was a
 *   billion steps and a V8 heap-out-of-memory abort.
 * - samples: one row per process per sample interval.
 *
 * The sum, in work units (one object, tick, step or sample each), is capped at
 * {@link MAX_WORK_UNITS}: about a minute of engine time on the machine of docs/performance.md,
 * far above every teaching scenario (the longest, a day of the incident at 100 ms samples, is
 * about 3.5 M). The refusal says the bound, what dominates it, and which field to change.
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import type { PlainProcessSpec, SimConfig } from './sim-config.js';
import type { GoProcessConfig } from '../runtime/go-config.js';
import type { PhaseConfig, SizeMix } from '../workload/workload.js';
import type { StreamSpec } from '../workload/streams.js';
import { MiB, parseDuration, parseSize } from '../units.js';
import { formatPath, type PathKey } from './paths.js';

/** Most objects per simulated second at the worst point of any phase. */
export const MAX_OBJECTS_PER_SECOND = 10_000_000;
/** Most objects, ticks, hog steps and samples one run may ask for, together. */
export const MAX_WORK_UNITS = 10_000_000;
/** Bytes written that cost as much as one object (pages faulted in and written, 16 of 4 KiB). */
export const BYTES_PER_WORK_UNIT = 64 * 1024;
/** Most samples recorded per process. */
export const MAX_SAMPLES_PER_PROCESS = 1_000_000;

/** The work one config asks for, by kind. */
export interface WorkEstimate {
  /** Objects allocated (expected count at the mixes' mean sizes; base live sets and held buffers exactly). */
  readonly objects: number;
  /** Bytes those objects write, in units of {@link BYTES_PER_WORK_UNIT}. */
  readonly bytes: number;
  /** Ticks in which some process works. */
  readonly ticks: number;
  /** Plain-process steps. */
  readonly hogSteps: number;
  /** Sample rows. */
  readonly samples: number;
  /** The sum: what {@link MAX_WORK_UNITS} bounds. */
  readonly total: number;
  /** The field whose share is largest, as the user wrote its path. */
  readonly largest: { readonly field: string; readonly units: number; readonly what: string };
}

/**
 * The work `config` asks for. `config` must have passed the schema (sizes and durations parse).
 * @param root path of the config in the user's document
 * @throws {@link ScavsimError} `E_RANGE` for a phase whose peak rate exceeds {@link MAX_OBJECTS_PER_SECOND}
 */
export function estimateWork(config: SimConfig, root: readonly PathKey[] = []): WorkEstimate {
  const at = (...p: PathKey[]): string => formatPath([...root, ...p]);
  const tickMs = parseDuration(config.tick ?? 10, '');
  const durationMs = parseDuration(config.duration, '');
  const sampleMs = Math.max(1, parseDuration(config.sample ?? 100, ''));
  let objects = 0;
  let bytes = 0;
  let ticks = 0;
  let hogSteps = 0;
  let largest = { field: at('duration'), units: 0, what: '' };
  const share = (field: string, units: number, what: string): void => {
    if (units > largest.units) largest = { field, units, what };
  };
  config.processes.forEach((p, i) => {
    if (p.kind === 'go') {
      const w = (p as GoProcessConfig).workload;
      const baseObject = parseSize(w.baseObject ?? MiB, '');
      const baseLive = parseSize(w.baseLive ?? 0, '');
      const base = Math.ceil(baseLive / baseObject);
      objects += base;
      bytes += baseLive / BYTES_PER_WORK_UNIT;
      share(at('processes', i, 'workload', 'baseObject'), base, 'objects of the base live set');
      let t = 0;
      w.phases.forEach((ph, j) => {
        const len = Math.min(parseDuration(ph.duration, ''), Math.max(0, durationMs - t));
        t += len;
        const f = ['processes', i, 'workload', 'phases', j] as PathKey[];
        const n = phaseObjects(ph, len, at(...f, 'allocRate'));
        const written = ph.allocRate === undefined ? 0 : (streamMax(ph.allocRate, len) * len) / 1000 / BYTES_PER_WORK_UNIT;
        objects += n;
        bytes += written;
        share(at(...f, 'allocRate'), n + written, 'units for the objects allocated in the phase and the bytes they write');
        const busy = ph.allocRate === undefined && (ph.liveTarget === undefined || isConstant(ph.liveTarget)) ? 0 : Math.ceil(len / tickMs);
        ticks += busy;
        share(at(...f, 'duration'), busy, 'busy ticks');
      });
      (w.actions ?? []).forEach((a, j) => {
        if (a.kind !== 'hold') return;
        const held = parseSize(a.bytes, '');
        const n = Math.ceil(held / parseSize(a.chunk ?? (held || 1), ''));
        objects += n;
        bytes += held / BYTES_PER_WORK_UNIT;
        // Many small chunks: the chunk is what to change; few large ones: the bytes.
        share(at('processes', i, 'workload', 'actions', j, n > held / BYTES_PER_WORK_UNIT ? 'chunk' : 'bytes'), n + held / BYTES_PER_WORK_UNIT, 'units for the chunks of the held buffer and the bytes they write');
      });
    } else {
      const s = (p as PlainProcessSpec).schedule;
      let n: number;
      let field: string;
      if (Array.isArray(s)) {
        n = s.length;
        field = at('processes', i, 'schedule');
      } else {
        const g = s as Exclude<PlainProcessSpec['schedule'], readonly unknown[]>;
        n = (g.cycles ?? 1) * Math.ceil(parseSize(g.targetBytes, '') / parseSize(g.stepBytes, ''));
        field = at('processes', i, 'schedule', 'stepBytes');
      }
      hogSteps += n;
      share(field, n, 'steps of the plain process');
    }
  });
  const samples = Math.ceil(durationMs / sampleMs + 1) * config.processes.length;
  share(at(config.sample === undefined ? 'duration' : 'sample'), samples, 'samples');
  return { objects, bytes, ticks, hogSteps, samples, total: objects + bytes + ticks + hogSteps + samples, largest };
}

/**
 * Refuses a config whose work exceeds the bounds, naming the field that asks for most of it.
 * @throws {@link ScavsimError} `E_RANGE`
 */
export function checkWorkBound(config: SimConfig, root: readonly PathKey[] = []): void {
  const durationMs = parseDuration(config.duration, '');
  const sampleMs = parseDuration(config.sample ?? 100, '');
  if (durationMs / sampleMs > MAX_SAMPLES_PER_PROCESS) {
    const field = formatPath([...root, config.sample === undefined ? 'duration' : 'sample']);
    throw new ScavsimError('E_RANGE', field, `${Math.ceil(durationMs / sampleMs)} samples per process is too many to record`,
      `at most ${MAX_SAMPLES_PER_PROCESS} samples per process: a longer sample interval or a shorter duration`);
  }
  const w = estimateWork(config, root);
  if (w.total > MAX_WORK_UNITS) {
    const e = (n: number): string => n.toExponential(2);
    throw new ScavsimError('E_RANGE', w.largest.field,
      `the run asks for ${e(w.total)} units of work (objects ${e(w.objects)}, bytes written ${e(w.bytes)}, busy ticks ${e(w.ticks)}, hog steps ${e(w.hogSteps)}, samples ${e(w.samples)}); this field alone ${e(w.largest.units)} ${w.largest.what}`,
      `a run of at most ${e(MAX_WORK_UNITS)} units of work: a lower rate, larger objects or steps, or a shorter phase`);
  }
}

/** Expected objects of one phase; throws when its worst point is over {@link MAX_OBJECTS_PER_SECOND}. */
function phaseObjects(ph: PhaseConfig, lenMs: number, field: string): number {
  if (ph.allocRate === undefined || lenMs <= 0) return 0;
  const peak = streamMax(ph.allocRate, lenMs);
  const mix: SizeMix = ph.sizes ?? { kind: 'log-uniform', min: 1024, max: MiB };
  const smallest = parseSize(mix.kind === 'fixed' ? mix.size : mix.min, '');
  const perSecond = peak / smallest;
  if (perSecond > MAX_OBJECTS_PER_SECOND) {
    throw new ScavsimError('E_RANGE', field,
      `at its highest point the rate asks for ${perSecond.toExponential(2)} objects per simulated second (${peak.toExponential(2)} B/s in objects from ${smallest} B), more than the simulator follows one by one`,
      `at most ${MAX_OBJECTS_PER_SECOND.toExponential(0)} objects per simulated second: a lower rate or larger objects`);
  }
  return (peak * lenMs) / 1000 / meanSize(mix);
}

/** Mean object size of a mix: a log-uniform draw on [a, b] has mean (b − a) / ln(b / a). */
function meanSize(mix: SizeMix): number {
  if (mix.kind === 'fixed') return parseSize(mix.size, '');
  const a = parseSize(mix.min, '');
  const b = Math.max(a, parseSize(mix.max, ''));
  return b === a ? a : (b - a) / Math.log(b / a);
}

/**
 * The largest value `spec` takes over a phase of `lenMs`, from each kind's shape: a ramp's
 * larger end, an oscillation's crest (or its value at the phase's end if the phase is shorter
 * than half a period: it rises from `min` until then), the largest step that starts within the
 * phase, the sum of a sum's parts' maxima.
 */
export function streamMax(spec: StreamSpec, lenMs: number): number {
  if (typeof spec === 'number' || typeof spec === 'string') return parseSize(spec, '');
  switch (spec.kind) {
    case 'constant': return parseSize(spec.value, '');
    case 'ramp': return Math.max(parseSize(spec.from, ''), parseSize(spec.to, ''));
    case 'oscillate': {
      const lo = parseSize(spec.min, '');
      const hi = parseSize(spec.max, '');
      const half = parseDuration(spec.period, '') / 2;
      if (lenMs >= half) return Math.max(lo, hi);
      return lo + ((hi - lo) * (1 - Math.cos((Math.PI * lenMs) / half))) / 2;
    }
    case 'steps': {
      let m = 0;
      for (const s of spec.steps) if (parseDuration(s.at, '') <= lenMs) m = Math.max(m, parseSize(s.value, ''));
      return m;
    }
    case 'sum': return spec.of.reduce<number>((acc, s) => acc + streamMax(s, lenMs), 0);
  }
}

function isConstant(spec: StreamSpec): boolean {
  return typeof spec === 'number' || typeof spec === 'string' || spec.kind === 'constant';
}
