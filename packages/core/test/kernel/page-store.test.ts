/**
 * The page store's block representation (page-store.ts): blocks written whole stay one number,
 * blocks written in part keep a byte per page, and readers cannot tell the two apart. Then the
 * address space's bulk paths (whole-block writes, frees and reclaim) against the same
 * operations done in small pieces, which go through the per-page arrays: both must leave every
 * page and counter the same (kernel §0 transitions).
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_PAGES, MIXED, PageStore } from '../../src/kernel/page-store.js';
import { Machine } from '../../src/kernel/machine.js';
import { PageState } from '../../src/kernel/types.js';
import type { AddressSpace } from '../../src/kernel/address-space.js';
import { GiB, MiB } from '../../src/units.js';

const PAGE = 4096;
const BLOCK_BYTES = BLOCK_PAGES * PAGE;

describe('PageStore blocks', () => {
  it('keeps a block written whole as one state, with no per-page array', () => {
    const s = new PageStore();
    s.setBlockUniform(3, PageState.RESIDENT);
    expect(s.uniformState(3)).toBe(PageState.RESIDENT);
    expect(s.mixedBlockCount).toBe(0);
    expect(s.get(3 * BLOCK_PAGES + 17)).toBe(PageState.RESIDENT);
    expect(s.get(2 * BLOCK_PAGES + 17)).toBe(PageState.ABSENT);
  });

  it('turns a uniform block into a per-page array when one page changes, keeping the others', () => {
    const s = new PageStore();
    s.setBlockUniform(0, PageState.LAZY_CLEAN);
    s.set(5, PageState.LAZY_REDIRTIED);
    expect(s.uniformState(0)).toBe(MIXED);
    expect(s.get(5)).toBe(PageState.LAZY_REDIRTIED);
    expect(s.get(4)).toBe(PageState.LAZY_CLEAN);
    expect(s.get(BLOCK_PAGES - 1)).toBe(PageState.LAZY_CLEAN);
  });

  it('gives a whole block one stamp and splits it when part of the block is re-stamped', () => {
    const s = new PageStore();
    s.setStampRange(1, 0, BLOCK_PAGES, 7);
    expect(s.stampBlock(1)).toBeUndefined();
    expect(s.stamp(BLOCK_PAGES + 100)).toBe(7);
    s.setStampRange(1, 10, 20, 9);
    expect(s.stamp(BLOCK_PAGES + 15)).toBe(9);
    expect(s.stamp(BLOCK_PAGES + 100)).toBe(7);
    expect(s.stamp(0)).toBe(0);
  });

  it('keeps the per-page states and stamps of every block apart (their arrays share slabs)', () => {
    const s = new PageStore();
    const n = 40; // more blocks than one slab of either kind holds
    for (let b = 0; b < n; b++) {
      s.set(b * BLOCK_PAGES + (b % BLOCK_PAGES), PageState.RESIDENT);
      s.setStampRange(b, b, b + 1, 100 + b);
    }
    expect(s.mixedBlockCount).toBe(n);
    for (let b = 0; b < n; b++) {
      for (const off of [0, b, b + 1, BLOCK_PAGES - 1]) {
        expect(s.get(b * BLOCK_PAGES + off)).toBe(off === b ? PageState.RESIDENT : PageState.ABSENT);
        expect(s.stamp(b * BLOCK_PAGES + off)).toBe(off === b ? 100 + b : 0);
      }
    }
  });

  it('forgets a block set wholly ABSENT', () => {
    const s = new PageStore();
    s.setBlockUniform(2, PageState.RESIDENT);
    s.setBlockUniform(2, PageState.ABSENT);
    expect(s.blockCount).toBe(0);
  });
});

/** Every page state of `as` over [0, bytes) as a string (one digit per page). */
function states(as: AddressSpace, bytes: number): string {
  let out = '';
  for (let off = 0; off < bytes; off += PAGE) out += String(as.stateAt(off));
  return out;
}

function pair(): { machine: Machine; bulk: AddressSpace; piecewise: AddressSpace } {
  const machine = new Machine({ memTotal: 8 * GiB });
  return { machine, bulk: machine.createProcess({ name: 'bulk' }), piecewise: machine.createProcess({ name: 'piecewise' }) };
}

/** Applies `op` over [from, to) in one call on `bulk` and in 12 KiB pieces on `piecewise`. */
function both(p: ReturnType<typeof pair>, from: number, to: number, op: (as: AddressSpace, off: number, len: number) => void): void {
  op(p.bulk, from, to - from);
  for (let off = from; off < to; off += 3 * PAGE) op(p.piecewise, off, Math.min(3 * PAGE, to - off));
}

describe('address space: whole-block paths agree with page-by-page ones', () => {
  it('leaves the same pages and counters after writes, MADV_FREE, re-writes and MADV_DONTNEED over whole blocks', () => {
    const p = pair();
    const span = 6 * BLOCK_BYTES;
    both(p, 0, span, (as, o, l) => as.touch(o, l));
    both(p, BLOCK_BYTES, 5 * BLOCK_BYTES, (as, o, l) => as.madvise(o, l, 'MADV_FREE'));
    both(p, 2 * BLOCK_BYTES, 3 * BLOCK_BYTES, (as, o, l) => as.touch(o, l));
    both(p, 4 * BLOCK_BYTES, 5 * BLOCK_BYTES, (as, o, l) => as.madvise(o, l, 'MADV_DONTNEED'));
    expect(states(p.bulk, span)).toBe(states(p.piecewise, span));
    expect(p.bulk.counters()).toEqual(p.piecewise.counters());
  });

  it('reclaims whole lazily freed blocks exactly as many pages as asked, oldest first', () => {
    const machine = new Machine({ memTotal: 8 * GiB });
    const a = machine.createProcess({ name: 'a' });
    a.touch(0, 4 * BLOCK_BYTES);
    a.madvise(0, 4 * BLOCK_BYTES, 'MADV_FREE');
    const freed = machine.root.reclaim(BLOCK_PAGES + 10, 'max');
    expect(freed).toBe(BLOCK_PAGES + 10);
    expect(a.stateAt(0)).toBe(PageState.ABSENT);
    expect(a.stateAt((BLOCK_PAGES + 9) * PAGE)).toBe(PageState.ABSENT);
    expect(a.stateAt((BLOCK_PAGES + 10) * PAGE)).toBe(PageState.LAZY_CLEAN);
    expect(a.counters().LazyFree).toBe(4 * BLOCK_BYTES - (BLOCK_PAGES + 10) * PAGE);
    expect(machine.counters().pglazyfreed).toBe(BLOCK_PAGES + 10);
  });

  it('reclaims 1 GiB lazily freed in whole blocks: the re-written half goes back to anon, the clean half is discarded (kernel §2.5)', () => {
    const machine = new Machine({ memTotal: 8 * GiB });
    const a = machine.createProcess({ name: 'a' });
    a.touch(0, GiB);
    a.madvise(0, GiB, 'MADV_FREE');
    a.touch(0, 512 * MiB);
    expect(a.counters().LazyFree).toBe(512 * MiB);
    expect(machine.root.reclaim(Number.MAX_SAFE_INTEGER, 'max')).toBe((512 * MiB) / PAGE);
    expect(a.counters().RssAnon).toBe(512 * MiB);
    expect(a.counters().LazyFree).toBe(0);
    expect(a.stateAt(0)).toBe(PageState.RESIDENT);
    expect(a.stateAt(GiB - PAGE)).toBe(PageState.ABSENT);
  });
});
