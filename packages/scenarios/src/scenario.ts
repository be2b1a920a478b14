/**
 * What a teaching scenario is: a named, documented simulation config and the claims it
 * demonstrates.
 *
 * A claim states a mechanism as well as a level ("A's RSS does not fall before the cgroup
 * reaches its limit, and what A loses is what B needs"). Claims are checked against the
 * simulation's own output by the scenario tests, never against hard-coded curves, so the
 * teaching text cannot drift from the model.
 *
 * @module
 */
import type { RunResult, SimConfig } from '@scavsim/core';

/** The outcome of checking one claim against a run. */
export interface ClaimOutcome {
  /** Whether the run shows what the claim says. */
  readonly pass: boolean;
  /** The numbers behind the verdict, in words ("RSS at end 2.91 GiB, HeapInuse 104 MiB"). */
  readonly detail: string;
}

/** One thing a scenario demonstrates. */
export interface Claim {
  /** Short id, unique within the scenario. */
  readonly id: string;
  /** The claim in a sentence a user can read. */
  readonly text: string;
  /**
   * Checks the claim against a run of the scenario and, for comparisons, runs of its
   * variants (by variant name).
   */
  check(result: RunResult, variants: Readonly<Record<string, RunResult>>): ClaimOutcome;
}

/** A named teaching scenario. */
export interface Scenario {
  /** Name used on the command line (`incident-go1.15`). */
  readonly name: string;
  /** One-line title. */
  readonly title: string;
  /** What it teaches, in markdown paragraphs (what happens, why, what to do about it). */
  readonly teaches: string;
  /** The simulation config (plain data). */
  readonly config: SimConfig;
  /**
   * Named variants of the config (another Go version, another kernel) that the claims
   * compare against; made from `config` with immer `produce`, so the base stays frozen.
   */
  readonly variants?: Readonly<Record<string, SimConfig>>;
  /** What the run demonstrates. */
  readonly claims: readonly Claim[];
}
