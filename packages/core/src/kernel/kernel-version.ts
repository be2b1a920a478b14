/**
 * Kernel versions as users write them, and what each one does with MADV_FREE.
 *
 * A version is whatever `uname -r` prints or a user types: "4.14", "5.10", "4.4.0-210-generic",
 * "6.18.44-fc-v657". Only major.minor.patch matter to scavsim; the distro suffix is kept for
 * display but never interpreted (distro backports can change behaviour; spec linux-kernel.md §6
 * says to probe at run time, which the simulator cannot do, so it trusts the number).
 *
 * MADV_FREE by version (spec linux-kernel.md §2.1, §6):
 *
 *   - < 4.5: the advice value is not in `madvise_behavior_valid()`, the call fails with EINVAL
 *     [S-madvise-3.x]; MADV_FREE arrived with 854e9ed09ded "mm: support madvise(MADV_FREE)" (4.5).
 *   - 4.5 – 4.11: accepted, but `madvise_vma()` falls through to `madvise_dontneed()` when
 *     `get_nr_swap_pages() <= 0` ("MADV_FREE works like MADV_DONTNEED on swapless system or full
 *     swap"), checked per call [S-madvise-802a3a9]. With free swap the pages are freed lazily
 *     (kept on the inactive *anon* LRU by 10853a039208 [C-10853a0]).
 *   - 4.12+: lazy on every system; pages move to the inactive *file* LRU and are discarded
 *     without swap (f7ad2a6cb9f7, 802a3a92ad7a, 93e06c7a6453 [C-f7ad2a6, C-802a3a9, C-93e06c7]).
 *
 * @module
 */
import { ScavsimError } from '../errors.js';

/** A parsed kernel version. */
export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The text the version was parsed from (trimmed), for display. */
  readonly text: string;
}

/** What `madvise(MADV_FREE)` does on a kernel (spec linux-kernel.md §2.1). */
export type MadviseFreeMode =
  /** Rejected with EINVAL (< 4.5). The Go runtime then falls back to MADV_DONTNEED. */
  | 'EINVAL'
  /** Accepted but applied as MADV_DONTNEED (4.5–4.11 with no free swap). */
  | 'DONTNEED'
  /** Lazy free: pages stay in RSS until reclaim discards them. */
  | 'LAZY';

/** {@link madviseFreeSupport}'s answer. */
export interface MadviseFreeSupport {
  readonly mode: MadviseFreeMode;
  /** One sentence explaining why, citing the kernel commit. */
  readonly reason: string;
}

const ACCEPTED = 'a kernel version such as "4.14", "5.10", "4.4.0-210-generic" or "6.18.44-fc-v657"';

/**
 * Parses a kernel version as `uname -r` prints it or a user types it.
 * @param input e.g. "4.14", "4.4.0-210-generic", "6.18.44-fc-v657"
 * @param field the config path or flag reported in the error
 * @throws {@link ScavsimError} `E_TYPE` for a non-string, `E_PARSE` for anything without a
 *   leading `major.minor`
 */
export function parseKernelVersion(input: unknown, field: string): KernelVersion {
  if (typeof input !== 'string') {
    throw new ScavsimError('E_TYPE', field, `expected a kernel version string, got ${typeof input}`, ACCEPTED);
  }
  const text = input.trim();
  // major.minor[.patch] then optionally a suffix starting with '-', '+', '_' or '~' (distro tags).
  const m = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?(?:[-+_~][0-9A-Za-z.+_~-]*)?$/.exec(text);
  if (!m) throw new ScavsimError('E_PARSE', field, `cannot parse kernel version "${input}"`, ACCEPTED);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = m[3] === undefined ? 0 : Number(m[3]);
  // Same known range as policy/kernel-version.ts: 2.6 (oldest kernel any modelled Go release
  // runs on) up to 7.x; anything else is a version scavsim has no policy for.
  if (major < 2 || (major === 2 && minor < 6) || major >= 8) {
    throw new ScavsimError('E_UNKNOWN_VERSION', field, `kernel ${major}.${minor} is outside the known range`, 'a kernel from 2.6 to 7.x');
  }
  return { major, minor, patch, text };
}

/** Compares two versions: negative if a < b, 0 if equal (ignoring suffixes), positive if a > b. */
export function compareKernelVersions(a: KernelVersion, b: Pick<KernelVersion, 'major' | 'minor'> & { patch?: number }): number {
  return a.major - b.major || a.minor - b.minor || a.patch - (b.patch ?? 0);
}

/** True when `k` is at least major.minor. */
export function kernelAtLeast(k: KernelVersion, major: number, minor: number): boolean {
  return compareKernelVersions(k, { major, minor }) >= 0;
}

/**
 * Any parsed kernel version: this module's `KernelVersion` or the policy layer's
 * (policy/kernel-version.ts), which share major and minor.
 */
export interface KernelVersionLike {
  readonly major: number;
  readonly minor: number;
  readonly text?: string;
}

function atLeast(k: KernelVersionLike, major: number, minor: number): boolean {
  return k.major !== major ? k.major > major : k.minor >= minor;
}

/**
 * What MADV_FREE does on `kernel` (spec linux-kernel.md §2.1, §6).
 * @param kernel the running kernel
 * @param swapFree true when the machine has free swap at the time of the call (only matters
 *   on 4.5–4.11, where the check is made per call)
 */
export function madviseFreeSupport(kernel: KernelVersionLike, swapFree: boolean): MadviseFreeSupport {
  const text = kernel.text ?? `${kernel.major}.${kernel.minor}`;
  kernel = { major: kernel.major, minor: kernel.minor, text };
  if (!atLeast(kernel, 4, 5)) {
    return {
      mode: 'EINVAL',
      reason: `kernel ${text} predates MADV_FREE (854e9ed09ded "mm: support madvise(MADV_FREE)", 4.5): madvise_behavior_valid() rejects it with EINVAL`,
    };
  }
  if (!atLeast(kernel, 4, 12)) {
    return swapFree
      ? {
          mode: 'LAZY',
          reason: `kernel ${text} (4.5–4.11) frees lazily when swap is available; pages stay on the inactive anon LRU (10853a039208) until anon reclaim`,
        }
      : {
          mode: 'DONTNEED',
          reason: `kernel ${text} (4.5–4.11) has no free swap: madvise_vma() treats MADV_FREE as MADV_DONTNEED ("MADV_FREE works like MADV_DONTNEED on swapless system or full swap", removed by 93e06c7a6453 in 4.12)`,
        };
  }
  return {
    mode: 'LAZY',
    reason: `kernel ${text} (4.12+) moves MADV_FREE pages to the inactive file LRU (f7ad2a6cb9f7) and discards them under pressure even without swap (802a3a92ad7a, 93e06c7a6453)`,
  };
}
