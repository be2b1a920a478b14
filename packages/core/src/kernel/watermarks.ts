/**
 * Zone watermarks, the default `min_free_kbytes`, and `MemAvailable`.
 *
 * Spec linux-kernel.md kernel §3.1, following `__setup_per_zone_wmarks` and `calculate_min_free_kbytes`
 * in mm/page_alloc.c [S-wmark] and `si_mem_available` [S-memavail]:
 *
 *   min_free_kbytes = clamp(int_sqrt(lowmem_kbytes × 16), 128, 262144)
 *   pages_min       = min_free_kbytes >> (PAGE_SHIFT − 10)
 *   min  = pages_min × zone_managed / lowmem_managed           (one zone here: = pages_min)
 *   gap  = max(min / 4, zone_managed × watermark_scale_factor / 10000)
 *   low  = min + gap,   high = min + 2·gap
 *
 * Verified on the measured machine: Normal zone min 10 405, managed 1 245 184 → gap 2 601,
 * low 13 006, high 15 607 [M-wmark]. scavsim models a single zone; the khugepaged raise of
 * min_free_kbytes (`set_recommended_min_free_kbytes`, 67 584 kB on the measured machine) is
 * not applied by default — pass `minFreeKbytes` to reproduce it. watermark_boost is not modelled.
 *
 *   MemAvailable = free − totalreserve + file_lru − min(file_lru / 2, low)   (floored at 0)
 *
 * where totalreserve is the high watermark (plus lowmem_reserve, 0 for a single zone) and
 * file_lru = Active(file) + Inactive(file) includes lazily freed pages [M-1 C: +262 000 kB].
 * The slab/misc reclaimable terms are 0 here.
 *
 * @module
 */

/** Floor of the square root, as the kernel's `int_sqrt`. */
export function intSqrt(x: number): number {
  if (x <= 0) return 0;
  let r = Math.floor(Math.sqrt(x));
  while (r * r > x) r--;
  while ((r + 1) * (r + 1) <= x) r++;
  return r;
}

/** Default `vm.min_free_kbytes` for `lowmemKbytes` of managed memory. */
export function defaultMinFreeKbytes(lowmemKbytes: number): number {
  return Math.min(262_144, Math.max(128, intSqrt(lowmemKbytes * 16)));
}

/** Watermarks of the (single) zone, in pages. */
export interface Watermarks {
  readonly min: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Computes the zone watermarks.
 * @param managedPages pages managed by the zone
 * @param minFreeKbytes `vm.min_free_kbytes`
 * @param pageSize bytes per page
 * @param watermarkScaleFactor `vm.watermark_scale_factor` (default 10 = 0.1 %)
 */
export function zoneWatermarks(managedPages: number, minFreeKbytes: number, pageSize: number, watermarkScaleFactor: number): Watermarks {
  const min = Math.floor(minFreeKbytes / (pageSize / 1024));
  const gap = Math.max(Math.floor(min / 4), Math.floor((managedPages * watermarkScaleFactor) / 10_000));
  return { min, low: min + gap, high: min + 2 * gap };
}

/** `si_mem_available` for one zone, in pages. */
export function memAvailablePages(freePages: number, fileLruPages: number, wm: Watermarks): number {
  const available = freePages - wm.high + fileLruPages - Math.min(Math.floor(fileLruPages / 2), wm.low);
  return Math.max(0, available);
}
