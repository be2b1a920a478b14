/**
 * The engine in a Web Worker, so the page never freezes.
 *
 * A run request ({@link RunRequest}) is stepped to the end and `result()` taken, which is exactly
 * `simulate()` (core `engine/simulation.ts`), so the page shows the library's own numbers. The
 * samples go into columns as the engine makes them (run-stream.ts); after each slice of steps
 * the rows so far are posted as a chunk of transferred typed arrays, so the page draws the run
 * while it is being simulated, and the worker looks at its message queue: a newer request for
 * the same run abandons the one in progress (a dragged slider does not queue a run per
 * position). Slices start small, so the first picture comes quickly, and grow.
 *
 * A fit request ({@link FitRequest}) reads and fits dropped telemetry files with
 * `@scavsim/replay` and replays the fit under the observed settings (`replay()`): the page gets
 * the fitted config, the check against the telemetry, the observed series to draw and the
 * replay's figures. The replayed run is kept, so the page's request for that config is not
 * simulated a second time.
 *
 * @module
 */
import { isScavsimError, Simulation, type RunResult } from '@scavsim/core';
import { CHECKED_SERIES, fitRun, observedRun, observedSummary, readTelemetry, replay, summarize, type Replay } from '@scavsim/replay';
import type { FitReply, FitRequest, ObservedField, RunError, RunReply, RunRequest, RunRole, WorkerReply } from './messages.js';
import { transferables, type RunChunk } from './run-data.js';
import { ColumnRecorder, layoutOf, replayInto, summaryOf } from './run-stream.js';

/** Steps in the first slice (a few tens of ms on this machine), doubling up to {@link MAX_SLICE}. */
const FIRST_SLICE = 400;
const MAX_SLICE = 6400;

interface WorkerScope {
  onmessage: ((ev: MessageEvent<RunRequest | FitRequest>) => void) | null;
  postMessage(msg: WorkerReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
const latest = new Map<RunRole | 'fit', RunRequest | FitRequest>();
let pumping = false;
/** The run `replay()` made for the last fitted file, by config. */
let replayed: { key: string; result: RunResult } | undefined;

const channel = new MessageChannel();
let wake: (() => void) | undefined;
channel.port1.onmessage = () => wake?.();
/** Lets queued messages in (a MessageChannel task, without setTimeout's clamping). */
const yieldToQueue = (): Promise<void> => new Promise((resolve) => { wake = resolve; channel.port2.postMessage(0); });

scope.onmessage = (ev) => {
  latest.set(ev.data.kind === 'fit' ? 'fit' : ev.data.role, ev.data);
  if (!pumping) void pump();
};

/** Serves the newest request of each kind: a fit first, then the main run, then the pinned one. */
async function pump(): Promise<void> {
  pumping = true;
  try {
    for (;;) {
      const key = (['fit', 'main', 'pin'] as const).find((k) => latest.has(k));
      if (key === undefined) return;
      const req = latest.get(key)!;
      await (req.kind === 'fit' ? fit(req) : run(req));
      if (latest.get(key) === req) latest.delete(key);
    }
  } finally {
    pumping = false;
  }
}

function errorOf(e: unknown): RunError {
  return isScavsimError(e)
    ? { code: e.code, field: e.field, message: e.message, ...(e.accepted === undefined ? {} : { accepted: e.accepted }) }
    : { message: `internal error: ${e instanceof Error ? e.message : String(e)}` };
}

async function run(req: RunRequest): Promise<void> {
  const { seq, role } = req;
  const post = (msg: RunReply, chunk?: RunChunk): void => scope.postMessage(msg, chunk === undefined ? [] : transferables(chunk));
  try {
    let recorder: ColumnRecorder | undefined;
    const sink = { onSample: (s: Parameters<ColumnRecorder['onSample']>[0]) => recorder!.onSample(s), onEvent: (e: Parameters<ColumnRecorder['onEvent']>[0]) => recorder!.onEvent(e) };
    const key = JSON.stringify(req.config);
    let result: RunResult;
    if (replayed?.key === key) {
      result = replayed.result;
      recorder = new ColumnRecorder(layoutOf(result.header, result.samples.at(-1)?.t_ms ?? 0), result.header);
      post({ seq, role, kind: 'start', layout: recorder.layout });
      replayInto(result, recorder);
    } else {
      const sim = new Simulation(req.config, true, sink);
      recorder = new ColumnRecorder(layoutOf(sim.header, sim.durationMs), sim.header);
      post({ seq, role, kind: 'start', layout: recorder.layout });
      let slice = FIRST_SLICE;
      let steps = 0;
      while (!sim.done) {
        sim.step();
        if (++steps === slice && !sim.done) {
          const chunk = recorder.flush();
          post({ seq, role, kind: 'chunk', chunk, fraction: sim.nowMs / sim.durationMs }, chunk);
          await yieldToQueue();
          if (latest.get(role) !== req) return;
          steps = 0;
          slice = Math.min(MAX_SLICE, slice * 2);
        }
      }
      result = sim.result();
    }
    const chunk = recorder.flush(true);
    const summary = summaryOf(result, recorder.layout);
    post({ seq, role, kind: 'done', chunk, summary, ...(req.variant === undefined ? {} : { variant: summarize(req.variant, result) }) }, chunk);
  } catch (e) {
    post({ seq, role, kind: 'error', error: errorOf(e) });
  }
}

async function fit(req: FitRequest): Promise<void> {
  try {
    const telemetry = await readTelemetry(req.files.map((f) => ({ name: f.name, chunks: textChunks(f.stream()) })));
    const r = replay(fitRun(telemetry));
    replayed = { key: JSON.stringify(r.fit.config), result: r.fitted.result };
    const reply = fittedReply(req, r);
    scope.postMessage(reply, [reply.observed.t, ...Object.values(reply.observed.cols)].map((c) => c.buffer as ArrayBuffer));
  } catch (e) {
    scope.postMessage({ seq: req.seq, kind: 'fit-error', error: errorOf(e) });
  }
}

/**
 * A file's bytes as UTF-8 text, chunk by chunk: the readers take chunks, so a large log is read
 * with the memory of one chunk and one line, not the whole file as one string.
 */
async function* textChunks(bytes: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = bytes.getReader();
  // `stream: true` holds back a character cut between two chunks until the next one arrives.
  const utf8 = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield utf8.decode(value, { stream: true });
    }
    const tail = utf8.decode();
    if (tail !== '') yield tail;
  } finally {
    reader.releaseLock();
  }
}

/** The reply for a replayed fit: the fitted config, the telemetry's own series, replay's check and figures. */
function fittedReply(req: FitRequest, r: Replay): FitReply & { kind: 'fitted' } {
  const samples = observedRun(r.fit.telemetry).samples;
  const cols: Partial<Record<ObservedField, Float64Array>> = {};
  for (const f of CHECKED_SERIES) {
    if (samples.some((s) => s[f] !== undefined)) cols[f] = Float64Array.from(samples, (s) => s[f] ?? Number.NaN);
  }
  return {
    seq: req.seq, kind: 'fitted', config: r.fit.config,
    title: `${req.files.map((f) => f.name).join(', ')}, replayed: ${r.fit.notes[0] ?? ''}`,
    observed: { t: Float64Array.from(samples, (s) => s.t_ms), cols },
    check: r.check, fitted: r.fitted.summary, observedFigures: observedSummary(r.fit.telemetry),
  };
}
