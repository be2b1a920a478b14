/**
 * Config paths as the user wrote them: `processes[1].schedule.intervalMs`.
 *
 * @module
 */
import { childField } from '../errors.js';

/** One step of a path: an object key or an array index. */
export type PathKey = string | number;

/**
 * Formats a path as JavaScript would write the access: `.key` for identifiers, `["memory.max"]`
 * for other keys, `[1]` for indices; `config` for the empty path.
 */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const k of path) out = childField(out, k);
  return out === '' ? 'config' : out;
}

/** The value at `path` in `root`, or undefined when there is none (own properties only). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
