/**
 * Flat bitmaps over page indices, one bit per page in a `Uint32Array`.
 *
 * Page `p` lives in word `p >>> 5`, bit `p & 31` (bit 0 = lowest page), the layout of the Go
 * runtime's `pageBits`/`pallocBits` with 32-bit instead of 64-bit words
 * [go1.14.13:mpallocbits.go]. All range operations work a word at a time so their cost is
 * proportional to the length of the range divided by 32, never to the size of the heap.
 *
 * Page indices must stay below 2^31 (16 TiB of 8 KiB pages); {@link PageHeap} enforces this.
 *
 * @module
 */

/** Bits per bitmap word. */
export const WORD_BITS = 32;
/** All bits of a word set, as the unsigned value a `Uint32Array` returns. */
export const FULL_WORD = 0xffffffff;

/** Mask of bits `[lo, hi)` of one word, `0 <= lo < hi <= 32`. */
export function wordMask(lo: number, hi: number): number {
  const upper = hi === 32 ? FULL_WORD : (1 << hi) - 1;
  const lower = lo === 0 ? 0 : (1 << lo) - 1;
  return (upper & ~lower) >>> 0;
}

/**
 * {@link wordMask} as a signed 32-bit value (same bits), for `lo < hi`. The range operations
 * below use it: a mask with bit 31 set is not a small integer once made unsigned, and V8 then
 * boxes it in a heap number on every call that is not inlined (≈ 20 MB per simulated incident
 * hour, measured); a typed-array store or a bitwise operator treats both forms alike.
 */
function mask(lo: number, hi: number): number {
  // `hi - lo` ones shifted up by `lo`, without a branch. Every caller has lo < hi (a range of
  // at least one bit), so the right shift is by 0 to 31, all well defined.
  return (-1 >>> (32 - hi + lo)) << lo;
}

/** Number of set bits in a 32-bit word (Hacker's Delight 5-2). */
export function popcount32(x: number): number {
  let v = x >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/** Index of the lowest set bit of a non-zero word. */
export function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

// The range operations below are written out word by word rather than through a shared
// visitor taking a callback: they run for every allocation, free and scavenge, and a closure
// per call costs an allocation (and, under tsx, a `__name` call) each time.

/** Sets bits `[start, start+n)`. */
export function setRange(bits: Uint32Array, start: number, n: number): void {
  if (n <= 0) return;
  const end = start + n;
  const w0 = start >>> 5;
  const lastW = (end - 1) >>> 5;
  if (w0 === lastW) {
    bits[w0] = (bits[w0]! | mask(start & 31, ((end - 1) & 31) + 1));
    return;
  }
  bits[w0] = (bits[w0]! | mask(start & 31, 32));
  // A loop for the few words of a typical span; fill's call overhead dominates below ~16 words.
  if (lastW - w0 > 16) bits.fill(FULL_WORD, w0 + 1, lastW);
  else for (let w = w0 + 1; w < lastW; w++) bits[w] = FULL_WORD;
  bits[lastW] = (bits[lastW]! | mask(0, ((end - 1) & 31) + 1));
}

/** Clears bits `[start, start+n)`. */
export function clearRange(bits: Uint32Array, start: number, n: number): void {
  if (n <= 0) return;
  const end = start + n;
  const w0 = start >>> 5;
  const lastW = (end - 1) >>> 5;
  if (w0 === lastW) {
    bits[w0] = (bits[w0]! & ~mask(start & 31, ((end - 1) & 31) + 1));
    return;
  }
  bits[w0] = (bits[w0]! & ~mask(start & 31, 32));
  if (lastW - w0 > 16) bits.fill(0, w0 + 1, lastW);
  else for (let w = w0 + 1; w < lastW; w++) bits[w] = 0;
  bits[lastW] = (bits[lastW]! & ~mask(0, ((end - 1) & 31) + 1));
}

/**
 * Number of set bits in `[start, start+n)`, clearing them: {@link countRange} then
 * {@link clearRange} in one pass over the words (the allocation path takes a range's
 * scavenged bits this way).
 */
export function countAndClearRange(bits: Uint32Array, start: number, n: number): number {
  if (n <= 0) return 0;
  const end = start + n;
  const w0 = start >>> 5;
  const lastW = (end - 1) >>> 5;
  if (w0 === lastW) {
    const m = mask(start & 31, ((end - 1) & 31) + 1);
    const x = bits[w0]!;
    if ((x & m) === 0) return 0;
    bits[w0] = x & ~m;
    return popcount32(x & m);
  }
  const m0 = mask(start & 31, 32);
  const x0 = bits[w0]!;
  let count = 0;
  if ((x0 & m0) !== 0) {
    count = popcount32(x0 & m0);
    bits[w0] = x0 & ~m0;
  }
  for (let w = w0 + 1; w < lastW; w++) {
    const x = bits[w]!;
    if (x !== 0) {
      count += x === FULL_WORD ? 32 : popcount32(x);
      bits[w] = 0;
    }
  }
  const m1 = mask(0, ((end - 1) & 31) + 1);
  const x1 = bits[lastW]!;
  if ((x1 & m1) !== 0) {
    count += popcount32(x1 & m1);
    bits[lastW] = x1 & ~m1;
  }
  return count;
}

/**
 * Bits of `[start, start+n)` that were clear, setting them all: `n − countRange` then
 * {@link setRange} in one pass (marking a range scavenged counts the newly scavenged pages).
 */
export function countClearAndSetRange(bits: Uint32Array, start: number, n: number): number {
  if (n <= 0) return 0;
  const end = start + n;
  const w0 = start >>> 5;
  const lastW = (end - 1) >>> 5;
  if (w0 === lastW) {
    const m = mask(start & 31, ((end - 1) & 31) + 1);
    const x = bits[w0]!;
    if ((x & m) === m) return 0;
    bits[w0] = x | m;
    return popcount32(~x & m);
  }
  const m0 = mask(start & 31, 32);
  const x0 = bits[w0]!;
  let fresh = 0;
  if ((x0 & m0) !== m0) {
    fresh = popcount32(~x0 & m0);
    bits[w0] = x0 | m0;
  }
  for (let w = w0 + 1; w < lastW; w++) {
    const x = bits[w]!;
    if (x !== FULL_WORD) {
      fresh += x === 0 ? 32 : popcount32(~x);
      bits[w] = FULL_WORD;
    }
  }
  const m1 = mask(0, ((end - 1) & 31) + 1);
  const x1 = bits[lastW]!;
  if ((x1 & m1) !== m1) {
    fresh += popcount32(~x1 & m1);
    bits[lastW] = x1 | m1;
  }
  return fresh;
}

/** True when no bit in `[start, start+n)` is set (n ≤ 0: true); stops at the first set bit. */
export function noneSetInRange(bits: Uint32Array, start: number, n: number): boolean {
  if (n <= 0) return true;
  const end = start + n;
  const w0 = start >>> 5;
  const lastW = (end - 1) >>> 5;
  if (w0 === lastW) return (bits[w0]! & mask(start & 31, ((end - 1) & 31) + 1)) === 0;
  if ((bits[w0]! & mask(start & 31, 32)) !== 0) return false;
  for (let w = w0 + 1; w < lastW; w++) if (bits[w] !== 0) return false;
  return (bits[lastW]! & mask(0, ((end - 1) & 31) + 1)) === 0;
}

/** True when every bit in `[start, start+n)` is set (n ≤ 0: true); stops at the first clear bit. */
export function allSetInRange(bits: Uint32Array, start: number, n: number): boolean {
  if (n <= 0) return true;
  const end = start + n;
  const w0 = start >>> 5;
  const lastW = (end - 1) >>> 5;
  if (w0 === lastW) {
    const m = mask(start & 31, ((end - 1) & 31) + 1);
    return (bits[w0]! & m) === m;
  }
  const m0 = mask(start & 31, 32);
  if ((bits[w0]! & m0) !== m0) return false;
  for (let w = w0 + 1; w < lastW; w++) if (bits[w] !== FULL_WORD) return false;
  const m1 = mask(0, ((end - 1) & 31) + 1);
  return (bits[lastW]! & m1) === m1;
}

/**
 * Clears bits `[start, start+n)` if every one of them is set and returns true; otherwise
 * leaves the bitmap as it was and returns false. {@link allSetInRange} then {@link clearRange}
 * in one pass (freeing checks that every page was allocated this way): a word found not full
 * undoes the words already cleared, which were full.
 */
export function clearRangeIfAllSet(bits: Uint32Array, start: number, n: number): boolean {
  if (n <= 0) return true;
  const end = start + n;
  const w0 = start >>> 5;
  const lastW = (end - 1) >>> 5;
  if (w0 === lastW) {
    const m = mask(start & 31, ((end - 1) & 31) + 1);
    const x = bits[w0]!;
    if ((x & m) !== m) return false;
    bits[w0] = x & ~m;
    return true;
  }
  const m0 = mask(start & 31, 32);
  const x0 = bits[w0]!;
  if ((x0 & m0) !== m0) return false;
  const m1 = mask(0, ((end - 1) & 31) + 1);
  const x1 = bits[lastW]!;
  if ((x1 & m1) !== m1) return false;
  for (let w = w0 + 1; w < lastW; w++) {
    if (bits[w] !== FULL_WORD) {
      for (let u = w0 + 1; u < w; u++) bits[u] = FULL_WORD;
      return false;
    }
    bits[w] = 0;
  }
  bits[w0] = x0 & ~m0;
  bits[lastW] = x1 & ~m1;
  return true;
}

/** Number of set bits in `[start, start+n)`. */
export function countRange(bits: Uint32Array, start: number, n: number): number {
  if (n <= 0) return 0;
  const end = start + n;
  const w0 = start >>> 5;
  const lastW = (end - 1) >>> 5;
  if (w0 === lastW) return popcount32(bits[w0]! & mask(start & 31, ((end - 1) & 31) + 1));
  let count = popcount32(bits[w0]! & mask(start & 31, 32));
  for (let w = w0 + 1; w < lastW; w++) {
    const x = bits[w]!;
    if (x !== 0) count += x === FULL_WORD ? 32 : popcount32(x);
  }
  return count + popcount32(bits[lastW]! & mask(0, ((end - 1) & 31) + 1));
}

/** True if bit `i` is set. */
export function testBit(bits: Uint32Array, i: number): boolean {
  return ((bits[i >>> 5]! >>> (i & 31)) & 1) === 1;
}

/** Sets bit `i`. */
export function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] = (bits[i >>> 5]! | (1 << (i & 31))) >>> 0;
}

/** Clears bit `i`. */
export function clearBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] = (bits[i >>> 5]! & ~(1 << (i & 31))) >>> 0;
}

/**
 * Highest set bit at index `<= from` (and `>= 0`), or -1. Skips clear words a word at a time;
 * used on the per-chunk "has free & unscavenged pages" bitmap, the equivalent of go1.19's
 * `scavengeIndex.find` walking chunks downward [go1.19.8:mgcscavenge.go].
 */
export function highestSetAtOrBelow(bits: Uint32Array, from: number): number {
  if (from < 0) return -1;
  let w = from >>> 5;
  let word = bits[w]! & mask(0, (from & 31) + 1);
  for (;;) {
    if (word !== 0) return w * 32 + 31 - Math.clz32(word);
    if (w === 0) return -1;
    w--;
    word = bits[w]!;
  }
}

/**
 * Go's `fillAligned` turned inside out for one 32-bit word: given `good` (1 = page usable),
 * returns a word whose bits are set exactly for the `m`-aligned groups of `m` bits that are
 * entirely set in `good`. `m` is a power of two from 1 to 32. The runtime uses the same
 * grouping so that a scavenged run never splits a physical page larger than a runtime page
 * [go1.21.12:mgcscavenge.go fillAligned, findScavengeCandidate].
 */
export function alignedGroups(good: number, m: number): number {
  if (m === 1) return good >>> 0;
  let x = good >>> 0;
  for (let k = 1; k < m; k *= 2) x = (x & (x >>> k)) >>> 0;
  // Keep only the bit at each group's base, then smear it over the group.
  let baseBits = 0;
  for (let i = 0; i < 32; i += m) baseBits |= 1 << i;
  x = (x & baseBits) >>> 0;
  return (x * (m === 32 ? FULL_WORD : (1 << m) - 1)) >>> 0;
}

/** Returns a copy of `bits` with room for at least `words` words (new words are zero). */
export function growWords<T extends Uint32Array | Uint16Array | Float64Array>(
  bits: T,
  words: number,
  make: (n: number) => T,
): T {
  if (bits.length >= words) return bits;
  const next = make(words);
  next.set(bits as never);
  return next;
}

/** Lowest set bit in `[from, limit)`, or `limit` if there is none. */
export function nextSetBit(bits: Uint32Array, from: number, limit: number): number {
  if (from >= limit) return limit;
  let w = from >>> 5;
  const lastW = (limit - 1) >>> 5;
  let word = bits[w]! & mask(from & 31, 32);
  for (;;) {
    if (word !== 0) {
      const i = w * 32 + ctz32(word);
      return i < limit ? i : limit;
    }
    if (w === lastW) return limit;
    w++;
    word = bits[w]!;
  }
}

/**
 * Highest set bit in `[lo, from]`, or `lo - 1` if there is none. Like
 * {@link highestSetAtOrBelow} but never reads below word `lo >>> 5`, so a search confined to
 * one chunk costs at most that chunk's words.
 */
export function highestSetInRange(bits: Uint32Array, lo: number, from: number): number {
  if (from < lo) return lo - 1;
  const w0 = lo >>> 5;
  let w = from >>> 5;
  let word = bits[w]! & mask(0, (from & 31) + 1);
  for (;;) {
    if (w === w0) word &= mask(lo & 31, 32);
    if (word !== 0) return w * 32 + 31 - Math.clz32(word);
    if (w === w0) return lo - 1;
    w--;
    word = bits[w]!;
  }
}
