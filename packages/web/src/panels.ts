/**
 * The words beside the chart: the RSS − HeapInuse gap at the picked moment (the same functions
 * and words as `scavsim explain`), the policy the version and kernel resolve to with its
 * reasons, the end-of-run figures as JSON for tests and tools, and for a replayed file replay's
 * check of the fit and its figures of the fitted run and of the what-if drawn.
 *
 * @module
 */
import { Machine, resolvePolicy, type ResolvedPolicy, type SimConfig } from '@scavsim/core';
import type { SeriesError, VariantSummary } from '@scavsim/replay';
import { describeGap, gapBreakdown, sampleAtOrBefore } from '@scavsim/report';
import type { Fitted } from './messages.js';
import { firstGo } from './model.js';
import { samplesOfColumns, type ProcessSummary, type RunData } from './run-data.js';

/** The JSON the `data-testid="summary"` element holds: the CLI summary's figures, bytes as numbers. */
export interface SummaryJson {
  readonly scenario: string;
  readonly go_version: string;
  readonly kernel: string;
  readonly GODEBUG: string;
  readonly seed: number;
  readonly duration_ms: number;
  readonly processes: readonly ProcessSummary[];
  readonly pinned?: Omit<SummaryJson, 'pinned'>;
}

function figures(run: RunData): Omit<SummaryJson, 'pinned'> {
  return {
    scenario: run.scenario, go_version: run.go_version, kernel: run.kernel, GODEBUG: run.GODEBUG, seed: run.seed,
    duration_ms: run.t.at(-1) ?? 0, processes: run.summary ?? [],
  };
}

/** The summary of a run and, when one is pinned, of the pinned run. */
export function summaryJson(run: RunData, pinned?: RunData): SummaryJson {
  return pinned === undefined ? figures(run) : { ...figures(run), pinned: figures(pinned) };
}

/**
 * What `scavsim explain --at` prints for every Go process of the run at `atMs`: a heading per
 * process, then the gap split by cause.
 */
export function explainText(run: RunData, atMs: number): string {
  const out: string[] = [];
  for (const p of run.processes) {
    if (p.kind !== 'go') continue;
    const s = sampleAtOrBefore(samplesOfColumns(run, p), atMs);
    const b = s === undefined ? undefined : gapBreakdown(s, run.go_version);
    if (b === undefined) continue;
    out.push(`${run.scenario}, process ${p.name}, at ${b.t_ms / 1000} s:`);
    out.push(...describeGap(b, run.go_version));
  }
  return out.join('\n');
}

/**
 * The policy the first Go process resolves to, with the inputs the engine passes (the machine's
 * kernel release and free swap, GOMAXPROCS, GOMEMLIMIT), so the reasons match the run.
 * @throws {@link ScavsimError} as the engine would for the same config
 */
export function policyOf(config: SimConfig): ResolvedPolicy {
  const go = firstGo(config);
  const machine = new Machine(config.machine);
  const limit = go.gomemlimit === undefined || go.gomemlimit === 'off' ? null : go.gomemlimit;
  return resolvePolicy({
    go: go.go, kernel: machine.kernelRelease, godebug: go.godebug ?? '', swapFree: machine.swapFree,
    // The engine's default GOMAXPROCS when a config leaves it out (core runtime/go-config.ts).
    gomaxprocs: go.gomaxprocs ?? 2, gomemlimit: limit,
  });
}

/** The replay panel's figures as data (`data-figures`): replay's check and its figures of the fitted run and of the what-if drawn. */
export interface ReplayFigures {
  readonly check: readonly Omit<SeriesError, 'why'>[];
  readonly fitted: VariantSummary;
  /** The telemetry's own figures (peak, end, below half the peak), when it has RSS. */
  readonly observed?: VariantSummary;
  /** The run the controls make, when they change a setting (a what-if). */
  readonly whatIf?: VariantSummary;
}

/** The figures of a replayed file and of the run drawn (a what-if unless it is the fitted run itself). */
export function replayFigures(r: Fitted, drawn?: VariantSummary): ReplayFigures {
  const check = r.check.map(({ why: _, ...rest }) => rest);
  const base = r.observedFigures === null ? { check, fitted: r.fitted } : { check, observed: r.observedFigures, fitted: r.fitted };
  return drawn === undefined || drawn.label === 'fitted' ? base : { ...base, whatIf: drawn };
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
const secs = (ms: number | null): string => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);
const row = (s: VariantSummary, label: string): string =>
  `${label}: peak RSS ${mib(s.peakRss)} at ${secs(s.peakAtMs)}, end RSS ${mib(s.endRss)}, below half the peak ${s.halfPeakAtMs === null ? 'never' : `from ${secs(s.halfPeakAtMs)}`}${s.oom ? ', OOM-killed' : ''}`;

/** The replay panel in words: how well the fitted run follows the telemetry, and the fitted run against the what-if drawn. */
export function replayText(r: Fitted, drawn?: VariantSummary): string {
  const f = replayFigures(r, drawn);
  const out = ['The replay under the observed settings against the telemetry (error in % of the observed peak):'];
  if (r.check.length === 0) out.push('  nothing to compare: the telemetry has no RSS, HeapInuse or HeapReleased series');
  for (const e of r.check) out.push(`  ${e.series}: mean ${e.meanPct.toFixed(1)} %, max ${e.maxPct.toFixed(1)} %. ${e.why}`);
  out.push('');
  if (f.observed !== undefined) out.push(row(f.observed, 'observed (the telemetry)'));
  out.push(row(f.fitted, 'fitted (observed settings)'));
  out.push(f.whatIf === undefined ? 'Move a control to ask a what-if.' : row(f.whatIf, `what-if ${f.whatIf.label}`));
  return out.join('\n');
}
