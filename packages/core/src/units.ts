/**
 * Sizes and durations as users write them, parsed and validated.
 *
 * Sizes accept non-negative safe integers (bytes) or strings with binary (`KiB`, `MiB`, `GiB`,
 * `TiB`) or decimal (`kB`, `MB`, `GB`, `TB`) units, as `GOMEMLIMIT` and cgroup files use them;
 * a bare `K`, `M`, `G`, `T` is binary as in `memory.limit_in_bytes`. Durations accept
 * milliseconds as numbers or strings with `ms`, `s`, `m`/`min`, `h`. All times inside scavsim
 * are integer milliseconds of simulated time.
 *
 * @module
 */
import { ScavsimError } from './errors.js';

/** 1024 bytes. */
export const KiB = 1024;
/** 1024 KiB. */
export const MiB = 1024 * KiB;
/** 1024 MiB. */
export const GiB = 1024 * MiB;
/** 1024 GiB. */
export const TiB = 1024 * GiB;

/** A size as users write it: bytes, or a string like `"512MiB"`. */
export type SizeInput = number | string;
/** A duration as users write it: milliseconds, or a string like `"2.5min"`. */
export type DurationInput = number | string;

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: KiB, kib: KiB, m: MiB, mib: MiB, g: GiB, gib: GiB, t: TiB, tib: TiB,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
};

const SIZE_ACCEPTED = 'a non-negative integer number of bytes, or a string such as "512MiB", "1.5GiB", "64KiB", "100MB"';

/**
 * Parses a size into bytes.
 * @param input bytes or a string with a unit
 * @param field the name reported in the error (config path or flag)
 * @throws {@link ScavsimError} `E_TYPE`, `E_PARSE` or `E_RANGE`
 */
export function parseSize(input: SizeInput, field: string): number {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) {
      throw new ScavsimError('E_RANGE', field, `${input} is not a valid size`, SIZE_ACCEPTED);
    }
    return input;
  }
  if (typeof input !== 'string') {
    throw new ScavsimError('E_TYPE', field, `expected a size, got ${typeof input}`, SIZE_ACCEPTED);
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(input);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new ScavsimError('E_PARSE', field, `cannot parse size "${input}"`, SIZE_ACCEPTED);
  }
  const bytes = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes)) {
    throw new ScavsimError('E_RANGE', field, `size "${input}" is too large`, SIZE_ACCEPTED);
  }
  return bytes;
}

const DURATION_UNITS: Record<string, number> = {
  '': 1, ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000,
};
const DURATION_ACCEPTED = 'a non-negative number of milliseconds, or a string such as "100ms", "30s", "2.5min", "1h", "1m30s"';

/**
 * Parses a duration into integer milliseconds of simulated time.
 * @throws {@link ScavsimError} `E_TYPE`, `E_PARSE` or `E_RANGE`
 */
export function parseDuration(input: DurationInput, field: string): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) {
      throw new ScavsimError('E_RANGE', field, `${input} is not a valid duration`, DURATION_ACCEPTED);
    }
    return Math.round(input);
  }
  if (typeof input !== 'string') {
    throw new ScavsimError('E_TYPE', field, `expected a duration, got ${typeof input}`, DURATION_ACCEPTED);
  }
  // One or more number+unit parts, as Go prints durations ("1m30s", "9min40s").
  const parts = /^\s*(?:\d+(?:\.\d+)?\s*[a-zA-Z]*\s*)+$/.test(input) ? [...input.matchAll(/(\d+(?:\.\d+)?)\s*([a-zA-Z]*)/g)] : [];
  let ms = 0;
  for (const m of parts) {
    const unit = DURATION_UNITS[m[2]!.toLowerCase()];
    if (unit === undefined || (m[2] === '' && parts.length > 1)) { ms = NaN; break; }
    ms += Number(m[1]) * unit;
  }
  if (parts.length === 0 || !Number.isFinite(ms)) {
    throw new ScavsimError('E_PARSE', field, `cannot parse duration "${input}"`, DURATION_ACCEPTED);
  }
  return Math.round(ms);
}

/**
 * Validates an integer in `[min, max]`.
 * @throws {@link ScavsimError} `E_TYPE` or `E_RANGE`
 */
export function checkInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ScavsimError('E_TYPE', field, `expected an integer, got ${JSON.stringify(value)}`, `an integer from ${min} to ${max}`);
  }
  if (value < min || value > max) {
    throw new ScavsimError('E_RANGE', field, `${value} is out of range`, `an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * Validates a finite number in `[min, max]`.
 * @throws {@link ScavsimError} `E_TYPE` or `E_RANGE`
 */
export function checkNumber(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ScavsimError('E_TYPE', field, `expected a number, got ${JSON.stringify(value)}`, `a number from ${min} to ${max}`);
  }
  if (value < min || value > max) {
    throw new ScavsimError('E_RANGE', field, `${value} is out of range`, `a number from ${min} to ${max}`);
  }
  return value;
}

/**
 * Validates a power of two in `[min, max]` (page sizes).
 * @throws {@link ScavsimError} `E_TYPE` or `E_RANGE`
 */
export function checkPowerOfTwo(value: unknown, field: string, min: number, max: number): number {
  const accepted = `a power of two from ${min} to ${max}`;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ScavsimError('E_TYPE', field, `expected an integer, got ${JSON.stringify(value)}`, accepted);
  }
  if (value < min || value > max || (value & (value - 1)) !== 0) {
    throw new ScavsimError('E_RANGE', field, `${value} is not ${accepted}`, accepted);
  }
  return value;
}

/** Formats bytes as a short binary-unit string (`"1.5 GiB"`), for summaries and charts. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= GiB) return `${(bytes / GiB).toFixed(2)} GiB`;
  if (abs >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (abs >= KiB) return `${(bytes / KiB).toFixed(1)} KiB`;
  return `${bytes} B`;
}
