/**
 * What the CLI needs from the rest of scavsim, as one narrow interface.
 *
 * Commands never import the engine, the registry, the policy tables or the fidelity code
 * directly; they call a {@link CliDeps}. `main` passes the real one ({@link defaultDeps}),
 * tests pass fakes that return hand-built {@link RunResult}s, so every command is testable
 * without simulating anything.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { RunHeader, RunResult, RunSink } from '@scavsim/core';
import type { RunOverrides } from '@scavsim/scenarios';
import type { SweepOutcome, SweepTask } from './sweep-worker.js';

/** A scenario as `scavsim list` shows it. */
export interface ScenarioEntry {
  /** Name to pass to `scavsim run`. */
  readonly name: string;
  /** One-line title. */
  readonly title: string;
}

/** Called as a run advances with the fraction (0–1) of simulated time done. */
export type ProgressCallback = (fraction: number) => void;

/** Inputs of `scavsim policy`. */
export interface PolicyQuery {
  /** Go version as written. */
  readonly go: string;
  /** Kernel release as written (`4.14`, `5.10.0-21-amd64`). */
  readonly kernel: string;
  /** `GODEBUG` as written (`madvdontneed=1,scavtrace=1`); empty for none. */
  readonly godebug: string;
}

/** The effective policy: at least `advice` and `reasons` (runtime issue §4); `--format json` prints all of it. */
export interface PolicyReport {
  /** `"MADV_FREE"` or `"MADV_DONTNEED"`. */
  readonly advice: string;
  /** Why, one human-readable sentence per choice. */
  readonly reasons: readonly string[];
}

/** Outcome of `scavsim fidelity`. */
export interface FidelityOutcome {
  /** The table, the verdict line and the causes of known disagreements. */
  readonly text: string;
  /** The verdict: no figure outside tolerance that is not a listed known disagreement (exit 0), or one (exit 1). */
  readonly ok: boolean;
}

/** Options of `scavsim fidelity`. */
export interface FidelityOptions {
  /** Recordings of the same run, judged with the trace as one range. */
  readonly repeats: readonly string[];
  /** Seeds for a loadtest's band (default: the suite's). */
  readonly seeds?: number;
}

/** One claim of a scenario and whether the run shows it. */
export interface ClaimVerdict {
  /** Short id. */
  readonly id: string;
  /** The claim. */
  readonly text: string;
  /** Whether it held. */
  readonly pass: boolean;
  /** The numbers behind the verdict. */
  readonly detail: string;
}

/**
 * Where a run's output goes while the run is made (`scavsim run --format jsonl|csv`): the
 * run's header first, then every sample and event as the engine makes it. With
 * `keepSamples: false` the run's result comes back without samples, so memory stays flat however
 * long the run.
 */
export interface RunStream extends RunSink {
  /** Called once with the run's header, before any sample or event. */
  onHeader?(header: RunHeader): void;
}

/** Options of {@link CliDeps.runScenarioSet}. */
export interface RunSetOptions {
  /** Progress of the scenario's own run. */
  readonly onProgress?: ProgressCallback;
  /** Where the scenario's own run goes as it is made (its variants are not streamed). */
  readonly stream?: RunStream;
  /**
   * Whether to run the variants when nothing needs them but the caller (default true). They
   * always run when the claims are checked, which read them.
   */
  readonly variants?: boolean;
}

/** A scenario run with what it carries: its variants, and its claims checked. */
export interface ScenarioOutcome {
  /** The scenario's title. */
  readonly title: string;
  /** The scenario's own run. */
  readonly result: RunResult;
  /** Its variants' runs (overrides applied to each), in the scenario's order. */
  readonly variants: readonly { readonly label: string; readonly result: RunResult }[];
  /**
   * The claims and their verdicts; `undefined` when they were not checked: a scenario file has
   * none, and overrides change the scenario the claims were written for.
   */
  readonly claims: readonly ClaimVerdict[] | undefined;
}

/** Everything the commands call. */
export interface CliDeps {
  /** The package version, for `--version` and JSONL headers. */
  readonly version: string;
  /** Registered scenarios, in display order. */
  listScenarios(): readonly ScenarioEntry[];
  /**
   * Runs a registered scenario (by name) or a scenario file (a path ending in `.json`) with
   * overrides applied; with a `stream`, its samples and events go there as they are made.
   * @throws {@link ScavsimError} for unknown names, invalid files and invalid overrides
   */
  runScenario(nameOrFile: string, overrides: RunOverrides, onProgress?: ProgressCallback, stream?: RunStream): RunResult;
  /**
   * Runs a scenario with its variants and checks its claims (`scavsim run`). The claims are
   * checked (and the samples kept for them, whatever `stream.keepSamples` says) only for a
   * registered scenario without overrides.
   * @throws {@link ScavsimError} as {@link CliDeps.runScenario}
   */
  runScenarioSet(nameOrFile: string, overrides: RunOverrides, options?: RunSetOptions): ScenarioOutcome;
  /** Resolves the effective scavenging policy. */
  resolvePolicy(query: PolicyQuery): PolicyReport;
  /** Compares a recorded probe trace with its simulation and judges it as the fidelity suite does. */
  fidelity(tracePath: string, format: 'text' | 'json', options: FidelityOptions, onProgress?: ProgressCallback): FidelityOutcome;
  /**
   * Runs sweep points on `workers` threads (0: in this thread), calling `onDone` as each ends.
   * Points that cannot run come back as `{ error }`, never as a rejection.
   */
  runSweep(tasks: Iterable<SweepTask>, workers: number, onDone: (task: SweepTask, outcome: SweepOutcome) => void): Promise<void>;
}

/** Whether a scenario argument names a file rather than a registered scenario. */
export function isScenarioFile(arg: string): boolean {
  return arg.endsWith('.json') || arg.includes('/') || arg.includes('\\');
}

/** This package's version, read from its `package.json` (same relative path from `src/` and `dist/`). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
