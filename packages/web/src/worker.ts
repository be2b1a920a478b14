/**
 * The engine in a Web Worker, so the page never freezes.
 *
 * The page posts a {@link RunRequest} (a config to simulate, for the main run or the pinned one);
 * the worker steps a `Simulation` to the end and posts the {@link RunData}. Stepping to the end
 * and calling `result()` is exactly `simulate()` (core `engine/simulation.ts`), so the page shows
 * the library's own numbers. Between slices of steps the worker yields to its message queue: a
 * newer request for the same run replaces the one in progress (a dragged slider does not queue a
 * run per position).
 *
 * @module
 */
import { isScavsimError, Simulation, type SimConfig } from '@scavsim/core';
import { runData, transferables, type RunData } from './run-data.js';

/** Which run a request is for. */
export type RunRole = 'main' | 'pin';

/** Page → worker. */
export interface RunRequest {
  readonly seq: number;
  readonly role: RunRole;
  readonly config: SimConfig;
}

/** A rejected config, as plain data (a class does not survive the trip between threads). */
export interface RunError {
  readonly code?: string;
  readonly field?: string;
  readonly accepted?: string;
  readonly message: string;
}

/** Worker → page. */
export type RunReply =
  | { readonly seq: number; readonly role: RunRole; readonly kind: 'progress'; readonly fraction: number }
  | { readonly seq: number; readonly role: RunRole; readonly kind: 'done'; readonly data: RunData }
  | { readonly seq: number; readonly role: RunRole; readonly kind: 'error'; readonly error: RunError };

/** Ticks stepped between looks at the message queue. */
const STEPS_PER_SLICE = 4000;

interface WorkerScope {
  onmessage: ((ev: MessageEvent<RunRequest>) => void) | null;
  postMessage(msg: RunReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
const latest = new Map<RunRole, RunRequest>();
let pumping = false;

const channel = new MessageChannel();
let wake: (() => void) | undefined;
channel.port1.onmessage = () => wake?.();
/** Lets queued messages in (a MessageChannel task, without setTimeout's clamping). */
const yieldToQueue = (): Promise<void> => new Promise((resolve) => { wake = resolve; channel.port2.postMessage(0); });

scope.onmessage = (ev) => {
  latest.set(ev.data.role, ev.data);
  if (!pumping) void pump();
};

async function pump(): Promise<void> {
  pumping = true;
  try {
    for (;;) {
      const req = latest.get('main') ?? latest.get('pin');
      if (req === undefined) return;
      await run(req);
      if (latest.get(req.role) === req) latest.delete(req.role);
    }
  } finally {
    pumping = false;
  }
}

async function run(req: RunRequest): Promise<void> {
  const { seq, role } = req;
  try {
    const sim = new Simulation(req.config);
    let steps = 0;
    while (!sim.done) {
      sim.step();
      if (++steps % STEPS_PER_SLICE === 0) {
        scope.postMessage({ seq, role, kind: 'progress', fraction: sim.nowMs / sim.durationMs });
        await yieldToQueue();
        if (latest.get(role) !== req) return;
      }
    }
    const data = runData(sim.result());
    scope.postMessage({ seq, role, kind: 'done', data }, transferables(data));
  } catch (e) {
    const error: RunError = isScavsimError(e)
      ? { code: e.code, field: e.field, message: e.message, ...(e.accepted === undefined ? {} : { accepted: e.accepted }) }
      : { message: `internal error: ${e instanceof Error ? e.message : String(e)}` };
    scope.postMessage({ seq, role, kind: 'error', error });
  }
}
