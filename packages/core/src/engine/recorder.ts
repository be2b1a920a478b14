/**
 * The recorder: samples every process at a fixed interval, with the names users read.
 *
 * What a sample holds is the metrics room's (`metrics/sampler.ts`); the recorder only asks
 * every live process for one at each sample time. Samples land in time order, process order
 * within a time, so the output of a run is a pure function of its config and seed.
 *
 * @module
 */
import type { Sample } from '../metrics/sample.js';
import type { SimEvent } from '../metrics/events.js';
import type { Sampled } from '../metrics/sampler.js';

export type { Sampled } from '../metrics/sampler.js';

/*
 * Sample rows are made by constructors rather than as object literals only for speed: V8
 * tracks how many properties a constructor's objects end up with and gives later ones room
 * for all of them inside the object, whereas a literal `{ t_ms }` grows an out-of-object
 * store again and again as its ~45 fields are added (≈ 3 µs vs 0.6 µs per sample, measured).
 * A row holds nothing but its own data properties, in insertion order, as a literal would:
 * `JSON.stringify` and every reader see the same thing.
 */
class SingleProcessRow {
  readonly t_ms: number;
  constructor(tMs: number) {
    this.t_ms = tMs;
  }
}

class MultiProcessRow {
  readonly t_ms: number;
  readonly process: string;
  constructor(tMs: number, process: string) {
    this.t_ms = tMs;
    this.process = process;
  }
}

/**
 * Where a run's samples and events go as they are made (see {@link SimulateOptions}): to
 * callbacks, and unless told otherwise into the result.
 */
export interface RunSink {
  /**
   * Called with every sample as soon as it is taken, in output order (time, then process
   * order). The object is the one the result would hold; do not keep it if memory matters.
   */
  readonly onSample?: (sample: Sample) => void;
  /**
   * Called with every event as soon as it is recorded. An event is never earlier than the last
   * sample delivered before it; one at the same millisecond as a sample may come before or
   * after that sample (`toJsonl` writes such ties after the sample: hold an event until a
   * sample later than it arrives to write the same bytes).
   */
  readonly onEvent?: (event: SimEvent) => void;
  /** Keep samples in the run result (default true). `false`: the array stays empty and memory stays flat however long the run. */
  readonly keepSamples?: boolean;
  /** Keep events in the run result (default true). */
  readonly keepEvents?: boolean;
}

/** Collects samples and events, and hands them to a {@link RunSink} as they come. */
export class Recorder {
  private readonly samples: Sample[] = [];
  private readonly events: SimEvent[] = [];
  private readonly onSample: ((sample: Sample) => void) | undefined;
  private readonly onEvent: ((event: SimEvent) => void) | undefined;
  private readonly keepSamples: boolean;
  private readonly keepEvents: boolean;

  constructor(private readonly multiProcess: boolean, sink: RunSink = {}) {
    this.onSample = sink.onSample;
    this.onEvent = sink.onEvent;
    this.keepSamples = sink.keepSamples !== false;
    this.keepEvents = sink.keepEvents !== false;
  }

  /** Takes one sample of every live process at `tMs`. */
  sample(tMs: number, sources: readonly Sampled[]): void {
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i]!;
      if (!s.alive()) continue;
      const base = (this.multiProcess ? new MultiProcessRow(tMs, s.name) : new SingleProcessRow(tMs)) as unknown as Sample;
      s.fill(base as Record<string, number | string>);
      if (this.onSample !== undefined) this.onSample(base);
      if (this.keepSamples) this.samples.push(base);
    }
  }

  /** Records an event. */
  event(ev: SimEvent): void {
    if (this.onEvent !== undefined) this.onEvent(ev);
    if (this.keepEvents) this.events.push(ev);
  }

  /** Everything recorded, in order. */
  result(): { samples: Sample[]; events: SimEvent[] } {
    return { samples: this.samples, events: this.events };
  }
}
