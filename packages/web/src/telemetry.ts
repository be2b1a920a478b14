/**
 * A dropped telemetry file, replayed (issue 13's `@scavsim/replay`).
 *
 * The files go to the worker, which reads and fits them (`readTelemetry`, `fitRun`:
 * gctrace/scavtrace logs, Prometheus `query_range` exports, CSV, probe JSONL) and replays the
 * fit under the observed settings (`replay`). The fitted config becomes the preset
 * {@link REPLAY_SCENARIO}, and every control then applies to it as it applies to a scenario:
 * the controls are the replay's what-ifs, through the CLI's own `applyOverrides`, as `scavsim
 * run <the --emit-scenario file> --gogc 150` or `scavsim replay --what-if gogc=150` would. The
 * chart draws the telemetry's own RSS, HeapInuse and HeapReleased beside the replayed run, and
 * the replay panel gives replay's check of the fit and its figures for the fitted run and the
 * what-if the controls make. A replay lives in its tab: a link can carry the settings but not
 * the file, so opening it elsewhere asks for the file again.
 *
 * @module
 */
import { ScavsimError, type SimConfig } from '@scavsim/core';

/** The preset name of a replayed file (`?scenario=replay`). */
export const REPLAY_SCENARIO = 'replay';

/** Whether the page can replay a telemetry file, and what it tells the user. */
export interface TelemetryState {
  readonly available: boolean;
  readonly message: string;
}

/** The replay feature's state in this build. */
export function telemetryState(): TelemetryState {
  return {
    available: true,
    message: 'Drop a gctrace log, a Prometheus query_range export, a CSV or a probe JSONL (one run, several files at once): ' +
      'it is read, fitted and replayed here; the controls are its what-ifs. The file stays in this tab.',
  };
}

/** The replayed config, or the error a link to a replay gives in a tab without its file. */
export function replayedConfig(config: SimConfig | undefined): SimConfig {
  if (config === undefined) {
    throw new ScavsimError('E_STATE', 'scenario', 'the replayed telemetry is not loaded in this tab', 'drop the file again, or pick a scenario');
  }
  return config;
}
