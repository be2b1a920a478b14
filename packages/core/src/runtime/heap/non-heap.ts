/**
 * The runtime's memory outside the heap: goroutine stacks, GC metadata, mspans (`Sys − HeapSys`).
 *
 * It grows with the largest heap the process has had and is never returned: a base (8.5 MiB up
 * to Go 1.20, 3 MiB from 1.21: the policy table's `nonHeapBaseBytes`) + 3.1 % of the peak
 * HeapSys, of which 65 % is resident. The
 * constants are read off the fidelity traces (`Sys − HeapSys` 23–26 MiB at a 515 MiB heap and
 * 42–45 MiB at 1.1 GiB; RSS floors of 19 and 51 MiB after release; 12, 3 and 5 MiB for 1.21, 1.23
 * and 1.26) and documented in docs/runtime-model.md; the fidelity tolerances (10 % of peak RSS) do
 * not hinge on them.
 *
 * @module
 */
import type { ProcessMemory } from '../../kernel/types.js';

/** Byte offset of the non-heap region in the process's address space (far above any heap). */
const NON_HEAP_OFFSET = 2 ** 46;
/** Share of non-heap Sys that is resident. */
const NON_HEAP_RESIDENT = 0.65;
/** Growth with the peak heap. */
const PER_HEAP_BYTE = 0.031;

/**
 * The resident part of the non-heap memory this model gives a Go process whose non-heap base
 * is `baseBytes` (the policy table's `nonHeapBaseBytes`) and whose HeapSys peaked at
 * `peakHeapSys` (bytes): what a replay subtracts from an observed RSS gap to find what the model
 * does not hold (the binary's pages, cgo, other mappings).
 */
export function nonHeapResidentBytes(baseBytes: number, peakHeapSys: number): number {
  return Math.floor(((baseBytes + PER_HEAP_BYTE * peakHeapSys) * NON_HEAP_RESIDENT) / 4096) * 4096;
}

/** A Go process's non-heap memory. */
export class NonHeapMemory {
  /** `Sys − HeapSys` in bytes. */
  sys: number;
  private readonly base: number;
  private peakHeapSys = 0;
  private touched = 0;

  constructor(baseBytes: number, private readonly mem: ProcessMemory) {
    this.base = baseBytes;
    this.sys = this.base;
    this.touch();
  }

  /** The heap's HeapSys is now `heapSys`: grow (and write) the non-heap part if it is a new peak. */
  heapGrewTo(heapSys: number): void {
    if (heapSys <= this.peakHeapSys) return;
    this.peakHeapSys = heapSys;
    this.touch();
  }

  private touch(): void {
    this.sys = this.base + PER_HEAP_BYTE * this.peakHeapSys;
    const want = Math.floor((this.sys * NON_HEAP_RESIDENT) / this.mem.pageSize) * this.mem.pageSize;
    if (want > this.touched) {
      this.mem.write(NON_HEAP_OFFSET + this.touched, want - this.touched);
      this.touched = want;
    }
  }
}
