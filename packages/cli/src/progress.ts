/**
 * A progress bar on stderr for long runs.
 *
 * Shown only when stderr is a terminal (never in pipes, CI logs or tests) and only once a run
 * has taken about a second of wall-clock time, so quick runs print nothing extra. This is the
 * one place in `src/` that reads the wall clock: it measures the user's wait, never simulated
 * time, and nothing it reads flows into results.
 *
 * @module
 */

/** Where the bar is drawn. */
export interface ProgressStream {
  /** Writes text. */
  write(text: string): unknown;
  /** Whether the stream is a terminal; the bar is off unless this is `true`. */
  readonly isTTY?: boolean;
  /** Terminal width in columns. */
  readonly columns?: number;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Text before the bar (the scenario name). */
  readonly label: string;
  /** Wall-clock ms before the bar first appears. Default 1000. */
  readonly delayMs?: number;
  /** Minimum wall-clock ms between redraws. Default 100. */
  readonly intervalMs?: number;
  /** Wall clock in ms; injectable for tests. Default `performance.now`. */
  readonly now?: () => number;
}

/** A running progress indicator. */
export interface Progress {
  /** Reports the fraction (0–1) of simulated time done. */
  update(fraction: number): void;
  /** Removes the bar (if drawn). Call once when the run ends or fails. */
  finish(): void;
  /** Whether the bar has been drawn at least once. */
  readonly shown: boolean;
}

/** Creates a progress indicator on `stream`; a no-op when `stream` is not a TTY. */
export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  if (stream.isTTY !== true) return { update() {}, finish() {}, shown: false };
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMs ?? 1000;
  const interval = options.intervalMs ?? 100;
  const start = now();
  let lastDraw = -Infinity;
  let shown = false;
  return {
    update(fraction: number): void {
      const t = now();
      if (t - start < delay || t - lastDraw < interval) return;
      lastDraw = t;
      shown = true;
      stream.write(`\r${progressLine(options.label, fraction, stream.columns || 80)}\u001b[K`);
    },
    finish(): void {
      if (shown) stream.write('\r\u001b[K');
    },
    get shown() {
      return shown;
    },
  };
}

/** One frame of the bar, `label [#####-----]  42%`, fitted to `columns`. */
export function progressLine(label: string, fraction: number, columns: number): string {
  const frac = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const tail = ` ${String(Math.floor(frac * 100)).padStart(3)}%`;
  const barWidth = Math.max(10, Math.min(50, columns - label.length - tail.length - 4));
  const filled = Math.round(frac * barWidth);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${tail}`;
}
