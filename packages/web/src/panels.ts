/**
 * The words beside the chart: the RSS − HeapInuse gap at the picked moment (the same functions
 * and words as `scavsim explain`), the policy the version and kernel resolve to with its
 * reasons, and the end-of-run figures as JSON for tests and tools.
 *
 * @module
 */
import { Machine, resolvePolicy, type ResolvedPolicy, type SimConfig } from '@scavsim/core';
import { describeGap, gapBreakdown, sampleAtOrBefore } from '@scavsim/report';
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
    duration_ms: run.t.at(-1) ?? 0, processes: run.summary,
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
