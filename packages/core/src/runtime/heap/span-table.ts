/**
 * Spans and the objects in them: what the workload allocates, what the GC marks and what the
 * sweeper hands back to the page heap.
 *
 * The runtime allocates small objects (≤ 32 KiB, `maxSmallSize`) from spans of a size class and
 * large objects from a span of their own (go1.19.8 malloc.go mallocgc, mheap.go allocSpan). A
 * span's pages stay in use (counted in `HeapInuse`) until the sweeper finds every object in it
 * dead; partly dead small spans go back to their class's partial list (mcentral) and their
 * free slots are reused before a new span is taken. That is the fragmentation which keeps
 * `HeapInuse` above `HeapAlloc` after a heap shrinks.
 *
 * Model: a small object is rounded up to a size class. Go's 68 classes (sizeclasses.go) are
 * generated so that no class wastes more than 12.5 % on rounding; scavsim uses the same rule in
 * closed form: multiples of 16 up to 128 bytes, then 8 classes per power of two. A class's span
 * is the smallest number of pages (1–8) whose tail waste is at most 1/8 of the span, as Go's
 * generator chooses them. `HeapAlloc` counts the class size of small objects and whole pages
 * of large ones, as the runtime's stats do, so `HeapAlloc ≤ HeapInuse` always holds. The GC is a stop-the-world instant at mark termination, and sweeping happens at
 * once after it (Go sweeps concurrently, and finishes long before the next cycle in the
 * scenarios scavsim models).
 *
 * Storage: parallel typed arrays indexed by span id and object id, grown by doubling, with
 * free-lists of ids, so an allocation or a sweep costs O(1) per object touched.
 *
 * @module
 */
import { stateError } from '../../errors.js';
import { PAGE_SIZE } from '../pages/page-heap-types.js';

/** Largest small object (bytes): go1.19.8 sizeclasses.go `_MaxSmallSize`. */
export const MAX_SMALL_SIZE = 32 * 1024;

/** Where a new span's pages come from: the runtime's mheap. */
export interface SpanPageSource {
  /** Allocates `npages` contiguous pages for a span; returns the first page index. */
  allocPages(npages: number): number;
  /** Returns a span's pages to the page heap (the sweeper freeing a span). */
  freePages(base: number, npages: number): void;
}

/**
 * Size classes in closed form: 16-byte steps to 128 bytes, then 8 classes per power of two up
 * to 32 KiB (at most 12.5 % rounding waste, the bound Go's mksizeclasses.go enforces).
 */
function buildClasses(): { size: number[]; pages: number[] } {
  const size = [0];
  for (let b = 16; b <= 128; b += 16) size.push(b);
  for (let p = 128; p < MAX_SMALL_SIZE; p *= 2) for (let k = 1; k <= 8; k++) size.push(p + (k * p) / 8);
  const pages = size.map((sz) => {
    if (sz === 0) return 0;
    for (let n = 1; n <= 8; n++) if ((n * PAGE_SIZE) % sz <= (n * PAGE_SIZE) / 8 && n * PAGE_SIZE >= sz) return n;
    return Math.ceil(sz / PAGE_SIZE);
  });
  return { size, pages };
}
const CLASSES = buildClasses();
/** Bytes of each size class (index 0 unused: large objects). */
const CLASS_SIZE = CLASSES.size;
/** Pages per span of each size class. */
const CLASS_PAGES = CLASSES.pages;
const NUM_CLASSES = CLASS_SIZE.length;

function classOf(bytes: number): number {
  if (bytes <= 128) return Math.max(1, Math.ceil(bytes / 16));
  const e = Math.floor(Math.log2(bytes - 1));
  const p = 2 ** e;
  return 8 + (e - 7) * 8 + Math.ceil((bytes - p) / (p / 8));
}

/**
 * Class of every 16-byte step up to 32 KiB, precomputed (the runtime's `size_to_class8` /
 * `size_to_class128` tables play the same role): allocation is on the hot path. Every class
 * boundary is a multiple of 16, so `ceil(bytes / 16)` selects the class exactly.
 */
const CLASS_BY_16 = (() => {
  const t = new Uint8Array(MAX_SMALL_SIZE / 16 + 1);
  for (let i = 1; i < t.length; i++) t[i] = classOf(i * 16);
  t[0] = 1;
  return t;
})();

/** The size class of a small object of `bytes` (1 ≤ bytes ≤ 32 KiB). */
export function sizeClass(bytes: number): number {
  return CLASS_BY_16[(bytes + 15) >>> 4]!;
}

/** The bytes a small object of `bytes` occupies (its class size). */
export function classSize(bytes: number): number {
  return CLASS_SIZE[sizeClass(bytes)]!;
}

const OBJ_FREE = 0;
const OBJ_LIVE = 1;
const OBJ_DROPPED = 2;

/** Spans, objects, and the sweep that frees dead spans. */
export class SpanTable {
  // Span columns.
  private spanBase = new Int32Array(1024);
  private spanPages = new Int32Array(1024);
  private spanCap = new Int32Array(1024); // object slots (1 for large spans)
  private spanUsed = new Int32Array(1024); // slots holding a live or unswept object
  private spanNext = new Int32Array(1024); // bump index for never-used slots
  private spanClass = new Int8Array(1024); // 0 = large, else the size class
  private spanSlotSize = new Int32Array(1024);
  private spanFreeSlots: number[][] = []; // swept-free slot indices per span
  /** Ids of released spans, a stack in `[0, nFreeSpanIds)` (LIFO, as the plain array it replaced). */
  private freeSpanIds = new Int32Array(1024);
  private nFreeSpanIds = 0;
  private nSpans = 0;

  // Object columns.
  private objSpan = new Int32Array(4096);
  private objSlot = new Int32Array(4096);
  private objBytes = new Float64Array(4096);
  private objState = new Uint8Array(4096);
  /**
   * Ids of swept objects, a stack in `[0, nFreeObjIds)` kept in a typed array between cycles: a
   * plain array shrank as allocation popped it and was regrown by every sweep (the largest
   * source of garbage in the engine, measured).
   */
  private freeObjIds = new Int32Array(4096);
  private nFreeObjIds = 0;
  private nObjs = 0;

  /** Per size class: the span currently being filled, or -1 (mcache). */
  private readonly open = new Int32Array(NUM_CLASSES).fill(-1);
  /** Per size class: spans with free slots after a sweep (mcentral partial lists). */
  private readonly partial: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  /**
   * Objects dropped since the last GC, the only ones the next sweep has to look at: ids in
   * `[0, nDropped)`, in a typed array kept between cycles (no array regrown every cycle).
   */
  private dropped = new Int32Array(1024);
  private nDropped = 0;

  /** Bytes of allocated objects, live or not yet swept (`MemStats.HeapAlloc`). */
  heapAlloc = 0;
  /** Objects allocated and not yet swept (`MemStats.HeapObjects`). */
  heapObjects = 0;
  /** Pages in in-use spans (`HeapInuse` / 8 KiB). */
  inUsePages = 0;
  /** Cumulative bytes allocated (`TotalAlloc`). */
  totalAlloc = 0;
  /** Cumulative objects allocated (`Mallocs`). */
  mallocs = 0;

  constructor(private readonly pages: SpanPageSource) {}

  /**
   * Allocates an object of `bytes` (> 0). Returns its id and the byte range the program will
   * write, as `[offset, len]` in the heap's byte address space, through `out`.
   */
  alloc(bytes: number, out: { offset: number; len: number }): number {
    let span: number;
    let slot: number;
    let charged: number;
    if (bytes > MAX_SMALL_SIZE) {
      const npages = Math.ceil(bytes / PAGE_SIZE);
      span = this.newSpan(0, npages, 1, bytes);
      slot = 0;
      this.spanNext[span] = 1;
      charged = npages * PAGE_SIZE;
    } else {
      const cls = sizeClass(bytes);
      span = this.spanWithRoom(cls);
      const fs = this.spanFreeSlots[span];
      if (fs !== undefined && fs.length > 0) slot = fs.pop()!;
      else slot = this.spanNext[span]!++;
      charged = CLASS_SIZE[cls]!;
    }
    this.spanUsed[span]!++;
    const id = this.newObj();
    this.objSpan[id] = span;
    this.objSlot[id] = slot;
    this.objBytes[id] = charged;
    this.objState[id] = OBJ_LIVE;
    this.heapAlloc += charged;
    this.heapObjects++;
    this.totalAlloc += charged;
    this.mallocs++;
    out.offset = this.spanBase[span]! * PAGE_SIZE + slot * this.spanSlotSize[span]!;
    out.len = bytes;
    return id;
  }

  /** The program drops its last reference to object `id`; the next GC will find it dead. */
  drop(id: number): void {
    if (this.objState[id] !== OBJ_LIVE) stateError('object', `object ${id} is not live`);
    this.objState[id] = OBJ_DROPPED;
    if (this.nDropped === this.dropped.length) this.dropped = grow(this.dropped, new Int32Array(this.dropped.length * 2));
    this.dropped[this.nDropped++] = id;
  }

  /** Bytes of objects still referenced (what the next mark will find live). */
  liveBytes(): number {
    let dead = 0;
    // Indexed loops here and in sweep: a for-of allocated an iterator result per object (measured).
    const dropped = this.dropped;
    for (let i = 0, n = this.nDropped; i < n; i++) dead += this.objBytes[dropped[i]!]!;
    return this.heapAlloc - dead;
  }

  /**
   * The GC found every dropped object dead: sweep them, free spans that became empty, and
   * return the number of pages freed. Work is proportional to the objects dropped.
   */
  sweep(): number {
    let freedPages = 0;
    const dropped = this.dropped;
    const n = this.nDropped;
    this.nDropped = 0;
    for (let i = 0; i < n; i++) {
      const id = dropped[i]!;
      const span = this.objSpan[id]!;
      const bytes = this.objBytes[id]!;
      this.objState[id] = OBJ_FREE;
      if (this.nFreeObjIds === this.freeObjIds.length) this.freeObjIds = grow(this.freeObjIds, new Int32Array(this.freeObjIds.length * 2));
      this.freeObjIds[this.nFreeObjIds++] = id;
      this.heapAlloc -= bytes;
      this.heapObjects--;
      const used = --this.spanUsed[span]!;
      const cls = this.spanClass[span]!;
      if (used === 0) {
        freedPages += this.spanPages[span]!;
        this.releaseSpan(span);
      } else if (cls > 0) {
        let fs = this.spanFreeSlots[span];
        if (fs === undefined) this.spanFreeSlots[span] = fs = [];
        if (fs.length === 0 && this.open[cls] !== span && this.spanNext[span]! >= this.spanCap[span]!) {
          this.partial[cls]!.push(span);
        }
        fs.push(this.objSlot[id]!);
      }
    }
    return freedPages;
  }

  private spanWithRoom(cls: number): number {
    const o = this.open[cls]!;
    if (o >= 0 && this.hasRoom(o)) return o;
    const partial = this.partial[cls]!;
    while (partial.length > 0) {
      const s = partial.pop()!;
      if (this.spanPages[s]! > 0 && this.spanClass[s] === cls && this.hasRoom(s)) {
        this.open[cls] = s;
        return s;
      }
    }
    const size = CLASS_SIZE[cls]!;
    const npages = CLASS_PAGES[cls]!;
    const s = this.newSpan(cls, npages, Math.floor((npages * PAGE_SIZE) / size), size);
    this.open[cls] = s;
    return s;
  }

  private hasRoom(span: number): boolean {
    const fs = this.spanFreeSlots[span];
    return (fs !== undefined && fs.length > 0) || this.spanNext[span]! < this.spanCap[span]!;
  }

  private newSpan(cls: number, npages: number, cap: number, slotSize: number): number {
    const base = this.pages.allocPages(npages);
    let id: number;
    if (this.nFreeSpanIds > 0) id = this.freeSpanIds[--this.nFreeSpanIds]!;
    else {
      id = this.nSpans++;
      if (id >= this.spanBase.length) this.growSpans();
    }
    this.spanBase[id] = base;
    this.spanPages[id] = npages;
    this.spanCap[id] = cap;
    this.spanUsed[id] = 0;
    this.spanNext[id] = 0;
    this.spanClass[id] = cls;
    this.spanSlotSize[id] = slotSize;
    this.spanFreeSlots[id] = undefined as unknown as number[];
    this.inUsePages += npages;
    return id;
  }

  private releaseSpan(span: number): void {
    const npages = this.spanPages[span]!;
    this.pages.freePages(this.spanBase[span]!, npages);
    this.inUsePages -= npages;
    this.spanPages[span] = 0;
    const cls = this.spanClass[span]!;
    if (cls > 0 && this.open[cls] === span) this.open[cls] = -1;
    this.spanFreeSlots[span] = undefined as unknown as number[];
    if (this.nFreeSpanIds === this.freeSpanIds.length) this.freeSpanIds = grow(this.freeSpanIds, new Int32Array(this.freeSpanIds.length * 2));
    this.freeSpanIds[this.nFreeSpanIds++] = span;
  }

  private newObj(): number {
    let id: number;
    if (this.nFreeObjIds > 0) id = this.freeObjIds[--this.nFreeObjIds]!;
    else {
      id = this.nObjs++;
      if (id >= this.objSpan.length) {
        const n = this.objSpan.length * 2;
        this.objSpan = grow(this.objSpan, new Int32Array(n));
        this.objSlot = grow(this.objSlot, new Int32Array(n));
        this.objBytes = grow(this.objBytes, new Float64Array(n));
        this.objState = grow(this.objState, new Uint8Array(n));
      }
    }
    return id;
  }

  private growSpans(): void {
    const n = this.spanBase.length * 2;
    this.spanBase = grow(this.spanBase, new Int32Array(n));
    this.spanPages = grow(this.spanPages, new Int32Array(n));
    this.spanCap = grow(this.spanCap, new Int32Array(n));
    this.spanUsed = grow(this.spanUsed, new Int32Array(n));
    this.spanNext = grow(this.spanNext, new Int32Array(n));
    this.spanClass = grow(this.spanClass, new Int8Array(n));
    this.spanSlotSize = grow(this.spanSlotSize, new Int32Array(n));
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array | Int8Array>(old: T, next: T): T {
  next.set(old as never);
  return next;
}

