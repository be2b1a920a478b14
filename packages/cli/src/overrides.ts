/**
 * The flags that change a scenario before it runs (`--go`, `--kernel`, `--godebug`, `--gogc`,
 * `--gomemlimit`, `--seed`, `--duration`, and the environment: `--mem-total`, `--cgroup-limit`,
 * `--swap`, `--thp`, `--sample-interval`), parsed into one `RunOverrides` value (`@scavsim/scenarios`).
 *
 * `run` and `explain` take each flag once; `compare` takes them repeatedly and zips them into
 * variants: `--go 1.15 --go 1.16` is two variants, a flag given once applies to all of them, and
 * two repeated flags must be repeated the same number of times.
 *
 * @module
 */
import { DEFAULT_THP_MODE, parseSize, ScavsimError, THP_MODES } from '@scavsim/core';
import {
  listFlag, parseChoice, parseGodebug, parseGogc, parseMemLimit, parsePositiveDuration, parsePositiveSize, parseSeed,
  parseVersionText, stringFlag,
} from './args.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { RunOverrides } from '@scavsim/scenarios';

type MutableOverrides = { -readonly [K in keyof RunOverrides]: RunOverrides[K] };

/** One override flag: its name, how its value is written in the help, and what it sets. */
export interface OverrideFlag {
  /** Name without `--` (also the sweep grid's key). */
  readonly name: string;
  /** The value's placeholder in the help (`V`, `SIZE`). */
  readonly arg: string;
  /** One line of help. */
  readonly help: string;
  /** Whether `compare` may repeat it to make variants (`--seed` and `--duration` apply to all). */
  readonly varies: boolean;
  /** Parses the values given (all of them for `--godebug`, the one otherwise) into `o`. */
  set(o: MutableOverrides, values: readonly string[], field: string): void;
}

/** A flag whose one value is parsed into `key`. */
function single<K extends keyof RunOverrides>(name: string, arg: string, help: string, varies: boolean, key: K, parse: (raw: string, field: string) => NonNullable<RunOverrides[K]>): OverrideFlag {
  return { name, arg, help, varies, set: (o, values, field) => void (o[key] = parse(values.at(-1)!, field)) };
}

/** Every override flag, in help order: the one table the parsers, the help and the sweep grid read. */
export const OVERRIDE_TABLE: readonly OverrideFlag[] = [
  single('go', 'V', 'Go version (1.15, go1.15.10, 1.21rc2)', true, 'go', parseVersionText),
  single('kernel', 'V', 'kernel version (4.14, 5.10)', true, 'kernel', parseVersionText),
  { name: 'godebug', arg: 'k=v', help: 'GODEBUG setting, e.g. madvdontneed=1 (repeatable, or k=v,k=v)', varies: true, set: (o, values, field) => void (o.godebug = parseGodebug(values, field)) },
  single('gogc', 'N', 'GOGC: integer from -1 to 100000, or off', true, 'gogc', parseGogc),
  single('gomemlimit', 'SIZE', 'GOMEMLIMIT: 512MiB, 2GiB, bytes, or off', true, 'gomemlimit', parseMemLimit),
  single('seed', 'N', 'root seed (non-negative integer)', false, 'seed', parseSeed),
  single('duration', 'D', 'simulated duration: 30s, 6min, 1h', false, 'durationMs', parsePositiveDuration),
  single('mem-total', 'SIZE', 'machine memory (MemTotal), e.g. 8GiB', true, 'memTotal', parsePositiveSize),
  single('cgroup-limit', 'SIZE', 'memory cgroup limit, e.g. 2GiB: the scenario\'s cgroups get it, or every process runs in one new cgroup with it', true, 'cgroupLimit', parsePositiveSize),
  single('swap', 'SIZE', 'swap size (0 by default; MADV_FREE needs swap on kernels 4.5-4.11)', true, 'swapTotal', parseSize),
  single('thp', 'MODE', `transparent huge pages (/sys/kernel/mm/transparent_hugepage/enabled): ${THP_MODES.join(', ')}; ${DEFAULT_THP_MODE} unless the scenario says`, true, 'thp', (raw, field) => parseChoice(raw, field, THP_MODES)),
  single('sample-interval', 'D', 'time between samples, e.g. 100ms, 1s', true, 'sampleMs', parsePositiveDuration),
];

/** Names of every override flag (without `--`), in help order. */
export const OVERRIDE_FLAGS: readonly string[] = OVERRIDE_TABLE.map((f) => f.name);

/** Flag specs of the override flags; `multiple` for `compare`. */
export function overrideFlags(multiple: boolean): Record<string, FlagSpec> {
  return Object.fromEntries(OVERRIDE_TABLE.map((f) => [f.name, { type: 'string', multiple: f.name === 'godebug' || (multiple && f.varies), arg: f.arg, help: f.help } satisfies FlagSpec]));
}

/** Reads the override flags of `run`/`explain` (each at most once; `--godebug` may repeat). */
export function parseOverrides(args: ParsedArgs): RunOverrides {
  return overridesFrom((name) => stringFlag(args, name), listFlag(args, 'godebug'));
}

/** How a flag is named in errors: `--go` on the command line, `go[3]` in a sweep grid. */
export type FieldName = (flag: string) => string;

/**
 * Parses override values written as on the command line.
 * @param get the value of a flag (by name without `--`), if given
 * @param godebug the `--godebug` values
 * @param field names a flag in errors
 */
export function overridesFrom(get: (name: string) => string | undefined, godebug: readonly string[], field: FieldName = (f) => `--${f}`): RunOverrides {
  const o: MutableOverrides = {};
  for (const flag of OVERRIDE_TABLE) {
    const one = flag.name === 'godebug' ? undefined : get(flag.name);
    const values = flag.name === 'godebug' ? godebug : one === undefined ? [] : [one];
    if (values.length > 0) flag.set(o, values, field(flag.name));
  }
  return o;
}

/** One variant of `compare`: its label and overrides. */
export interface Variant {
  /** Label built from the flags that vary (`"go 1.16"`, `"go 1.15 · madvdontneed=1"`). */
  readonly label: string;
  /** The overrides of this variant. */
  readonly overrides: RunOverrides;
}

const VARYING: readonly string[] = OVERRIDE_TABLE.filter((f) => f.varies).map((f) => f.name);

/**
 * Zips repeated override flags into variants (at least two).
 * @throws {@link ScavsimError} when fewer than two variants result or repeat counts differ
 */
export function parseVariants(args: ParsedArgs): Variant[] {
  const lists = VARYING.map((name) => [name, listFlag(args, name)] as const);
  const repeated = lists.filter(([, v]) => v.length > 1);
  // The first repeated flag sets the count; a later one that disagrees is the one named.
  const n = repeated[0]?.[1].length ?? 0;
  if (n < 2) {
    throw new ScavsimError('E_PARSE', '--go', 'compare needs at least two variants, e.g. --go 1.15 --go 1.16 (or repeat --kernel, --godebug, --gogc, --gomemlimit, --mem-total, --cgroup-limit, --swap, --thp, --sample-interval)');
  }
  for (const [name, v] of repeated) {
    if (v.length !== n) {
      throw new ScavsimError('E_CONFLICT', `--${name}`, `given ${v.length} times, but --${repeated[0]![0]} is given ${n} times; repeated flags pair up by position`);
    }
  }
  const variants: Variant[] = [];
  for (let i = 0; i < n; i++) {
    const pick = (name: string): string | undefined => {
      const v = listFlag(args, name);
      return v.length > 1 ? v[i] : v[0];
    };
    const godebugList = listFlag(args, 'godebug');
    const godebug = godebugList.length > 1 ? [godebugList[i]!] : godebugList;
    const overrides = overridesFrom(pick, godebug);
    const label = repeated.map(([name, v]) => (name === 'godebug' ? v[i]! : `${name} ${v[i]!}`)).join(' · ');
    variants.push({ label, overrides });
  }
  return variants;
}

/** Serialises GODEBUG settings as the variable is written (`madvdontneed=1,scavtrace=1`). */
export function formatGodebugSettings(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(',');
}
