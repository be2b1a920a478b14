/**
 * The engine's clock: simulated milliseconds, moved only by the engine.
 *
 * Time is injected, never read from the wall (as Effect's `TestClock` and xstate's
 * `SimulatedClock`): the model asks `clock.now`, and only {@link Simulation} advances it, one
 * tick at a time. The tick (default 10 ms) is the resolution at which workloads allocate, the
 * scavenger paces itself and the kernel charges pages; scheduled events fall on tick
 * boundaries or between them, and run in time order before the tick that contains them.
 *
 * @module
 */
import { checkInt } from '../units.js';

/** Default tick: 10 ms, fine enough for 100 ms samples and the scavenger's pacing. */
export const DEFAULT_TICK_MS = 10;

/** Simulated time in integer milliseconds. */
export class SimClock {
  /** Length of one tick in ms. */
  readonly tickMs: number;
  private nowMs = 0;

  /** @param tickMs tick length, an integer from 1 to 60000 ms */
  constructor(tickMs: number = DEFAULT_TICK_MS) {
    this.tickMs = checkInt(tickMs, 'tickMs', 1, 60_000);
  }

  /** Current simulated time in ms since the start of the run. */
  get now(): number {
    return this.nowMs;
  }

  /** Moves time forward to `t` (never backward). @internal engine use only */
  advanceTo(t: number): void {
    if (t > this.nowMs) this.nowMs = t;
  }
}
