/**
 * The fidelity verdict: one rule, read by the test suite and by `scavsim fidelity` alike.
 *
 * Every compared figure gets a status:
 *
 *  - `ok`: within tolerance (or its band, see compare.ts);
 *  - `known`: outside, and listed in {@link KNOWN_DISAGREEMENTS} with its cause;
 *  - `FAIL`: outside and not listed: a disagreement nobody has explained;
 *  - `fixed`: listed, but it now agrees: the entry must go (so a fix in the model cannot
 *    leave a stale excuse behind).
 *
 * The verdict passes when no figure is `FAIL` or `fixed`. Known disagreements do not fail it;
 * their causes are listed under the table, once each.
 *
 * @module
 */
import { renderComparisonTable, type ComparisonRow } from './compare.js';
import { knownDisagreement, traceName } from './known-disagreements.js';

/** How one figure was judged. */
export type FigureStatus = 'ok' | 'known' | 'FAIL' | 'fixed';

/** A compared figure with its status and, for `known` and `fixed`, the listed cause. */
export interface JudgedRow extends ComparisonRow {
  readonly status: FigureStatus;
  readonly cause: string | null;
}

/** The verdict on one trace. */
export interface FidelityVerdict {
  /** The trace's name (file name without `.jsonl`). */
  readonly trace: string;
  readonly rows: readonly JudgedRow[];
  /** True when no figure is `FAIL` or `fixed`: the CLI's exit status and the suite's assertion. */
  readonly ok: boolean;
  /** The causes of the `known` figures, each once, in table order. */
  readonly causes: readonly string[];
}

/** Judges compared rows of a trace against the known-disagreement list. */
export function judgeFidelity(trace: string, rows: readonly ComparisonRow[]): FidelityVerdict {
  const judged = rows.map((r): JudgedRow => {
    const known = knownDisagreement(trace, r.figure);
    if (known === undefined) return { ...r, status: r.pass ? 'ok' : 'FAIL', cause: null };
    return { ...r, status: r.pass ? 'fixed' : 'known', cause: known.cause };
  });
  const causes = [...new Set(judged.filter((r) => r.status === 'known').map((r) => r.cause!))];
  return { trace: traceName(trace), rows: judged, ok: judged.every((r) => r.status === 'ok' || r.status === 'known'), causes };
}

/** One line saying what the verdict is and why. */
export function verdictSummary(v: FidelityVerdict): string {
  const n = (s: FigureStatus): number => v.rows.filter((r) => r.status === s).length;
  const parts = [`${n('ok')} of ${v.rows.length} figures within tolerance`];
  if (n('known') > 0) parts.push(`${n('known')} known disagreement${n('known') > 1 ? 's' : ''} (causes below)`);
  if (n('FAIL') > 0) parts.push(`${n('FAIL')} outside tolerance`);
  if (n('fixed') > 0) parts.push(`${n('fixed')} listed as known but now within tolerance: remove ${n('fixed') > 1 ? 'their entries' : 'its entry'} from known-disagreements.ts`);
  return `fidelity ${v.ok ? 'ok' : 'FAILED'}: ${parts.join('; ')}`;
}

/** The table, the verdict line and the causes of the known disagreements. */
export function renderVerdictTable(v: FidelityVerdict): string {
  const causes = v.causes.map((c, i) => `  [${i + 1}] ${c}`);
  return [renderComparisonTable(v.rows, v.rows.map((r) => r.status)), '', verdictSummary(v), ...(causes.length > 0 ? ['known disagreements:', ...causes] : [])].join('\n');
}

/** The verdict as JSON: `{ trace, ok, causes, rows }`, levels in bytes, times in ms, a `unit` and `status` per row. */
export function renderVerdictJson(v: FidelityVerdict): string {
  const unit = { level: 'bytes', time: 'ms', count: 'count' } as const;
  return JSON.stringify({ trace: v.trace, ok: v.ok, summary: verdictSummary(v), causes: v.causes, rows: v.rows.map((r) => ({ ...r, unit: unit[r.kind] })) }, null, 2);
}
