/**
 * go1.21's per-chunk density data for the scavenger (`scavChunkData`).
 *
 * Go 1.21 stopped the background and heap-growth scavengers from releasing memory in chunks
 * that are (nearly) full, because releasing a few pages there breaks up huge pages that are
 * about to be reused [design 59960; go §3.8 (2e)]. Per 4 MiB chunk it keeps
 * `inUse`, `lastInUse` (the in-use count when the chunk was first touched in the current
 * generation) and `gen` (the generation of that touch); `scavengeIndex.gen` advances once per
 * GC in `nextGen`, called at mark termination. A chunk is dense if it has at least
 * `scavChunkHiOccPages = 496` of 512 pages in use; a chunk touched this generation is also
 * dense if it was dense at the generation boundary, so a chunk must stay sparse for a whole
 * cycle before the background scavenger may take from it [go1.21.12:mgcscavenge.go
 * scavChunkData.alloc/free/shouldScavenge]. Forced scavenging (memory limit, FreeOSMemory)
 * ignores density.
 *
 * The zero value is a newly grown chunk, as in Go (gen 0, lastInUse 0). `inUse` itself lives in
 * PageHeap, which needs it for everything else; this module keeps the other two fields.
 *
 * @module
 */
import { growWords } from './bitmap.js';
import { SCAV_CHUNK_HI_OCC_PAGES } from './page-heap-types.js';

/** `lastInUse` and `gen` per chunk plus the current generation. */
export class ScavChunkData {
  private lastInUse: Uint16Array;
  private gens: Uint32Array;
  private current = 0;

  /** Room for `capacityChunks` chunks, all zero. */
  constructor(capacityChunks: number) {
    this.lastInUse = new Uint16Array(capacityChunks);
    this.gens = new Uint32Array(capacityChunks);
  }

  /** The current generation (`scavengeIndex.gen`). */
  get gen(): number {
    return this.current;
  }

  /** Makes room for `capacityChunks` chunks; new chunks hold the zero value. */
  grow(capacityChunks: number): void {
    this.lastInUse = growWords(this.lastInUse, capacityChunks, (n) => new Uint16Array(n));
    this.gens = growWords(this.gens, capacityChunks, (n) => new Uint32Array(n));
  }

  /** Resets chunk `c` to the zero value (a newly grown chunk). */
  reset(c: number): void {
    this.lastInUse[c] = 0;
    this.gens[c] = 0;
  }

  /** Called before an alloc or free changes chunk `c`'s `inUse`: the first touch in a generation saves it. */
  touch(c: number, inUse: number): void {
    if (this.gens[c] !== this.current) {
      this.lastInUse[c] = inUse;
      this.gens[c] = this.current;
    }
  }

  /** `nextGen`: one generation per GC cycle. */
  nextGen(): void {
    this.current++;
  }

  /** Negation of non-forced `shouldScavenge` (ignoring the "empty" flag). */
  isDense(c: number, inUse: number): boolean {
    if (this.gens[c] === this.current) return inUse >= SCAV_CHUNK_HI_OCC_PAGES || this.lastInUse[c]! >= SCAV_CHUNK_HI_OCC_PAGES;
    return inUse >= SCAV_CHUNK_HI_OCC_PAGES;
  }

  /** Chunk `c`'s `lastInUse`. */
  lastInUseOf(c: number): number {
    return this.lastInUse[c]!;
  }

  /** Chunk `c`'s `gen`. */
  genOf(c: number): number {
    return this.gens[c]!;
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.lastInUse.byteLength + this.gens.byteLength;
  }
}
