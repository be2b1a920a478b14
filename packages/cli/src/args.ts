/**
 * Command-line parsing and validation for `scavsim`.
 *
 * A small parser rather than `node:util` `parseArgs`, for two reasons: values that start with a
 * dash must work (`--gogc -1`, which `parseArgs` rejects as ambiguous), and every mistake must
 * come out as one {@link ScavsimError} whose `field` is the flag, so the CLI prints one line
 * (`scavsim: --gogc: expected an integer from -1 to 100000, got "abc"`) and exits 2.
 *
 * Values are validated here as far as the CLI can: sizes with `parseSize`, durations with
 * `parseDuration`, integers against their ranges, GODEBUG as `key=value` pairs. Go and kernel
 * versions are passed through as strings; the engine's version parser owns what is accepted.
 *
 * @module
 */
import { parseDuration, parseSize, ScavsimError } from '@scavsim/core';

/** How one flag takes its value. */
export interface FlagSpec {
  /** `string` flags take a value (`--go 1.15` or `--go=1.15`); `boolean` flags take none. */
  readonly type: 'string' | 'boolean';
  /** May be repeated (values collect in order). */
  readonly multiple?: boolean;
}

/** What a command accepts. */
export interface CommandSpec {
  /** Flag specs by long name (without `--`). */
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Names of positional arguments, in order (shown in errors). */
  readonly positionals: readonly string[];
}

/** Raw parse result: flag values as written, positionals in order. */
export interface ParsedArgs {
  /** String flags: last value (or all, for `multiple`). Boolean flags: `true` when present. */
  readonly flags: Readonly<Record<string, string | readonly string[] | true>>;
  /** Positional arguments. */
  readonly positionals: readonly string[];
}

function usage(field: string, message: string): ScavsimError {
  return new ScavsimError('E_PARSE', field, message);
}

/**
 * Splits argv into flags and positionals against a spec.
 * @param command the command's name, used in messages
 * @throws {@link ScavsimError} naming the unknown flag, the flag missing its value, or the extra argument
 */
export function parseCommandArgs(command: string, argv: readonly string[], spec: CommandSpec): ParsedArgs {
  // Null prototype: a flag named --toString or --__proto__ is unknown, not an Object method.
  const flags: Record<string, string | string[] | true> = Object.create(null) as Record<string, string | string[] | true>;
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-' && arg !== '-h') {
        throw usage(arg, `unknown option for "scavsim ${command}"; flags are written --name (see scavsim help ${command})`);
      }
      if (arg === '-h') flags['help'] = true;
      else positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const flag = `--${name}`;
    const fs = name === 'help' ? ({ type: 'boolean' } as const) : Object.hasOwn(spec.flags, name) ? spec.flags[name] : undefined;
    if (fs === undefined) {
      throw usage(flag, `unknown option for "scavsim ${command}" (accepted: ${acceptedFlags(spec)})`);
    }
    if (fs.type === 'boolean') {
      if (eq !== -1) throw usage(flag, `takes no value, got "${arg.slice(eq + 1)}"`);
      flags[name] = true;
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // A following flag means the value was forgotten; a negative number is a value.
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw usage(flag, 'expects a value');
      value = next;
      i++;
    }
    if (fs.multiple === true) {
      const prev = flags[name];
      flags[name] = Array.isArray(prev) ? [...prev, value] : [value];
    } else {
      if (flags[name] !== undefined) throw usage(flag, `given twice ("${String(flags[name])}" and "${value}")`);
      flags[name] = value;
    }
  }
  if (flags['help'] !== true && positionals.length > spec.positionals.length) {
    throw usage(positionals[spec.positionals.length]!, `unexpected argument for "scavsim ${command}"`);
  }
  return { flags, positionals };
}

/**
 * The `index`-th positional argument. Commands ask for it after validating their flags, so that
 * a bad flag is reported even when the positional is missing too.
 * @throws {@link ScavsimError} naming the missing argument (`<name|file.json>`)
 */
export function positional(command: string, args: ParsedArgs, spec: CommandSpec, index: number): string {
  const v = args.positionals[index];
  if (v === undefined) throw usage(`<${spec.positionals[index] ?? 'argument'}>`, `missing (usage: scavsim help ${command})`);
  return v;
}

function acceptedFlags(spec: CommandSpec): string {
  const names = Object.keys(spec.flags).map((n) => `--${n}`);
  return names.length === 0 ? 'none besides --help' : names.join(', ');
}

/** One string flag's value, if given. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (v === undefined || v === true) return undefined;
  return typeof v === 'string' ? v : v.at(-1);
}

/** A repeatable string flag's values (empty if not given). */
export function listFlag(args: ParsedArgs, name: string): readonly string[] {
  const v = args.flags[name];
  if (v === undefined || v === true) return [];
  return typeof v === 'string' ? [v] : v;
}

/** Whether a boolean flag was given. */
export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

/** `GOGC`: an integer from -1 to 100000, or `off` (= -1, as the runtime reads it). */
export function parseGogc(raw: string, field = '--gogc'): number {
  if (raw.trim().toLowerCase() === 'off') return -1;
  const n = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < -1 || n > 100_000) {
    throw usage(field, `expected an integer from -1 to 100000, got "${raw}"`);
  }
  return n;
}

/** `GOMEMLIMIT`: a size (`512MiB`, bytes), or `off` (no limit → `undefined`). */
export function parseMemLimit(raw: string, field = '--gomemlimit'): number | 'off' {
  if (raw.trim().toLowerCase() === 'off') return 'off';
  const bytes = parseSize(raw, field);
  if (bytes === 0) throw new ScavsimError('E_RANGE', field, `expected a positive size or "off", got "${raw}"`);
  return bytes;
}

/** A size above zero (`2GiB`, bytes). */
export function parsePositiveSize(raw: string, field: string): number {
  const bytes = parseSize(raw, field);
  if (bytes === 0) throw new ScavsimError('E_RANGE', field, `expected a size above 0, got "${raw}"`);
  return bytes;
}

/** A root seed: a non-negative safe integer. */
export function parseSeed(raw: string, field = '--seed'): number {
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw usage(field, `expected an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got "${raw}"`);
  }
  return n;
}

/** An integer from `min` to `max`. */
export function parseIntegerIn(raw: string, field: string, min: number, max: number): number {
  const n = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw usage(field, `expected an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** A positive duration in integer ms (`30s`, `6min`, `1500`). */
export function parsePositiveDuration(raw: string, field: string): number {
  const ms = parseDuration(raw, field);
  if (ms <= 0) throw new ScavsimError('E_RANGE', field, `expected a duration above 0, got "${raw}"`);
  return ms;
}

/** A non-negative duration in integer ms (`--at 0` is the start). */
export function parseTime(raw: string, field: string): number {
  return parseDuration(raw, field);
}

/**
 * GODEBUG settings from one or more `--godebug` values, each `key=value[,key=value...]` as the
 * `GODEBUG` variable is written. Later settings of a key win, as in the runtime.
 */
export function parseGodebug(values: readonly string[], field = '--godebug'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    for (const part of value.split(',')) {
      const m = /^\s*([A-Za-z][A-Za-z0-9_]*)=([^\s=,]+)\s*$/.exec(part);
      if (m === null) throw usage(field, `expected key=value (e.g. madvdontneed=1), got "${part}"`);
      out[m[1]!] = m[2]!;
    }
  }
  return out;
}

/** A non-empty version string, passed through for the engine to validate. */
export function parseVersionText(raw: string, field: string): string {
  const v = raw.trim();
  if (v === '' || /\s/.test(v)) throw usage(field, `expected a version such as "1.15" or "go1.15.10", got "${raw}"`);
  return v;
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(raw: string, field: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(raw)) {
    throw usage(field, `expected one of ${choices.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** A file path for output (non-empty). */
export function parsePath(raw: string, field: string): string {
  if (raw.trim() === '') throw usage(field, 'expected a file path, got ""');
  return raw;
}
