/**
 * The engine's agenda: things scheduled for a simulated time (a GC's end, the scavenger's next
 * wake, kswapd's wake, a scripted `debug.FreeOSMemory()`).
 *
 * Ordered by (time, priority, sequence) as in SimPy's environment: events at the same time
 * run in priority order (lower first), and events with the same time and priority run in the
 * order they were scheduled. Ties therefore always resolve the same way, which is half of
 * determinism (the other half is {@link RandomStreams}). A binary heap over parallel arrays
 * keeps `push` and `pop` at O(log n) with no allocation per comparison.
 *
 * @module
 */

/** Priorities for events that share a time: lower runs first. */
export const Priority = {
  /** Scripted user actions (FreeOSMemory, runtime.GC, hold/drop a buffer). */
  script: 0,
  /** Go runtime internals (GC phases, scavenger wakes). */
  runtime: 10,
  /** Kernel daemons (kswapd). */
  kernel: 20,
  /** Bookkeeping that must see everything else first (the recorder). */
  record: 30,
} as const;

/** A scheduled callback. */
export interface ScheduledEvent {
  /** Simulated time in ms. */
  readonly at: number;
  /** Tie-break among equal times; see {@link Priority}. */
  readonly priority: number;
  /** Insertion order, the last tie-break. */
  readonly seq: number;
  /** A label for traces ("why did nothing happen at t=…?"). */
  readonly label: string;
  /** What to do. */
  readonly run: (now: number) => void;
  /** Set by {@link EventQueue.cancel}; cancelled events are skipped when popped. */
  cancelled: boolean;
}

/** A min-heap of {@link ScheduledEvent}s ordered by (at, priority, seq). */
export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private nextSeq = 0;

  /** Number of pending (possibly cancelled) events. */
  get size(): number {
    return this.heap.length;
  }

  /** Schedules `run` at simulated time `at` (ms). Returns a handle for {@link cancel}. */
  push(at: number, priority: number, label: string, run: (now: number) => void): ScheduledEvent {
    const ev: ScheduledEvent = { at, priority, seq: this.nextSeq++, label, run, cancelled: false };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
    return ev;
  }

  /** Marks an event as cancelled; it is dropped when it reaches the top. */
  cancel(ev: ScheduledEvent): void {
    ev.cancelled = true;
  }

  /** Time of the earliest live event, or `Infinity`. */
  peekTime(): number {
    this.dropCancelled();
    return this.heap.length > 0 ? this.heap[0]!.at : Infinity;
  }

  /** Removes and returns the earliest live event, or `undefined`. */
  pop(): ScheduledEvent | undefined {
    this.dropCancelled();
    return this.popRaw();
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.popRaw();
  }

  private popRaw(): ScheduledEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: ScheduledEvent, b: ScheduledEvent): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}
