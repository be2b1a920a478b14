/**
 * The settings of a replayed run, and where each one came from.
 *
 * Three sources, in order: what the user says of the observed run (the flags of `scavsim
 * run`: `go`, `kernel`, `godebug`, `gogc`, `gomemlimit`, `mem-total`, `cgroup-limit`, `swap`,
 * `thp` and `gomaxprocs`); what the telemetry reveals (a probe header, `go_info`, gctrace's layouts, GOGC
 * from goal ÷ live heap, MADV_FREE from HeapReleased rising while RSS does not, ...); and a
 * stated default. The user wins: the flags describe what was observed. Every resolved setting
 * carries its source and a sentence saying why, which the output prints.
 *
 * A what-if is the same vocabulary: `go=1.16` or `godebug=madvdontneed=1,gogc=50`, the keys
 * being the flag names; GODEBUG settings after `godebug=` continue until the next flag name.
 *
 * @module
 */
import { parseGoVersion, parseKernelVersion, parseSize, parseThpMode, ScavsimError, type ThpMode } from '@scavsim/core';

/** The observed-run settings a user can state (the `run` flags), as written. */
export interface ObservedSettings {
  /** Go version (`1.19.8`, `go1.21`). */
  readonly go?: string;
  /** Kernel release (`6.1.0`). */
  readonly kernel?: string;
  /** GODEBUG (`madvdontneed=0`). */
  readonly godebug?: string;
  /** GOGC percent or `off`. */
  readonly gogc?: number | 'off';
  /** GOMEMLIMIT (`1GiB`, bytes) or `off`. */
  readonly gomemlimit?: number | string;
  /** Machine memory (`24GiB`). */
  readonly memTotal?: number | string;
  /** Swap size (`0`, `4GiB`). */
  readonly swap?: number | string;
  /** Transparent huge pages: `always`, `madvise` or `never`. */
  readonly thp?: string;
  /** Memory cgroup limit of the container (`2GiB`) or `off`. */
  readonly cgroupLimit?: number | string;
  /** GOMAXPROCS. */
  readonly gomaxprocs?: number;
}

/** Names of the settings, as flags (`--cgroup-limit`) and what-if keys (`cgroup-limit=2GiB`). */
export const SETTING_FLAGS = ['go', 'kernel', 'godebug', 'gogc', 'gomemlimit', 'mem-total', 'cgroup-limit', 'swap', 'thp', 'gomaxprocs'] as const;

/** Where a resolved setting came from. */
export type SettingSource = 'observed' | 'telemetry' | 'default';

/** A resolved setting: its value, its source and why. */
export interface Setting<T> {
  readonly value: T;
  readonly source: SettingSource;
  readonly why: string;
}

/** The settings a replay runs with. */
export interface ResolvedSettings {
  readonly go: Setting<string>;
  readonly kernel: Setting<string>;
  readonly godebug: Setting<string>;
  readonly gogc: Setting<number | 'off'>;
  readonly gomemlimit: Setting<number | 'off'>;
  readonly memTotal: Setting<number>;
  readonly swap: Setting<number>;
  readonly thp: Setting<ThpMode>;
  readonly cgroupLimit: Setting<number | 'off'>;
  readonly gomaxprocs: Setting<number>;
}

/**
 * Validates observed settings, naming the flag (`--gogc`) in errors.
 * @throws {@link ScavsimError}
 */
export function checkObserved(o: ObservedSettings, prefix = '--'): ObservedSettings {
  if (o === null || typeof o !== 'object') throw new ScavsimError('E_TYPE', 'observed', 'expected an object', 'observed settings { go?, gogc?, ... }');
  if (o.go !== undefined) parseGoVersion(String(o.go), `${prefix}go`);
  if (o.kernel !== undefined) parseKernelVersion(String(o.kernel), `${prefix}kernel`);
  if (o.godebug !== undefined && (typeof o.godebug !== 'string' || !/^(\s*[\w.-]+=[^,]*)(,\s*[\w.-]+=[^,]*)*\s*$|^$/.test(o.godebug))) {
    throw new ScavsimError('E_PARSE', `${prefix}godebug`, `cannot read ${JSON.stringify(o.godebug)}`, 'key=value pairs separated by commas, e.g. madvdontneed=1');
  }
  if (o.gogc !== undefined && o.gogc !== 'off' && (!Number.isInteger(o.gogc) || o.gogc < 1 || o.gogc > 100_000)) {
    throw new ScavsimError('E_RANGE', `${prefix}gogc`, `${String(o.gogc)} is not a GOGC`, 'an integer from 1 to 100000, or off');
  }
  if (o.gomemlimit !== undefined && o.gomemlimit !== 'off') parseSize(o.gomemlimit, `${prefix}gomemlimit`);
  if (o.memTotal !== undefined) parseSize(o.memTotal, `${prefix}mem-total`);
  if (o.swap !== undefined) parseSize(o.swap, `${prefix}swap`);
  if (o.thp !== undefined) parseThpMode(o.thp, `${prefix}thp`);
  if (o.cgroupLimit !== undefined && o.cgroupLimit !== 'off') parseSize(o.cgroupLimit, `${prefix}cgroup-limit`);
  if (o.gomaxprocs !== undefined && (!Number.isInteger(o.gomaxprocs) || o.gomaxprocs < 1 || o.gomaxprocs > 1024)) {
    throw new ScavsimError('E_RANGE', `${prefix}gomaxprocs`, `${String(o.gomaxprocs)} is not a GOMAXPROCS`, 'an integer from 1 to 1024');
  }
  return o;
}

/** Reads one flag's text into {@link ObservedSettings} (what the CLI and what-ifs share). */
export function setFlag(into: Record<string, unknown>, flag: string, text: string, field: string): void {
  switch (flag) {
    case 'go': case 'kernel': into[flag] = text; break;
    case 'godebug': into['godebug'] = into['godebug'] === undefined || into['godebug'] === '' ? text : `${String(into['godebug'])},${text}`; break;
    case 'gogc': into['gogc'] = text === 'off' ? 'off' : intOf(text, field); break;
    case 'gomaxprocs': into['gomaxprocs'] = intOf(text, field); break;
    case 'gomemlimit': into['gomemlimit'] = text === 'off' ? 'off' : text; break;
    case 'mem-total': into['memTotal'] = text; break;
    case 'swap': into['swap'] = text; break;
    case 'thp': into['thp'] = text; break;
    case 'cgroup-limit': into['cgroupLimit'] = text === 'off' ? 'off' : text; break;
    default:
      throw new ScavsimError('E_UNKNOWN_NAME', field, `unknown setting ${JSON.stringify(flag)}`, SETTING_FLAGS.join(', '));
  }
}

function intOf(text: string, field: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new ScavsimError('E_PARSE', field, `${JSON.stringify(text)} is not an integer`, 'an integer');
  return Number(text);
}

/** A what-if: a label and the settings it changes. */
export interface WhatIf {
  /** The spec as written (`godebug=madvdontneed=1,gogc=50`). */
  readonly label: string;
  /** The settings it changes. */
  readonly changes: ObservedSettings;
}

/**
 * Parses a what-if spec: `key=value[,key=value…]` with the setting names as keys; after
 * `godebug=`, pairs whose key is not a setting name are more GODEBUG settings.
 * @throws {@link ScavsimError} naming `--what-if` and the part that is wrong
 */
export function parseWhatIf(spec: string, field = '--what-if'): WhatIf {
  if (typeof spec !== 'string' || spec.trim() === '') throw new ScavsimError('E_PARSE', field, 'empty what-if', 'key=value pairs, e.g. go=1.16 or godebug=madvdontneed=1,gogc=50');
  const out: Record<string, unknown> = {};
  let last = '';
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ScavsimError('E_PARSE', field, `${JSON.stringify(part)} is not key=value`, 'key=value pairs, e.g. go=1.16 or godebug=madvdontneed=1,gogc=50');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if ((SETTING_FLAGS as readonly string[]).includes(key)) {
      setFlag(out, key, value, `${field} ${key}`);
      last = key;
    } else if (last === 'godebug') {
      setFlag(out, 'godebug', part.trim(), `${field} godebug`);
    } else {
      // `memtotal`, `cgroupLimit`, `mem_total`: the key is the flag's name, as written after `--`.
      const meant = SETTING_FLAGS.find((f) => squash(f) === squash(key));
      const hint = meant === undefined ? '' : ` (the keys are the flags' names: ${meant})`;
      throw new ScavsimError('E_UNKNOWN_NAME', field, `unknown setting ${JSON.stringify(key)} in ${JSON.stringify(spec)}${hint}`, SETTING_FLAGS.join(', '));
    }
  }
  return { label: spec.trim(), changes: checkObserved(out as ObservedSettings, `${field} `) };
}

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

/** GODEBUG `a=1,b=2` merged with `b=3,c=4` → `a=1,b=3,c=4` (later wins, order kept). */
export function mergeGodebug(base: string, over: string): string {
  const m = new Map<string, string>();
  for (const s of [base, over]) {
    for (const kv of s.split(',')) {
      const i = kv.indexOf('=');
      if (i > 0) m.set(kv.slice(0, i).trim(), kv.slice(i + 1).trim());
    }
  }
  return [...m].map(([k, v]) => `${k}=${v}`).join(',');
}
