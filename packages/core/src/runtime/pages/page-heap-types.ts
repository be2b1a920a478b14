/**
 * Constants and plain data types of the page heap (see page-heap.ts for the mechanism).
 *
 * @module
 */
import { TiB } from '../../units.js';
import {
  HEAP_ARENA_BYTES, PALLOC_CHUNK_PAGES, RUNTIME_PAGE_BYTES, RUNTIME_PAGE_SHIFT, SCAV_CHUNK_HI_OCC_PAGES,
} from '../../policy/runtime-constants.js';

// The runtime's geometry, under the short names the engine uses; the values and their
// citations are policy/runtime-constants.ts's.
export { PALLOC_CHUNK_PAGES, SCAV_CHUNK_HI_OCC_PAGES };
/** Runtime page size in bytes (`_PageSize`, 8 KiB): {@link RUNTIME_PAGE_BYTES}. */
export const PAGE_SIZE = RUNTIME_PAGE_BYTES;
/** log2 of {@link PAGE_SIZE} (`_PageShift = 13`). */
export const PAGE_SHIFT = RUNTIME_PAGE_SHIFT;
/** Pages per 64 MiB heap arena (`heapArenaBytes` on 64-bit Linux). */
export const ARENA_PAGES = HEAP_ARENA_BYTES / RUNTIME_PAGE_BYTES;
/** Largest reservation accepted: 16 TiB keeps page indices below 2^31 for the bit arithmetic. */
export const MAX_HEAP_BYTES = 16 * TiB;

/** Options of `PageHeap`. */
export interface PageHeapOptions {
  /** OS page size in bytes, a power of two from 4096 to 65536 (default 4096). */
  readonly physPageSize?: number;
  /** Address-space reservation cap in bytes, at least one chunk (default 4 TiB). */
  readonly maxBytes?: number;
  /** Keep per-free-run "freed at" stamps for the Go ≤ 1.12 sysmon scavenger (default false). */
  readonly trackFreeTime?: boolean;
}

/** A range of pages. */
export interface PageRange {
  /** First page index. */
  readonly base: number;
  /** Number of pages. */
  readonly npages: number;
}

/** Result of an allocation. */
export interface PageAllocation {
  /** First page of the allocated range. */
  readonly base: number;
  /** How many of the allocated pages were scavenged (for `HeapReleased -=` and `sysUsed`). */
  readonly scavengedPages: number;
}

/** A free run that has been idle since before a cutoff (Go ≤ 1.12 `unusedsince`). */
export interface IdleFreeRun extends PageRange {
  /** When the run was (last) freed, simulated ms. */
  readonly freedAtMs: number;
  /** Pages of the run already scavenged. */
  readonly scavengedPages: number;
}

/** A per-chunk snapshot row. */
export interface ChunkSummary {
  /** Chunk index. */
  readonly chunk: number;
  /** Pages in use. */
  readonly inUse: number;
  /** Free and scavenged pages. */
  readonly scavenged: number;
  /** Free and unscavenged pages. */
  readonly freeUnscavenged: number;
  /** Free pages at the bottom. */
  readonly start: number;
  /** Longest free run. */
  readonly max: number;
  /** Free pages at the top. */
  readonly end: number;
  /** go1.21 `lastInUse`: pages in use when the chunk was first touched this generation. */
  readonly lastInUse: number;
  /** go1.21 `gen` of that touch. */
  readonly gen: number;
  /** True if the 1.21 background scavenger must skip the chunk. */
  readonly denseForBackground: boolean;
}

