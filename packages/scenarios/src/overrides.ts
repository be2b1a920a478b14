/**
 * Changes to a scenario requested from outside it (the CLI's `--go`, `--kernel`, `--godebug`,
 * `--gogc`, `--gomemlimit`, `--seed`, `--duration`, and the environment: `--mem-total`,
 * `--cgroup-limit`, `--swap`, `--thp`, `--sample-interval`), and applying them to a config.
 *
 * Values are applied as written into the config, so the engine validates them exactly as it
 * validates a scenario file. A Go process's `gcTimes` (a replay's recorded GC times) belong to
 * the pacer settings they were recorded under: giving `go`, `gogc` or `gomemlimit` drops them,
 * and that process's own pacer starts its cycles (as `scavsim replay --what-if` does).
 *
 * @module
 */
import { produce } from 'immer';
import type { CgroupConfig, GoProcessConfig, SimConfig, ThpMode } from '@scavsim/core';

/** The name of the cgroup `cgroupLimit` (`--cgroup-limit`) creates when the scenario has none: OOM kills in it are reported as in cgroup "limit". */
export const OVERRIDE_CGROUP = 'limit';

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
  /** Machine memory (MemTotal) in bytes. */
  readonly memTotal?: number;
  /**
   * A memory cgroup limit in bytes: every cgroup of the scenario gets it, and when the scenario
   * has none, every process runs in one new cgroup ({@link OVERRIDE_CGROUP}) with this limit, as
   * a container would put them.
   */
  readonly cgroupLimit?: number;
  /** Swap size in bytes (it decides MADV_FREE on kernels 4.5–4.11). */
  readonly swapTotal?: number;
  /** The machine's transparent-huge-page mode (`/sys/kernel/mm/transparent_hugepage/enabled`). */
  readonly thp?: ThpMode;
  /** Sample interval in ms. */
  readonly sampleMs?: number;
}

/** Applies command-line overrides to every Go process (and the machine) of a config. */
export function applyOverrides(config: SimConfig, o: RunOverrides): SimConfig {
  return produce(config, (d) => {
    if (d.machine === null || typeof d.machine !== 'object') {
      if (o.kernel !== undefined || o.memTotal !== undefined || o.swapTotal !== undefined || o.thp !== undefined) return;
    } else {
      if (o.kernel !== undefined) d.machine.kernel = o.kernel;
      if (o.memTotal !== undefined) d.machine.memTotal = o.memTotal;
      if (o.swapTotal !== undefined) d.machine.swapTotal = o.swapTotal;
      if (o.thp !== undefined) d.machine.thp = o.thp;
    }
    if (o.seed !== undefined) d.seed = o.seed;
    if (o.durationMs !== undefined) d.duration = o.durationMs;
    if (o.sampleMs !== undefined) d.sample = o.sampleMs;
    if (o.cgroupLimit !== undefined) {
      const limit = o.cgroupLimit;
      if (Array.isArray(d.cgroups) && d.cgroups.length > 0) {
        d.cgroups = d.cgroups.map((c) => limited(c, limit));
      } else {
        d.cgroups = [{ name: OVERRIDE_CGROUP, limit }];
        if (Array.isArray(d.processes)) for (const p of d.processes) if (p !== null && typeof p === 'object') (p as { cgroup?: string }).cgroup = OVERRIDE_CGROUP;
      }
    }
    // A config the engine will reject (no process list) is left for its validation to name.
    if (!Array.isArray(d.processes)) return;
    for (const p of d.processes) {
      if (p === null || typeof p !== 'object' || p.kind !== 'go') continue;
      const g = p as { -readonly [K in keyof GoProcessConfig]: GoProcessConfig[K] };
      if (o.go !== undefined) g.go = o.go;
      if (o.gogc !== undefined) g.gogc = o.gogc < 0 ? 'off' : o.gogc;
      if (o.gomemlimit !== undefined) g.gomemlimit = o.gomemlimit;
      if (o.go !== undefined || o.gogc !== undefined || o.gomemlimit !== undefined) delete g.gcTimes;
      if (o.godebug !== undefined) {
        const merged = new Map((typeof g.godebug === 'string' ? g.godebug : '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
        for (const [k, v] of Object.entries(o.godebug)) merged.set(k, v);
        g.godebug = [...merged].map(([k, v]) => `${k}=${v}`).join(',');
      }
    }
  });
}

/** A cgroup with its hard limit replaced, whichever spelling the scenario used. */
function limited(c: CgroupConfig, limit: number): CgroupConfig {
  if (c === null || typeof c !== 'object') return c; // the engine's validation names it
  const { 'memory.limit_in_bytes': _v1, 'memory.max': _v2, ...rest } = c;
  return { ...rest, limit };
}
