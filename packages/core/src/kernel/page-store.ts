/**
 * Sparse per-page storage for one address space: a state byte per OS page and, for pages that
 * were ever lazily freed, the sequence stamp of the LRU run that currently owns them.
 *
 * Pages are grouped in blocks of {@link BLOCK_PAGES}. A block is stored in one of three ways:
 *
 *   - absent from both maps: every page is ABSENT (a Go heap at offset 0 and a buffer at
 *     1 TiB cost nothing in between, and walking an untouched range skips whole blocks);
 *   - *uniform*: one number, the state every page of the block is in. Whole-block writes,
 *     frees and DONTNEEDs keep blocks uniform, so a 1 TiB heap written in large objects costs
 *     one map entry per 4 MiB instead of a 1 KiB array (256 MiB of state bytes otherwise);
 *   - *mixed*: a `Uint8Array` of one state byte per page, made the first time a write covers
 *     only part of a uniform (or absent) block.
 *
 * Stamps follow the same scheme: a whole block lazily freed by one call has one stamp; a
 * `Float64Array` is allocated only when pages of a block get different stamps.
 *
 * Where blocks live: those below {@link DENSE_BLOCKS} (the first 256 GiB at 4 KiB pages, where
 * every Go heap sits) in plain arrays indexed by block number, the rest (a process's non-heap
 * region at 64 TiB, buffers placed high) in maps. A write, a madvise and a reclaim step each
 * look their blocks up, so the common case is an array read rather than a hash lookup.
 *
 * Per-page arrays are views cut from slabs of many blocks: a typed array is allocated outside
 * V8's heap, which costs a microsecond or (fresh memory on the bench machine) tens of
 * microseconds each, against ~35 ns for a view on a slab; a growing heap makes its blocks mixed
 * one by one.
 *
 * The representation is invisible to readers ({@link PageStore.get}, {@link PageStore.stamp}
 * give the same answers either way); {@link PageStore.uniformState} lets the address space
 * handle a uniform block's pages in one step, which is what makes work proportional to the
 * blocks a call changes rather than to its pages.
 *
 * @module
 */
import { PageState } from './types.js';

/** Pages per block (4 MiB of 4 KiB pages; one Go palloc chunk). */
export const BLOCK_PAGES = 1024;

/** Block indices below this are stored in arrays, the others in maps (module comment). */
export const DENSE_BLOCKS = 1 << 16;

/**
 * Consecutive pieces of `pieceBytes` bytes, cut from buffers that start at `firstPieces` pieces
 * and double up to `maxPieces`: a process that makes few blocks mixed holds little, and one whose
 * heap grows to gigabytes asks the allocator for a few large buffers rather than hundreds of
 * small ones (fresh memory costs far more per byte in small allocations: on the bench machine
 * 16 KiB took ~60 µs, 1 MiB ~300 µs, measured).
 */
class Slab {
  /** The buffer the last piece was cut from. */
  buffer = new ArrayBuffer(0);
  private used = 0;
  private pieces = 0;

  constructor(private readonly pieceBytes: number, private readonly firstPieces: number, private readonly maxPieces: number) {}

  /** Byte offset in {@link buffer} of a fresh piece. */
  take(): number {
    if (this.used === this.pieces) {
      this.pieces = this.pieces === 0 ? this.firstPieces : Math.min(this.pieces * 2, this.maxPieces);
      this.buffer = new ArrayBuffer(this.pieceBytes * this.pieces);
      this.used = 0;
    }
    return this.used++ * this.pieceBytes;
  }
}

/** {@link PageStore.uniformState} of a block whose pages are in different states. */
export const MIXED = -1;

/** A block whose pages are in different states: a byte per page, and the same bytes as words. */
interface MixedBlock {
  readonly bytes: Uint8Array;
  readonly words: Uint32Array;
}

/** State and stamp storage for one address space. */
export class PageStore {
  /** Stored blocks: a uniform state (never ABSENT; absent blocks are not stored) or a mixed block. */
  private readonly blocks = new Map<number, PageState | MixedBlock>();
  /** Stamps: one for the whole block, or one per page. */
  private readonly stamps = new Map<number, number | Float64Array>();
  /** Blocks and stamps of block indices below DENSE_BLOCKS (undefined: not stored). */
  private dense: (PageState | MixedBlock | undefined)[] = [];
  private denseStamps: (number | Float64Array | undefined)[] = [];
  private nDense = 0;
  private nMixed = 0;
  // The slabs the per-page arrays are cut from (module comment): states from 16 blocks (16 KiB)
  // to 1024 (1 MiB) to a buffer, stamps from 4 blocks (32 KiB) to 128 (1 MiB).
  private readonly stateSlab = new Slab(BLOCK_PAGES, 16, 1024);
  private readonly stampSlab = new Slab(BLOCK_PAGES * 8, 4, 128);
  // A one-block cache: walks ask several questions about the same block in a row.
  private cacheIndex = -1;
  private cacheEntry: PageState | MixedBlock | undefined = undefined;

  /** State of `page` (ABSENT when its block was never allocated). */
  get(page: number): PageState {
    const bi = Math.floor(page / BLOCK_PAGES);
    const e = this.entry(bi);
    if (e === undefined) return PageState.ABSENT;
    if (typeof e === 'number') return e;
    return e.bytes[page - bi * BLOCK_PAGES]! as PageState;
  }

  /** Sets the state of `page`, turning a uniform block into a mixed one if needed. */
  set(page: number, state: PageState): void {
    const bi = Math.floor(page / BLOCK_PAGES);
    const e = this.entry(bi);
    if (e === undefined || typeof e === 'number') {
      if ((e ?? PageState.ABSENT) === state) return;
      this.blockForWrite(bi)[page - bi * BLOCK_PAGES] = state;
      return;
    }
    e.bytes[page - bi * BLOCK_PAGES] = state;
  }

  /**
   * The state every page of block `blockIndex` is in (ABSENT for a block never written), or
   * {@link MIXED} when the block keeps one byte per page ({@link block} returns it).
   */
  uniformState(blockIndex: number): PageState | typeof MIXED {
    const e = this.entry(blockIndex);
    if (e === undefined) return PageState.ABSENT;
    return typeof e === 'number' ? e : MIXED;
  }

  /** The per-page array of a mixed block, or undefined for an absent or uniform block. */
  block(blockIndex: number): Uint8Array | undefined {
    const e = this.entry(blockIndex);
    return e === undefined || typeof e === 'number' ? undefined : e.bytes;
  }

  /**
   * The per-page array of a mixed block viewed as 32-bit words, four pages per word (page
   * `4w + i` in byte `i`), or undefined: lets a walk test four pages at once.
   */
  words(blockIndex: number): Uint32Array | undefined {
    const e = this.entry(blockIndex);
    return e === undefined || typeof e === 'number' ? undefined : e.words;
  }

  /** The per-page array of block `blockIndex`, made from its uniform state if needed. */
  blockForWrite(blockIndex: number): Uint8Array {
    const e = this.entry(blockIndex);
    if (e !== undefined && typeof e !== 'number') return e.bytes;
    const off = this.stateSlab.take();
    const bytes = new Uint8Array(this.stateSlab.buffer, off, BLOCK_PAGES);
    if (e !== undefined) bytes.fill(e);
    this.put(blockIndex, { bytes, words: new Uint32Array(this.stateSlab.buffer, off, BLOCK_PAGES / 4) });
    this.nMixed++;
    return bytes;
  }

  /** Puts every page of block `blockIndex` in `state` (ABSENT forgets the block). */
  setBlockUniform(blockIndex: number, state: PageState): void {
    const e = this.entry(blockIndex);
    if (e !== undefined && typeof e !== 'number') this.nMixed--;
    this.put(blockIndex, state === PageState.ABSENT ? undefined : state);
  }

  /** LRU run stamp of `page` (0 when it was never lazily freed). */
  stamp(page: number): number {
    const bi = Math.floor(page / BLOCK_PAGES);
    const s = this.stampOf(bi);
    if (s === undefined) return 0;
    return typeof s === 'number' ? s : s[page - bi * BLOCK_PAGES]!;
  }

  /** The per-page stamps of block `blockIndex`, or undefined when it has one stamp for all. */
  stampBlock(blockIndex: number): Float64Array | undefined {
    const s = this.stampOf(blockIndex);
    return typeof s === 'number' ? undefined : s;
  }

  /** The one stamp of every page of block `blockIndex` (0 if never stamped); see {@link stampBlock}. */
  uniformStamp(blockIndex: number): number {
    const s = this.stampOf(blockIndex);
    return typeof s === 'number' ? s : 0;
  }

  /** Records that `page` now belongs to the LRU run with sequence number `seq`. */
  setStamp(page: number, seq: number): void {
    const bi = Math.floor(page / BLOCK_PAGES);
    this.stampsForWrite(bi)[page - bi * BLOCK_PAGES] = seq;
  }

  /** Stamps pages `[from, to)` of one block (`from`/`to` relative to the block) with `seq`. */
  setStampRange(blockIndex: number, from: number, to: number, seq: number): void {
    if (from === 0 && to === BLOCK_PAGES) {
      this.putStamp(blockIndex, seq);
      return;
    }
    this.stampsForWrite(blockIndex).fill(seq, from, to);
  }

  /** The per-page stamps of block `bi`, made from its one stamp if needed (for bulk writes). */
  stampsForWrite(bi: number): Float64Array {
    const s = this.stampOf(bi);
    if (s !== undefined && typeof s !== 'number') return s;
    const off = this.stampSlab.take();
    const arr = new Float64Array(this.stampSlab.buffer, off, BLOCK_PAGES);
    if (s !== undefined) arr.fill(s);
    this.putStamp(bi, arr);
    return arr;
  }

  /** Indices of stored (uniform or mixed) blocks within [b0, b1], ascending. */
  blockIndicesIn(b0: number, b1: number): number[] {
    const out: number[] = [];
    for (let bi = Math.max(0, b0), end = Math.min(b1, this.dense.length - 1); bi <= end; bi++) {
      if (this.dense[bi] !== undefined) out.push(bi);
    }
    for (const bi of this.blocks.keys()) if (bi >= b0 && bi <= b1) out.push(bi);
    return out.sort((a, b) => a - b);
  }

  /** Drops every block (process exit or OOM kill). */
  clear(): void {
    this.blocks.clear();
    this.stamps.clear();
    this.dense = [];
    this.denseStamps = [];
    this.nDense = 0;
    this.nMixed = 0;
    this.cacheIndex = -1;
    this.cacheEntry = undefined;
  }

  /** Number of stored blocks, uniform or mixed (for tests of sparseness). */
  get blockCount(): number {
    return this.blocks.size + this.nDense;
  }

  /** Number of blocks that keep one byte per page (for tests of the uniform representation). */
  get mixedBlockCount(): number {
    return this.nMixed;
  }

  private entry(bi: number): PageState | MixedBlock | undefined {
    if (bi < DENSE_BLOCKS) return bi < this.dense.length ? this.dense[bi] : undefined;
    if (bi === this.cacheIndex) return this.cacheEntry;
    const e = this.blocks.get(bi);
    this.cacheIndex = bi;
    this.cacheEntry = e;
    return e;
  }

  private put(bi: number, e: PageState | MixedBlock | undefined): void {
    if (bi < DENSE_BLOCKS) {
      const d = this.dense;
      if (bi >= d.length) {
        if (e === undefined) return;
        while (d.length <= bi) d.push(undefined);
      }
      const old = d[bi];
      if (old === undefined && e !== undefined) this.nDense++;
      else if (old !== undefined && e === undefined) this.nDense--;
      d[bi] = e;
      return;
    }
    if (e === undefined) this.blocks.delete(bi);
    else this.blocks.set(bi, e);
    this.cacheIndex = bi;
    this.cacheEntry = e;
  }

  private stampOf(bi: number): number | Float64Array | undefined {
    if (bi < DENSE_BLOCKS) return bi < this.denseStamps.length ? this.denseStamps[bi] : undefined;
    return this.stamps.get(bi);
  }

  private putStamp(bi: number, v: number | Float64Array): void {
    if (bi < DENSE_BLOCKS) {
      const d = this.denseStamps;
      while (d.length <= bi) d.push(undefined);
      d[bi] = v;
      return;
    }
    this.stamps.set(bi, v);
  }
}
