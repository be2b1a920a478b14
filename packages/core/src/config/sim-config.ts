/**
 * A whole run as plain data: the type the config schema (schema.ts) mirrors field for field.
 *
 * @module
 */
import type { MachineConfig } from '../kernel/machine-config.js';
import type { CgroupConfig } from '../kernel/memcg.js';
import type { PlainProcessConfig } from '../kernel/plain-process.js';
import type { GoProcessConfig } from '../runtime/go-config.js';
import type { DurationInput } from '../units.js';

/** A whole run as plain data. */
export interface SimConfig {
  /** Name recorded in the output header. */
  readonly scenario?: string;
  /** Root seed (default 1). */
  readonly seed?: number;
  /** Tick (default 10 ms). */
  readonly tick?: DurationInput;
  /** Sample interval (default 100 ms, as the probe samples). */
  readonly sample?: DurationInput;
  /** Simulated duration. */
  readonly duration: DurationInput;
  /** The machine. */
  readonly machine: MachineConfig;
  /** Memory cgroups processes may run in. */
  readonly cgroups?: readonly CgroupConfig[];
  /** Processes, in the order they run each tick. */
  readonly processes: readonly (GoProcessConfig | PlainProcessSpec)[];
}

/** A plain (non-Go) process in a run: the seed's process B, the fidelity probe's hog. */
export type PlainProcessSpec = PlainProcessConfig & { readonly kind: 'plain'; readonly cgroup?: string };
