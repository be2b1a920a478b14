/**
 * Go versions as users write them, parsed, validated and compared.
 *
 * Accepted spellings (optionally prefixed with `go`, as `runtime.Version()` prints them):
 * `1.15`, `go1.15.10`, `1.21.0`, `1.21rc2`, `go1.22beta1`, `1.11.13`. Before Go 1.21 the first
 * release of a line was tagged `go1.N` (no `.0`); from 1.21 on it is `go1.N.0` and `go1.N` names
 * the language version [go.dev/doc/toolchain]. We keep what the user wrote: a missing patch is
 * `patch: null`, a prerelease carries `pre`. {@link effectivePatch} says how such a version is
 * looked up in the policy table (as the `.0` release of its line) and {@link versionLookupNote}
 * gives the reason string that lookup reports, so the mapping is never silent.
 *
 * Known range. The policy table (go §7) starts at Go 1.5 (the first release with
 * the concurrent collector whose sysmon scavenger the ≤1.11 row describes; runtime source was
 * read at go1.11) and ends at Go 1.26: runtime source was read up to go1.23.5 (go §3.9) and
 * real traces of go1.26.10 behave like it (fidelity traces, 2026-11-27). A version newer than
 * {@link NEWEST_KNOWN_GO} is rejected with `E_UNKNOWN_VERSION` rather than mapped to the newest
 * row: a future runtime may change the scavenger, and a simulation that silently assumed it did
 * not would explain the wrong thing. Callers who want the newest known behaviour pass
 * `go1.26` explicitly.
 *
 * @module
 */
import { ScavsimError, showValue } from '../errors.js';

/** A parsed Go version. Only Go 1 exists; `major` is kept for clarity in messages. */
export interface GoVersion {
  /** Always 1. */
  readonly major: 1;
  /** The `N` of `go1.N`. */
  readonly minor: number;
  /** The point release, or `null` when the user wrote only `1.N` or a prerelease. */
  readonly patch: number | null;
  /** A prerelease (`beta1`, `rc2`), or `null` for a release. */
  readonly pre: GoPrerelease | null;
}

/** A prerelease tag: `go1.22beta1` is `{ kind: 'beta', n: 1 }`. */
export interface GoPrerelease {
  /** `beta` precedes `rc`. */
  readonly kind: 'beta' | 'rc';
  /** 1-based prerelease number. */
  readonly n: number;
}

/** Oldest Go minor version scavsim has a policy row for (`go1.5`). */
export const OLDEST_KNOWN_GO: GoVersion = Object.freeze({ major: 1, minor: 5, patch: null, pre: null });
/** Newest Go minor version scavsim has a policy row for (`go1.26`, any patch). */
export const NEWEST_KNOWN_GO: GoVersion = Object.freeze({ major: 1, minor: 26, patch: null, pre: null });
/** Newest runtime source tree actually read for the spec (go §0, go §3.9). */
export const NEWEST_READ_GO: GoVersion = Object.freeze({ major: 1, minor: 23, patch: 5, pre: null });

/** The `accepted` text of every Go-version error. */
export const GO_VERSION_ACCEPTED =
  'a Go version from go1.5 to go1.26.x, written like "1.15", "go1.15.10", "1.21.0", "1.21rc2" or "go1.22beta1"';

// One optional "go", "1.", a minor without leading zeros, then either ".patch" or a prerelease.
// Digit counts are capped so that numbers stay exact and garbage is a parse error, not a range error.
const GO_VERSION_RE = /^(?:go)?(\d{1,4})\.(0|[1-9]\d{0,3})(?:\.(0|[1-9]\d{0,4})|(beta|rc)([1-9]\d{0,2}))?$/;

/**
 * Parses a Go version as users write it.
 * @param input the version string (`"go1.15.10"`), or an already parsed {@link GoVersion}
 * @param field the name reported in errors (config path or flag, e.g. `--go`)
 * @throws {@link ScavsimError} `E_TYPE` (not a string), `E_PARSE` (not a Go version),
 *   `E_UNKNOWN_VERSION` (a Go version outside {@link OLDEST_KNOWN_GO}…{@link NEWEST_KNOWN_GO})
 */
export function parseGoVersion(input: unknown, field = 'go'): GoVersion {
  if (isGoVersionObject(input)) return checkKnown(input, field, formatGoVersion(input));
  if (typeof input !== 'string') {
    throw new ScavsimError('E_TYPE', field, `expected a Go version string, got ${describe(input)}`, GO_VERSION_ACCEPTED);
  }
  // `runtime.Version()` prints lower case; accept "Go1.21RC2" too rather than fail on case.
  const text = input.trim().toLowerCase();
  const m = GO_VERSION_RE.exec(text);
  if (m === null) {
    throw new ScavsimError('E_PARSE', field, `cannot parse Go version ${showValue(input)}`, GO_VERSION_ACCEPTED);
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = m[3] === undefined ? null : Number(m[3]);
  const pre: GoPrerelease | null = m[4] === undefined ? null : { kind: m[4] as 'beta' | 'rc', n: Number(m[5]) };
  if (major !== 1) {
    throw new ScavsimError('E_UNKNOWN_VERSION', field, `Go ${major}.x does not exist (only Go 1)`, GO_VERSION_ACCEPTED);
  }
  return checkKnown({ major: 1, minor, patch, pre }, field, text);
}

function checkKnown(v: GoVersion, field: string, text: string): GoVersion {
  if (v.minor < OLDEST_KNOWN_GO.minor) {
    throw new ScavsimError('E_UNKNOWN_VERSION', field,
      `${text} is older than go1.5, the oldest version with a policy row`, GO_VERSION_ACCEPTED);
  }
  if (v.minor > NEWEST_KNOWN_GO.minor) {
    throw new ScavsimError('E_UNKNOWN_VERSION', field,
      `${text} is newer than go1.26, the newest version with a policy row; scavsim does not guess ` +
      `how a future runtime scavenges (pass go1.26 to simulate the newest known behaviour)`, GO_VERSION_ACCEPTED);
  }
  return Object.freeze({ major: 1, minor: v.minor, patch: v.patch, pre: v.pre === null ? null : Object.freeze({ ...v.pre }) });
}

function isGoVersionObject(x: unknown): x is GoVersion {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  const natural = (n: unknown, max: number): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;
  const preOk = o['pre'] === null || (typeof o['pre'] === 'object' && o['pre'] !== null
    && ((o['pre'] as Record<string, unknown>)['kind'] === 'beta' || (o['pre'] as Record<string, unknown>)['kind'] === 'rc')
    && natural((o['pre'] as Record<string, unknown>)['n'], 999) && (o['pre'] as Record<string, unknown>)['n'] !== 0);
  return o['major'] === 1 && natural(o['minor'], 9999) && (o['patch'] === null || natural(o['patch'], 99999)) && preOk
    && !(o['patch'] !== null && o['pre'] !== null);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return 'an object that is not a GoVersion';
  return typeof x;
}

/**
 * Formats a version the way the Go toolchain names it: `go1.21.0`, `go1.21rc2`, `go1.15`.
 * `parseGoVersion(formatGoVersion(v))` returns a version equal to `v`.
 */
export function formatGoVersion(v: GoVersion): string {
  if (v.pre !== null) return `go1.${v.minor}${v.pre.kind}${v.pre.n}`;
  return v.patch === null ? `go1.${v.minor}` : `go1.${v.minor}.${v.patch}`;
}

/** The patch used for table lookups: a prerelease or a patch-less version counts as `.0`. */
export function effectivePatch(v: GoVersion): number {
  return v.patch ?? 0;
}

/**
 * Why a version is looked up the way it is, or `null` when it names one exact release.
 * Prereleases and patch-less versions are looked up as the `.0` release of their line.
 */
export function versionLookupNote(v: GoVersion): string | null {
  if (v.pre !== null) {
    return `${formatGoVersion(v)} is a prerelease of go1.${v.minor}; it is simulated as go1.${v.minor}.0, the release it became`;
  }
  if (v.patch === null) {
    return `go1.${v.minor} names no point release; it is simulated as the first release go1.${v.minor}.0 ` +
      `(write e.g. go1.${v.minor}.10 for a later point release)`;
  }
  return null;
}

/**
 * Total order on Go versions: by minor, then prereleases (beta < rc) before the release, then
 * patch; a patch-less `1.N` compares equal to `1.N.0`.
 * @returns negative, zero or positive, like `Array.prototype.sort` comparators
 */
export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  if (a.minor !== b.minor) return a.minor - b.minor;
  const rank = (v: GoVersion): number => (v.pre === null ? 2 : v.pre.kind === 'rc' ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.pre !== null && b.pre !== null) return a.pre.n - b.pre.n;
  return effectivePatch(a) - effectivePatch(b);
}

/**
 * True when `v`, looked up as {@link effectivePatch} does, is at least `1.minor.patch`.
 * This is the comparison the policy table uses: a prerelease of 1.21 counts as 1.21.0.
 */
export function goAtLeast(v: GoVersion, minor: number, patch = 0): boolean {
  return v.minor !== minor ? v.minor > minor : effectivePatch(v) >= patch;
}

/** True when two parsed versions are the same spelling (same minor, patch and prerelease). */
export function goVersionsEqual(a: GoVersion, b: GoVersion): boolean {
  return a.minor === b.minor && a.patch === b.patch
    && (a.pre === null ? b.pre === null : b.pre !== null && a.pre.kind === b.pre.kind && a.pre.n === b.pre.n);
}
