/**
 * Constants and plain data types of the page heap (see page-heap.ts for the mechanism).
 *
 * @module
 */
import { MiB, TiB } from '../../units.js';
import { CHUNK_PAGES } from './chunk-summary.js';

/** Runtime page size in bytes (`_PageSize`, 8 KiB). */
export const PAGE_SIZE = 8192;
/** log2 of {@link PAGE_SIZE} (`_PageShift = 13`). */
export const PAGE_SHIFT = 13;
/** Pages per page-allocator chunk (4 MiB). */
export const PALLOC_CHUNK_PAGES = CHUNK_PAGES;
/** Pages per 64 MiB heap arena (`heapArenaBytes` on 64-bit Linux). */
export const ARENA_PAGES = (64 * MiB) / PAGE_SIZE;
/**
 * A chunk with at least this many pages in use is "dense": `scavChunkHiOccFrac = 0.96875`
 * of 512 pages [go1.21.12:mgcscavenge.go scavChunkHiOccPages].
 */
export const SCAV_CHUNK_HI_OCC_PAGES = 496;
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

