/**
 * The leaves of the config schema: integers, numbers, sizes, durations and names, each with
 * the accepted range in words.
 *
 * Convention (read by issues.ts): every zod check made here carries, as its message, the
 * accepted range in words (`"an integer from 1 to 1024"`), so that whatever check fails the
 * error can say what would have been accepted. Sizes and durations are validated by the same
 * parsers the engine uses ({@link parseSize}, {@link parseDuration}) and keep the form the
 * user wrote (`'1GiB'`, `'90s'`): the schema checks, it does not convert.
 *
 * @module
 */
import { z } from 'zod';
import { ScavsimError, type ScavsimErrorCode } from '../errors.js';
import { formatBytes, parseDuration, parseSize, TiB } from '../units.js';

/** Largest size any field accepts: the Go heap's reservation in the simulator. */
export const MAX_SIZE_BYTES = 4 * TiB;
/** Longest simulated run, and longest duration any field accepts: 366 days. */
export const MAX_DURATION_MS = 366 * 24 * 3600 * 1000;
/** Longest string any field accepts. */
export const MAX_STRING_CHARS = 1000;

/** What a custom issue carries besides its message (the accepted range). */
export interface CustomIssueParams {
  /** The error code to report. */
  readonly code: ScavsimErrorCode;
  /** What was wrong, in words (`cannot parse size "12XB"`). */
  readonly problem: string;
}

/** An integer in [min, max]. */
export function integer(min: number, max: number): z.ZodInt {
  const accepted = `an integer from ${min} to ${max}`;
  return z.int({ error: accepted }).min(min, { error: accepted }).max(max, { error: accepted }).describe(accepted);
}

/** A finite number in [min, max]. */
export function number(min: number, max: number): z.ZodNumber {
  const accepted = `a number from ${min} to ${max}`;
  return z.number({ error: accepted }).min(min, { error: accepted }).max(max, { error: accepted }).describe(accepted);
}

/** A non-empty string of at most `max` characters. */
export function text(what: string, max = 100): z.ZodString {
  const accepted = `${what}: a non-empty string of at most ${max} characters`;
  return z.string({ error: accepted }).min(1, { error: accepted }).max(max, { error: accepted }).describe(accepted);
}

/** One of the given string or number literals. */
export function oneOf<const T extends readonly (string | number)[]>(values: T) {
  const accepted = values.map((v) => JSON.stringify(v)).join(' or ');
  return z.literal(values, { error: accepted }).describe(accepted);
}

type Quantity = z.ZodUnion<[z.ZodNumber, z.ZodString]>;

/**
 * A quantity as users write it (a number, or a string with a unit), checked by `parse` and
 * kept as written.
 */
function quantity(accepted: string, parse: (v: number | string) => number, min: number, max: number, show: (n: number) => string): Quantity {
  const range = `from ${show(min)} to ${show(max)}`;
  const full = `${accepted}, ${range}`;
  return z.union([z.number(), z.string()], { error: full }).superRefine((v, ctx) => {
    let n: number;
    try {
      n = parse(v);
    } catch (e) {
      if (!(e instanceof ScavsimError)) throw e;
      ctx.addIssue({ code: 'custom', message: full, params: { code: e.code, problem: e.problem } satisfies CustomIssueParams });
      return;
    }
    if (n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: full, params: { code: 'E_RANGE', problem: `${show(n)} is out of range` } satisfies CustomIssueParams });
    }
  }).describe(full) as unknown as Quantity;
}

const SIZE_WORDS = 'bytes, or a string such as "512MiB", "1.5GiB", "64KiB", "100MB"';
const DURATION_WORDS = 'milliseconds, or a string such as "100ms", "30s", "2.5min", "1h", "1m30s"';
const showMs = (ms: number): string => (ms >= 86_400_000 && ms % 86_400_000 === 0 ? `${ms / 86_400_000} days` : `${ms} ms`);

/** A size in bytes, or a string with a unit, in [min, max] bytes. */
export function size(min = 0, max = MAX_SIZE_BYTES): Quantity {
  return quantity(SIZE_WORDS, (v) => parseSize(v, ''), min, max, (n) => (n < 1024 ? `${n} B` : formatBytes(n)));
}

/** A duration in ms, or a string with a unit, in [min, max] ms. */
export function duration(min = 0, max = MAX_DURATION_MS): Quantity {
  return quantity(DURATION_WORDS, (v) => parseDuration(v, ''), min, max, showMs);
}

/**
 * A strict object: an unknown key is an error (issues.ts suggests the nearest known one).
 * The message of every issue it raises is the list of its keys.
 */
export function strict<S extends z.ZodRawShape>(shape: S, what: string): z.ZodObject<S, z.core.$strict> {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? keys : `${what} with fields ${keys}`) });
}
