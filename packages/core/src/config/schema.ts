/**
 * The one schema of a simulation config, made with zod: what {@link validateConfig} checks,
 * what scenario files compose (`@scavsim/scenarios`), and what `schema/scenario.schema.json`
 * publishes as JSON Schema for editors.
 *
 * It mirrors the config types field for field (`SimConfig`, `MachineConfig`, `CgroupConfig`,
 * `GoProcessConfig`, `PlainProcessConfig`, `WorkloadConfig`, `StreamSpec`); a test checks that
 * every config the types accept and the teaching scenarios use passes. Objects are strict:
 * a misspelt field (`allocrate`, `machine.kernal`) is an error, never a silently default run.
 * What one field cannot say alone (names that refer to other processes or cgroups, a sample
 * interval that is a multiple of the tick) is checked after it (validate.ts, the engine).
 *
 * @module
 */
import { z } from 'zod';
import { DEFAULT_KERNEL_COSTS } from '../kernel/costs.js';
import { THP_MODES } from '../kernel/transparent-huge-pages.js';
import { TiB } from '../units.js';
import { duration, integer, MAX_DURATION_MS, MAX_STRING_CHARS, number, oneOf, size, strict, text } from './fields.js';

/** Most processes in one run. */
export const MAX_PROCESSES = 64;
/** Most cgroups in one run. */
export const MAX_CGROUPS = 64;
/** Most phases, actions, explicit steps or summed streams in one list. */
export const MAX_LIST = 10_000;
/** Most GC times a Go process's `gcTimes` lists (a day of GCs every second). */
export const MAX_GC_TIMES = 100_000;
/** Largest machine: twice the heap reservation's half, as far as the page arrays were measured (bench: a 1 TiB heap on a 2 TiB machine). */
export const MAX_MEM_TOTAL = 2 * TiB;

/** The OS page sizes a machine may have: 4 KiB to 64 KiB (x86, arm64's 16 KiB and 64 KiB, ppc64). */
const OS_PAGE_SIZES = [12, 13, 14, 15, 16].map((bits) => 2 ** bits);

const list = <T extends z.ZodType>(item: T, what: string, min = 0) => {
  const accepted = `an array of ${min > 0 ? `${min} to ` : 'at most '}${MAX_LIST} ${what}`;
  return z.array(item, { error: accepted }).min(min, { error: accepted }).max(MAX_LIST, { error: accepted });
};

/** A stream over a phase (streams.ts): a size, or one of the stream kinds. */
export const streamSchema: z.ZodType = z.lazy(() => z.union([
  size(),
  z.discriminatedUnion('kind', [
    strict({ kind: z.literal('constant'), value: size() }, 'a constant stream'),
    strict({ kind: z.literal('ramp'), from: size(), to: size() }, 'a ramp'),
    strict({ kind: z.literal('oscillate'), min: size(), max: size(), period: duration(1) }, 'an oscillation'),
    strict({ kind: z.literal('steps'), steps: list(strict({ at: duration(), value: size() }, 'a step'), 'steps { at, value }', 1) }, 'a step stream'),
    strict({ kind: z.literal('sum'), of: list(streamSchema, 'streams') }, 'a sum of streams'),
  ], { error: 'a stream kind: "constant", "ramp", "oscillate", "steps" or "sum"' }),
], { error: 'a size, or a stream { kind: "constant" | "ramp" | "oscillate" | "steps" | "sum", ... }' }));

const sizeMix = z.discriminatedUnion('kind', [
  strict({ kind: z.literal('fixed'), size: size(1) }, 'a fixed object size'),
  strict({ kind: z.literal('log-uniform'), min: size(1), max: size(1) }, 'a log-uniform size mix'),
], { error: 'an object size mix: { kind: "fixed", size } or { kind: "log-uniform", min, max }' });

const phase = strict({
  name: text('a phase name'),
  duration: duration(),
  allocRate: streamSchema.optional(),
  liveTarget: streamSchema.optional(),
  sizes: sizeMix.optional(),
}, 'a phase');

const action = z.discriminatedUnion('kind', [
  strict({ at: duration(), kind: z.literal('freeOSMemory') }, 'a debug.FreeOSMemory() call'),
  strict({ at: duration(), kind: z.literal('gc') }, 'a runtime.GC() call'),
  strict({ at: duration(), kind: z.literal('hold'), name: text('a buffer name'), bytes: size(), chunk: size(1).optional() }, 'a held buffer'),
  strict({ at: duration(), kind: z.literal('drop'), name: text('a buffer name') }, 'a dropped buffer'),
], { error: 'an action kind: "freeOSMemory", "gc", "hold" or "drop"' });

const workload = strict({
  baseLive: size().optional(),
  baseObject: size(1).optional(),
  phases: list(phase, 'phases'),
  actions: list(action, 'actions').optional(),
}, 'a workload');

const goProcess = strict({
  kind: z.literal('go'),
  name: text('a process name'),
  go: text('a Go version such as "1.15.10"', 64),
  godebug: z.string().max(MAX_STRING_CHARS, { error: `a GODEBUG string of at most ${MAX_STRING_CHARS} characters` }).optional(),
  gogc: z.union([integer(-1, 100_000), z.literal('off')], { error: 'an integer from -1 to 100000, or "off"' }).optional(),
  gomemlimit: z.union([z.literal('off'), size(0, Number.MAX_SAFE_INTEGER)], { error: 'a size, or "off"' }).optional(),
  gomaxprocs: integer(1, 1024).optional(),
  cgroup: text('the name of a cgroup under cgroups').optional(),
  fileRss: size().optional(),
  watch: text('the name of another process').optional(),
  gcTimes: z.array(number(0, MAX_DURATION_MS), { error: `an array of at most ${MAX_GC_TIMES} times in ms, ascending` })
    .max(MAX_GC_TIMES, { error: `an array of at most ${MAX_GC_TIMES} times in ms, ascending` }).optional(),
  workload,
}, 'a Go process');

const plainStep = strict({ atMs: duration(), touchBytes: size() }, 'a step');
const plainGenerator = strict({
  startMs: duration().optional(),
  stepBytes: size(1),
  intervalMs: duration(1),
  targetBytes: size(),
  holdMs: duration().optional(),
  cycles: integer(1, 1000).optional(),
  gapMs: duration().optional(),
}, 'a generated schedule');

const plainProcess = strict({
  kind: z.literal('plain'),
  name: text('a process name'),
  cgroup: text('the name of a cgroup under cgroups').optional(),
  fileRss: size().optional(),
  schedule: z.union([list(plainStep, 'steps { atMs, touchBytes }'), plainGenerator], { error: 'an array of steps { atMs, touchBytes }, or a generator { stepBytes, intervalMs, targetBytes, ... }' }),
  exitAtMs: duration().optional(),
}, 'a plain process');

// A limit above the machine is valid (it never binds), as in a real cgroup or GOMEMLIMIT.
const limit = z.union([z.literal('max'), z.literal(-1), size(0, Number.MAX_SAFE_INTEGER)], { error: 'a size, "max" or -1 (no limit)' });
const cgroup = strict({
  name: text('a cgroup name'),
  version: oneOf([1, 2] as const).optional(),
  limit: limit.optional(),
  'memory.limit_in_bytes': limit.optional(),
  'memory.max': limit.optional(),
  high: limit.optional(),
  'memory.high': limit.optional(),
}, 'a cgroup');

const costs = strict(
  Object.fromEntries(Object.keys(DEFAULT_KERNEL_COSTS).map((k) => [k, (k === 'kneePages' ? number(1, 1e6) : number(0, 1e9)).optional()])),
  'kernel cost overrides',
);

const machine = strict({
  memTotal: size(1, MAX_MEM_TOTAL),
  pageSize: oneOf(OS_PAGE_SIZES).optional(),
  kernel: text('a kernel release such as "5.15.0-91-generic"', 64).optional(),
  swapTotal: size(0, Number.MAX_SAFE_INTEGER).optional(),
  minFreeKbytes: integer(0, 2 ** 40).optional(),
  watermarkScaleFactor: integer(1, 3000).optional(),
  pageCache: size().optional(),
  otherUsed: size().optional(),
  costs: costs.optional(),
  kswapdPagesPerMs: number(0, 1e9).optional(),
  thp: oneOf(THP_MODES).optional(),
}, 'a machine');

/** The schema of a whole simulation config (`SimConfig`). */
export const simConfigSchema = strict({
  scenario: text('a scenario name', 200).optional(),
  seed: integer(-(2 ** 53 - 1), 2 ** 53 - 1).optional(),
  tick: duration(1, 60_000).optional(),
  sample: duration(1).optional(),
  duration: duration(1),
  machine,
  cgroups: z.array(cgroup).max(MAX_CGROUPS, { error: `at most ${MAX_CGROUPS} cgroups` }).optional(),
  processes: z.array(z.discriminatedUnion('kind', [goProcess, plainProcess], { error: 'a process kind: "go" or "plain"' }), { error: `an array of 1 to ${MAX_PROCESSES} processes` })
    .min(1, { error: `an array of 1 to ${MAX_PROCESSES} processes` }).max(MAX_PROCESSES, { error: `an array of 1 to ${MAX_PROCESSES} processes` }),
}, 'a simulation config');
