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

/** {@link PageStore.uniformState} of a block whose pages are in different states. */
export const MIXED = -1;

/** State and stamp storage for one address space. */
export class PageStore {
  private readonly states = new Map<number, Uint8Array>();
  /** The same arrays as `states`, viewed four pages to a word (for {@link PageStore.words}). */
  private readonly states32 = new Map<number, Uint32Array>();
  private readonly uniform = new Map<number, PageState>();
  private readonly stamps = new Map<number, Float64Array>();
  private readonly uniformStamps = new Map<number, number>();

  /** State of `page` (ABSENT when its block was never allocated). */
  get(page: number): PageState {
    const bi = Math.floor(page / BLOCK_PAGES);
    const b = this.states.get(bi);
    if (b !== undefined) return b[page - bi * BLOCK_PAGES]! as PageState;
    return this.uniform.get(bi) ?? PageState.ABSENT;
  }

  /** Sets the state of `page`, turning a uniform block into a mixed one if needed. */
  set(page: number, state: PageState): void {
    const bi = Math.floor(page / BLOCK_PAGES);
    let b = this.states.get(bi);
    if (b === undefined) {
      if ((this.uniform.get(bi) ?? PageState.ABSENT) === state) return;
      b = this.blockForWrite(bi);
    }
    b[page - bi * BLOCK_PAGES] = state;
  }

  /**
   * The state every page of block `blockIndex` is in (ABSENT for a block never written), or
   * {@link MIXED} when the block keeps one byte per page ({@link block} returns it).
   */
  uniformState(blockIndex: number): PageState | typeof MIXED {
    if (this.states.has(blockIndex)) return MIXED;
    return this.uniform.get(blockIndex) ?? PageState.ABSENT;
  }

  /** The per-page array of a mixed block, or undefined for an absent or uniform block. */
  block(blockIndex: number): Uint8Array | undefined {
    return this.states.get(blockIndex);
  }

  /**
   * The per-page array of a mixed block viewed as 32-bit words, four pages per word (page
   * `4w + i` in byte `i`), or undefined: lets a walk test four pages at once.
   */
  words(blockIndex: number): Uint32Array | undefined {
    return this.states32.get(blockIndex);
  }

  /** The per-page array of block `blockIndex`, made from its uniform state if needed. */
  blockForWrite(blockIndex: number): Uint8Array {
    let b = this.states.get(blockIndex);
    if (b === undefined) {
      b = new Uint8Array(BLOCK_PAGES);
      const u = this.uniform.get(blockIndex);
      if (u !== undefined) {
        b.fill(u);
        this.uniform.delete(blockIndex);
      }
      this.states.set(blockIndex, b);
      this.states32.set(blockIndex, new Uint32Array(b.buffer));
    }
    return b;
  }

  /** Puts every page of block `blockIndex` in `state` (ABSENT forgets the block). */
  setBlockUniform(blockIndex: number, state: PageState): void {
    if (this.states.delete(blockIndex)) this.states32.delete(blockIndex);
    if (state === PageState.ABSENT) this.uniform.delete(blockIndex);
    else this.uniform.set(blockIndex, state);
  }

  /** LRU run stamp of `page` (0 when it was never lazily freed). */
  stamp(page: number): number {
    const bi = Math.floor(page / BLOCK_PAGES);
    const s = this.stamps.get(bi);
    if (s !== undefined) return s[page - bi * BLOCK_PAGES]!;
    return this.uniformStamps.get(bi) ?? 0;
  }

  /** The per-page stamps of block `blockIndex`, or undefined when it has one stamp for all. */
  stampBlock(blockIndex: number): Float64Array | undefined {
    return this.stamps.get(blockIndex);
  }

  /** The one stamp of every page of block `blockIndex` (0 if never stamped); see {@link stampBlock}. */
  uniformStamp(blockIndex: number): number {
    return this.uniformStamps.get(blockIndex) ?? 0;
  }

  /** Records that `page` now belongs to the LRU run with sequence number `seq`. */
  setStamp(page: number, seq: number): void {
    const bi = Math.floor(page / BLOCK_PAGES);
    this.stampsForWrite(bi)[page - bi * BLOCK_PAGES] = seq;
  }

  /** Stamps pages `[from, to)` of one block (`from`/`to` relative to the block) with `seq`. */
  setStampRange(blockIndex: number, from: number, to: number, seq: number): void {
    if (from === 0 && to === BLOCK_PAGES) {
      this.stamps.delete(blockIndex);
      this.uniformStamps.set(blockIndex, seq);
      return;
    }
    this.stampsForWrite(blockIndex).fill(seq, from, to);
  }

  /** Indices of stored (uniform or mixed) blocks within [b0, b1], ascending. */
  blockIndicesIn(b0: number, b1: number): number[] {
    const out: number[] = [];
    for (const bi of this.states.keys()) if (bi >= b0 && bi <= b1) out.push(bi);
    for (const bi of this.uniform.keys()) if (bi >= b0 && bi <= b1) out.push(bi);
    return out.sort((a, b) => a - b);
  }

  /** Drops every block (process exit or OOM kill). */
  clear(): void {
    this.states.clear();
    this.states32.clear();
    this.uniform.clear();
    this.stamps.clear();
    this.uniformStamps.clear();
  }

  /** Number of stored blocks, uniform or mixed (for tests of sparseness). */
  get blockCount(): number {
    return this.states.size + this.uniform.size;
  }

  /** Number of blocks that keep one byte per page (for tests of the uniform representation). */
  get mixedBlockCount(): number {
    return this.states.size;
  }

  /** The per-page stamps of block `bi`, made from its one stamp if needed (for bulk writes). */
  stampsForWrite(bi: number): Float64Array {
    let s = this.stamps.get(bi);
    if (s === undefined) {
      s = new Float64Array(BLOCK_PAGES);
      const u = this.uniformStamps.get(bi);
      if (u !== undefined) {
        s.fill(u);
        this.uniformStamps.delete(bi);
      }
      this.stamps.set(bi, s);
    }
    return s;
  }
}
