/**
 * Re-running a probe trace in the simulator, comparing and judging: `scavsim fidelity` and
 * the fidelity suite.
 *
 * The header says everything needed to rebuild the run (Go version, GODEBUG, scenario
 * parameters, cgroup limit, page size); {@link configFromProbeScenario} turns it into an engine
 * config, the engine runs it, and the key figures of both runs are compared with the
 * tolerances of docs/fidelity.md. A loadtest is simulated with {@link FIDELITY_SEEDS} seeds and
 * judged against their band (compare.ts, "Bands"), with the real repeats when given; the other
 * scenarios allocate a fixed set without a GC sawtooth to land on, and run one seed. The
 * verdict applies the known-disagreement list (verdict.ts), so the suite and the CLI agree.
 * Works on any trace the same probe recorded.
 *
 * @module
 */
import { ScavsimError, simulate, type RunResult, type SimConfig, type SimulateOptions } from '@scavsim/core';
import { bandRows, compareKeyMoments } from './compare.js';
import { keyMoments, scenarioKindOf } from './key-moments.js';
import { configFromProbeScenario, headerFieldOf } from './probe-config.js';
import { scenarioFromHeader } from './scenario-from-header.js';
import { traceFromRunResult } from './sim-trace.js';
import type { ProbeTrace, Trace } from './trace.js';
import { judgeFidelity, renderVerdictJson, renderVerdictTable, type FidelityVerdict } from './verdict.js';

/**
 * Seeds per loadtest. Eight runs of the 30 s load stop at eight different points of the GC
 * cycle, enough to cover the spread the 19 real loadtests showed (phases 0.19–1.0); each costs
 * about half a second, so the band adds ~1 min of CPU to the suite's 17 loadtests.
 */
export const FIDELITY_SEEDS = 8;

/**
 * File-name suffixes of the probe's repeats of a run (shared fidelity `run.sh` `SUFFIX`):
 * `_r2` a second isolated run, `_concurrent` a run made while other probes ran.
 */
export const REPEAT_SUFFIXES: readonly string[] = ['_r2', '_concurrent'];

/** A finished comparison. */
export interface FidelityRun {
  /** Figure by figure, judged. */
  readonly verdict: FidelityVerdict;
  /** The first seed's simulated run (the trace's own seed). */
  readonly sim: RunResult;
  /** The seeds simulated. */
  readonly seeds: readonly number[];
}

/** What to compare. */
export interface FidelityInput {
  /** The trace's name (its file name), for the known-disagreement list. */
  readonly name: string;
  /** The real trace. */
  readonly real: Trace<unknown>;
  /** Repeats of the same run (same probe flags), judged with it as one range. */
  readonly repeats?: readonly Trace<unknown>[];
  /** Seeds for a loadtest (default {@link FIDELITY_SEEDS}); other scenarios always run one. */
  readonly seeds?: number;
}

/** Simulates the run a probe trace recorded (a band of seeds for a loadtest), compares and judges. */
export function fidelityOf(input: FidelityInput, opts: SimulateOptions = {}): FidelityRun {
  const probe = scenarioFromHeader(input.real.header as Parameters<typeof scenarioFromHeader>[0]);
  const kind = scenarioKindOf(input.real);
  const config = configFromProbeScenario(probe, `fidelity:${input.name}`);
  const n = kind === 'loadtest' ? (input.seeds ?? FIDELITY_SEEDS) : 1;
  const seeds = Array.from({ length: n }, (_, k) => probe.params.seed + k);
  const realKm = keyMoments(input.real, kind);
  let first: RunResult | undefined;
  const perSeed = seeds.map((seed, k) => {
    const onProgress = opts.onProgress;
    const run = simulateProbe({ ...config, seed }, { ...opts, ...(onProgress ? { onProgress: (f: number) => onProgress((k + f) / n) } : {}) });
    first ??= run;
    return compareKeyMoments(realKm, keyMoments(traceFromRunResult(run), kind));
  });
  const repeats = (input.repeats ?? []).map((t) => compareKeyMoments(keyMoments(t, kind), keyMoments(traceFromRunResult(first!), kind)));
  const rows = n > 1 || repeats.length > 0 ? bandRows(perSeed, repeats) : perSeed[0]!;
  return { verdict: judgeFidelity(input.name, rows), sim: first!, seeds };
}

/** Runs a probe's config; a refusal of the simulated run names the header field it came from (issue 16 item 2). */
function simulateProbe(config: SimConfig, opts: SimulateOptions): RunResult {
  try {
    return simulate(config, opts);
  } catch (e) {
    if (!(e instanceof ScavsimError) || e.field.startsWith('header')) throw e;
    throw new ScavsimError(e.code, headerFieldOf(e.field), `${e.problem} (the simulated run's ${e.field})`, e.accepted);
  }
}

/** Options of {@link runFidelity}: the engine's, the repeats and the seed count. */
export type FidelityOptions = SimulateOptions & { readonly repeats?: readonly Trace<unknown>[]; readonly seeds?: number };

/** {@link fidelityOf} for a parsed probe trace, named by its `source` (the file name). */
export function runFidelity(real: ProbeTrace, opts: FidelityOptions = {}): FidelityRun {
  const { repeats = [], seeds, ...simOpts } = opts;
  return fidelityOf({ name: real.source, real, repeats, ...(seeds !== undefined ? { seeds } : {}) }, simOpts);
}

/** The CLI's view: the rendered verdict (table, verdict line, causes; or JSON) and whether it passed. */
export function fidelityReport(real: ProbeTrace, format: 'text' | 'json', opts: FidelityOptions = {}): { text: string; ok: boolean } {
  const { verdict } = runFidelity(real, opts);
  return { text: format === 'json' ? renderVerdictJson(verdict) : renderVerdictTable(verdict), ok: verdict.ok };
}
