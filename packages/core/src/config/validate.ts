/**
 * Validates a simulation config before anything is built from it: input guard, schema, the
 * references between processes, and the bound on the work the run asks for.
 *
 * Called by the {@link Simulation} constructor, so every public entry point (`simulate`,
 * `new Simulation`, scenario files) refuses a bad config the same way, with a
 * {@link ScavsimError} naming the field as the user wrote it (`processes[1].schedule.intervalMs`)
 * and the accepted range.
 *
 * @module
 */
import type { z } from 'zod';
import { ScavsimError, showValue } from '../errors.js';
import type { SimConfig } from './sim-config.js';
import { guardInput } from './input-guard.js';
import { issueToError } from './issues.js';
import { formatPath, type PathKey } from './paths.js';
import { simConfigSchema } from './schema.js';
import { checkWorkBound } from './work-bound.js';

/**
 * Checks `input` against the config schema and returns it parsed (a fresh plain copy, sizes
 * and durations as written), or throws the first problem found.
 * @param root path of `input` in the user's document: `[]` for a config, `['config']` inside a scenario file
 * @throws {@link ScavsimError}
 */
export function validateConfig(input: unknown, root: readonly PathKey[] = []): SimConfig {
  const config = parseWith(simConfigSchema, input, root) as SimConfig;
  checkReferences(config, root);
  checkWorkBound(config, root);
  return config;
}

/**
 * Runs any schema built from the config schema (a scenario file composes it) on guarded
 * input, turning its first issue into a {@link ScavsimError}.
 * @throws {@link ScavsimError}
 */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, root: readonly PathKey[] = []): z.output<T> {
  guardInput(input, root);
  const r = schema.safeParse(input);
  if (!r.success) throw issueToError(r.error.issues, input, root);
  return r.data;
}

/** Names that point at other parts of the config must exist there. */
function checkReferences(config: SimConfig, root: readonly PathKey[]): void {
  const names = config.processes.map((p) => p.name);
  config.processes.forEach((p, i) => {
    if (p.kind === 'go' && p.watch !== undefined && (p.watch === p.name || !names.includes(p.watch))) {
      const others = names.filter((n) => n !== p.name);
      throw new ScavsimError('E_UNKNOWN_NAME', formatPath([...root, 'processes', i, 'watch']), `no other process named ${showValue(p.watch)}`,
        others.length > 0 ? `the name of another process: ${others.join(', ')}` : 'the name of another process (this config has no other)');
    }
  });
}
