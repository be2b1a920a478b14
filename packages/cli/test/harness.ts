/** In-memory IO and fake dependencies for running the CLI in-process. */
import { ScavsimError } from '@scavsim/core';
import { sweepFigures } from '@scavsim/report';
import type { RunResult } from '@scavsim/core';
import { main } from '../src/main.js';
import type { CliIO } from '../src/context.js';
import type { ClaimVerdict, CliDeps, FidelityOptions, PolicyQuery, RunStream } from '../src/deps.js';
import type { RunOverrides } from '@scavsim/scenarios';
import { fixtureRun } from '../../report/test/formats/run-fixture.js';

/** What a CLI invocation produced. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
  runs: { scenario: string; overrides: RunOverrides }[];
  policyQueries: PolicyQuery[];
  /** Worker counts of each sweep. */
  sweeps: number[];
  fidelityOptions?: FidelityOptions;
}

/** Options of {@link runCli}. */
export interface HarnessOptions {
  stderrIsTTY?: boolean;
  stdoutIsTTY?: boolean;
  /** Wall-clock ms returned by successive `now()` calls during the run (advances 500 ms per call by default). */
  clockStepMs?: number;
  fidelityOk?: boolean;
  result?: RunResult;
  /** Variants `run` shows (default none). */
  variants?: { label: string; result: RunResult }[];
  /** Claims `run` prints (default none checked). */
  claims?: ClaimVerdict[];
  /** Files the CLI may read, by path. */
  inputFiles?: Record<string, string>;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`). */
  env?: Record<string, string>;
  /** What writing a file throws (to test unwritable paths). */
  writeError?: NodeJS.ErrnoException;
}

/**
 * A finished run handed to a stream as the engine would hand it: the header, then samples and
 * events in time order (an event before the sample of its millisecond, as the engine may), and
 * the result without what the stream did not keep.
 */
export function streamed(result: RunResult, stream: RunStream | undefined): RunResult {
  if (stream === undefined) return result;
  stream.onHeader?.(result.header);
  // (`onEvent?.(events[e++])` would not advance `e` without an onEvent: arguments of a skipped call are not evaluated.)
  const onEvent = stream.onEvent ?? ((): void => {});
  let e = 0;
  for (const s of result.samples) {
    while (e < result.events.length && result.events[e]!.t_ms <= s.t_ms) onEvent(result.events[e++]!);
    stream.onSample?.(s);
  }
  while (e < result.events.length) onEvent(result.events[e++]!);
  return { ...result, samples: stream.keepSamples === false ? [] : result.samples, events: stream.keepEvents === false ? [] : result.events };
}

/** Runs `scavsim <argv>` in-process against fake deps. */
export async function runCli(argv: string[], opts: HarnessOptions = {}): Promise<Outcome> {
  const out: Outcome = { code: -1, stdout: '', stderr: '', files: new Map(), runs: [], policyQueries: [], sweeps: [] };
  let clock = 0;
  const io: CliIO = {
    stdout: { write: (t: string) => (out.stdout += t), isTTY: opts.stdoutIsTTY ?? false },
    stderr: { write: (t: string) => (out.stderr += t), isTTY: opts.stderrIsTTY ?? false, columns: 80 },
    writeFile: (path, text) => {
      if (opts.writeError !== undefined) throw opts.writeError;
      out.files.set(path, text);
    },
    openFile: (path) => {
      if (opts.writeError !== undefined) throw opts.writeError;
      out.files.set(path, '');
      return { write: (text: string) => void out.files.set(path, out.files.get(path)! + text), close: () => {} };
    },
    readFile: (path) => {
      const text = opts.inputFiles?.[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    env: opts.env ?? {},
    now: () => (clock += opts.clockStepMs ?? 500),
  };
  const deps: CliDeps = {
    version: '9.9.9',
    listScenarios: () => [{ name: 'fixture', title: 'A small hand-built run' }, { name: 'other', title: 'Another' }],
    runScenario(scenario, overrides, onProgress, stream) {
      if (scenario !== 'fixture' && !scenario.endsWith('.json')) {
        throw new ScavsimError('E_UNKNOWN_NAME', 'scenario', `no scenario named "${scenario}"`, 'fixture, other');
      }
      out.runs.push({ scenario, overrides });
      for (let i = 1; i <= 10; i++) onProgress?.(i / 10);
      return streamed(opts.result ?? fixtureRun(), stream);
    },
    runScenarioSet(scenario, overrides, options = {}) {
      const result = deps.runScenario(scenario, overrides, options.onProgress, options.stream);
      return { title: `Title of ${scenario}`, result, variants: options.variants === false ? [] : opts.variants ?? [], claims: opts.claims };
    },
    resolvePolicy(query) {
      out.policyQueries.push(query);
      if (query.go === 'bogus') throw new ScavsimError('E_PARSE', 'go', 'cannot parse Go version "bogus"');
      return { advice: 'MADV_FREE', reasons: ['default in Go 1.12–1.15'] };
    },
    fidelity: (_trace, _format, options) => {
      out.fidelityOptions = options;
      return { text: 'table', ok: opts.fidelityOk ?? true };
    },
    async runSweep(tasks, workers, onDone) {
      out.sweeps.push(workers);
      // Finish in reverse order of submission, two at a time, as a pool may.
      const all = [...tasks];
      for (let i = 0; i < all.length; i += 2) {
        for (const t of all.slice(i, i + 2).reverse()) {
          out.runs.push({ scenario: t.scenario, overrides: t.overrides });
          onDone(t, t.scenario === 'bad' ? { error: 'scenario: no scenario "bad"' } : { figures: { ...sweepFigures(fixtureRun()), end_rss_bytes: (t.index + 1) * 2 ** 30 } });
        }
      }
    },
  };
  out.code = await main(argv, io, deps);
  return out;
}
