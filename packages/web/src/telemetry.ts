/**
 * Replaying a dropped telemetry file (issue 13's `@scavsim/replay`) is not in this build yet.
 *
 * The file input stays disabled and says so; nothing pretends to replay. When `@scavsim/replay`
 * is on main, this module is where the page hands it the file.
 *
 * @module
 */

/** Whether the page can replay a telemetry file, and what it tells the user. */
export interface TelemetryState {
  readonly available: boolean;
  readonly message: string;
}

/** The replay feature's state in this build. */
export function telemetryState(): TelemetryState {
  return {
    available: false,
    message: 'Not yet: replaying a telemetry file needs @scavsim/replay, which this build does not include. ' +
      'Until then, `scavsim fidelity <trace.jsonl>` compares a recorded trace with the model on the command line.',
  };
}
