/**
 * Command-line parsing and validation for `scavsim`.
 *
 * Each command declares its flags once ({@link CommandSpec}); [commander](https://github.com/tj/commander.js)
 * parses them and writes the help from the same declarations ({@link commandHelp}). Two things
 * commander is told: a value may start with a dash (`--gogc -1`, an offset `--at -5s` reaches
 * its validator), and every mistake comes out as one {@link ScavsimError} whose `field` is the
 * flag, so the CLI prints one line (`scavsim: --gogc: expected an integer from -1 to 100000,
 * got "abc"`) and exits 2.
 *
 * Values are validated here as far as the CLI can: sizes with `parseSize`, durations with
 * `parseDuration`, integers against their ranges, GODEBUG as `key=value` pairs. Go and kernel
 * versions are passed through as strings; the engine's version parser owns what is accepted.
 *
 * @module
 */
import { Command, Help, Option } from 'commander';
import { parseDuration, parseSize, ScavsimError } from '@scavsim/core';

/** How one flag takes its value, and its line in the help. */
export interface FlagSpec {
  /** `string` flags take a value (`--go 1.15` or `--go=1.15`); `boolean` flags take none. */
  readonly type: 'string' | 'boolean';
  /** May be repeated (values collect in order). */
  readonly multiple?: boolean;
  /** The value's placeholder in the help (`V`, `SIZE`; default `VALUE`). */
  readonly arg?: string;
  /** Its line in the help. */
  readonly help?: string;
}

/** What a command accepts, and what its help says. */
export interface CommandSpec {
  /** Flag specs by long name (without `--`), in help order. */
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Names of positional arguments, in order (shown in errors and the usage line). */
  readonly positionals: readonly string[];
  /** The usage after `scavsim <command>` (default: the positionals, then `[options]`). */
  readonly usage?: string;
  /** What the command does: the help's paragraphs. */
  readonly description?: string;
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

/** Width the help is wrapped to. */
const HELP_WIDTH = 100;

/**
 * A commander program that reports every mistake as a {@link ScavsimError} naming the flag
 * (commander calls `error` for each; it would print and exit).
 */
class ScavsimCommand extends Command {
  constructor(private readonly scavsimName: string, private readonly spec: CommandSpec) {
    super(`scavsim ${scavsimName}`);
  }

  override error(message: string, errorOptions?: { code?: string }): never {
    const code = errorOptions?.code ?? '';
    const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
    if (code === 'commander.unknownOption') {
      const eq = quoted.indexOf('=');
      const name = quoted.slice(2, eq === -1 ? undefined : eq);
      if (quoted.startsWith('--') && eq !== -1 && Object.hasOwn(this.spec.flags, name) && this.spec.flags[name]!.type === 'boolean') {
        throw usage(`--${name}`, `takes no value, got "${quoted.slice(eq + 1)}"`);
      }
      if (!quoted.startsWith('--')) throw usage(quoted, `unknown option for "scavsim ${this.scavsimName}"; flags are written --name (see scavsim help ${this.scavsimName})`);
      throw usage(quoted, `unknown option for "scavsim ${this.scavsimName}" (accepted: ${acceptedFlags(this.spec)})`);
    }
    if (code === 'commander.optionMissingArgument') throw usage(/--[\w-]+/.exec(quoted)?.[0] ?? quoted, 'expects a value');
    throw usage(`scavsim ${this.scavsimName}`, message.replace(/^error: /, ''));
  }
}

/** The commander program of one command, built from its spec. */
function commandOf(command: string, spec: CommandSpec): ScavsimCommand {
  const cmd = new ScavsimCommand(command, spec);
  cmd.usage(spec.usage ?? [...spec.positionals.map((p) => `<${p}>`), '[options]'].join(' '))
    .description(spec.description ?? '')
    .helpOption(false)
    .allowExcessArguments(true)
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, getOutHelpWidth: () => HELP_WIDTH, getErrHelpWidth: () => HELP_WIDTH })
    .configureHelp({ formatHelp: (c, helper) => Help.prototype.formatHelp.call(helper, c, helper).replace(/^Usage: /, '') })
    .exitOverride();
  for (const [name, fs] of Object.entries(spec.flags)) {
    const flag = `--${name}`;
    const option = new Option(fs.type === 'boolean' ? flag : `${flag} <${fs.arg ?? 'VALUE'}>`, fs.help ?? '');
    if (fs.type === 'string') {
      // Commander hands a flag the next word whatever it is, so `--gogc -1` works; a word that
      // is itself a flag means the value was forgotten.
      option.argParser((value: string, previous: unknown) => {
        if (value.startsWith('--') && value.length > 2) throw usage(flag, 'expects a value');
        if (fs.multiple === true) return [...((previous as string[] | undefined) ?? []), value];
        if (previous !== undefined) throw usage(flag, `given twice ("${String(previous)}" and "${value}")`);
        return value;
      });
    }
    cmd.addOption(option);
  }
  cmd.addOption(new Option('-h, --help', 'show this help'));
  return cmd;
}

/** The help of a command, generated from its spec. */
export function commandHelp(command: string, spec: CommandSpec): string {
  return commandOf(command, spec).helpInformation();
}

/**
 * Splits argv into flags and positionals against a spec.
 * @param command the command's name, used in messages
 * @throws {@link ScavsimError} naming the unknown flag, the flag missing its value, or the extra argument
 */
export function parseCommandArgs(command: string, argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const cmd = commandOf(command, spec);
  cmd.parse(argv, { from: 'user' });
  const values = cmd.opts();
  // Null prototype: the result is read by flag name, and no flag is named like an Object method.
  const flags: Record<string, string | readonly string[] | true> = Object.create(null) as Record<string, string | readonly string[] | true>;
  for (const o of cmd.options) {
    const v = values[o.attributeName()] as string | string[] | true | undefined;
    if (v !== undefined) flags[o.long!.slice(2)] = v;
  }
  const positionals = cmd.args;
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
