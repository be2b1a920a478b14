/**
 * Sparse per-page storage for one address space: a state byte per OS page and, for pages that
 * were ever lazily freed, the sequence stamp of the LRU run that currently owns them.
 *
 * Pages are grouped in blocks of {@link BLOCK_PAGES}; a block's `Uint8Array` is allocated the
 * first time one of its pages leaves ABSENT, its stamp `Float64Array` the first time one of its
 * pages is lazily freed. A missing block means "all ABSENT", so a Go heap at offset 0 and a
 * buffer at 1 TiB cost two blocks, and walking an untouched range skips whole blocks.
 *
 * @module
 */
import { PageState } from './types.js';

/** Pages per block (4 MiB of 4 KiB pages; one Go palloc chunk). */
export const BLOCK_PAGES = 1024;

/** State and stamp storage for one address space. */
export class PageStore {
  private readonly states = new Map<number, Uint8Array>();
  private readonly stamps = new Map<number, Float64Array>();

  /** State of `page` (ABSENT when its block was never allocated). */
  get(page: number): PageState {
    const b = this.states.get(Math.floor(page / BLOCK_PAGES));
    return (b === undefined ? PageState.ABSENT : b[page % BLOCK_PAGES]!) as PageState;
  }

  /** Sets the state of `page`, allocating its block if needed. */
  set(page: number, state: PageState): void {
    const bi = Math.floor(page / BLOCK_PAGES);
    let b = this.states.get(bi);
    if (b === undefined) {
      if (state === PageState.ABSENT) return;
      b = new Uint8Array(BLOCK_PAGES);
      this.states.set(bi, b);
    }
    b[page % BLOCK_PAGES] = state;
  }

  /** The block array holding `page`, or undefined when the whole block is ABSENT. */
  block(blockIndex: number): Uint8Array | undefined {
    return this.states.get(blockIndex);
  }

  /** The block array holding `page`, allocated if needed. */
  blockForWrite(blockIndex: number): Uint8Array {
    let b = this.states.get(blockIndex);
    if (b === undefined) {
      b = new Uint8Array(BLOCK_PAGES);
      this.states.set(blockIndex, b);
    }
    return b;
  }

  /** LRU run stamp of `page` (0 when it was never lazily freed). */
  stamp(page: number): number {
    const s = this.stamps.get(Math.floor(page / BLOCK_PAGES));
    return s === undefined ? 0 : s[page % BLOCK_PAGES]!;
  }

  /** Records that `page` now belongs to the LRU run with sequence number `seq`. */
  setStamp(page: number, seq: number): void {
    const bi = Math.floor(page / BLOCK_PAGES);
    let s = this.stamps.get(bi);
    if (s === undefined) {
      s = new Float64Array(BLOCK_PAGES);
      this.stamps.set(bi, s);
    }
    s[page % BLOCK_PAGES] = seq;
  }

  /** Indices of allocated blocks within [b0, b1], ascending. */
  blockIndicesIn(b0: number, b1: number): number[] {
    const out: number[] = [];
    for (const bi of this.states.keys()) if (bi >= b0 && bi <= b1) out.push(bi);
    return out.sort((a, b) => a - b);
  }

  /** Drops every block (process exit or OOM kill). */
  clear(): void {
    this.states.clear();
    this.stamps.clear();
  }

  /** Number of allocated state blocks (for tests of sparseness). */
  get blockCount(): number {
    return this.states.size;
  }
}
