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
import { ScavsimError, showValue } from './errors.js';

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
  const parts = scanQuantities(input);
  const unit = parts?.length === 1 ? SIZE_UNITS[parts[0]!.unit.toLowerCase()] : undefined;
  if (parts === null || unit === undefined) {
    throw new ScavsimError('E_PARSE', field, `cannot parse size ${quoteInput(input)}`, SIZE_ACCEPTED);
  }
  const bytes = Math.round(parts[0]!.value * unit);
  if (!Number.isSafeInteger(bytes)) {
    throw new ScavsimError('E_RANGE', field, `size ${quoteInput(input)} is too large`, SIZE_ACCEPTED);
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
  // One or more number+unit parts, as Go prints durations ("1m30s", "9min40s"); a bare number
  // only alone.
  const parts = scanQuantities(input);
  let ms = parts === null || parts.length === 0 ? NaN : 0;
  for (const p of parts ?? []) {
    const unit = DURATION_UNITS[p.unit.toLowerCase()];
    if (unit === undefined || (p.unit === '' && parts!.length > 1)) { ms = NaN; break; }
    ms += p.value * unit;
  }
  if (!Number.isFinite(ms)) {
    throw new ScavsimError('E_PARSE', field, `cannot parse duration ${quoteInput(input)}`, DURATION_ACCEPTED);
  }
  return Math.round(ms);
}

/** Longest size or duration string looked at: anything longer is a mistake, not a quantity. */
const MAX_QUANTITY_CHARS = 64;

/** One number and the letters after it (`1.5` and `GiB` in `"1.5GiB"`). */
interface Quantity { readonly value: number; readonly unit: string }

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * Splits `"1m 30s"` into `[{1, m}, {30, s}]` in one left-to-right pass: every character is
 * looked at once, so the time is linear in the input (the regex this replaces,
 * `^\s*(?:\d+(?:\.\d+)?\s*[a-zA-Z]*\s*)+$`, backtracked exponentially on
 * `"111…1x!"`: issue 16 item 3). Grammar: `space* (digits ('.' digits)? space* letters* space*)+`.
 * Returns null when the input is not of that form or longer than {@link MAX_QUANTITY_CHARS}.
 */
function scanQuantities(input: string): Quantity[] | null {
  if (input.length > MAX_QUANTITY_CHARS) return null;
  const out: Quantity[] = [];
  let i = 0;
  const n = input.length;
  while (i < n && isSpace(input.charCodeAt(i))) i++;
  while (i < n) {
    const start = i;
    while (i < n && isDigit(input.charCodeAt(i))) i++;
    if (i === start) return null;
    if (i < n && input.charCodeAt(i) === 46 /* . */) {
      const frac = ++i;
      while (i < n && isDigit(input.charCodeAt(i))) i++;
      if (i === frac) return null;
    }
    const value = Number(input.slice(start, i));
    while (i < n && isSpace(input.charCodeAt(i))) i++;
    const unitStart = i;
    while (i < n && isLetter(input.charCodeAt(i))) i++;
    out.push({ value, unit: input.slice(unitStart, i) });
    while (i < n && isSpace(input.charCodeAt(i))) i++;
  }
  return out;
}

/** An input string for an error message: quoted, cut to a few dozen characters, control characters escaped. */
function quoteInput(input: string): string {
  return JSON.stringify(input.length > MAX_QUANTITY_CHARS ? `${input.slice(0, MAX_QUANTITY_CHARS)}…` : input);
}

/**
 * Validates an integer in `[min, max]`.
 * @throws {@link ScavsimError} `E_TYPE` or `E_RANGE`
 */
export function checkInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ScavsimError('E_TYPE', field, `expected an integer, got ${showValue(value)}`, `an integer from ${min} to ${max}`);
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
    throw new ScavsimError('E_TYPE', field, `expected a number, got ${showValue(value)}`, `a number from ${min} to ${max}`);
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
    throw new ScavsimError('E_TYPE', field, `expected an integer, got ${showValue(value)}`, accepted);
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
