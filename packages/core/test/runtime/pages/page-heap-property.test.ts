/**
 * PageHeap against a naive one-byte-per-page mirror on heaps of 60–140 chunks, so that the
 * 64-chunk summary groups (which the cross-layer model test never reaches) are exercised:
 * first fit, best fit, scavenging candidates at every OS page size, counters and the per-chunk
 * summaries must all match what a linear scan computes from the definitions
 * (go §3.2 (3), go §3.3 (3), go §3.4 (3); go1.21.12 mgcscavenge.go).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageHeap } from '../../../src/runtime/pages/page-heap.js';
import { scavengeFromTop } from './page-heap-helpers.js';

const P = 512;
const FREE = 0;
const SCAV = 1;
const USED = 2;

/** The naive mirror: one state per page. */
class Naive {
  readonly s: Uint8Array;
  constructor(pages: number) {
    this.s = new Uint8Array(pages).fill(SCAV);
  }
  /** Lengths of the maximal free runs, in address order. */
  runLengths(): number[] {
    const out: number[] = [];
    let run = 0;
    for (const st of this.s) {
      if (st === USED) {
        if (run > 0) out.push(run);
        run = 0;
      } else run++;
    }
    if (run > 0) out.push(run);
    return out;
  }
  firstFit(n: number): number {
    let run = 0;
    for (let p = 0; p < this.s.length; p++) {
      run = this.s[p] === USED ? 0 : run + 1;
      if (run === n) return p - n + 1;
    }
    return -1;
  }
  /** Smallest sufficient maximal run of pages matching `ok`, lowest address among equals. */
  bestRun(n: number, ok: (st: number) => boolean): { base: number; len: number } | null {
    let best: { base: number; len: number } | null = null;
    let p = 0;
    while (p < this.s.length) {
      if (!ok(this.s[p]!)) { p++; continue; }
      const start = p;
      while (p < this.s.length && ok(this.s[p]!)) p++;
      const len = p - start;
      if (len >= n && (best === null || len < best.len)) best = { base: start, len };
    }
    return best;
  }
  candidate(below: number, max: number, m: number, eligible: (c: number) => boolean, hp = 0): { base: number; npages: number } | null {
    const cap = max === 0 ? m : Math.ceil(max / m) * m;
    const good = (g: number): boolean => {
      for (let i = g; i < g + m; i++) if (this.s[i] !== FREE) return false;
      return true;
    };
    let top = Math.min(below, this.s.length);
    top -= top % m;
    for (let g = top - m; g >= 0; g -= m) {
      const c = Math.floor(g / P);
      if (!eligible(c) || !good(g)) continue;
      let low = g;
      while (low - m >= c * P && good(low - m)) low -= m;
      const run = g + m - low;
      const size = Math.min(run, cap);
      let base = g + m - size;
      // Huge page rule: extend down to the start of a huge page that the cut would split, if
      // that whole huge page is inside the free run.
      if (hp > m) {
        const hpStart = Math.floor(base / hp) * hp;
        if (hpStart !== base && hpStart + hp <= g + m && hpStart >= low) base = hpStart;
      }
      return { base, npages: g + m - base };
    }
    return null;
  }
  set(base: number, n: number, st: number): void {
    this.s.fill(st, base, base + n);
  }
  count(st: number): number {
    return this.s.reduce((k, x) => k + (x === st ? 1 : 0), 0);
  }
}

type Op =
  | { op: 'first'; n: number }
  /** First fit of exactly the length of an existing free run (exact fits stress the summaries). */
  | { op: 'exact'; pick: number }
  | { op: 'best'; n: number; prefer: boolean }
  | { op: 'free'; pick: number }
  | { op: 'scavenge'; n: number; m: number; skip: number }
  | { op: 'candidate'; below: number; max: number; m: number; hp: number };

const size = fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 400, max: 5000 }));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: size.map((n) => ({ op: 'first' as const, n })) },
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ op: 'exact' as const, pick })) },
  { weight: 1, arbitrary: fc.tuple(size, fc.boolean()).map(([n, prefer]) => ({ op: 'best' as const, n, prefer })) },
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ op: 'free' as const, pick })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 3000 }), fc.constantFrom(1, 2, 4, 8), fc.integer({ min: 2, max: 9 })).map(([n, m, skip]) => ({ op: 'scavenge' as const, n, m, skip })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 140 * P }), fc.nat({ max: 700 }), fc.constantFrom(1, 2, 4, 8), fc.constantFrom(0, 64, 256)).map(([below, max, m, hp]) => ({ op: 'candidate' as const, below, max, m, hp })) },
);

describe('PageHeap against a naive per-page mirror', () => {
  it('matches first fit, best fit, scavenging, counters and chunk summaries on large heaps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 140 }), fc.array(opArb, { maxLength: 40 }), (chunks, ops) => {
        const heap = new PageHeap();
        heap.grow(chunks * P);
        const naive = new Naive(chunks * P);
        const live: Array<{ base: number; n: number }> = [];
        for (const raw of ops) {
          let o = raw;
          if (o.op === 'exact') {
            const runs = naive.runLengths();
            if (runs.length === 0) continue;
            o = { op: 'first', n: runs[o.pick % runs.length]! };
          }
          if (o.op === 'first' || o.op === 'best') {
            let want: number;
            if (o.op === 'first') want = naive.firstFit(o.n);
            else if (!o.prefer) want = naive.bestRun(o.n, (st) => st !== USED)?.base ?? -1;
            else {
              const u = naive.bestRun(o.n, (st) => st === FREE);
              const sc = naive.bestRun(o.n, (st) => st === SCAV);
              want = u === null && sc === null ? -1 : sc === null || (u !== null && u.len <= sc.len) ? u!.base : sc.base;
            }
            const got = o.op === 'first' ? heap.allocFirstFit(o.n) : heap.allocBestFit(o.n, o.prefer);
            expect(got?.base ?? -1, JSON.stringify(o)).toBe(want);
            if (got !== null) {
              let scav = 0;
              for (let p = got.base; p < got.base + o.n; p++) if (naive.s[p] === SCAV) scav++;
              expect(got.scavengedPages).toBe(scav);
              naive.set(got.base, o.n, USED);
              live.push({ base: got.base, n: o.n });
            }
          } else if (o.op === 'free') {
            if (live.length === 0) continue;
            const [a] = live.splice(o.pick % live.length, 1);
            heap.free(a!.base, a!.n);
            naive.set(a!.base, a!.n, FREE);
          } else if (o.op === 'scavenge') {
            const eligible = (c: number): boolean => c % o.skip !== 0;
            const got = scavengeFromTop(heap, o.n, { minRunPages: o.m, eligible });
            let below = heap.mappedPages;
            let done = 0;
            const want: Array<{ base: number; npages: number }> = [];
            while (done < o.n) {
              const r = naive.candidate(below, o.n - done, o.m, eligible);
              if (r === null) break;
              naive.set(r.base, r.npages, SCAV);
              want.push(r);
              done += r.npages;
              below = r.base;
            }
            expect(got.runs).toEqual(want);
          } else if (o.op === 'candidate') {
            const any = (): boolean => true;
            expect(heap.findScavengeCandidate(o.below, o.max, o.m, undefined, o.hp)).toEqual(naive.candidate(o.below, o.max, o.m, any, o.hp));
          }
          expect([heap.inUsePages, heap.scavengedPages]).toEqual([naive.count(USED), naive.count(SCAV)]);
        }
        // Per-chunk summaries from the definitions.
        for (const row of heap.chunkSummaries()) {
          const slice = naive.s.subarray(row.chunk * P, (row.chunk + 1) * P);
          let start = 0;
          while (start < P && slice[start] !== USED) start++;
          let end = 0;
          while (end < P && slice[P - 1 - end] !== USED) end++;
          let max = 0;
          let run = 0;
          for (const st of slice) {
            run = st === USED ? 0 : run + 1;
            if (run > max) max = run;
          }
          const inUse = slice.reduce((k, x) => k + (x === USED ? 1 : 0), 0);
          const scavenged = slice.reduce((k, x) => k + (x === SCAV ? 1 : 0), 0);
          expect(row).toMatchObject({ start, max, end, inUse, scavenged });
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('PageHeap free-run stamps against a per-page mirror (go1.11 mheap.go unusedsince)', () => {
  it('stamps each maximal free run with its latest free and keeps it through allocations', () => {
    const stepArb = fc.oneof(
      fc.record({ op: fc.constant('alloc' as const), n: fc.integer({ min: 1, max: 700 }) }),
      fc.record({ op: fc.constant('free' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('grow' as const), n: fc.integer({ min: 1, max: 600 }) }),
    );
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), fc.nat({ max: 45 }), (steps, cutoff) => {
        const heap = new PageHeap({ trackFreeTime: true });
        const used: boolean[] = [];
        const stamp: number[] = [];
        const live: Array<{ base: number; n: number }> = [];
        // Marks the maximal free run around [base, base+n) with `now` (a merged span takes the new time).
        const stampRun = (base: number, n: number, now: number): void => {
          let s = base;
          while (s > 0 && !used[s - 1]) s--;
          let e = base + n;
          while (e < used.length && !used[e]) e++;
          for (let p = s; p < e; p++) stamp[p] = now;
        };
        steps.forEach((st, now) => {
          if (st.op === 'grow') {
            const g = heap.grow(st.n, { nowMs: now });
            for (let p = g.base; p < g.base + g.npages; p++) used.push(false);
            stampRun(g.base, g.npages, now);
          } else if (st.op === 'alloc') {
            const r = heap.allocFirstFit(st.n);
            if (r === null) return;
            for (let p = r.base; p < r.base + st.n; p++) used[p] = true;
            live.push({ base: r.base, n: st.n });
          } else if (live.length > 0) {
            const [a] = live.splice(st.pick % live.length, 1);
            heap.free(a!.base, a!.n, now);
            for (let p = a!.base; p < a!.base + a!.n; p++) used[p] = false;
            stampRun(a!.base, a!.n, now);
          }
        });
        const want: Array<{ base: number; npages: number; freedAtMs: number }> = [];
        for (let p = 0; p < used.length;) {
          if (used[p]) { p++; continue; }
          const s = p;
          while (p < used.length && !used[p]) p++;
          if (stamp[s]! < cutoff) want.push({ base: s, npages: p - s, freedAtMs: stamp[s]! });
        }
        expect(heap.freeRunsIdleSince(cutoff).map(({ base, npages, freedAtMs }) => ({ base, npages, freedAtMs }))).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
