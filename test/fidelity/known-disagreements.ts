/**
 * Figures where the simulation is known to disagree with a real trace, each with its cause.
 *
 * This list is the honest alternative to widening a tolerance: the suite requires every other
 * figure to pass, requires each `fails` figure listed here to still fail (so a fix in the model
 * makes the suite demand that the entry be removed), reports `phase` figures without judging
 * them, and the causes are printed in docs/fidelity.md.
 * Adding an entry needs a cause that is either not modelled behaviour or run-to-run noise in
 * the real measurements; modelled behaviour that disagrees is fixed in the model instead.
 */

/** A figure of a trace that is expected to disagree, and why. */
export interface KnownDisagreement {
  /**
   * `fails`: the figure must still fail (the suite asks for the entry's removal when it passes).
   * `phase`: the figure samples a quantity that oscillates with a period much shorter than the
   * run (the GC sawtooth), so which point a run lands on is timing noise: it is reported, not
   * judged, in either direction.
   */
  readonly kind: 'fails' | 'phase';
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
  { kind: 'phase', trace: /_loadtest/, figure: /^HeapInuse (right after release|release \+1 s|release \+10 s)$/, cause: GC_PHASE },
  { kind: 'phase', trace: /_loadtest90$/, figure: /^HeapInuse at end$/, cause: `${GC_PHASE} In loadtest90 no GC happens before the end, so the end level is the same point on the sawtooth.` },
  {
    kind: 'phase',
    trace: /^go1\.(21|23|26)\.\d+_madv1_loadtest$/,
    figure: /^RSS < 50% of peak, after release$/,
    cause: 'From 1.21 the first idle GC releases only the chunks that were not dense at the end of the load (density rule, mgcscavenge.go shouldScavenge); ' +
      'how much that is equals the free part of the heap at the moment the load stopped, i.e. the GC-sawtooth phase (real: 1163 − 819 = 344 MiB free → 364 MiB released for 1.21.13; 1125 − 1109 → 74 MiB for 1.23.5). ' +
      'Whether RSS crosses 50 % of its peak at the first (+120 s) or the second (+240 s) idle GC therefore follows the same phase noise as HeapInuse at the load end.',
  },
];

/** The entry that covers a figure of a trace, if any. */
export function knownDisagreement(trace: string, figure: string): KnownDisagreement | undefined {
  return KNOWN_DISAGREEMENTS.find((k) => k.trace.test(trace) && k.figure.test(figure));
}
