/**
 * The runtime's memory outside the heap: goroutine stacks, GC metadata, mspans (`Sys − HeapSys`).
 *
 * It grows with the largest heap the process has had and is never returned: a base (the policy
 * table's `nonHeapBaseBytes`, measured: 8.5 MiB up to Go 1.20, 3 MiB from 1.21) plus the GC
 * metadata the runtime keeps per heap arena for every byte of heap, read off `heapArena` of each
 * release (`heapMetadataPerHeapByte`, policy/runtime-behaviour.ts): 3.2 % up to 1.19 (the 2-bit
 * heap bitmap), 1.7 % in 1.20–1.21 (1 bit), 0.1 % from 1.22, whose allocation headers moved the
 * pointer bitmaps into the spans. It follows the peak HeapSys; 65 % of it is resident (read off
 * the fidelity traces' RSS floors, docs/runtime-model.md; the 10 % of peak RSS tolerances do not
 * hinge on it).
 *
 * @module
 */
import type { ProcessMemory } from '../../kernel/types.js';
import type { GoVersion } from '../../policy/go-version.js';
import { policyRowFor } from '../../policy/go-policy-table.js';
import { heapMetadataPerHeapByte } from '../../policy/runtime-behaviour.js';

/** Byte offset of the non-heap region in the process's address space (far above any heap). */
const NON_HEAP_OFFSET = 2 ** 46;
/** Share of non-heap Sys that is resident. */
const NON_HEAP_RESIDENT = 0.65;

/** `Sys − HeapSys` with base `baseBytes` and `perHeapByte` of metadata, after a peak HeapSys of `peakHeapSys`. */
function nonHeapSys(baseBytes: number, perHeapByte: number, peakHeapSys: number): number {
  return baseBytes + perHeapByte * peakHeapSys;
}

/**
 * The resident part of the non-heap memory this model gives a process of Go version `v` whose
 * HeapSys peaked at `peakHeapSys` (bytes): what a replay subtracts from an observed RSS gap to
 * find what the model does not hold (the binary's pages, cgo, other mappings).
 */
export function nonHeapResidentBytes(v: GoVersion, peakHeapSys: number): number {
  const sys = nonHeapSys(policyRowFor(v).nonHeapBaseBytes, heapMetadataPerHeapByte(v), peakHeapSys);
  return Math.floor((sys * NON_HEAP_RESIDENT) / 4096) * 4096;
}

/** A Go process's non-heap memory. */
export class NonHeapMemory {
  /** `Sys − HeapSys` in bytes. */
  sys: number;
  private peakHeapSys = 0;
  private touched = 0;

  /**
   * @param baseBytes the version's non-heap base (`nonHeapBaseBytes`)
   * @param perHeapByte the version's GC metadata per heap byte (`heapMetadataPerHeapByte`)
   */
  constructor(private readonly baseBytes: number, private readonly perHeapByte: number, private readonly mem: ProcessMemory) {
    this.sys = baseBytes;
    this.touch();
  }

  /** The heap's HeapSys is now `heapSys`: grow (and write) the non-heap part if it is a new peak. */
  heapGrewTo(heapSys: number): void {
    if (heapSys <= this.peakHeapSys) return;
    this.peakHeapSys = heapSys;
    this.touch();
  }

  private touch(): void {
    this.sys = nonHeapSys(this.baseBytes, this.perHeapByte, this.peakHeapSys);
    const want = Math.floor((this.sys * NON_HEAP_RESIDENT) / this.mem.pageSize) * this.mem.pageSize;
    if (want > this.touched) {
      this.mem.write(NON_HEAP_OFFSET + this.touched, want - this.touched);
      this.touched = want;
    }
  }
}
