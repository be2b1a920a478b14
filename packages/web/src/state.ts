/**
 * The page's one state object and its URL form.
 *
 * As in the Go GC guide's `gc-guide.js`, the page keeps one state object; controls only change
 * it, and the picture is a function of it. The whole state lives in the URL query, so a link
 * reproduces the picture. Query names are the CLI's flag names (`scenario`, `go`, `kernel`,
 * `godebug`, `gogc`, `gomemlimit`, `duration`, `seed`, `at` as in `scavsim explain --at`) plus
 * the machine and cgroup settings (`mem-total`, `cgroup-limit`, `thp`), the second process (`hog`,
 * `hog-start`), the `debug.FreeOSMemory()` call (`freeosmemory`) and the pinned run (`pin`, the
 * query of the run drawn for comparison). Values are written as the CLI takes them: sizes such
 * as `512MiB`, durations such as `90s`, versions as `1.16`.
 *
 * Every value is checked with the core's own parsers, naming the query key: a bad link shows a
 * {@link ScavsimError} such as `gogc: -5 is out of range (accepted: an integer from -1 to
 * 100000)`, never a blank page.
 *
 * @module
 */
import {
  checkInt, formatGodebug, parseDuration, parseGodebug, parseGoVersion, parseKernelVersion, parseSize, parseThpMode,
  ScavsimError, GiB, MiB, KiB, type ThpMode,
} from '@scavsim/core';

/** Everything the picture depends on. Absent fields keep the preset's value. */
export interface PageState {
  /** Preset: a scenario name (`incident-go1.15`). */
  readonly scenario: string;
  /** Go version as written (`1.16`, `1.15.10`), for every Go process. */
  readonly go?: string;
  /** Kernel release as written (`4.14`). */
  readonly kernel?: string;
  /** GODEBUG as written (`madvdontneed=1`), merged over the preset's. */
  readonly godebug?: string;
  /** GOGC; -1 is `off`. */
  readonly gogc?: number;
  /** GOMEMLIMIT in bytes, or `off`. */
  readonly gomemlimit?: number | 'off';
  /** Simulated duration (ms). */
  readonly duration?: number;
  /** Root seed. */
  readonly seed?: number;
  /** Machine memory, `MemTotal` (bytes). */
  readonly memTotal?: number;
  /** The Go processes' memory cgroup limit (bytes), or `off`. */
  readonly cgroupLimit?: number | 'off';
  /** The machine's transparent-huge-page mode. */
  readonly thp?: ThpMode;
  /** A second process that grows to this many bytes and holds them (the seed's process B). */
  readonly hog?: number;
  /** When the second process starts growing (ms). */
  readonly hogStart?: number;
  /** When the first Go process calls `debug.FreeOSMemory()` (ms). */
  readonly freeosmemory?: number;
  /** The moment whose RSS − HeapInuse gap is explained (ms), as `scavsim explain --at`. */
  readonly at?: number;
  /** The query of the run pinned for comparison. */
  readonly pin?: string;
}

/** The preset a page opens with. */
export const DEFAULT_SCENARIO = 'incident-go1.15';

type Key = Exclude<keyof PageState, 'scenario'>;

interface Param<K extends Key> {
  /** The query name (the CLI's flag name). */
  readonly name: string;
  readonly parse: (raw: string, name: string) => NonNullable<PageState[K]>;
  readonly format: (v: NonNullable<PageState[K]>) => string;
}

const text = (v: string): string => v;
const nonEmpty = (raw: string, name: string): string => {
  if (raw.trim() === '') throw new ScavsimError('E_PARSE', name, 'is empty', 'a value, or leave the key out');
  return raw.trim();
};
const sizeOrOff = (raw: string, name: string): number | 'off' => (raw.trim().toLowerCase() === 'off' ? 'off' : parseSize(raw, name));
const int = (min: number, max: number) => (raw: string, name: string): number =>
  checkInt(/^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw, name, min, max);

/** Writes bytes the way a user would type them: the largest unit that divides evenly. */
export function formatSizeParam(b: number): string {
  for (const [unit, n] of [['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) {
    if (b >= n && b % n === 0) return `${b / n}${unit}`;
  }
  return String(b);
}
/** Writes milliseconds as a duration the CLI reads (`90s`, `12.5min` stays `750s`). */
export function formatDurationParam(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

const size = { parse: (raw: string, name: string) => parseSize(raw, name), format: formatSizeParam };
const limit = { parse: sizeOrOff, format: (v: number | 'off') => (v === 'off' ? 'off' : formatSizeParam(v)) };
const duration = { parse: (raw: string, name: string) => parseDuration(raw, name), format: formatDurationParam };

/** Every query key, in the order links are written. */
const PARAMS: { readonly [K in Key]: Param<K> } = {
  go: { name: 'go', parse: (raw, name) => { parseGoVersion(raw, name); return raw.trim(); }, format: text },
  kernel: { name: 'kernel', parse: (raw, name) => { parseKernelVersion(raw, name); return raw.trim(); }, format: text },
  godebug: { name: 'godebug', parse: (raw, name) => formatGodebug(parseGodebug(raw, name)), format: text },
  gogc: {
    name: 'gogc',
    parse: (raw, name) => (raw.trim().toLowerCase() === 'off' ? -1 : int(-1, 100_000)(raw, name)),
    format: (v) => (v < 0 ? 'off' : String(v)),
  },
  gomemlimit: { name: 'gomemlimit', ...limit },
  duration: { name: 'duration', ...duration },
  seed: { name: 'seed', parse: int(0, 2 ** 31 - 1), format: String },
  memTotal: { name: 'mem-total', ...size },
  cgroupLimit: { name: 'cgroup-limit', ...limit },
  thp: { name: 'thp', parse: (raw, name) => parseThpMode(raw.trim(), name), format: text },
  hog: { name: 'hog', ...size },
  hogStart: { name: 'hog-start', ...duration },
  freeosmemory: { name: 'freeosmemory', ...duration },
  at: { name: 'at', ...duration },
  pin: { name: 'pin', parse: nonEmpty, format: text },
};
const KEYS = Object.keys(PARAMS) as Key[];

/** The query names the page reads, for messages. */
export const QUERY_NAMES: readonly string[] = ['scenario', ...KEYS.map((k) => PARAMS[k].name)];

/**
 * Reads the state from a URL query (`?scenario=incident-go1.15&go=1.16`).
 * @throws {@link ScavsimError} naming the first bad key as written in the query
 */
export function parseQuery(query: string | URLSearchParams): PageState {
  const q = typeof query === 'string' ? new URLSearchParams(query) : query;
  for (const key of q.keys()) {
    if (!QUERY_NAMES.includes(key)) throw new ScavsimError('E_UNKNOWN_NAME', key, 'is not a setting of this page', QUERY_NAMES.join(', '));
  }
  const state: Record<string, unknown> = { scenario: nonEmpty(q.get('scenario') ?? DEFAULT_SCENARIO, 'scenario') };
  for (const k of KEYS) {
    const p = PARAMS[k] as Param<Key>;
    const raw = q.get(p.name);
    if (raw !== null) state[k] = p.parse(raw, p.name);
  }
  return state as unknown as PageState;
}

/**
 * Reads one setting as a user typed it, with the query's rules and name (`parseField('seed', 'x')`
 * throws `seed: expected an integer …`).
 * @throws {@link ScavsimError}
 */
export function parseField<K extends Key>(key: K, raw: string): NonNullable<PageState[K]> {
  const p = PARAMS[key] as Param<K>;
  return p.parse(raw, p.name);
}

/** Writes the state as a URL query (without `?`); {@link parseQuery} reads it back unchanged. */
export function toQuery(state: PageState): string {
  const q = new URLSearchParams({ scenario: state.scenario });
  for (const k of KEYS) {
    const v = state[k];
    if (v !== undefined) q.set(PARAMS[k].name, (PARAMS[k] as Param<Key>).format(v as never));
  }
  return q.toString();
}

/** The state with one field changed (`undefined` removes it, so the preset's value applies). */
export function withField<K extends keyof PageState>(state: PageState, key: K, value: PageState[K] | undefined): PageState {
  const next: Record<string, unknown> = { ...state };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as unknown as PageState;
}
