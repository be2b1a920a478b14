/**
 * Memory outside the heap (runtime/heap/non-heap.ts): per heap arena it grows by the size of the
 * release's `heapArena` metadata, read off the struct (policy/runtime-constants.ts), not fitted.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../../src/kernel/machine.js';
import { parseGoVersion } from '../../../src/policy/go-version.js';
import { policyRowFor } from '../../../src/policy/go-policy-table.js';
import { heapMetadataPerHeapByte } from '../../../src/policy/runtime-behaviour.js';
import { NonHeapMemory, nonHeapResidentBytes } from '../../../src/runtime/heap/non-heap.js';
import { KiB, MiB } from '../../../src/units.js';

const ARENA = 64 * MiB;
/** heapArena's per-page fields: `spans [8192]*mspan` (64 KiB) and three `[8192/8]uint8` page bitmaps. */
const PER_PAGE_FIELDS = 64 * KiB + 3 * KiB;

function sysAfterOneArena(go: string): number {
  const v = parseGoVersion(go);
  const mem = new Machine({ memTotal: '1GiB' }).createProcess({ name: 'go' });
  const nh = new NonHeapMemory(policyRowFor(v).nonHeapBaseBytes, heapMetadataPerHeapByte(v), mem);
  const base = nh.sys;
  nh.heapGrewTo(ARENA);
  return nh.sys - base;
}

describe('non-heap memory per heap arena', () => {
  it.each([
    ['1.15.15', 2 * MiB + PER_PAGE_FIELDS], // 2-bit bitmap: [heapArenaBitmapBytes]byte, 2 MiB
    ['1.19.8', 2 * MiB + PER_PAGE_FIELDS],
    ['1.21.13', MiB + 16 * KiB + PER_PAGE_FIELDS], // 1-bit bitmap (1 MiB) and noMorePtrs (16 KiB)
    ['1.23.5', PER_PAGE_FIELDS], // allocation headers: no arena bitmap
    ['1.26.10', PER_PAGE_FIELDS],
  ])('go%s keeps heapArena\'s %i bytes per 64 MiB arena', (go, bytes) => {
    expect(sysAfterOneArena(go)).toBeCloseTo(bytes, 6);
  });

  it('grows only with a new peak HeapSys, and is resident at the same share in the replay\'s estimate', () => {
    const v = parseGoVersion('1.19.8');
    const mem = new Machine({ memTotal: '4GiB' }).createProcess({ name: 'go' });
    const nh = new NonHeapMemory(policyRowFor(v).nonHeapBaseBytes, heapMetadataPerHeapByte(v), mem);
    nh.heapGrewTo(16 * ARENA);
    const peak = nh.sys;
    nh.heapGrewTo(ARENA);
    expect(nh.sys).toBe(peak);
    expect(mem.counters().VmRSS).toBe(nonHeapResidentBytes(v, 16 * ARENA));
  });
});
