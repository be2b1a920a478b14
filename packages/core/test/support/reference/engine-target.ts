/**
 * The engine side of the model-based tests: a {@link PageHeap} (what the Go runtime believes)
 * paired with a kernel address space (what the kernel did), wired the way the runtime model
 * wires them. Runtime page `p` is byte offset `p × 8 KiB` of the process's heap mapping.
 *
 * - allocate: `PageHeap.allocFirstFit` (no kernel call: `sysUsed` on Linux does not touch
 *   memory; pages are written when the span is used, which is {@link PageTarget.touch}).
 * - scavenge: the runtime's one scavenge loop (`runtime/scavenger/scavenge-loop.ts`), forced
 *   (from the top, every chunk eligible), with one `madvise` per run as `scavengeOne` calls
 *   `sysUnused` once per candidate run [go1.21.12:mgcscavenge.go].
 *
 * @module
 */
import { Machine } from '../../../src/kernel/machine.js';
import type { Advice, ProcessMemory } from '../../../src/kernel/types.js';
import { PAGE_SIZE, PALLOC_CHUNK_PAGES, PageHeap } from '../../../src/runtime/pages/page-heap.js';
import { ScavengeLoop } from '../../../src/runtime/scavenger/scavenge-loop.js';
import { checkInt, type SizeInput } from '../../../src/units.js';
import type { PageTarget } from './command-sequence.js';
import type { PageCounters } from './reference-model.js';

/** What {@link EngineTarget} needs from the kernel layer. */
export interface EngineTargetParts {
  /** The runtime's page heap. */
  readonly heap: PageHeap;
  /** The process's memory as the kernel sees it. */
  readonly memory: ProcessMemory;
  /** Reclaims up to `osPages` lazily freed OS pages (machine-wide); returns how many were freed. */
  readonly reclaim: (osPages: number) => number;
  /** Byte offset of runtime page 0 in `memory` (default 0). */
  readonly heapOffset?: number;
}

/** PageHeap + kernel address space behind the {@link PageTarget} interface. */
export class EngineTarget implements PageTarget {
  /** The runtime's page heap. */
  readonly heap: PageHeap;
  /** The process's memory as the kernel sees it. */
  readonly memory: ProcessMemory;
  private readonly reclaimFn: (osPages: number) => number;
  private readonly offset: number;
  private readonly loop: ScavengeLoop;
  /** The advice of the scavenge in progress (the loop's release target reads it). */
  private advice: Advice = 'MADV_DONTNEED';

  /** Wires the given heap, address space and reclaim function together. */
  constructor(parts: EngineTargetParts) {
    this.heap = parts.heap;
    this.memory = parts.memory;
    this.reclaimFn = parts.reclaim;
    this.offset = parts.heapOffset ?? 0;
    this.loop = new ScavengeLoop(this.heap, {
      release: (base, npages) => this.memory.madviseCost(this.offset + base * PAGE_SIZE, npages * PAGE_SIZE, this.advice),
    });
  }

  /** `PageHeap.grow` (new memory free and scavenged, untouched in the kernel). */
  grow(npages: number): { base: number; npages: number } {
    return this.heap.grow(npages);
  }

  /** `PageHeap.allocFirstFit`; no kernel call (sysUsed does not touch memory on Linux). */
  allocate(npages: number): { base: number; scavengedPages: number } | null {
    return this.heap.allocFirstFit(npages);
  }

  /** `PageHeap.free`; no kernel call. */
  free(base: number, npages: number): void {
    this.heap.free(base, npages);
  }

  /** A forced pass of the scavenge loop for `npages` pages, released with `advice`; returns the pages released. */
  scavenge(npages: number, advice: Advice): number {
    checkInt(npages, 'maxPages', 0, Number.MAX_SAFE_INTEGER);
    this.advice = advice;
    const r = this.loop.run({ bytes: npages * PAGE_SIZE, maxRunPages: PALLOC_CHUNK_PAGES, force: true, cpuBudgetNs: Infinity });
    return r.released / PAGE_SIZE;
  }

  /** Writes the runtime pages' bytes in the address space. */
  touch(base: number, npages: number): void {
    this.memory.write(this.offset + base * PAGE_SIZE, npages * PAGE_SIZE);
  }

  /** The injected reclaim function. */
  reclaim(osPages: number): number {
    return this.reclaimFn(osPages);
  }

  /** Heap counters from the PageHeap, RSS counters from the address space. */
  counters(): PageCounters {
    const k = this.memory.counters();
    return {
      HeapInuse: this.heap.inUsePages * PAGE_SIZE,
      HeapIdle: this.heap.freePages * PAGE_SIZE,
      HeapReleased: this.heap.scavengedPages * PAGE_SIZE,
      HeapSys: this.heap.mappedPages * PAGE_SIZE,
      VmRSS: k.VmRSS,
      RssAnon: k.RssAnon,
      LazyFree: k.LazyFree,
    };
  }
}

/** Options of {@link createEngineTarget}. */
export interface EngineTargetOptions {
  /** OS page size in bytes (default 4096), used by both the heap and the machine. */
  readonly physPageSize?: number;
  /**
   * Machine memory (default 64 GiB): roomy, so the kernel never reclaims on its own and the
   * only reclaim is the one the command sequence asks for.
   */
  readonly memTotal?: SizeInput;
}

/**
 * A fresh engine pair for {@link runCommandSequence}: a {@link PageHeap}, a {@link Machine}
 * with one process in the root cgroup, and reclaim = the root cgroup's inactive-file list
 * taken oldest first (`Memcg.reclaim`), which is where that process's lazily freed pages sit.
 */
export function createEngineTarget(opts: EngineTargetOptions = {}): EngineTarget {
  const physPageSize = opts.physPageSize ?? 4096;
  const heap = new PageHeap({ physPageSize });
  const machine = new Machine({ memTotal: opts.memTotal ?? '64GiB', pageSize: physPageSize });
  const memory = machine.createProcess({ name: 'go' });
  return new EngineTarget({ heap, memory, reclaim: (osPages) => machine.root.reclaim(osPages, 'max') });
}
