/**
 * The one column order every output uses, so that a simulated trace lines up with a real one.
 *
 * The fidelity probe (`test/fixtures/traces/*.jsonl`, recorded by the probe described in the
 * fidelity README) writes each sample as `t_ms`, `phase`, then `runtime.MemStats`, then
 * `/proc/PID/status` and `smaps_rollup`, then the memory cgroup's `memory.stat`, then
 * `/proc/vmstat`. We keep exactly that order and put `process` right after `phase` (the probe
 * records one process per line too, but names the second one with a `hog_` prefix; scavsim names
 * it in a field instead). Fields the probe does not know come last, sorted by name, so that two
 * runs that produce the same fields always produce the same columns.
 *
 * @module
 */
import { CGROUP_FIELDS, MEMSTATS_FIELDS, PROC_FIELDS, VMSTAT_FIELDS } from '@scavsim/core';
import type { Sample } from '@scavsim/core';

/** Leading identification columns, in the probe's order (`process` is scavsim's addition). */
export const LEADING_FIELDS = ['t_ms', 'phase', 'process'] as const;

/** Every field the probe records, in the probe's order (after the leading fields). */
export const TRACE_FIELDS: readonly string[] = [
  ...MEMSTATS_FIELDS, ...PROC_FIELDS, ...CGROUP_FIELDS, ...VMSTAT_FIELDS,
];

const KNOWN_RANK: ReadonlyMap<string, number> = new Map(
  [...LEADING_FIELDS, ...TRACE_FIELDS].map((name, i) => [name, i]),
);

/**
 * Whether a field is a byte size or a count (and so is written as an integer). Every probe field
 * is one: MemStats are bytes or counts, `/proc` sizes are bytes (the probe converts kB), cgroup
 * and vmstat values are bytes, pages or events.
 */
export function isIntegerField(name: string): boolean {
  return name !== 'phase' && name !== 'process' && KNOWN_RANK.has(name);
}

/**
 * Sorts field names into the stable output order: the probe's fields in the probe's order, then
 * unknown fields by name (code-point order, independent of locale).
 */
export function orderFields(names: Iterable<string>): string[] {
  const known: string[] = [];
  const extra: string[] = [];
  for (const name of new Set(names)) (KNOWN_RANK.has(name) ? known : extra).push(name);
  known.sort((a, b) => KNOWN_RANK.get(a)! - KNOWN_RANK.get(b)!);
  extra.sort(compareCodePoints);
  return [...known, ...extra];
}

/** The union of the fields present (not `undefined`) in any sample, in output order. */
export function sampleFields(samples: readonly Sample[]): string[] {
  const union = new SampleFieldUnion();
  for (const s of samples) union.add(s);
  return union.fields();
}

/**
 * The union of the fields present in samples seen one at a time ({@link sampleFields} of a run
 * whose samples are not kept: the CSV columns of a streamed run).
 */
export class SampleFieldUnion {
  private readonly seen = new Set<string>();

  /** Adds the fields of `sample` that are present. */
  add(sample: Sample): void {
    for (const k of Object.keys(sample)) if (sample[k] !== undefined) this.seen.add(k);
  }

  /** The fields seen, in output order. */
  fields(): string[] {
    return orderFields(this.seen);
  }
}

/** Locale-independent string comparison (sorting must not depend on the user's machine). */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
