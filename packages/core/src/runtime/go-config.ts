/**
 * A Go process's configuration as users write it, and its validated, resolved form.
 *
 * Resolution goes through the version-policy layer (`policy/`): the Go version selects a
 * policy row, GODEBUG and the kernel refine the advice, and every choice carries a reason the
 * CLI can print. The kernel's own answer to MADV_FREE (EINVAL before 4.5, DONTNEED semantics
 * on 4.5–4.11 without swap) is not decided here: it happens in the kernel model when the
 * runtime first calls madvise, exactly as in reality, and the runtime's fallback follows.
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import type { Advice } from '../kernel/types.js';
import type { KernelVersion } from '../kernel/kernel-version.js';
import { resolvePolicy, type ResolvedPolicy } from '../policy/effective-policy.js';
import { checkInt, parseSize, type SizeInput } from '../units.js';
import type { WorkloadConfig } from '../workload/workload.js';
import { behaviourFromRow, type RuntimeBehaviour } from '../policy/runtime-behaviour.js';

/** A Go process as plain data. */
export interface GoProcessConfig {
  readonly kind: 'go';
  /** Unique name (`"A"`, `"api"`). */
  readonly name: string;
  /** Go version as users write it: `"1.15"`, `"go1.15.10"`, `"1.21rc2"`. */
  readonly go: string;
  /** GODEBUG string, e.g. `"madvdontneed=1"`. */
  readonly godebug?: string;
  /** GOGC percent or `"off"` (default 100). */
  readonly gogc?: number | 'off';
  /** GOMEMLIMIT (1.19+), or `"off"`. */
  readonly gomemlimit?: SizeInput | 'off';
  /** GOMAXPROCS (default 2, the fidelity machine's). */
  readonly gomaxprocs?: number;
  /** Name of the memory cgroup the process runs in. */
  readonly cgroup?: string;
  /** File-backed RSS (the binary's text); default 1.5 MiB as measured by the probe. */
  readonly fileRss?: SizeInput;
  /** Name of another process whose VmRSS/RssAnon this one's samples carry as `hog_VmRSS`/`hog_RssAnon` (the probe watches its hog). */
  readonly watch?: string;
  /**
   * Times (ms, ascending) at which GC cycles run instead of when the pacer would start them:
   * from the first of these to the last, neither the heap goal nor sysmon's 2-minute period
   * starts a cycle; before the first and after the last the pacer does. The goal and everything that reads it are
   * computed as usual at each cycle. A replay sets it to the GC times its telemetry recorded
   * (`@scavsim/replay`), so that the fitted run stops its load at the same point of its GC
   * cycle as the observed one did.
   */
  readonly gcTimes?: readonly number[];
  /** What the program does. */
  readonly workload: WorkloadConfig;
}

/** A validated Go process config with its resolved policy. */
export interface ResolvedGoConfig {
  readonly name: string;
  readonly gogc: number;
  readonly memoryLimit: number;
  readonly gomaxprocs: number;
  readonly fileRss: number;
  readonly advice: Advice;
  readonly behaviour: RuntimeBehaviour;
  readonly policy: ResolvedPolicy;
  readonly workload: WorkloadConfig;
  /** {@link GoProcessConfig.gcTimes}, or null when the pacer starts every cycle. */
  readonly gcTimes: Float64Array | null;
  readonly cgroup: string | undefined;
  readonly watch: string | undefined;
  /** Config path of this process, for error messages (`processes[0]`). */
  readonly field: string;
  /** Settings the version does not read, each with the reason (recorded as `note` events at t = 0). */
  readonly notes: readonly string[];
}

/**
 * Validates a Go process config against the kernel it will run on.
 *
 * A GOMEMLIMIT given to a Go older than 1.19 is ignored, as the real runtime ignores an
 * environment variable it does not know (the memory limit arrived in go1.19, RN1.19); the
 * policy says so in its reasons and the run records it as a `note` event.
 * @param kernel the machine's kernel, parsed once by the machine
 * @param field config path of this process (`processes[0]`)
 * @throws {@link ScavsimError}
 */
export function resolveGoConfig(c: GoProcessConfig, kernel: KernelVersion, swapFree: number, field: string): ResolvedGoConfig {
  if (typeof c.name !== 'string' || c.name === '') throw new ScavsimError('E_TYPE', `${field}.name`, 'expected a non-empty string', 'a process name');
  const gogc = c.gogc === undefined ? 100 : c.gogc === 'off' ? -1 : checkInt(c.gogc, `${field}.gogc`, -1, 100_000);
  const gomaxprocs = checkInt(c.gomaxprocs ?? 2, `${field}.gomaxprocs`, 1, 1024);
  const limit = c.gomemlimit === undefined || c.gomemlimit === 'off' ? null : parseSize(c.gomemlimit, `${field}.gomemlimit`);
  let policy: ResolvedPolicy;
  try {
    policy = resolvePolicy({ go: c.go, kernel, godebug: c.godebug ?? '', swapFree, gomaxprocs, gomemlimit: limit });
  } catch (e) {
    // The policy layer names its own inputs (`go`, `GODEBUG.madvdontneed`); report config paths.
    if (!(e instanceof ScavsimError)) throw e;
    const path = e.field.startsWith('GODEBUG') ? `${field}.godebug${e.field.slice('GODEBUG'.length)}`
      : e.field === 'kernel' ? 'machine.kernel' : `${field}.${e.field}`;
    throw new ScavsimError(e.code, path, e.message.slice(e.field.length + 2).replace(/ \(accepted: .*\)$/, ''), e.accepted);
  }
  const behaviour = behaviourFromRow(policy.row, policy.goVersion);
  const ignoredLimit = limit !== null && !behaviour.memoryLimit;
  return {
    name: c.name,
    gogc,
    memoryLimit: ignoredLimit ? Infinity : limit ?? Infinity,
    gomaxprocs,
    fileRss: parseSize(c.fileRss ?? 1.5 * 1024 * 1024, `${field}.fileRss`),
    advice: policy.requestedAdvice,
    behaviour,
    policy,
    workload: c.workload,
    gcTimes: c.gcTimes === undefined ? null : ascendingTimes(c.gcTimes, `${field}.gcTimes`),
    cgroup: c.cgroup,
    watch: c.watch,
    field,
    notes: ignoredLimit ? [policy.triggers.memoryLimit.reason] : [],
  };
}

/** A copy of `times` (already range-checked by the schema), refusing one that goes back in time. */
function ascendingTimes(times: readonly number[], field: string): Float64Array {
  const out = Float64Array.from(times);
  for (let i = 1; i < out.length; i++) {
    if (out[i]! < out[i - 1]!) throw new ScavsimError('E_RANGE', `${field}[${i}]`, `${out[i]} ms comes before the time before it (${out[i - 1]} ms)`, 'times in ascending order');
  }
  return out;
}
