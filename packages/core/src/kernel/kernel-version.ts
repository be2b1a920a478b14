/**
 * Kernel versions as users write them, and what each one does with MADV_FREE.
 *
 * A version is whatever `uname -r` prints or a user types: "4.14", "5.10", "4.4.0-210-generic",
 * "6.18.44-fc-v657". Only major.minor.patch matter to scavsim; the distro suffix is kept for
 * display but never interpreted (distro backports can change behaviour; kernel §6
 * says to probe at run time, which the simulator cannot do, so it trusts the number). The
 * machine parses its kernel once and hands the parsed value down; the policy layer reads the
 * same type and the same MADV_FREE rule ({@link madviseFreeSupport}).
 *
 * Known range: 2.6 up to 7.x. Older kernels cannot run any Go release scavsim models (Go 1.5
 * needs 2.6.23); 8.0 and later do not exist yet, so they are rejected rather than assumed.
 * 7.x is accepted: madvise semantics are stable ABI, and the newest measured kernel is 6.18.
 *
 * MADV_FREE by version (kernel §2.1, kernel §6):
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

/** A parsed kernel release. */
export interface KernelVersion {
  /** `4` of `4.14.355`. */
  readonly major: number;
  /** `14` of `4.14.355`. */
  readonly minor: number;
  /** The third number, or `null` when absent (`4.14`). */
  readonly patch: number | null;
  /** Distribution suffix after the numbers (`-91-generic`), or `null`. */
  readonly suffix: string | null;
}

/** What `madvise(MADV_FREE)` does on a kernel (kernel §2.1). */
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
  /**
   * For `LAZY`: the LRU the lazily freed pages wait on: the inactive anon list (4.5–4.11 with
   * swap, 10853a039208) or the inactive file list (4.12+, f7ad2a6cb9f7); `null` otherwise.
   */
  readonly lru: 'anon' | 'file' | null;
  /** One sentence explaining why, citing the kernel commit. */
  readonly reason: string;
}

/** The `accepted` text of every kernel-version error. */
export const KERNEL_VERSION_ACCEPTED =
  'a Linux kernel release from 2.6 to 7.x as `uname -r` prints it, e.g. "4.14", "5.15.0-91-generic", "6.18.44"';

function checkRange(k: { major: number; minor: number }, field: string): void {
  // 2.6 (oldest kernel any modelled Go release runs on) up to 7.x.
  if (k.major < 2 || (k.major === 2 && k.minor < 6) || k.major >= 8) {
    throw new ScavsimError('E_UNKNOWN_VERSION', field, `kernel ${k.major}.${k.minor} is outside the known range`, KERNEL_VERSION_ACCEPTED);
  }
}

/**
 * Parses a kernel version as `uname -r` prints it or a user types it (or validates a parsed one).
 * @param input e.g. "4.14", "4.4.0-210-generic", "6.18.44-fc-v657", or a {@link KernelVersion}
 * @param field the config path or flag reported in the error
 * @throws {@link ScavsimError} `E_TYPE` for anything else, `E_PARSE` for a string without a
 *   leading `major.minor`, `E_UNKNOWN_VERSION` outside 2.6–7.x
 */
export function parseKernelVersion(input: unknown, field = 'kernel'): KernelVersion {
  if (typeof input === 'object' && input !== null && isKernelVersion(input)) {
    checkRange(input, field);
    return Object.freeze({ major: input.major, minor: input.minor, patch: input.patch, suffix: input.suffix });
  }
  if (typeof input !== 'string') {
    throw new ScavsimError('E_TYPE', field, `expected a kernel version string, got ${input === null ? 'null' : typeof input}`, KERNEL_VERSION_ACCEPTED);
  }
  const text = input.trim();
  // major.minor[.patch] then optionally a suffix starting with '-', '+', '_' or '~' (distro tags).
  const m = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?([-+_~][0-9A-Za-z.+_~-]*)?$/.exec(text);
  if (!m) throw new ScavsimError('E_PARSE', field, `cannot parse kernel version "${input}"`, KERNEL_VERSION_ACCEPTED);
  const k = { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? null : Number(m[3]), suffix: m[4] ?? null };
  checkRange(k, field);
  return Object.freeze(k);
}

function isKernelVersion(o: object): o is KernelVersion {
  const r = o as Record<string, unknown>;
  const nat = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 999_999;
  return nat(r['major']) && nat(r['minor']) && (r['patch'] === null || nat(r['patch']))
    && (r['suffix'] === null || typeof r['suffix'] === 'string');
}

/** Formats a kernel version back to its release string (`5.15.0-91-generic`). */
export function formatKernelVersion(k: KernelVersion): string {
  return `${k.major}.${k.minor}${k.patch === null ? '' : `.${k.patch}`}${k.suffix ?? ''}`;
}

/** True when `k` is at least `major.minor` (patch and suffix are ignored, as for feature checks). */
export function kernelAtLeast(k: KernelVersion, major: number, minor: number): boolean {
  return k.major !== major ? k.major > major : k.minor >= minor;
}

/** Short `major.minor` text used in reason strings (`4.9`). */
export function kernelShort(k: KernelVersion): string {
  return `${k.major}.${k.minor}`;
}

/**
 * What MADV_FREE does on `kernel` (kernel §2.1, kernel §6): the one place the 4.5, 4.12
 * and swap rule is written.
 * @param kernel the running kernel
 * @param swapFree true when the machine has free swap at the time of the call (only matters
 *   on 4.5–4.11, where the check is made per call)
 */
export function madviseFreeSupport(kernel: KernelVersion, swapFree: boolean): MadviseFreeSupport {
  const text = formatKernelVersion(kernel);
  if (!kernelAtLeast(kernel, 4, 5)) {
    return {
      mode: 'EINVAL', lru: null,
      reason: `kernel ${text} predates MADV_FREE (854e9ed09ded "mm: support madvise(MADV_FREE)", 4.5): madvise_behavior_valid() rejects it with EINVAL`,
    };
  }
  if (!kernelAtLeast(kernel, 4, 12)) {
    return swapFree
      ? {
          mode: 'LAZY', lru: 'anon',
          reason: `kernel ${text} (4.5–4.11) frees lazily when swap is available; pages stay on the inactive anon LRU (10853a039208) until anon reclaim`,
        }
      : {
          mode: 'DONTNEED', lru: null,
          reason: `kernel ${text} (4.5–4.11) has no free swap: madvise_vma() treats MADV_FREE as MADV_DONTNEED ("MADV_FREE works like MADV_DONTNEED on swapless system or full swap", removed by 93e06c7a6453 in 4.12)`,
        };
  }
  return {
    mode: 'LAZY', lru: 'file',
    reason: `kernel ${text} (4.12+) moves MADV_FREE pages to the inactive file LRU (f7ad2a6cb9f7) and discards them under pressure even without swap (802a3a92ad7a, 93e06c7a6453)`,
  };
}
