/**
 * Changes to a scenario requested from outside it (the CLI's `--go`, `--kernel`, `--godebug`,
 * `--gogc`, `--gomemlimit`, `--seed`, `--duration`), and applying them to a config.
 *
 * @module
 */
import { produce } from 'immer';
import type { GoProcessConfig, SimConfig } from '@scavsim/core';

/** Changes to a scenario's config requested on the command line. Absent fields keep the scenario's value. */
export interface RunOverrides {
  /** Go version as written (`"1.16"`, `"go1.15.10"`). */
  readonly go?: string;
  /** Kernel version as written (`"4.14"`). */
  readonly kernel?: string;
  /** GODEBUG settings (`{ madvdontneed: "1" }`), merged over the scenario's. */
  readonly godebug?: Readonly<Record<string, string>>;
  /** GOGC; -1 is `off`. */
  readonly gogc?: number;
  /** GOMEMLIMIT in bytes, or `"off"`. */
  readonly gomemlimit?: number | 'off';
  /** Root seed. */
  readonly seed?: number;
  /** Simulated duration in ms. */
  readonly durationMs?: number;
}

/** Applies command-line overrides to every Go process (and the machine) of a config. */
export function applyOverrides(config: SimConfig, o: RunOverrides): SimConfig {
  return produce(config, (d) => {
    if (o.kernel !== undefined) d.machine.kernel = o.kernel;
    if (o.seed !== undefined) d.seed = o.seed;
    if (o.durationMs !== undefined) d.duration = o.durationMs;
    for (const p of d.processes) {
      if (p.kind !== 'go') continue;
      const g = p as { -readonly [K in keyof GoProcessConfig]: GoProcessConfig[K] };
      if (o.go !== undefined) g.go = o.go;
      if (o.gogc !== undefined) g.gogc = o.gogc < 0 ? 'off' : o.gogc;
      if (o.gomemlimit !== undefined) g.gomemlimit = o.gomemlimit;
      if (o.godebug !== undefined) {
        const merged = new Map((g.godebug ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
        for (const [k, v] of Object.entries(o.godebug)) merged.set(k, v);
        g.godebug = [...merged].map(([k, v]) => `${k}=${v}`).join(',');
      }
    }
  });
}
