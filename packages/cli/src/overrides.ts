/**
 * The flags that change a scenario before it runs (`--go`, `--kernel`, `--godebug`, `--gogc`,
 * `--gomemlimit`, `--seed`, `--duration`, and the environment: `--mem-total`, `--cgroup-limit`,
 * `--swap`, `--sample-interval`), parsed into one `RunOverrides` value (`@scavsim/scenarios`).
 *
 * `run` and `explain` take each flag once; `compare` takes them repeatedly and zips them into
 * variants: `--go 1.15 --go 1.16` is two variants, a flag given once applies to all of them, and
 * two repeated flags must be repeated the same number of times.
 *
 * @module
 */
import { parseSize, ScavsimError } from '@scavsim/core';
import {
  listFlag, parseGodebug, parseGogc, parseMemLimit, parsePositiveDuration, parsePositiveSize, parseSeed,
  parseVersionText, stringFlag,
} from './args.js';
import type { FlagSpec, ParsedArgs } from './args.js';
import type { RunOverrides } from '@scavsim/scenarios';

/** Flag specs of the override flags; `multiple` for `compare`. */
export function overrideFlags(multiple: boolean): Record<string, FlagSpec> {
  const s: FlagSpec = { type: 'string', multiple };
  return {
    go: s, kernel: s, godebug: { type: 'string', multiple: true }, gogc: s, gomemlimit: s,
    seed: { type: 'string' }, duration: { type: 'string' },
    'mem-total': s, 'cgroup-limit': s, swap: s, 'sample-interval': s,
  };
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
  const o: { -readonly [K in keyof RunOverrides]: RunOverrides[K] } = {};
  const go = get('go');
  if (go !== undefined) o.go = parseVersionText(go, field('go'));
  const kernel = get('kernel');
  if (kernel !== undefined) o.kernel = parseVersionText(kernel, field('kernel'));
  if (godebug.length > 0) o.godebug = parseGodebug(godebug, field('godebug'));
  const gogc = get('gogc');
  if (gogc !== undefined) o.gogc = parseGogc(gogc, field('gogc'));
  const limit = get('gomemlimit');
  if (limit !== undefined) o.gomemlimit = parseMemLimit(limit, field('gomemlimit'));
  const seed = get('seed');
  if (seed !== undefined) o.seed = parseSeed(seed, field('seed'));
  const duration = get('duration');
  if (duration !== undefined) o.durationMs = parsePositiveDuration(duration, field('duration'));
  const memTotal = get('mem-total');
  if (memTotal !== undefined) o.memTotal = parsePositiveSize(memTotal, field('mem-total'));
  const cgroupLimit = get('cgroup-limit');
  if (cgroupLimit !== undefined) o.cgroupLimit = parsePositiveSize(cgroupLimit, field('cgroup-limit'));
  const swap = get('swap');
  if (swap !== undefined) o.swapTotal = parseSize(swap, field('swap'));
  const sample = get('sample-interval');
  if (sample !== undefined) o.sampleMs = parsePositiveDuration(sample, field('sample-interval'));
  return o;
}

/** Names of every override flag (without `--`), in help order. */
export const OVERRIDE_FLAGS = ['go', 'kernel', 'godebug', 'gogc', 'gomemlimit', 'seed', 'duration', 'mem-total', 'cgroup-limit', 'swap', 'sample-interval'] as const;

/** One variant of `compare`: its label and overrides. */
export interface Variant {
  /** Label built from the flags that vary (`"go 1.16"`, `"go 1.15 · madvdontneed=1"`). */
  readonly label: string;
  /** The overrides of this variant. */
  readonly overrides: RunOverrides;
}

const VARYING = ['go', 'kernel', 'godebug', 'gogc', 'gomemlimit', 'mem-total', 'cgroup-limit', 'swap', 'sample-interval'] as const;

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
    throw new ScavsimError('E_PARSE', '--go', 'compare needs at least two variants, e.g. --go 1.15 --go 1.16 (or repeat --kernel, --godebug, --gogc, --gomemlimit, --mem-total, --cgroup-limit, --swap, --sample-interval)');
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
