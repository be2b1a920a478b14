/**
 * A minimal Linux kernel version parser for the policy layer (`uname -r` spellings such as
 * `4.14`, `5.15.0-91-generic`, `3.10.0-1160.el7.x86_64`, `6.18.44`).
 *
 * The policy layer needs only major.minor to decide MADV_FREE availability (4.5) and the
 * swapless MADV_FREE-as-DONTNEED behaviour (4.5–4.11) (spec linux-kernel.md §2.1, §6). The
 * kernel model has its own parser (`kernel/kernel-version.ts`); this one exists so that
 * `policy/` has no dependency on it and should be deduplicated once both exist.
 *
 * Known range: 2.6 up to 7.x. Older kernels cannot run any Go release scavsim models (Go 1.5
 * needs 2.6.23); 8.0 and later do not exist yet, so they are rejected rather than assumed.
 * 7.x is accepted: madvise semantics are stable ABI, and the newest measured kernel is 6.18.
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import { parseKernelVersion as parseKernelRelease } from '../kernel/kernel-version.js';

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

/** The `accepted` text of every kernel-version error. */
export const KERNEL_VERSION_ACCEPTED =
  'a Linux kernel release from 2.6 to 7.x as `uname -r` prints it, e.g. "4.14", "5.15.0-91-generic", "6.18.44"';

/**
 * Parses a kernel version (or validates a parsed one). String parsing and the known range are
 * the kernel model's (kernel/kernel-version.ts); this adds the policy layer's view of it
 * (patch absent vs 0, distribution suffix).
 * @throws {@link ScavsimError} `E_TYPE`, `E_PARSE` or `E_UNKNOWN_VERSION`, naming `field`
 */
export function parseKernelVersion(input: unknown, field = 'kernel'): KernelVersion {
  if (typeof input === 'object' && input !== null && isKernelVersion(input)) {
    if (input.major < 2 || (input.major === 2 && input.minor < 6) || input.major >= 8) {
      throw new ScavsimError('E_UNKNOWN_VERSION', field, `kernel ${formatKernelVersion(input)} is outside the known range`, KERNEL_VERSION_ACCEPTED);
    }
    return Object.freeze({ major: input.major, minor: input.minor, patch: input.patch, suffix: input.suffix });
  }
  if (typeof input !== 'string') {
    throw new ScavsimError('E_TYPE', field, `expected a kernel version string, got ${input === null ? 'null' : typeof input}`,
      KERNEL_VERSION_ACCEPTED);
  }
  const k = parseKernelRelease(input, field);
  const numeric = /^v?\d+\.\d+(\.\d+)?/.exec(k.text)!;
  const rest = k.text.slice(numeric[0].length);
  return Object.freeze({ major: k.major, minor: k.minor, patch: numeric[1] === undefined ? null : k.patch, suffix: rest === '' ? null : rest });
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
