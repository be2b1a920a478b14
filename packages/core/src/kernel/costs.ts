/**
 * CPU costs of the kernel operations a Go process pays for (simulated nanoseconds).
 *
 * Every number comes from kernel §5.1 (measured [M-3] on a 6.18 KVM guest, 2 vCPU,
 * 4 KiB pages, single thread, best of 3; [M-2 rerun] for reclaim). The per-call model was fitted
 * there: a madvise call pays a fixed syscall + VMA-walk part plus a per-present-page part whose
 * slope changes at ~33 pages, where x86 stops flushing the TLB page by page and flushes it whole
 * (`tlb_single_page_flush_ceiling`, kernel constant quoted from memory: UNVERIFIED).
 *
 *   DONTNEED(n) = 1.4 µs + n·380 ns   (n ≤ 33)     n·152 ns + 3 µs   (n > 33)
 *   FREE(n)     = 1.15 µs + n·185 ns  (n ≤ 33)     n·38 ns + 3 µs    (n > 33)
 *
 * n counts the pages present in the range (resident or lazily freed); a call over an empty range
 * costs {@link KernelCosts.emptyCallNs}. The bare-metal values are expected to be lower (the
 * A/D-bit and fault costs are inflated by virtualisation, kernel §10); every constant can be
 * overridden through {@link resolveKernelCosts}.
 *
 * @module
 */
import { checkNumber } from '../units.js';
import { ScavsimError } from '../errors.js';
import type { Advice } from './types.js';

/** The cost constants (ns). */
export interface KernelCosts {
  /** DONTNEED fixed part for small calls: 4 KiB call 1 650–1 880 ns [M-3]. */
  readonly dontneedSmallBaseNs: number;
  /** DONTNEED per page for small calls (≤ knee): 64 KiB call 440–510 ns/page [M-3]. */
  readonly dontneedSmallPerPageNs: number;
  /** DONTNEED per page above the knee: 2 MiB and 64 MiB calls 152–165 ns/page [M-3]. */
  readonly dontneedLargePerPageNs: number;
  /** FREE fixed part for small calls: 4 KiB call 1 300–1 380 ns [M-3]. */
  readonly freeSmallBaseNs: number;
  /** FREE per page for small calls: 64 KiB call 246–268 ns/page [M-3]. */
  readonly freeSmallPerPageNs: number;
  /** FREE per page above the knee: 2 MiB / 64 MiB calls 27–46 ns/page [M-3]. */
  readonly freeLargePerPageNs: number;
  /** Fixed part of a large call ("+ a few µs", kernel §5.1 fitted model). */
  readonly largeBaseNs: number;
  /** Pages per call above which the large-call slope applies (x86 full TLB flush ceiling, 33). */
  readonly kneePages: number;
  /** A call over a range with no present page: 260–440 ns for 4 KiB–2 MiB [M-3]. */
  readonly emptyCallNs: number;
  /** Write fault on an absent page (allocate + zero + memcg charge + LRU add): 1.84–2.0 µs [M-3]. */
  readonly faultNsPerPage: number;
  /** Read of an absent page (maps the shared zero page): ~0.9 µs [M-1 F]. */
  readonly zeroPageReadNsPerPage: number;
  /** First write to a lazily freed page (PTE accessed/dirty-bit update, no fault): 415–520 ns [M-3, M-5]. */
  readonly lazyFirstWriteNsPerPage: number;
  /** Discarding a clean lazily freed page in reclaim, paid by whoever triggered it: ≈0.4 µs [M-2 rerun]. */
  readonly reclaimNsPerPage: number;
  /**
   * Extra delay per page charged while a v2 cgroup stays above `memory.high` after reclaim.
   * The kernel's penalty (`calculate_high_delay`, up to 2 s per return to user space) is not
   * modelled in detail: UNVERIFIED rough value.
   */
  readonly memoryHighPenaltyNsPerPage: number;
}

/** The measured defaults (kernel §5.1). */
export const DEFAULT_KERNEL_COSTS: KernelCosts = Object.freeze({
  dontneedSmallBaseNs: 1400,
  dontneedSmallPerPageNs: 380,
  dontneedLargePerPageNs: 152,
  freeSmallBaseNs: 1150,
  freeSmallPerPageNs: 185,
  freeLargePerPageNs: 38,
  largeBaseNs: 3000,
  kneePages: 33,
  emptyCallNs: 400,
  faultNsPerPage: 1900,
  zeroPageReadNsPerPage: 900,
  lazyFirstWriteNsPerPage: 450,
  reclaimNsPerPage: 400,
  memoryHighPenaltyNsPerPage: 10_000,
});

/**
 * Merges overrides into the defaults, validating each value.
 * @param overrides any subset of {@link KernelCosts}
 * @param field config path reported in errors (e.g. `machine.costs`)
 * @throws {@link ScavsimError} `E_TYPE`, `E_UNKNOWN_NAME` or `E_RANGE`
 */
export function resolveKernelCosts(overrides: Partial<KernelCosts> | undefined, field = 'kernel.costs'): KernelCosts {
  if (overrides === undefined) return DEFAULT_KERNEL_COSTS;
  if (typeof overrides !== 'object' || overrides === null) {
    throw new ScavsimError('E_TYPE', field, 'expected an object of cost overrides');
  }
  const out: Record<string, number> = { ...DEFAULT_KERNEL_COSTS };
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in DEFAULT_KERNEL_COSTS)) {
      throw new ScavsimError('E_UNKNOWN_NAME', `${field}.${k}`, 'unknown cost constant', Object.keys(DEFAULT_KERNEL_COSTS).join(', '));
    }
    out[k] = k === 'kneePages' ? checkNumber(v, `${field}.${k}`, 1, 1e6) : checkNumber(v, `${field}.${k}`, 0, 1e9);
  }
  return Object.freeze(out as unknown as KernelCosts);
}

/**
 * Cost of one madvise call over a range holding `presentPages` resident or lazily freed pages.
 * @param advice the advice actually applied
 */
export function madviseCostNs(costs: KernelCosts, advice: Advice, presentPages: number): number {
  if (presentPages <= 0) return costs.emptyCallNs;
  if (advice === 'MADV_DONTNEED') {
    return presentPages <= costs.kneePages
      ? costs.dontneedSmallBaseNs + presentPages * costs.dontneedSmallPerPageNs
      : costs.largeBaseNs + presentPages * costs.dontneedLargePerPageNs;
  }
  return presentPages <= costs.kneePages
    ? costs.freeSmallBaseNs + presentPages * costs.freeSmallPerPageNs
    : costs.largeBaseNs + presentPages * costs.freeLargePerPageNs;
}
