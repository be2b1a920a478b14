/**
 * Figures where the simulation is known to disagree with a real trace, each with its cause.
 *
 * This list is the honest alternative to widening a tolerance: the suite requires every other
 * figure to pass, requires each figure listed here to still FAIL (so a fix in the model makes
 * the suite demand that the entry be removed), and the cause is printed in docs/fidelity.md.
 * Adding an entry needs a cause that is either not modelled behaviour or run-to-run noise in
 * the real measurements; modelled behaviour that disagrees is fixed in the model instead.
 */

/** A figure of a trace that is expected to disagree, and why. */
export interface KnownDisagreement {
  /** Trace name without `.jsonl` (a directory prefix like `defaults/` included). */
  readonly trace: RegExp;
  /** Figure name as compare.ts prints it. */
  readonly figure: RegExp;
  /** Why, in a sentence a reader can check against the traces. */
  readonly cause: string;
}

const GC_PHASE =
  'HeapInuse at the end of the load is a point on the GC sawtooth (the real 1.19.8 trace swings 580 → 1170 MiB every ~1.2 s during the last seconds of load); ' +
  'where the 30 s load stops within a cycle depends on the exact timing of ~85 GC cycles, which the simulation does not reproduce cycle for cycle. ' +
  'The level after the next GC (HeapInuse at end, RSS, HeapReleased) does not depend on it.';

/** The list (reviewed with the fidelity numbers in the closing note of issue 6). */
export const KNOWN_DISAGREEMENTS: readonly KnownDisagreement[] = [
  {
    // The traces whose load ended in the upper part of a cycle (real 1002–1195 MiB); the sim's
    // load ends at 827 MiB. go1.15.15_madv1, go1.21.13 and go1.26.10 loadtests happen to agree.
    trace: /^go1\.(15\.15_madv0_loadtest|15\.15_madv0_loadtest90|15\.15_madv1_loadtest90|19\.8_madv[01]_loadtest|19\.8_madv[01]_loadtest90|23\.5_madv1_loadtest)$/,
    figure: /^HeapInuse (right after release|release \+1 s|release \+10 s)$/,
    cause: GC_PHASE,
  },
  { trace: /_loadtest90$/, figure: /^HeapInuse at end$/, cause: `${GC_PHASE} In loadtest90 no GC happens before the end, so the end level is the same point on the sawtooth.` },
  {
    trace: /^go1\.26\.10_madv0_pressure$/,
    figure: /^(RSS|LazyFree) release \+10 s$/,
    cause: 'At +10 s the hog is mid-ramp (64 MiB/s), so a 1 s difference in when the real hog started or in its step timing shows as a ~64 MiB level difference; the real go1.26.10 run reached its floor 1 s later than the 1.19–1.23 runs of the same probe.',
  },
];

/** The entry that covers a figure of a trace, if any. */
export function knownDisagreement(trace: string, figure: string): KnownDisagreement | undefined {
  return KNOWN_DISAGREEMENTS.find((k) => k.trace.test(trace) && k.figure.test(figure));
}
