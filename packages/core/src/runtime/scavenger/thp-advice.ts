/**
 * What the Go runtime tells the kernel about transparent huge pages for its heap, version by
 * version (go §2.2–2.3; the policy table's `thp` column, `GODEBUG=disablethp`). The kernel's
 * side (which regions become huge pages, splits) is `kernel/transparent-huge-pages.ts`.
 *
 * - ≤ 1.20 (`nohugepage-release-edges`, and 1.13's `nohugepage-edges-hugepage-coalesce`):
 *   `sysUnused(v, n)` first marks `MADV_NOHUGEPAGE` the huge page containing `v` if `v` is not
 *   huge-aligned and the one containing `v+n-1` if `v+n` is not (one call of two huge pages
 *   when they are adjacent); aligned interior huge pages keep their flag. `sysUsed(v, n)`,
 *   called when a span is allocated out of released (or, 1.14+, fresh) memory, marks
 *   `MADV_HUGEPAGE` every whole huge page inside `[v, v+n)` (`sysHugePage`)
 *   [go1.19.8:mem_linux.go sysUnusedOS, sysUsedOS, sysHugePageOS]; the same code is in the
 *   go1.17-era mem_linux.go read for this module (`sysUnused`, `sysUsed`, `sysHugePage`).
 *   Go uses address 0 as "no head/tail"; heap addresses are never 0 in Go, but offset 0 is
 *   the heap's start here, so -1 stands for "none".
 *   Not modelled: 1.13's extra `sysHugePage` on spans newly coalesced into whole huge pages
 *   [go1.13.4:mheap.go:561] (no 1.13 trace; the page heap here has no span coalescing step).
 * - 1.21.0 (`hugepage-new-nohugepage-before-scavenge`): all new heap memory is marked
 *   `MADV_HUGEPAGE`; before the scavenger releases pages of a 4 MiB chunk it marks the chunk
 *   `MADV_NOHUGEPAGE`; a chunk whose occupancy passes 496 of 512 pages is marked `MADV_HUGEPAGE`
 *   again (D59960). The exact 1.21.0 call sites are UNVERIFIED (go §2.3: taken from D59960 and
 *   the C:9f9bb26880388 message; the 1.21.0 source was not in the stored corpus).
 * - 1.21.1 – 1.21.3 (`collapse-dense-chunks`): no HUGEPAGE/NOHUGEPAGE on the heap; when an
 *   allocation that is not a whole chunk makes a chunk dense for the first time (`inUse > 496`
 *   and the chunk's huge-page flag unset), `madvise(MADV_COLLAPSE)` on the chunk; the flag is
 *   cleared when the scavenger releases pages of the chunk [go@06df3292:mgcscavenge.go
 *   scavengeIndex.alloc, scavChunkData].
 * - 1.21.4+ (`kernel-governed`): nothing for the heap (CL 531816, #63334, #64332).
 * - `GODEBUG=disablethp=1` (1.21.6+): every heap `sysMap` is followed by `MADV_NOHUGEPAGE`
 *   [go1.21.12:mem_linux.go sysMapOS].
 *
 * Errors of these calls are ignored by the runtime (mem_linux.go: "We ignore errors").
 *
 * @module
 */
import type { ProcessMemory } from '../../kernel/types.js';
import type { ThpHandling } from '../../policy/go-policy-table.js';
import { PAGE_SIZE, PALLOC_CHUNK_PAGES as CHUNK_PAGES } from '../pages/page-heap-types.js';
import { SCAV_CHUNK_HI_OCC_PAGES } from '../../policy/runtime-constants.js';

/** The heap's huge-page calls for one process. */
export class HeapHugePageAdvice {
  /** Bytes per huge page (`hpage_pmd_size`: a page table holds pageSize / 8 entries). */
  readonly hugePageBytes: number;
  /** Whether any call is ever made (else every hook returns at once). */
  readonly active: boolean;
  private readonly edges: boolean;
  /** 1.21.0 and 1.21.1–1.21.3: the per-chunk huge-page flag of `scavChunkData`. */
  private readonly chunkFlag: 'none' | 'hugepage' | 'collapse';
  private chunkHuge = new Uint8Array(64);

  constructor(private readonly mem: ProcessMemory, handling: ThpHandling, private readonly disablethp: boolean) {
    this.hugePageBytes = (mem.pageSize * mem.pageSize) / 8;
    this.edges = handling === 'nohugepage-release-edges' || handling === 'nohugepage-edges-hugepage-coalesce';
    this.chunkFlag = handling === 'hugepage-new-nohugepage-before-scavenge' ? 'hugepage' : handling === 'collapse-dense-chunks' ? 'collapse' : 'none';
    this.active = this.edges || this.chunkFlag !== 'none' || disablethp;
  }

  /** `sysMap` of new heap pages `[base, base+npages)`; returns the cost in ns. */
  mapped(base: number, npages: number): number {
    if (!this.active) return 0;
    const off = base * PAGE_SIZE;
    const len = npages * PAGE_SIZE;
    let cost = 0;
    if (this.chunkFlag === 'hugepage') {
      cost += this.mem.hugePageAdvice(off, len, 'MADV_HUGEPAGE');
      for (let c = Math.floor(base / CHUNK_PAGES), c1 = Math.ceil((base + npages) / CHUNK_PAGES); c < c1; c++) this.setChunk(c, 1);
    }
    if (this.disablethp) cost += this.mem.hugePageAdvice(off, len, 'MADV_NOHUGEPAGE');
    return cost;
  }

  /** `sysUsed` of a span `[base, base+npages)` allocated out of released memory; returns ns. */
  used(base: number, npages: number): number {
    if (!this.edges) return 0;
    const h = this.hugePageBytes;
    const beg = Math.ceil((base * PAGE_SIZE) / h) * h;
    const end = Math.floor(((base + npages) * PAGE_SIZE) / h) * h;
    return beg < end ? this.mem.hugePageAdvice(beg, end - beg, 'MADV_HUGEPAGE') : 0;
  }

  /** Before `sysUnused` of `[base, base+npages)` releases it; returns the cost in ns. */
  unused(base: number, npages: number): number {
    if (!this.active) return 0;
    if (this.chunkFlag !== 'none') {
      let cost = 0;
      for (let c = Math.floor(base / CHUNK_PAGES), c1 = Math.ceil((base + npages) / CHUNK_PAGES); c < c1; c++) {
        if (this.chunkHuge[c] !== 1) continue;
        this.setChunk(c, 0);
        if (this.chunkFlag === 'hugepage') cost += this.mem.hugePageAdvice(c * CHUNK_PAGES * PAGE_SIZE, CHUNK_PAGES * PAGE_SIZE, 'MADV_NOHUGEPAGE');
      }
      return cost;
    }
    if (!this.edges) return 0;
    const h = this.hugePageBytes;
    const v = base * PAGE_SIZE;
    const e = (base + npages) * PAGE_SIZE;
    // Alignment tested without `%`: above 2^31 it is a floating-point remainder (slow, and this
    // runs at every release); `v` and `h` are safe integers and `h` a power of two, so
    // `floor(v / h) * h` is exact and equals `v` exactly when `v % h === 0`.
    const vDown = Math.floor(v / h) * h;
    const head = vDown !== v ? vDown : -1;
    const tail = Math.floor(e / h) * h !== e ? Math.floor((e - 1) / h) * h : -1;
    if (head >= 0 && head + h === tail) return this.mem.hugePageAdvice(head, 2 * h, 'MADV_NOHUGEPAGE');
    let cost = 0;
    if (head >= 0) cost += this.mem.hugePageAdvice(head, h, 'MADV_NOHUGEPAGE');
    if (tail >= 0 && tail !== head) cost += this.mem.hugePageAdvice(tail, h, 'MADV_NOHUGEPAGE');
    return cost;
  }

  /**
   * After an allocation of `[base, base+npages)` (`scavengeIndex.alloc`, 1.21.0–1.21.3): a chunk
   * that is now dense for the first time is marked huge (1.21.0) or collapsed (1.21.1–1.21.3,
   * not for an allocation of a whole chunk). `inUse(c)` is the chunk's pages in use now.
   */
  allocated(base: number, npages: number, inUse: (chunk: number) => number): number {
    if (this.chunkFlag === 'none') return 0;
    let cost = 0;
    for (let c = Math.floor(base / CHUNK_PAGES), c1 = Math.ceil((base + npages) / CHUNK_PAGES); c < c1; c++) {
      if (this.chunkHuge[c] === 1 || inUse(c) <= SCAV_CHUNK_HI_OCC_PAGES) continue;
      this.setChunk(c, 1);
      const off = c * CHUNK_PAGES * PAGE_SIZE;
      if (this.chunkFlag === 'hugepage') cost += this.mem.hugePageAdvice(off, CHUNK_PAGES * PAGE_SIZE, 'MADV_HUGEPAGE');
      else if (npages < CHUNK_PAGES) cost += this.mem.hugePageAdvice(off, CHUNK_PAGES * PAGE_SIZE, 'MADV_COLLAPSE');
    }
    return cost;
  }

  private setChunk(c: number, v: number): void {
    if (c >= this.chunkHuge.length) {
      let n = this.chunkHuge.length;
      while (n <= c) n *= 2;
      const a = new Uint8Array(n);
      a.set(this.chunkHuge);
      this.chunkHuge = a;
    }
    this.chunkHuge[c] = v;
  }
}
