/**
 * What a probe run was, as plain data: the bridge from a real trace to a simulated one.
 *
 * A probe trace's header records the machine (kernel, page size, THP mode, memory, cgroup
 * limit), the Go runtime's environment (`GODEBUG`, `GOGC`, `GOMEMLIMIT`, `GOMAXPROCS`) and
 * every flag of the probe and its hog. {@link scenarioFromHeader} turns those strings into
 * numbers with units — bytes, MiB, integer milliseconds — so that a simulated run of the same
 * program can be configured from them. It does not build an engine config: that mapping
 * belongs to whoever owns the config.
 *
 * String formats follow their sources: durations are Go's `time.Duration.String()` syntax
 * (`"6m0s"`, `"500ms"`), `mem_total` is a `/proc/meminfo` line value whose `kB` means KiB,
 * `thp_enabled` is the sysfs file with the active mode in brackets, and the cgroup v1
 * "unlimited" limit is `PAGE_COUNTER_MAX * PAGE_SIZE` (0x7FFFFFFFFFFFF000 with 4 KiB pages).
 *
 * @module
 */
import { ScavsimError, checkInt, checkPowerOfTwo, parseSize } from '@scavsim/core';

/** The probe's scenarios (`-scenario`). */
export type ProbeScenarioKind = 'freeosmemory' | 'pressure' | 'loadtest';

/** The hog (process B of the pressure scenario), from `-hogargs` (defaults as in the hog's flags). */
export interface ProbeHog {
  /** Mapped and touched per step (`-stepmib`). */
  readonly stepMiB: number;
  /** Between steps (`-interval`). */
  readonly intervalMs: number;
  /** Total mapped (`-targetmib`). */
  readonly targetMiB: number;
  /** Held after reaching the target (`-hold`). */
  readonly holdMs: number;
  /** Grow/hold/unmap cycles (`-cycles`, default 1). */
  readonly cycles: number;
  /** Pause between cycles (`-gap`, default 2 s). */
  readonly gapMs: number;
}

/** The probe's flags, parsed. Sizes in MiB or bytes as named, durations in integer ms. */
export interface ProbeParams {
  /** Sampling interval (`-interval`). */
  readonly intervalMs: number;
  /** Time sampled before the allocation/load phase (`-preidle`). */
  readonly preIdleMs: number;
  /** Idle after the release or the load (`-idle`). */
  readonly idleMs: number;
  /** freeosmemory/pressure: number and size of chunks, and how long they stay live. */
  readonly chunks: number;
  readonly chunkMiB: number;
  readonly holdMs: number;
  /** loadtest: load duration, live set at the end of the ramp, permanent live set, rate, object sizes, seed. */
  readonly loadMs: number;
  readonly liveMiB: number;
  readonly baseMiB: number;
  readonly rateMiBps: number;
  readonly minObjBytes: number;
  readonly maxObjBytes: number;
  readonly seed: number;
  /** pressure: delay from FreeOSMemory to hog start, sampling after the hog, hog kill timeout. */
  readonly hogDelayMs: number;
  readonly postHogMs: number;
  readonly hogMaxMs: number;
  /** pressure only (`null` in other scenarios): the hog's own flags. */
  readonly hog: ProbeHog | null;
}

/** A probe run as plain data. */
export interface ProbeScenario {
  /** Go version without the `go` prefix, e.g. `"1.19.8"`. */
  readonly go: string;
  /** Kernel version (numeric part of `uname -r`), e.g. `"6.18.44"`. */
  readonly kernel: string;
  /** The full `uname -r`. */
  readonly kernelRelease: string;
  /** `GODEBUG` settings (`{ madvdontneed: "0" }`); empty when unset, so version defaults apply. */
  readonly godebug: Readonly<Record<string, string>>;
  /** `GOGC` (100 when unset, Go's default) or `'off'`. */
  readonly gogc: number | 'off';
  /** `GOMEMLIMIT` in bytes; `null` when unset, `off`, or not recorded (pre-1.21 probes). */
  readonly gomemlimit: number | null;
  readonly gomaxprocs: number;
  readonly pageSize: number;
  /** The active `transparent_hugepage/enabled` mode. */
  readonly thpEnabled: 'always' | 'madvise' | 'never';
  /** The memory cgroup limit; `null` when unlimited. */
  readonly cgroupLimitBytes: number | null;
  readonly memTotalBytes: number;
  readonly scenario: ProbeScenarioKind;
  readonly params: ProbeParams;
}

const GO_DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const GO_DURATION_ACCEPTED = 'a Go duration such as "100ms", "20s", "1m30s", "6m0s"';

/**
 * Parses a Go `time.Duration` string (`time.ParseDuration` syntax, non-negative) into integer ms.
 * @throws {@link ScavsimError} `E_PARSE` naming `field`
 */
export function parseGoDuration(input: string, field: string): number {
  if (typeof input !== 'string') throw new ScavsimError('E_TYPE', field, `expected a duration string, got ${typeof input}`, GO_DURATION_ACCEPTED);
  if (input === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < input.length) {
    re.lastIndex = pos;
    const m = re.exec(input);
    if (!m) throw new ScavsimError('E_PARSE', field, `cannot parse duration "${input}"`, GO_DURATION_ACCEPTED);
    total += Number(m[1]) * GO_DURATION_UNITS[m[2]!]!;
    pos = re.lastIndex;
  }
  if (pos === 0) throw new ScavsimError('E_PARSE', field, 'empty duration', GO_DURATION_ACCEPTED);
  return Math.round(total);
}

function str(h: Readonly<Record<string, unknown>>, key: string): string {
  const v = h[key];
  if (typeof v !== 'string') throw new ScavsimError('E_TYPE', `header.${key}`, `expected a string, got ${JSON.stringify(v)}`, 'a string');
  return v;
}

function int(p: Readonly<Record<string, string>>, key: string, min: number, max: number): number {
  const field = `header.params.${key}`;
  const v = p[key];
  if (v === undefined || !/^-?\d+$/.test(v)) throw new ScavsimError('E_PARSE', field, `expected an integer, got ${JSON.stringify(v)}`, `an integer from ${min} to ${max}`);
  return checkInt(Number(v), field, min, max);
}

function dur(p: Readonly<Record<string, string>>, key: string): number {
  const v = p[key];
  if (v === undefined) throw new ScavsimError('E_PARSE', `header.params.${key}`, 'missing', GO_DURATION_ACCEPTED);
  return parseGoDuration(v, `header.params.${key}`);
}

/**
 * Parses the hog's command line (`-stepmib 32 -interval 500ms -targetmib 640 -hold 15s`);
 * `-name value` and `-name=value`, one or two dashes, as Go's flag package accepts.
 * @throws {@link ScavsimError} naming `field` for an unknown flag or a bad value
 */
export function parseHogArgs(args: string, field = 'header.params.hogargs'): ProbeHog {
  const raw: Record<string, string> = { stepmib: '32', targetmib: '640', interval: '500ms', hold: '15s', cycles: '1', gap: '2s' };
  const tokens = args.trim() === '' ? [] : args.trim().split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    const m = /^--?([a-z]+)(?:=(.*))?$/.exec(tokens[i]!);
    if (!m || !(m[1]! in raw)) {
      throw new ScavsimError('E_PARSE', field, `unknown hog argument "${tokens[i]}"`, '-stepmib, -targetmib, -interval, -hold, -cycles, -gap');
    }
    const value = m[2] ?? tokens[++i];
    if (value === undefined) throw new ScavsimError('E_PARSE', field, `hog flag -${m[1]} has no value`, 'a value after each flag');
    raw[m[1]!] = value;
  }
  const sub = (k: string): string => `${field}.${k}`;
  const intOf = (k: string, min: number, max: number): number => {
    if (!/^\d+$/.test(raw[k]!)) throw new ScavsimError('E_PARSE', sub(k), `expected an integer, got "${raw[k]}"`, `an integer from ${min} to ${max}`);
    return checkInt(Number(raw[k]), sub(k), min, max);
  };
  return {
    stepMiB: intOf('stepmib', 1, 1 << 20),
    targetMiB: intOf('targetmib', 0, 1 << 30),
    intervalMs: parseGoDuration(raw['interval']!, sub('interval')),
    holdMs: parseGoDuration(raw['hold']!, sub('hold')),
    cycles: intOf('cycles', 1, 1_000_000),
    gapMs: parseGoDuration(raw['gap']!, sub('gap')),
  };
}

/** The cgroup v1 "no limit" value starts here (PAGE_COUNTER_MAX pages is about 2^63 bytes). */
const CGROUP_UNLIMITED_FROM = 2 ** 62;

/**
 * Maps a probe trace header to a {@link ProbeScenario}.
 * @param header the header object (line 1 of a trace), validated here field by field
 * @throws {@link ScavsimError} naming `header.<field>` (or `header.params.<flag>`); an unknown
 *   scenario names `header.scenario`
 */
export function scenarioFromHeader(header: Readonly<Record<string, unknown>>): ProbeScenario {
  if (typeof header !== 'object' || header === null) throw new ScavsimError('E_TYPE', 'header', 'expected the header object', 'an object');
  const scenario = str(header, 'scenario');
  if (scenario !== 'freeosmemory' && scenario !== 'pressure' && scenario !== 'loadtest') {
    throw new ScavsimError('E_UNKNOWN_NAME', 'header.scenario', `unknown probe scenario "${scenario}"`, 'freeosmemory, pressure or loadtest');
  }
  const goVersion = str(header, 'go_version');
  const goM = /^go(\d+\.\d+(?:\.\d+)?)/.exec(goVersion);
  if (!goM) throw new ScavsimError('E_PARSE', 'header.go_version', `cannot read a Go version from "${goVersion}"`, 'a version such as "go1.19.8"');
  const kernelRelease = str(header, 'kernel');
  const kM = /^(\d+\.\d+(?:\.\d+)?)/.exec(kernelRelease);
  if (!kM) throw new ScavsimError('E_PARSE', 'header.kernel', `cannot read a kernel version from "${kernelRelease}"`, 'a release such as "6.18.44-generic"');

  const godebug: Record<string, string> = {};
  for (const part of str(header, 'GODEBUG').split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ScavsimError('E_PARSE', 'header.GODEBUG', `"${part}" is not name=value`, 'comma-separated name=value settings');
    godebug[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }

  const gogcRaw = str(header, 'GOGC').trim();
  let gogc: number | 'off' = 100;
  if (gogcRaw.toLowerCase() === 'off') gogc = 'off';
  else if (gogcRaw !== '') {
    if (!/^\d+$/.test(gogcRaw)) throw new ScavsimError('E_PARSE', 'header.GOGC', `"${gogcRaw}" is not a percentage`, 'empty, "off" or a non-negative integer');
    gogc = Number(gogcRaw);
  }

  let gomemlimit: number | null = null;
  if (header['GOMEMLIMIT'] !== undefined) {
    const raw = str(header, 'GOMEMLIMIT').trim();
    if (raw !== '' && raw.toLowerCase() !== 'off') gomemlimit = parseSize(raw, 'header.GOMEMLIMIT');
  }

  const limit = header['cgroup_limit'];
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0) {
    throw new ScavsimError('E_TYPE', 'header.cgroup_limit', `expected a positive number of bytes, got ${JSON.stringify(limit)}`, 'bytes');
  }
  const memM = /^\s*(\d+)\s*kB\s*$/.exec(str(header, 'mem_total'));
  if (!memM) throw new ScavsimError('E_PARSE', 'header.mem_total', `cannot parse "${String(header['mem_total'])}"`, 'a /proc/meminfo value such as "24684092 kB"');
  const thpM = /\[(always|madvise|never)\]/.exec(str(header, 'thp_enabled'));
  if (!thpM) throw new ScavsimError('E_PARSE', 'header.thp_enabled', `no active mode in "${String(header['thp_enabled'])}"`, 'the sysfs text, e.g. "always [madvise] never"');

  const p = header['params'];
  if (typeof p !== 'object' || p === null) throw new ScavsimError('E_TYPE', 'header.params', 'expected the object of probe flags', 'an object of strings');
  const params = p as Readonly<Record<string, string>>;
  return {
    go: goM[1]!,
    kernel: kM[1]!,
    kernelRelease,
    godebug,
    gogc,
    gomemlimit,
    gomaxprocs: checkInt(header['GOMAXPROCS'], 'header.GOMAXPROCS', 1, 1 << 16),
    pageSize: checkPowerOfTwo(header['page_size'], 'header.page_size', 4096, 1 << 16),
    thpEnabled: thpM[1] as ProbeScenario['thpEnabled'],
    cgroupLimitBytes: limit >= CGROUP_UNLIMITED_FROM ? null : limit,
    memTotalBytes: Number(memM[1]) * 1024,
    scenario,
    params: {
      intervalMs: dur(params, 'interval'),
      preIdleMs: dur(params, 'preidle'),
      idleMs: dur(params, 'idle'),
      chunks: int(params, 'chunks', 0, 1 << 20),
      chunkMiB: int(params, 'chunkmib', 0, 1 << 20),
      holdMs: dur(params, 'holddur'),
      loadMs: dur(params, 'load'),
      liveMiB: int(params, 'livemib', 0, 1 << 30),
      baseMiB: int(params, 'basemib', 0, 1 << 30),
      rateMiBps: int(params, 'ratemib', 0, 1 << 30),
      minObjBytes: int(params, 'minobj', 1, 2 ** 40),
      maxObjBytes: int(params, 'maxobj', 1, 2 ** 40),
      seed: int(params, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      hogDelayMs: dur(params, 'hogdelay'),
      postHogMs: dur(params, 'posthog'),
      hogMaxMs: dur(params, 'hogmax'),
      hog: scenario === 'pressure' ? parseHogArgs(params['hogargs'] ?? '') : null,
    },
  };
}
