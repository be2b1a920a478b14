/**
 * Transparent huge pages (THP) of one address space: which PMD-sized regions (2 MiB with 4 KiB
 * pages) may be, and are, backed by one huge page, and what faults, madvise and reclaim do to
 * them. The pages themselves stay in the per-page store (page-states.ts); this module keeps one
 * byte of flags per region and tells the address space which whole regions to fault in, split
 * or discard.
 *
 * Mechanism, as the kernel does it (mm/huge_memory.c, mm/madvise.c, mm/khugepaged.c of 6.x;
 * measured on 6.18 [kernel §1, kernel §2.6, M-1 I, M-2 free_thp]):
 *
 * - **Mode** (`/sys/kernel/mm/transparent_hugepage/enabled`): `always` (every anonymous VMA
 *   without VM_NOHUGEPAGE), `madvise` (only VMAs with VM_HUGEPAGE; the default of the machine
 *   the traces were recorded on), `never`. Checked at fault time (`thp_vma_allowable_order`,
 *   mm/huge_memory.c).
 * - **Flags**: `madvise(MADV_HUGEPAGE)` sets VM_HUGEPAGE on the range and clears VM_NOHUGEPAGE,
 *   `MADV_NOHUGEPAGE` the reverse (`hugepage_madvise`, mm/khugepaged.c); the VMA is split at the
 *   range's ends. A region qualifies only when its aligned 2 MiB lies in one VMA
 *   (`thp_vma_suitable_order`), so a region whose flags differ inside it never gets a huge
 *   page: kept here as "no THP" until a call covers the whole region again. Changing the flag
 *   does not split or collapse a huge page already there.
 * - **Fault**: the first write into a qualifying region whose PMD is empty (no page of it was
 *   ever mapped with a page table, `do_huge_pmd_anonymous_page`) maps a whole huge page: RSS
 *   and `AnonHugePages` +2 MiB at once, one fault. A region that already has a page table
 *   faults 4 KiB pages for ever after here: page tables emptied by MADV_DONTNEED are freed only
 *   by recent x86-64 kernels (`reclaim_pt`, ≈6.14, UNVERIFIED; kernel §1), not modelled.
 *   When the huge page cannot be charged without reclaim the fault falls back to 4 KiB pages
 *   (the kernel tries reclaim once for a THP charge and never OOM-kills for it,
 *   `try_charge_memcg`, mm/memcontrol.c; that one reclaim attempt is not modelled).
 * - **MADV_DONTNEED / MADV_FREE** over a whole PMD-mapped huge page zap it / mark it lazily
 *   freed whole (`zap_huge_pmd`, `madvise_free_huge_pmd`); over part of it the PMD is split
 *   (`thp_split_pmd` +1, `AnonHugePages` −2 MiB) and only the covered subpages are zapped or
 *   lazily freed [kernel §1, kernel §2.6; M-1 I: "1 MiB of a THP → thp_split_pmd +1, AnonHugePages
 *   −2048 kB"].
 * - **A write to a lazily freed huge page** dirties the PMD, so the whole 2 MiB is no longer
 *   `LazyFree` (`smaps_pmd_entry` accounts the PMD as one) and reclaim puts it back to anon.
 * - **Reclaim of a lazily freed huge page**: the whole 2 MiB is discarded at once. On the 6.18
 *   machine of the traces every reclaimed lazy THP also counted one `thp_split_pmd` (pressure
 *   traces: Δ 197 splits with Δ `pglazyfreed` = 197 × 512 + the 4 KiB pages), and `pglazyfreed`
 *   advanced in multiples of 512 [M-2 free_thp]: `try_to_unmap_one` splits the PMD
 *   (TTU_SPLIT_HUGE_PMD) and the folio is freed whole. 735ecdfaf4e8 (≈6.11, UNVERIFIED) avoids
 *   the split for clean folios whose references allow it; the traces show the split anyway,
 *   so it is modelled on every kernel version. Whether kernels before 6.11 free all 512
 *   subpages in the same pass after the split is UNVERIFIED; modelled the same.
 * - **MADV_COLLAPSE** (6.1+, mm/khugepaged.c `madvise_collapse`): collapses each whole region
 *   of the range into a huge page now, independent of the mode but refused by VM_NOHUGEPAGE;
 *   absent subpages are filled (RSS grows). Earlier kernels return EINVAL (Go ignores it).
 * - **khugepaged is not modelled**: in `always` mode, or on VM_HUGEPAGE regions, it collapses
 *   regions with up to `max_ptes_none` (511) absent pages in the background at
 *   `pages_to_scan` (4096) pages per `scan_sleep_millisecs` (10 s). Its scan order over
 *   processes and VMAs is not something the traces or the spec pin down, so a model of it would
 *   be a guess; runs that depend on it (Go 1.21.4+ on an `always` machine, #64332) therefore
 *   under-state RSS.
 *
 * Costs [kernel §5.1, M-3]: a huge-page fault ≈ 330 µs (640–680 ns per 4 KiB equivalent);
 * MADV_DONTNEED of a whole huge page 6.9–7.6 µs, MADV_FREE 1.6 µs.
 *
 * Work: one byte per region in sparse groups; a write looks at the regions it overlaps only
 * when a huge page could be involved (a mode and flags that allow one, or huge pages present).
 *
 * @module
 */
import { ScavsimError, showValue } from '../errors.js';

/** The THP modes of `/sys/kernel/mm/transparent_hugepage/enabled`. */
export const THP_MODES = ['always', 'madvise', 'never'] as const;
/** One of {@link THP_MODES}. */
export type ThpMode = (typeof THP_MODES)[number];
/** The THP mode of the machine the fidelity traces were recorded on (trace headers, `thp_enabled`). */
export const DEFAULT_THP_MODE: ThpMode = 'madvise';

/** The huge-page advice values the Go runtime uses (go §2.3). */
export type HugePageAdvice = 'MADV_HUGEPAGE' | 'MADV_NOHUGEPAGE' | 'MADV_COLLAPSE';

/** Fault cost of one huge page: 640–680 ns per 4 KiB equivalent, ≈ 330 µs per 2 MiB [kernel §5.1]. */
export const HUGE_FAULT_NS_PER_4K = 660;
/** MADV_DONTNEED of one PMD-mapped huge page: 6.9–7.6 µs [kernel §5.1]. */
export const HUGE_DONTNEED_NS = 7_200;
/** MADV_FREE of one PMD-mapped huge page: 1.6 µs [kernel §5.1]. */
export const HUGE_FREE_NS = 1_600;

/**
 * Validates a THP mode as a user wrote it.
 * @throws {@link ScavsimError} `E_RANGE` naming `field`
 */
export function parseThpMode(input: unknown, field: string): ThpMode {
  if (input === undefined) return DEFAULT_THP_MODE;
  if (typeof input === 'string' && (THP_MODES as readonly string[]).includes(input)) return input as ThpMode;
  throw new ScavsimError('E_RANGE', field, `unknown THP mode ${showValue(input)}`, THP_MODES.map((m) => `"${m}"`).join(', '));
}

// Flag bits of a region.
/** VM_HUGEPAGE on the whole region. */
const F_ADVISED = 1;
/** VM_NOHUGEPAGE on some of it, or flags that differ inside it (two VMAs): never a huge page. */
const F_REFUSED = 2;
/** A page table exists (some page was mapped with 4 KiB PTEs): faults are 4 KiB. */
const F_PTE = 4;
/** PMD-mapped huge page. */
const F_HUGE = 8;
/** The huge page is lazily freed whole (MADV_FREE over all of it, not written since). */
const F_LAZY = 16;

/** Regions per stored group (a `Uint8Array` of flags; 64 GiB of 2 MiB regions). */
const GROUP = 1 << 15;

/** What the THP model needs of its address space. */
export interface ThpPages {
  /** The machine's THP mode. */
  readonly mode: ThpMode;
  /** Whether every page of [p0, p1) is absent. */
  allAbsent(p0: number, p1: number): boolean;
  /** Whether `n` pages can be charged without reclaim right now. */
  fits(n: number): boolean;
  /** Writes pages [p0, p1): absent ones fault in; returns false if the process died meanwhile. */
  fill(p0: number, p1: number): boolean;
  /** A PMD was split (`thp_split_pmd` +1, machine-wide). */
  split(): void;
}

/** What {@link TransparentHugePages.advise} returns for the flag calls: no region (never written to). */
const NO_REGIONS: number[] = [];

/** The THP state of one address space. */
export class TransparentHugePages {
  /** The machine's mode. */
  private readonly mode: ThpMode;
  /** OS pages per region (PMD size / page size: 512 with 4 KiB pages). */
  readonly regionPages: number;
  /** PMD-mapped huge pages now (`AnonHugePages` = this × region bytes). */
  hugeRegions = 0;
  /** PMD splits in this address space (its share of `thp_split_pmd`). */
  splits = 0;
  /** Huge-page faults taken (one per huge page). */
  hugeFaults = 0;
  private readonly groups = new Map<number, Uint8Array>();
  private cacheKey = -1;
  private cacheGroup: Uint8Array | undefined = undefined;
  /** True once any region got VM_HUGEPAGE (in `madvise` mode nothing can fault huge before). */
  private everAdvised = false;

  /** @param pageSize OS page size; a page table holds pageSize / 8 entries, so a PMD maps that many pages. */
  constructor(private readonly pages: ThpPages, pageSize: number) {
    this.regionPages = pageSize / 8;
    this.mode = pages.mode;
  }

  /**
   * Whether a write may involve a huge page: huge pages exist, or the mode and flags allow one
   * (in `madvise` mode nothing can fault huge before some region got VM_HUGEPAGE). Writes skip
   * this module otherwise.
   */
  get engaged(): boolean {
    return this.hugeRegions > 0 || this.mode === 'always' || (this.mode === 'madvise' && this.everAdvised);
  }

  /** `AnonHugePages` in pages. */
  get hugePages(): number {
    return this.hugeRegions * this.regionPages;
  }

  /** Flags of region `r` (0 when never stored). */
  private flags(r: number): number {
    const g = this.group(r, false);
    return g === undefined ? 0 : g[r % GROUP]!;
  }

  private setFlags(r: number, f: number): void {
    this.group(r, true)![r % GROUP] = f;
  }

  private group(r: number, create: boolean): Uint8Array | undefined {
    const k = Math.floor(r / GROUP);
    if (k === this.cacheKey) return this.cacheGroup;
    let g = this.groups.get(k);
    if (g === undefined) {
      if (!create) return undefined;
      g = new Uint8Array(GROUP);
      this.groups.set(k, g);
    }
    this.cacheKey = k;
    this.cacheGroup = g;
    return g;
  }

  /** Whether a region with flags `f` may get a huge page on a fault in this mode. */
  private qualifies(f: number, mode: ThpMode): boolean {
    if (mode === 'never' || (f & F_REFUSED) !== 0) return false;
    return mode === 'always' || (f & F_ADVISED) !== 0;
  }

  /**
   * Before a write over pages [p0, p1): faults whole huge pages into qualifying empty regions,
   * and re-dirties whole lazily freed huge pages. Returns the cost of the huge-page faults (ns).
   */
  beforeWrite(p0: number, p1: number): number {
    const mode = this.mode;
    const faultable = mode === 'always' || (mode === 'madvise' && this.everAdvised);
    if (!faultable && this.hugeRegions === 0) return 0;
    const rp = this.regionPages;
    let cost = 0;
    // Consecutive regions to write whole are written in one call, so that a large write keeps
    // whole blocks of the page store uniform (page-store.ts) instead of one call per region.
    let runP0 = -1;
    let runP1 = -1;
    let runNew = 0; // pages of new huge pages in the run (they are charged when it is written)
    for (let r = Math.floor(p0 / rp), r1 = Math.floor((p1 - 1) / rp); r <= r1; r++) {
      const f = this.flags(r);
      let whole = false;
      if ((f & F_HUGE) !== 0) {
        if ((f & F_LAZY) !== 0) {
          // The PMD's dirty bit covers all of it: the whole huge page is written.
          this.setFlags(r, f & ~F_LAZY);
          whole = true;
        }
      } else if ((f & F_PTE) === 0) {
        // The region's page table is tracked only while this module is engaged; a region
        // written before that has present pages, which the allAbsent test sees (one emptied
        // before that is taken to have no page table).
        if (faultable && this.qualifies(f, mode) && this.pages.allAbsent(r * rp, (r + 1) * rp) && this.pages.fits(runNew + rp)) {
          this.setFlags(r, f | F_HUGE);
          this.hugeRegions++;
          this.hugeFaults++;
          cost += rp * HUGE_FAULT_NS_PER_4K;
          runNew += rp;
          whole = true;
        } else {
          this.setFlags(r, f | F_PTE);
        }
      }
      if (!whole) continue;
      if (runP1 !== r * rp) {
        if (runP0 >= 0 && !this.pages.fill(runP0, runP1)) return cost;
        runP0 = r * rp;
        runNew = (this.flags(r) & F_HUGE) !== 0 && (f & F_HUGE) === 0 ? rp : 0;
      }
      runP1 = (r + 1) * rp;
    }
    if (runP0 >= 0) this.pages.fill(runP0, runP1);
    return cost;
  }

  /**
   * Before MADV_DONTNEED or MADV_FREE over pages [p0, p1): splits huge pages the range covers
   * in part, drops those DONTNEED covers whole, marks lazily freed those FREE covers whole.
   * Returns the number of whole huge pages the call covers (they cost a PMD operation each,
   * not 512 PTE operations).
   */
  beforeRelease(p0: number, p1: number, dontneed: boolean): number {
    if (this.hugeRegions === 0) return 0;
    const rp = this.regionPages;
    let whole = 0;
    for (let r = Math.floor(p0 / rp), r1 = Math.floor((p1 - 1) / rp); r <= r1; r++) {
      const f = this.flags(r);
      if ((f & F_HUGE) === 0) continue;
      if (r * rp >= p0 && (r + 1) * rp <= p1) {
        whole++;
        if (dontneed) {
          this.setFlags(r, f & ~(F_HUGE | F_LAZY)); // zapped whole: the PMD is empty again
          this.hugeRegions--;
        } else {
          this.setFlags(r, f | F_LAZY);
        }
      } else {
        this.splitRegion(r, f);
      }
    }
    return whole;
  }

  private splitRegion(r: number, f: number): void {
    this.setFlags(r, (f & ~(F_HUGE | F_LAZY)) | F_PTE);
    this.hugeRegions--;
    this.splits++;
    this.pages.split();
  }

  /**
   * The region of page `p` if it holds a lazily freed huge page, else -1 (reclaim asks this to
   * discard the whole huge page).
   */
  lazyHugeRegionAt(p: number): number {
    if (this.hugeRegions === 0) return -1;
    const r = Math.floor(p / this.regionPages);
    return (this.flags(r) & (F_HUGE | F_LAZY)) === (F_HUGE | F_LAZY) ? r : -1;
  }

  /** Reclaim discarded the lazily freed huge page of region `r` (split first, as measured). */
  discarded(r: number): void {
    this.splitRegion(r, this.flags(r));
  }

  /**
   * `madvise(MADV_HUGEPAGE | MADV_NOHUGEPAGE)` over pages [p0, p1), or the regions
   * MADV_COLLAPSE turns into huge pages (returned; the caller fills them with
   * {@link collapsed}). Regions covered in part get mixed flags (never a huge page).
   */
  advise(p0: number, p1: number, advice: HugePageAdvice): readonly number[] {
    const rp = this.regionPages;
    // Only MADV_COLLAPSE returns regions; the flag calls (two per release on Go ≤ 1.20) share
    // one empty answer instead of allocating their own.
    const out: number[] = advice === 'MADV_COLLAPSE' ? [] : NO_REGIONS;
    for (let r = Math.floor(p0 / rp), r1 = Math.floor((p1 - 1) / rp); r <= r1; r++) {
      const f = this.flags(r);
      const whole = r * rp >= p0 && (r + 1) * rp <= p1;
      if (advice === 'MADV_COLLAPSE') {
        if (whole && (f & (F_HUGE | F_REFUSED)) === 0) out.push(r);
        continue;
      }
      if (advice === 'MADV_HUGEPAGE') {
        if (whole) {
          this.setFlags(r, (f & ~F_REFUSED) | F_ADVISED);
          this.everAdvised = true;
        } else if ((f & F_ADVISED) === 0) this.setFlags(r, f | F_REFUSED);
      } else {
        this.setFlags(r, (f & ~F_ADVISED) | F_REFUSED);
      }
    }
    return out;
  }

  /** MADV_COLLAPSE made region `r` a huge page (its pages were filled by the caller). */
  collapsed(r: number): void {
    const f = this.flags(r);
    // The collapsed huge page replaces the region's page table (`collapse_huge_page`).
    this.setFlags(r, (f & ~(F_LAZY | F_PTE)) | F_HUGE);
    this.hugeRegions++;
  }

  /** Whether region `r` holds a huge page (for tests and the reference model). */
  isHuge(r: number): boolean {
    return (this.flags(r) & F_HUGE) !== 0;
  }

  /** Forgets every region (exit or kill: the mapping is gone). */
  clear(): void {
    this.groups.clear();
    this.cacheKey = -1;
    this.cacheGroup = undefined;
    this.hugeRegions = 0;
    this.everAdvised = false;
  }
}
