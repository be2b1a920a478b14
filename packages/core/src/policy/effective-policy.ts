/**
 * Resolves what a given Go version, kernel and GODEBUG actually do when the heap is released,
 * and says why for every choice.
 *
 * The advice is decided in three steps, mirroring who decides it:
 * 1. the runtime's default for the version, then `GODEBUG=madvdontneed` (1.12+): the
 *    *requested* advice [go1.12:mem_linux.go], [go1.16.14:runtime1.go:368];
 * 2. the runtime's fallback: `madvise(MADV_FREE)` fails on kernels before 4.5 (EINVAL), and the
 *    runtime then switches to MADV_DONTNEED for the rest of the process: the *runtime* advice
 *    [go1.12:mem_linux.go adviseUnused], [go1.21.12:mem_linux.go sysUnusedOS];
 * 3. the kernel: 4.5–4.11 apply MADV_FREE exactly like MADV_DONTNEED when no swap is free
 *    (mm/madvise.c @802a3a9, checked per call): the *applied* advice (kernel §2.1).
 *
 * The triggers (background, heap growth, allocation path, FreeOSMemory, memory limit, density)
 * come from the version's row of {@link GO_POLICY_TABLE}, each with a reason. Defaults assumed
 * for inputs the caller left out are reported as reasons too, so nothing is guessed silently.
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import type { Advice } from '../kernel/types.js';
import { checkInt, parseSize, type SizeInput } from '../units.js';
import { type GoPolicyRow, policyRowFor } from './go-policy-table.js';
import { type GoVersion, compareGoVersions, formatGoVersion, goAtLeast, NEWEST_READ_GO, parseGoVersion, versionLookupNote } from './go-version.js';
import { type GodebugKey, type GodebugSettings, GODEBUG_KEYS, normalizeGodebug } from './godebug.js';
import { type KernelVersion, kernelShort, madviseFreeSupport, parseKernelVersion } from '../kernel/kernel-version.js';
import { type BackgroundPacing, describeBackground, describeFreeOsMemory, describeGrowth, describeThp, describeTrace } from './policy-reasons.js';

export type { BackgroundPacing } from './policy-reasons.js';

/** Inputs of {@link resolvePolicy}. */
export interface ResolvePolicyInput {
  /** Go version as users write it (`"go1.15.10"`) or parsed. */
  readonly go: string | GoVersion;
  /** Kernel release (`"4.14.355-275.amzn2"`) or parsed. */
  readonly kernel: string | KernelVersion;
  /** `GODEBUG` string or settings object; unset means no settings. */
  readonly godebug?: string | GodebugSettings;
  /** Free swap in bytes (or a size string); kernels 4.5–4.11 apply MADV_FREE as DONTNEED when it is 0. Default 0, reported as a reason. */
  readonly swapFree?: SizeInput;
  /** GOMAXPROCS; scales the 1.18+ scavenger's CPU budget. Default 1, reported as a reason. */
  readonly gomaxprocs?: number;
  /** `GOMEMLIMIT` in bytes (or a size string), or `null`/unset for no limit. */
  readonly gomemlimit?: SizeInput | null;
}

/** The synchronous and asynchronous paths that release heap memory. */
export type TriggerName = 'background' | 'heapGrowth' | 'allocPath' | 'freeOSMemory' | 'memoryLimit' | 'density';

/** Whether one release path is in force, which variant, and why. */
export interface TriggerPolicy {
  /** True when this path releases memory in this configuration. */
  readonly active: boolean;
  /** The row's variant id for this path (`"largest-spans-arena-rounded"`, `"none"`, ...). */
  readonly kind: string;
  /** Why, with the source. */
  readonly reason: string;
}

/** What one given GODEBUG setting does in this version. */
export interface KnobEffect {
  /** The value given. */
  readonly value: number;
  /** False when the version does not read the key (or reads it and ignores it). */
  readonly effective: boolean;
  /** What it does here, or why it is ignored. */
  readonly reason: string;
}

/** The resolved policy: every choice with its reasons. */
export interface ResolvedPolicy {
  /** The parsed Go version. */
  readonly goVersion: GoVersion;
  /** The parsed kernel version. */
  readonly kernel: KernelVersion;
  /** The policy-table row the version falls in. */
  readonly row: GoPolicyRow;
  /** How released pages are actually treated: the advice the kernel applies. */
  readonly advice: Advice;
  /** What the runtime passes to `madvise` after its own fallback. */
  readonly runtimeAdvice: Advice;
  /** What the runtime tries first (version default, then GODEBUG). */
  readonly requestedAdvice: Advice;
  /** Why the advice is what it is (at least one line per step). */
  readonly adviceReasons: readonly string[];
  /** How the version was mapped to its row. */
  readonly versionReasons: readonly string[];
  /** Every release path, each with a reason. */
  readonly triggers: Readonly<Record<TriggerName, TriggerPolicy>>;
  /** The background scavenger's pacing (also `triggers.background`). */
  readonly background: BackgroundPacing;
  /** Heap THP handling and whether `disablethp` is in force. */
  readonly thp: { readonly handling: GoPolicyRow['thp']; readonly disablethp: boolean; readonly reason: string };
  /** Which trace lines the process prints, and their layouts. */
  readonly trace: {
    readonly gcLines: boolean; readonly scavengerLines: boolean;
    readonly gcTrace: GoPolicyRow['gcTrace']; readonly scavengerTrace: GoPolicyRow['scavengerTrace']; readonly reason: string;
  };
  /** Each GODEBUG key that was given, with its effect in this version. */
  readonly godebug: Readonly<Partial<Record<GodebugKey, KnobEffect>>>;
  /** GOMAXPROCS used (given or assumed). */
  readonly gomaxprocs: number;
  /** Free swap in bytes used (given or assumed). */
  readonly swapFree: number;
  /** GOMEMLIMIT in bytes, or `null` for none. */
  readonly gomemlimit: number | null;
  /** Defaults assumed for inputs the caller left out. */
  readonly assumptions: readonly string[];
  /** Every reason above, in the order the choices were made. */
  readonly reasons: readonly string[];
}

/**
 * Resolves the effective release policy for a Go version on a kernel.
 * @throws {@link ScavsimError} for any invalid input, naming the field (`go`, `kernel`,
 *   `GODEBUG.<key>`, `swapFree`, `gomaxprocs`, `gomemlimit`)
 */
export function resolvePolicy(input: ResolvePolicyInput): ResolvedPolicy {
  if (typeof input !== 'object' || input === null) {
    throw new ScavsimError('E_TYPE', 'policy', 'expected an object { go, kernel, godebug?, swapFree?, gomaxprocs?, gomemlimit? }');
  }
  const go = parseGoVersion(input.go, 'go');
  const kernel = parseKernelVersion(input.kernel, 'kernel');
  const godebug = normalizeGodebug(input.godebug, 'GODEBUG');
  const assumptions: string[] = [];
  const swapFree = input.swapFree === undefined ? 0 : parseSize(input.swapFree, 'swapFree');
  if (input.swapFree === undefined) assumptions.push('swapFree not given: assumed 0 (no swap, as on most servers and containers)');
  const gomaxprocs = input.gomaxprocs === undefined ? 1 : checkInt(input.gomaxprocs, 'gomaxprocs', 1, 1024);
  if (input.gomaxprocs === undefined) assumptions.push('gomaxprocs not given: assumed 1 (the runtime defaults GOMAXPROCS to the CPU count)');
  const gomemlimit = input.gomemlimit === undefined || input.gomemlimit === null ? null : parseSize(input.gomemlimit, 'gomemlimit');

  const row = policyRowFor(go);
  const versionReasons = describeVersion(go, row);
  const knobs = knobEffects(go, row, godebug);
  const advice = resolveAdvice(go, row, kernel, godebug, swapFree);
  const background = describeBackground(row, gomaxprocs, godebug.scavenge ?? 0);
  const triggers = resolveTriggers(go, row, background, gomemlimit);
  const thp = describeThp(row, goAtLeast(go, 21, 6) && (godebug.disablethp ?? 0) !== 0);
  const trace = describeTrace(row, (godebug.gctrace ?? 0) !== 0, (godebug.scavtrace ?? 0) !== 0, goAtLeast(go, 7));

  const reasons = [
    ...assumptions, ...versionReasons, ...advice.reasons,
    ...Object.values(triggers).map((t) => t.reason), thp.reason, trace.reason,
    ...Object.values(knobs).map((k) => k.reason),
  ];
  return Object.freeze({
    goVersion: go, kernel, row,
    advice: advice.applied, runtimeAdvice: advice.runtime, requestedAdvice: advice.requested,
    adviceReasons: Object.freeze(advice.reasons), versionReasons: Object.freeze(versionReasons),
    triggers: Object.freeze(triggers), background: Object.freeze(background), thp: Object.freeze(thp), trace: Object.freeze(trace),
    godebug: Object.freeze(knobs), gomaxprocs, swapFree, gomemlimit,
    assumptions: Object.freeze(assumptions), reasons: Object.freeze(reasons),
  });
}

function describeVersion(go: GoVersion, row: GoPolicyRow): string[] {
  const out: string[] = [];
  const note = versionLookupNote(go);
  if (note !== null) out.push(note);
  out.push(`${formatGoVersion(go)} follows the policy row "${row.label}" (read at ${row.verifiedAt}; ${row.citation})`);
  if (go.minor < 11) out.push(`${formatGoVersion(go)} predates the oldest runtime read (go1.11); the ≤ 1.11 row is assumed`);
  if (compareGoVersions(go, { major: 1, minor: NEWEST_READ_GO.minor, patch: null, pre: null }) > 0) {
    out.push(`${formatGoVersion(go)} is newer than the newest runtime source read (go1.23.5); the "${row.label}" row is assumed, ` +
      'and the measured go1.26.10 traces agree with it');
  }
  for (const u of row.unverified) out.push(`unverified for this row: ${u}`);
  return out;
}

interface AdviceResolution { requested: Advice; runtime: Advice; applied: Advice; reasons: string[] }

function resolveAdvice(go: GoVersion, row: GoPolicyRow, kernel: KernelVersion, godebug: GodebugSettings, swapFree: number): AdviceResolution {
  const reasons: string[] = [];
  const k = kernelShort(kernel);
  let requested: Advice = row.adviceDefault;
  const knob = godebug.madvdontneed;
  if (row.madvdontneedKnob === 'absent') {
    reasons.push('MADV_DONTNEED: Go ≤ 1.11 always releases with MADV_DONTNEED; there is no knob [go1.11:mem_linux.go sysUnused]');
    if (knob !== undefined) {
      reasons.push(`GODEBUG=madvdontneed=${knob} ignored: the setting does not exist before Go 1.12 (C:22738f07c88a)`);
    }
  } else if (knob === undefined) {
    reasons.push(row.adviceDefault === 'MADV_FREE'
      ? 'MADV_FREE: default in Go 1.12–1.15 with GODEBUG unset [go1.12:mem_linux.go adviseUnused], RN1.12'
      : 'MADV_DONTNEED: default in Go 1.16+ on Linux: parsedebugvars sets madvdontneed=1 before reading GODEBUG [go1.16.14:runtime1.go:368], RN1.16');
  } else {
    requested = knob !== 0 ? 'MADV_DONTNEED' : 'MADV_FREE';
    const same = requested === row.adviceDefault ? ', the same as this version\'s default' : `, overriding the ${row.adviceDefault} default`;
    reasons.push(`${requested}: GODEBUG=madvdontneed=${knob} selects it${same} [go1.12:mem_linux.go], [go1.16.14:runtime1.go:368]`);
  }

  // The kernel's answer is the kernel model's one rule (kernel/kernel-version.ts madviseFreeSupport).
  const free = madviseFreeSupport(kernel, swapFree > 0);
  let runtime: Advice = requested;
  if (requested === 'MADV_FREE') {
    if (free.mode === 'EINVAL') {
      runtime = 'MADV_DONTNEED';
      const src = goAtLeast(go, 21) ? 'go1.21.12 mem_linux.go sysUnusedOS' : 'go1.12 mem_linux.go adviseUnused';
      reasons.push(`MADV_DONTNEED: kernel ${k} < 4.5 returns EINVAL for MADV_FREE; on the first release the runtime ` +
        `switches to MADV_DONTNEED for the rest of the process and repeats the call (${src})`);
    } else {
      reasons.push(`MADV_FREE: kernel ${k} ≥ 4.5 accepts it (commit 854e9ed09ded "mm: support madvise(MADV_FREE)")`);
    }
  }

  let applied: Advice = runtime;
  if (runtime === 'MADV_FREE') {
    if (free.mode === 'DONTNEED') {
      applied = 'MADV_DONTNEED';
      reasons.push(`MADV_DONTNEED as applied: kernel ${k} < 4.12 without free swap: madvise_vma() applies MADV_FREE as ` +
        'MADV_DONTNEED, so RSS drops at once (mm/madvise.c @802a3a9; checked per call, swapFree is taken as constant)');
    } else if (free.lru === 'anon') {
      reasons.push(`MADV_FREE: kernel ${k} < 4.12 with ${swapFree} bytes of free swap keeps lazily freed pages on the anon ` +
        'LRU; they leave RSS only when reclaim scans anon memory (commit 10853a039208, kernel §2.1)');
    } else {
      reasons.push(`MADV_FREE: kernel ${k} ≥ 4.12 moves lazily freed pages to the inactive file LRU; they stay in RSS ` +
        'until memory pressure reclaims them (commit f7ad2a6cb9f7, kernel §2.2)');
    }
  } else {
    reasons.push(`MADV_DONTNEED: kernel ${k} unmaps the pages during the call; RSS drops at once (kernel §1)`);
  }
  return { requested, runtime, applied, reasons };
}

function knobEffects(go: GoVersion, row: GoPolicyRow, godebug: GodebugSettings): Partial<Record<GodebugKey, KnobEffect>> {
  const out: Partial<Record<GodebugKey, KnobEffect>> = {};
  const v = formatGoVersion(go);
  for (const key of Object.keys(GODEBUG_KEYS) as GodebugKey[]) {
    const value = godebug[key];
    if (value === undefined) continue;
    const info = GODEBUG_KEYS[key];
    const reads = goAtLeast(go, info.since.minor, info.since.patch)
      && (go.minor < info.until.minor || (go.minor === info.until.minor && (go.patch ?? 0) <= info.until.patch));
    const since = `go1.${info.since.minor}${info.since.patch === 0 ? '' : `.${info.since.patch}`}`;
    let effective = reads;
    let reason: string;
    if (!reads) {
      reason = key === 'scavenge' && go.minor > info.until.minor
        ? `GODEBUG scavenge=${value} ignored: the setting was removed in Go 1.17 (${info.citation})`
        : `GODEBUG ${key}=${value} ignored: ${v} does not read it (it exists from ${since}; ${info.citation})`;
    } else if (key === 'scavenge' && row.background !== 'sysmon-5min') {
      effective = false;
      reason = `GODEBUG scavenge=${value} ignored: ${v} parses it but the background scavenger no longer uses it (go §3.3)`;
    } else {
      reason = `GODEBUG ${key}=${value}: ${value === 0 ? info.zeroMeaning : info.meaning} (${info.citation})`;
    }
    out[key] = Object.freeze({ value, effective, reason });
  }
  return out;
}

function resolveTriggers(go: GoVersion, row: GoPolicyRow, background: BackgroundPacing, gomemlimit: number | null): Record<TriggerName, TriggerPolicy> {
  const growth = describeGrowth(row);
  const allocPath: TriggerPolicy = row.allocPath === 'none'
    ? { active: false, kind: 'none', reason: row.id === '1.12.5-1.12.x'
        ? 'allocation path: no scavenging on allocation; removed in 1.12.5 after the latency regression (#31678, #31679)'
        : 'allocation path: no scavenging when a span is allocated from scavenged memory in this version' }
    : row.allocPath === 'scavenge-largest-span-bytes'
      ? { active: true, kind: row.allocPath, reason: 'allocation path: allocating a span out of scavenged memory calls scavengeLargest(span bytes) (C:8e093e7a1cd8, CL 159500; removed in 1.12.5, #31679)' }
      : { active: true, kind: row.allocPath, reason: 'allocation path: every allocation from a scavenged span (fresh memory included) calls scavengeIfNeededLocked(span bytes): scavenge min(n, retained + n − goal) (go1.13dev mheap.go; #32828)' };
  let memoryLimit: TriggerPolicy;
  if (!row.memoryLimit) {
    memoryLimit = { active: false, kind: 'none', reason: gomemlimit === null
      ? `memory limit: none; GOMEMLIMIT does not exist before Go 1.19 (RN1.19)`
      : `memory limit: GOMEMLIMIT=${gomemlimit} ignored: ${formatGoVersion(go)} predates Go 1.19, which introduced it (RN1.19)` };
  } else if (gomemlimit === null) {
    memoryLimit = { active: false, kind: row.memoryLimitGoal, reason: 'memory limit: none set (GOMEMLIMIT unset means math.MaxInt64)' };
  } else {
    const assist = `allocation-time assist scavenges mappedReady + scav − limit when an allocation would exceed ${gomemlimit} bytes` +
      (row.density ? ', forced (ignores density)' : '') + ' [go1.19.8:mheap.go allocSpan]';
    memoryLimit = { active: true, kind: row.memoryLimitGoal, reason: row.memoryLimitGoal === '95x-limit-bug'
      ? `memory limit: ${assist}; the background goal is computed as 95 × limit (bug #62449), so in practice the background scavenger does not act on the limit`
      : `memory limit: ${assist}; the background scavenger also targets 0.95 × limit (#62449 fixed) [go1.23.5:mgcscavenge.go:175]` };
  }
  const triggers: Record<TriggerName, TriggerPolicy> = {
    background: { active: true, kind: row.background, reason: background.reason },
    heapGrowth: { active: row.heapGrowth !== 'none', kind: row.heapGrowth, reason: growth },
    allocPath,
    freeOSMemory: { active: true, kind: row.freeOsMemory, reason: describeFreeOsMemory(row) },
    memoryLimit,
    density: row.density
      ? { active: true, kind: 'hi-occupancy-496-of-512', reason: 'density: background and growth scavenging skip 4 MiB chunks with ≥ 496 of 512 pages in use now or at the last GC; forced scavenging ignores it [go1.21.12:mgcscavenge.go scavChunkData]' }
      : { active: false, kind: 'none', reason: 'density: no density rule before Go 1.21 (D59960); any chunk with free unscavenged pages is eligible' },
  };
  for (const t of Object.values(triggers)) Object.freeze(t);
  return triggers;
}
