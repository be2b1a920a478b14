/**
 * Value streams over time, composable like the runtime's own pacer tests.
 *
 * golang/go `src/runtime/mgcpacer_test.go` drives its pacer simulation with small stream
 * combinators (`constant`, `ramp`, `oscillate`, `random`, `sum`) that map a GC cycle number to a
 * value. scavsim's workloads use the same idea over simulated time within a phase: a
 * {@link StreamSpec} is plain JSON (so scenario files can hold it), and {@link compileStream}
 * turns it into a function of the phase-relative time in ms. Allocation rates are bytes per
 * second; live-heap targets are bytes.
 *
 * @module
 */
import { ScavsimError, showValue } from '../errors.js';
import { parseDuration, parseSize, type DurationInput, type SizeInput } from '../units.js';

/** A value that is the same for the whole phase. */
export interface ConstantStream { readonly kind: 'constant'; readonly value: SizeInput }
/** A straight line from `from` at the phase start to `to` at the phase end. */
export interface RampStream { readonly kind: 'ramp'; readonly from: SizeInput; readonly to: SizeInput }
/** A sine wave between `min` and `max` with the given period, starting at `min`. */
export interface OscillateStream {
  readonly kind: 'oscillate';
  readonly min: SizeInput;
  readonly max: SizeInput;
  readonly period: DurationInput;
}
/** Stepwise values: `value` holds from `at` (phase-relative) until the next step. */
export interface StepStream {
  readonly kind: 'steps';
  readonly steps: readonly { readonly at: DurationInput; readonly value: SizeInput }[];
}
/** The sum of several streams. */
export interface SumStream { readonly kind: 'sum'; readonly of: readonly StreamSpec[] }

/** A stream as plain data. A bare number or size string means a constant. */
export type StreamSpec = SizeInput | ConstantStream | RampStream | OscillateStream | StepStream | SumStream;

/** A compiled stream: phase-relative ms → value (≥ 0). */
export type Stream = (tMs: number, phaseMs: number) => number;

/**
 * Compiles a {@link StreamSpec}, validating every field.
 * @param field config path reported in errors
 * @throws {@link ScavsimError}
 */
export function compileStream(spec: StreamSpec, field: string): Stream {
  if (typeof spec === 'number' || typeof spec === 'string') {
    const v = parseSize(spec, field);
    return () => v;
  }
  if (spec === null || typeof spec !== 'object') {
    throw new ScavsimError('E_TYPE', field, `expected a stream, got ${showValue(spec)}`, STREAM_ACCEPTED);
  }
  switch (spec.kind) {
    case 'constant': {
      const v = parseSize(spec.value, `${field}.value`);
      return () => v;
    }
    case 'ramp': {
      const a = parseSize(spec.from, `${field}.from`);
      const b = parseSize(spec.to, `${field}.to`);
      return (t, len) => (len <= 0 ? b : a + ((b - a) * Math.min(Math.max(t, 0), len)) / len);
    }
    case 'oscillate': {
      const lo = parseSize(spec.min, `${field}.min`);
      const hi = parseSize(spec.max, `${field}.max`);
      const period = parseDuration(spec.period, `${field}.period`);
      if (period <= 0) throw new ScavsimError('E_RANGE', `${field}.period`, 'must be positive', 'a duration > 0');
      if (hi < lo) throw new ScavsimError('E_CONFLICT', `${field}.max`, `max ${hi} < min ${lo}`, 'max ≥ min');
      return (t) => lo + ((hi - lo) * (1 - Math.cos((2 * Math.PI * t) / period))) / 2;
    }
    case 'steps': {
      if (!Array.isArray(spec.steps) || spec.steps.length === 0) {
        throw new ScavsimError('E_TYPE', `${field}.steps`, 'expected a non-empty array', 'an array of { at, value }');
      }
      const steps = spec.steps.map((s, i) => ({
        at: parseDuration(s.at, `${field}.steps[${i}].at`),
        value: parseSize(s.value, `${field}.steps[${i}].value`),
      }));
      for (let i = 1; i < steps.length; i++) {
        if (steps[i]!.at < steps[i - 1]!.at) {
          throw new ScavsimError('E_CONFLICT', `${field}.steps[${i}].at`, 'steps must be in time order', 'non-decreasing times');
        }
      }
      return (t) => {
        let v = 0;
        for (const s of steps) if (s.at <= t) v = s.value;
        return v;
      };
    }
    case 'sum': {
      if (!Array.isArray(spec.of)) throw new ScavsimError('E_TYPE', `${field}.of`, 'expected an array', 'an array of streams');
      const parts = spec.of.map((s, i) => compileStream(s, `${field}.of[${i}]`));
      return (t, len) => parts.reduce((acc, p) => acc + p(t, len), 0);
    }
    default:
      throw new ScavsimError('E_TYPE', `${field}.kind`, `unknown stream kind ${showValue((spec as { kind: unknown }).kind)}`, STREAM_ACCEPTED);
  }
}

const STREAM_ACCEPTED = 'a size, or { kind: "constant" | "ramp" | "oscillate" | "steps" | "sum", ... }';
