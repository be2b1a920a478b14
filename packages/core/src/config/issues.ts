/**
 * A zod issue as a {@link ScavsimError}: the path as the user wrote it, what was wrong, and
 * what would have been accepted.
 *
 * fields.ts puts the accepted range in words into the message of every check, and
 * {@link strict} objects their key list; this module adds the problem (`got true`, `-1 is out
 * of range`, `unknown field "allocrate"; did you mean "allocRate"?`). A union that fails
 * reports the branch the value was meant for (an object given for a stream is judged as a
 * stream object, a string as a size), not every branch at once.
 *
 * @module
 */
import type { z } from 'zod';
import { ScavsimError, showValue, type ScavsimErrorCode } from '../errors.js';
import type { CustomIssueParams } from './fields.js';
import { formatPath, valueAt, type PathKey } from './paths.js';

type Issue = z.core.$ZodIssue;

/**
 * The error for the first of `issues` (zod lists them in the order it met them).
 * @param input the validated value (the issue paths are relative to it)
 * @param root path of `input` in the user's document
 */
export function issueToError(issues: readonly Issue[], input: unknown, root: readonly PathKey[] = []): ScavsimError {
  const issue = mostSpecific(issues[0]!, []);
  const path = [...issue.at, ...(issue.issue.path as PathKey[])];
  return toError(issue.issue, path, input, root);
}

/** Descends into a failed union to the branch the value was meant for. */
function mostSpecific(issue: Issue, at: PathKey[]): { issue: Issue; at: PathKey[] } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, at };
  const meant = issue.errors.filter((branch) => !isTypeMismatch(branch));
  if (meant.length === 0) return { issue, at };
  // The branch with the fewest issues is the closest fit; its first issue is the one to show.
  const best = meant.reduce((a, b) => (b.length < a.length ? b : a));
  return mostSpecific(best[0]!, [...at, ...(issue.path as PathKey[])]);
}

/** True when a union branch failed only because the value is of another type than the branch takes. */
function isTypeMismatch(branch: readonly Issue[]): boolean {
  if (branch.length !== 1) return false;
  const i = branch[0]!;
  if (i.path.length !== 0) return false;
  if (i.code === 'invalid_type') return true;
  return i.code === 'invalid_union' && i.errors.length > 0 && i.errors.every(isTypeMismatch);
}

function toError(issue: Issue, path: PathKey[], input: unknown, root: readonly PathKey[]): ScavsimError {
  const accepted = issue.message;
  const value = valueAt(input, path);
  const where = (p: readonly PathKey[]): string => formatPath([...root, ...p]);
  const err = (code: ScavsimErrorCode, p: readonly PathKey[], problem: string, acc: string | undefined = accepted): ScavsimError => new ScavsimError(code, where(p), problem, acc);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = accepted.split(', ');
      const key = issue.keys[0]!;
      const near = nearest(key, known);
      return err('E_UNKNOWN_NAME', [...path, key], `unknown field "${showValue(key).slice(1, -1)}"${near ? `; did you mean ${near}?` : ''}`, `one of ${accepted}`);
    }
    case 'invalid_union':
      if (issue.errors.length === 0 && issue.discriminator !== undefined) {
        // zod puts the discriminator key in the path already.
        const kind = valueAt(input, path);
        return err('E_TYPE', path, kind === undefined ? 'has no kind' : `unknown kind ${showValue(kind)}`);
      }
      return err('E_TYPE', path, value === undefined ? 'is missing' : `got ${showValue(value)}`);
    case 'invalid_type':
      return err('E_TYPE', path, value === undefined ? 'is missing' : `got ${showValue(value)}`);
    case 'too_small':
    case 'too_big': {
      const what = Array.isArray(value) ? `${value.length} items` : typeof value === 'string' ? `${value.length} characters` : showValue(value);
      return err('E_RANGE', path, `${what} is out of range`);
    }
    case 'invalid_value':
      return err('E_TYPE', path, value === undefined ? 'is missing' : `${showValue(value)} is not accepted`);
    case 'custom': {
      const p = issue.params as Partial<CustomIssueParams> | undefined;
      return err(p?.code ?? 'E_TYPE', path, p?.problem ?? `${showValue(value)} is not accepted`);
    }
    default:
      return err('E_TYPE', path, `${showValue(value)} is not accepted`);
  }
}

/**
 * The known name nearest to `key`, if it is near enough to be a slip: the same name in another
 * case (`allocrate` → `allocRate`), or within a third of its length in edits (`kernal` → `kernel`).
 */
export function nearest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase(), bestD);
    if (d < bestD) { best = k; bestD = d; }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `cap`) once it is at least `cap`; inputs are at most a few dozen characters. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap || a.length > 100 || b.length > 100) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return Math.min(prev[b.length]!, cap);
}
