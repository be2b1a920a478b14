/**
 * How to build a machine: the config as users write it, checked and turned into pages.
 *
 * Defaults are the measured machine's (kernel 6.18, 4 KiB pages, no swap); `min_free_kbytes`
 * and the zone watermarks follow mm/page_alloc.c (watermarks.ts, kernel §3.1).
 *
 * @module
 */
import { ScavsimError } from '../errors.js';
import { checkInt, checkNumber, checkPowerOfTwo, parseSize } from '../units.js';
import type { SizeInput } from '../units.js';
import { resolveKernelCosts } from './costs.js';
import type { KernelCosts } from './costs.js';
import { parseKernelVersion } from './kernel-version.js';
import type { KernelVersion } from './kernel-version.js';
import type { Memcg } from './memcg.js';
import { defaultMinFreeKbytes, zoneWatermarks } from './watermarks.js';
import type { Watermarks } from './watermarks.js';
import { parseThpMode, type ThpMode } from './transparent-huge-pages.js';

/** How to build a machine. */
export interface MachineConfig {
  /** Physical memory (MemTotal). */
  readonly memTotal: SizeInput;
  /** OS page size: a power of two from 4096 to 65536 (default 4096). */
  readonly pageSize?: number;
  /** Kernel version as `uname -r` prints it (default "6.18.44", the measured machine). */
  readonly kernel?: string;
  /** Swap size (default 0). Swap-out is not modelled; it only matters for MADV_FREE on 4.5–4.11. */
  readonly swapTotal?: SizeInput;
  /** `vm.min_free_kbytes` (default: clamp(int_sqrt(lowmem_kbytes·16), 128, 262144)). */
  readonly minFreeKbytes?: number;
  /** `vm.watermark_scale_factor` (default 10, range 1–3000). */
  readonly watermarkScaleFactor?: number;
  /** Clean page cache present at start, in the root cgroup, older than anything freed later (default 0). */
  readonly pageCache?: SizeInput;
  /** Memory used by things not modelled (kernel, other services), never reclaimable (default 0). */
  readonly otherUsed?: SizeInput;
  /** Cost overrides (costs.ts). */
  readonly costs?: Partial<KernelCosts>;
  /** kswapd's reclaim budget per simulated ms (default 2 500 pages ≈ 1 / 0.4 µs). */
  readonly kswapdPagesPerMs?: number;
  /**
   * Transparent huge pages, `/sys/kernel/mm/transparent_hugepage/enabled`: `always`, `madvise`
   * (default, as on the machine the traces were recorded on) or `never`
   * (transparent-huge-pages.ts).
   */
  readonly thp?: ThpMode;
}

/** How to create a process. */
export interface ProcessConfig {
  /** Process name (`comm`). */
  readonly name: string;
  /** Its memory cgroup (a name or the object); default the root. */
  readonly cgroup?: string | Memcg | undefined;
  /** Mapped file pages (binary, libraries): in VmRSS as RssFile, not charged to the memcg (default 0). */
  readonly fileRss?: SizeInput | undefined;
}

/** A {@link MachineConfig} checked, with defaults applied and sizes in pages. */
export interface ResolvedMachineConfig {
  /** OS page size in bytes. */
  readonly pageSize: number;
  /** The running kernel. */
  readonly kernel: KernelVersion;
  /** Cost constants. */
  readonly costs: KernelCosts;
  /** Managed pages (MemTotal / pageSize). */
  readonly managedPages: number;
  /** Swap pages. */
  readonly swapPages: number;
  /** `vm.min_free_kbytes` in effect. */
  readonly minFreeKbytes: number;
  /** Zone watermarks (pages). */
  readonly watermarks: Watermarks;
  /** kswapd's reclaim budget per simulated ms (pages). */
  readonly kswapdPagesPerMs: number;
  /** Pages used by things not modelled. */
  readonly otherPages: number;
  /** Page cache present at start (pages). */
  readonly cachePages: number;
  /** Transparent huge page mode. */
  readonly thpMode: ThpMode;
}

/**
 * Checks a machine config and applies its defaults.
 * @param field config path prefix used in errors (e.g. `machine`)
 * @throws {@link ScavsimError} naming the offending `machine.*` field
 */
export function resolveMachineConfig(cfg: MachineConfig, field: string): ResolvedMachineConfig {
  if (typeof cfg !== 'object' || cfg === null) throw new ScavsimError('E_TYPE', field, 'expected a machine config object');
  const pageSize = checkPowerOfTwo(cfg.pageSize ?? 4096, `${field}.pageSize`, 4096, 65536);
  const kernel = parseKernelVersion(cfg.kernel ?? '6.18.44', `${field}.kernel`);
  const costs = resolveKernelCosts(cfg.costs, `${field}.costs`);
  const ps = pageSize;
  const memTotal = parseSize(cfg.memTotal, `${field}.memTotal`);
  const managedPages = Math.floor(memTotal / ps);
  if (managedPages < 256) {
    throw new ScavsimError('E_RANGE', `${field}.memTotal`, `${memTotal} bytes is too small`, `at least 256 pages (${256 * ps} bytes)`);
  }
  const swapPages = Math.floor(parseSize(cfg.swapTotal ?? 0, `${field}.swapTotal`) / ps);
  const minFreeKbytes = cfg.minFreeKbytes === undefined
    ? defaultMinFreeKbytes((managedPages * ps) / 1024)
    : checkInt(cfg.minFreeKbytes, `${field}.minFreeKbytes`, 0, Math.floor((managedPages * ps) / 1024 / 4));
  const wsf = checkInt(cfg.watermarkScaleFactor ?? 10, `${field}.watermarkScaleFactor`, 1, 3000);
  const watermarks = zoneWatermarks(managedPages, minFreeKbytes, ps, wsf);
  const kswapdPagesPerMs = checkNumber(cfg.kswapdPagesPerMs ?? 2500, `${field}.kswapdPagesPerMs`, 0, 1e9);
  const thpMode = parseThpMode(cfg.thp, `${field}.thp`);
  const otherPages = Math.ceil(parseSize(cfg.otherUsed ?? 0, `${field}.otherUsed`) / ps);
  const cachePages = Math.floor(parseSize(cfg.pageCache ?? 0, `${field}.pageCache`) / ps);
  if (otherPages + cachePages > managedPages) {
    throw new ScavsimError('E_CONFLICT', `${field}.otherUsed`, 'otherUsed + pageCache exceed memTotal', 'otherUsed + pageCache ≤ memTotal');
  }
  return { pageSize, kernel, costs, managedPages, swapPages, minFreeKbytes, watermarks, kswapdPagesPerMs, otherPages, cachePages, thpMode };
}
