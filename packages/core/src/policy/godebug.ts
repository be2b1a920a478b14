/**
 * `GODEBUG` settings that change how the runtime returns heap memory, parsed and validated.
 *
 * The runtime reads `GODEBUG` as comma-separated `key=value` pairs; for the integer settings
 * below the value goes through `atoi` and the last occurrence of a key wins
 * [go1.19.8:runtime1.go parsedebugvars]. The real runtime silently ignores keys it does not know;
 * scavsim instead rejects keys outside {@link GODEBUG_KEYS} with `E_UNKNOWN_NAME`, because a
 * misspelt `madvdontneed` silently changing nothing is exactly the kind of mistake a simulator
 * should catch. Whether a key exists in a given Go version is decided later, by
 * `resolvePolicy`, which reports an ignored setting with a reason instead of failing.
 *
 * @module
 */
import { childField, ScavsimError, showValue } from '../errors.js';
import type { VersionBound } from './go-policy-table.js';
import { ANY_PATCH } from './go-policy-table.js';

/** The GODEBUG keys scavsim models. */
export type GodebugKey = 'madvdontneed' | 'scavtrace' | 'gctrace' | 'harddecommit' | 'disablethp' | 'scavenge';

/** Parsed settings: each given key with its integer value. */
export type GodebugSettings = Readonly<Partial<Record<GodebugKey, number>>>;

/** What one key does and in which versions the runtime reads it. */
export interface GodebugKeyInfo {
  /** First version that reads the key. */
  readonly since: VersionBound;
  /** Last version that reads the key (`ANY_PATCH` of the newest minor when still present). */
  readonly until: VersionBound;
  /** What a non-zero value does. */
  readonly meaning: string;
  /** What 0 does. */
  readonly zeroMeaning: string;
  /** Where the key is defined. */
  readonly citation: string;
}

/** Every key scavsim accepts, with the versions that read it (go §2, go §3, go §6). */
export const GODEBUG_KEYS: Readonly<Record<GodebugKey, GodebugKeyInfo>> = Object.freeze({
  madvdontneed: {
    since: { minor: 12, patch: 0 }, until: { minor: 26, patch: ANY_PATCH },
    meaning: 'release with MADV_DONTNEED',
    zeroMeaning: 'release with MADV_FREE (the 1.12–1.15 default; an opt-in from 1.16)',
    citation: 'C:22738f07c88a, [go1.12:mem_linux.go], [go1.16.14:runtime1.go:368]',
  },
  gctrace: {
    since: { minor: 5, patch: 0 }, until: { minor: 26, patch: ANY_PATCH },
    meaning: 'one line per GC; in Go ≤ 1.13 also the scavenger\'s scvg lines',
    zeroMeaning: 'no GC lines (the default)',
    citation: '[go1.11:mgc.go:1666-1694], [go1.13.4:mgcscavenge.go bgscavenge]',
  },
  scavtrace: {
    since: { minor: 14, patch: 0 }, until: { minor: 26, patch: ANY_PATCH },
    meaning: 'a scavenger summary line per GC cycle and on FreeOSMemory',
    zeroMeaning: 'no scavenger lines (the default)',
    citation: 'C:8ac98e7b3fca, [go1.14.13:mgcscavenge.go printScavTrace]',
  },
  harddecommit: {
    since: { minor: 18, patch: 0 }, until: { minor: 26, patch: ANY_PATCH },
    meaning: 'released memory is also mapped PROT_NONE and remapped on reuse (debugging only)',
    zeroMeaning: 'off (the default)',
    citation: '[go1.18:mem_linux.go], [go1.19.8:extern.go]',
  },
  disablethp: {
    since: { minor: 21, patch: 6 }, until: { minor: 26, patch: ANY_PATCH },
    meaning: 'every heap sysMap is followed by MADV_NOHUGEPAGE',
    zeroMeaning: 'off (the default): the kernel\'s THP settings apply',
    citation: '[go1.21.12:mem_linux.go sysMapOS], [go1.21.12:extern.go:58], CL 547475, #64332',
  },
  scavenge: {
    since: { minor: 5, patch: 0 }, until: { minor: 16, patch: ANY_PATCH },
    meaning: 'test mode (≤ 1.12): forcegcperiod 10 ms and scavengelimit 20 ms; parsed but unused in 1.13–1.16, removed in 1.17',
    zeroMeaning: 'off (the default)',
    citation: '[go1.11:proc.go], go §3.1, go §3.3',
  },
} satisfies Record<GodebugKey, GodebugKeyInfo>);

const KEYS = Object.keys(GODEBUG_KEYS) as GodebugKey[];
const KEYS_ACCEPTED = `one of ${KEYS.join(', ')}`;
const VALUE_ACCEPTED = 'a non-negative integer up to 2147483647 (the runtime reads these settings with atoi)';
const MAX_VALUE = 2_147_483_647;

/** True when `k` is a key scavsim models. */
export function isGodebugKey(k: string): k is GodebugKey {
  return Object.prototype.hasOwnProperty.call(GODEBUG_KEYS, k);
}

/**
 * Parses a `GODEBUG` string such as `"madvdontneed=1,scavtrace=1"`. Empty entries are skipped
 * and the last occurrence of a key wins, as in the runtime.
 * @param field the name reported in errors; value errors name `<field>.<key>`
 * @throws {@link ScavsimError} `E_TYPE` (not a string), `E_PARSE` (an entry without `=`, a
 *   non-integer value), `E_UNKNOWN_NAME` (a key outside {@link GODEBUG_KEYS}), `E_RANGE`
 */
export function parseGodebug(input: unknown, field = 'GODEBUG'): GodebugSettings {
  if (typeof input !== 'string') {
    throw new ScavsimError('E_TYPE', field, `expected a string like "madvdontneed=1,scavtrace=1", got ${input === null ? 'null' : typeof input}`,
      `comma-separated key=value pairs, keys ${KEYS_ACCEPTED}`);
  }
  const out: Partial<Record<GodebugKey, number>> = {};
  for (const rawEntry of input.split(',')) {
    const entry = rawEntry.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      throw new ScavsimError('E_PARSE', field, `entry ${showValue(entry)} is not key=value`, `comma-separated key=value pairs, keys ${KEYS_ACCEPTED}`);
    }
    const k = entry.slice(0, eq).trim();
    out[checkKey(k, field)] = parseValue(entry.slice(eq + 1).trim(), childField(field, k));
  }
  return Object.freeze(out);
}

/**
 * Accepts either a GODEBUG string or an object of settings (`{ madvdontneed: 1 }`) and returns
 * validated settings.
 * @throws {@link ScavsimError} as {@link parseGodebug}, plus `E_TYPE` for other inputs
 */
export function normalizeGodebug(input: unknown, field = 'GODEBUG'): GodebugSettings {
  if (input === undefined) return Object.freeze({});
  if (typeof input === 'string') return parseGodebug(input, field);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ScavsimError('E_TYPE', field, `expected a GODEBUG string or an object of settings, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`,
      `"madvdontneed=1,scavtrace=1" or { madvdontneed: 1, scavtrace: 1 }`);
  }
  const out: Partial<Record<GodebugKey, number>> = {};
  for (const [k, v] of Object.entries(input)) {
    const key = checkKey(k, field);
    const f = childField(field, k);
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0 || v > MAX_VALUE) throw new ScavsimError('E_RANGE', f, `${v} is not a valid value`, VALUE_ACCEPTED);
      out[key] = v;
    } else if (typeof v === 'string') {
      out[key] = parseValue(v.trim(), f);
    } else {
      throw new ScavsimError('E_TYPE', f, `expected an integer, got ${v === null ? 'null' : typeof v}`, VALUE_ACCEPTED);
    }
  }
  return Object.freeze(out);
}

/** Formats settings back to a GODEBUG string in {@link GODEBUG_KEYS} order. */
export function formatGodebug(s: GodebugSettings): string {
  return KEYS.filter((k) => s[k] !== undefined).map((k) => `${k}=${s[k]}`).join(',');
}

function checkKey(k: string, field: string): GodebugKey {
  if (!isGodebugKey(k)) {
    throw new ScavsimError('E_UNKNOWN_NAME', childField(field, k),
      `GODEBUG key ${JSON.stringify(k)} is not one scavsim models (other keys do not affect heap release)`, KEYS_ACCEPTED);
  }
  return k;
}

function parseValue(text: string, field: string): number {
  if (!/^\d{1,10}$/.test(text)) {
    throw new ScavsimError('E_PARSE', field, `value ${showValue(text)} is not a non-negative integer`, VALUE_ACCEPTED);
  }
  const n = Number(text);
  if (n > MAX_VALUE) throw new ScavsimError('E_RANGE', field, `value ${text} is too large`, VALUE_ACCEPTED);
  return n;
}
