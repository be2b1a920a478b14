/**
 * The per-version policy table against spec go-runtime.md §7 and the sections it summarises,
 * table-driven per era in the style of golang/go src/runtime/mgcscavenge_test.go. Each case cites
 * the runtime source (spec §0 keys) its expectation comes from.
 */
import { describe, expect, it } from 'vitest';
import {
  ANY_PATCH, DEFAULT_HEAP_MINIMUM_BYTES, FORCEGC_PERIOD_MS, GO_POLICY_TABLE, type GoPolicyRow, MIN_SCAV_WORK_TIME_NS,
  PALLOC_CHUNK_BYTES, parseGoVersion, policyRowFor, REDUCE_EXTRA_PERCENT, RETAIN_EXTRA_PERCENT, SCAV_CHUNK_HI_OCC_PAGES,
  SCAVENGE_LIMIT_MS, SCAVENGE_PAGE_PERIOD_NS, SCAVENGE_PERCENT, SCAVENGE_PI_KP, SCAVENGE_PI_TI, SCAVENGE_PI_TT,
  SCAVENGE_QUANTUM_BYTES, SYSMON_MAX_PARK_MS, SYSMON_SCAVENGE_INTERVAL_MS,
} from '../../src/policy/index.js';

const MiB = 1 << 20;

describe('coverage', () => {
  it('rows are ordered and contiguous from go1.5.0 to go1.26.x', () => {
    expect(GO_POLICY_TABLE[0]!.from).toEqual({ minor: 5, patch: 0 });
    expect(GO_POLICY_TABLE.at(-1)!.to).toEqual({ minor: 26, patch: ANY_PATCH });
    for (let i = 1; i < GO_POLICY_TABLE.length; i++) {
      const prev = GO_POLICY_TABLE[i - 1]!.to;
      const next = GO_POLICY_TABLE[i]!.from;
      const expected = prev.patch === ANY_PATCH ? { minor: prev.minor + 1, patch: 0 } : { minor: prev.minor, patch: prev.patch + 1 };
      expect(next).toEqual(expected);
    }
  });

  it('every version from go1.5.0 to go1.26.40 falls in exactly one row', () => {
    for (let minor = 5; minor <= 26; minor++) {
      for (let patch = 0; patch <= 40; patch++) {
        const hits = GO_POLICY_TABLE.filter((r) =>
          (minor > r.from.minor || (minor === r.from.minor && patch >= r.from.patch))
          && (minor < r.to.minor || (minor === r.to.minor && patch <= r.to.patch)));
        expect(hits.length, `go1.${minor}.${patch}`).toBe(1);
        expect(policyRowFor(parseGoVersion(`1.${minor}.${patch}`))).toBe(hits[0]);
      }
    }
  });

  it('has the finer steps of spec §7 as separate rows', () => {
    expect(GO_POLICY_TABLE.map((r) => r.id)).toEqual([
      '1.5-1.11', '1.12.0-1.12.4', '1.12.5-1.12.x', '1.13.0', '1.13.1-1.13.x', '1.14', '1.15', '1.16', '1.17', '1.18',
      '1.19-1.20', '1.21.0', '1.21.1-1.21.3', '1.21.4-1.21.x', '1.22-1.26',
    ]);
  });

  it('every row cites its sources and names the tree it was read at', () => {
    for (const r of GO_POLICY_TABLE) {
      expect(r.citation.length, r.id).toBeGreaterThan(10);
      expect(r.verifiedAt.length, r.id).toBeGreaterThan(3);
    }
  });
});

type Case = { go: string; cite: string; want: Partial<GoPolicyRow> };

// One case per era; expectations are the spec's statements, not the table's own values.
const eras: Case[] = [
  { go: '1.11.13', cite: '[go1.11:mem_linux.go sysUnused], [go1.11:proc.go sysmon], spec §3.1', want: {
    adviceDefault: 'MADV_DONTNEED', madvdontneedKnob: 'absent', background: 'sysmon-5min', cpuShare: 'none', heapGrowth: 'none',
    allocPath: 'none', freshMemory: 'retained', heapSysStepBytes: 64 * MiB, allocator: 'best-fit-treaps', memoryLimit: false,
    scavengerTrace: 'scvg-numbered', gcTrace: 'gctrace-1.11' } },
  { go: '1.12.4', cite: '[go1.12:mheap.go grow, allocSpanLocked], C:8e093e7a1cd8, spec §3.2', want: {
    adviceDefault: 'MADV_FREE', madvdontneedKnob: 'opt-in-dontneed', adviceFallback: 'free-to-dontneed',
    heapGrowth: 'largest-spans-arena-rounded', allocPath: 'scavenge-largest-span-bytes', freshMemory: 'retained' } },
  { go: '1.12.5', cite: '[go1.12.9:mheap.go allocSpanLocked], #31679', want: { allocPath: 'none', heapGrowth: 'largest-spans-arena-rounded' } },
  { go: '1.12.17', cite: '[go1.12.9:mheap.go]', want: { allocPath: 'none', background: 'sysmon-5min' } },
  { go: '1.13.0', cite: '[go1.13dev:mheap.go], #34048, spec §3.3', want: {
    background: 'pacing-line-1.13', cpuShare: 'one-cpu', goal: 'next-gc-x1.1', heapGrowth: 'none',
    allocPath: 'scavenge-if-needed-span-bytes', freshMemory: 'released', allocator: 'first-fit', scavengerTrace: 'scvg-1.13' } },
  { go: '1.13.4', cite: '[go1.13.4:mgcscavenge.go gcPaceScavenger, mheap.go grow], C:9b3081128042', want: {
    goal: 'last-inuse-x-goal-ratio-x1.1', heapGrowth: 'min-growth-excess-locked', allocPath: 'none', heapSysStepBytes: 64 * MiB } },
  { go: '1.14.15', cite: '[go1.14.13:mgcscavenge.go bgscavenge, printScavTrace], spec §3.4', want: {
    background: 'self-paced-1.14', cpuShare: 'one-cpu', quantumBytes: 8 * 1024, scavengerTrace: 'scavtrace-1.14', adviceDefault: 'MADV_FREE' } },
  { go: '1.15.10', cite: '[go1.15.3:mgcscavenge.go printScavTrace], spec §3.5', want: {
    adviceDefault: 'MADV_FREE', scavengerTrace: 'scavtrace-gen', freeOsMemory: 'new-gen-then-all', heapSysStepBytes: 64 * MiB } },
  { go: '1.16.15', cite: '[go1.16.14:runtime1.go:368], RN1.16', want: {
    adviceDefault: 'MADV_DONTNEED', madvdontneedKnob: 'opt-out-to-free', heapSysStepBytes: 64 * MiB } },
  { go: '1.17.13', cite: '[go1.17.13:mheap.go grow], C:bd6aeca9686d', want: { adviceDefault: 'MADV_DONTNEED', heapSysStepBytes: 4 * MiB } },
  { go: '1.18.10', cite: '[go1.18:mgcscavenge.go], [go1.18:mheap.go allocSpan], [go1.18:mgc.go:1093-1098], spec §3.6', want: {
    background: 'pi-1.18', cpuShare: 'gomaxprocs', quantumBytes: 64 * 1024, heapGrowth: 'min-growth-excess-unlocked',
    scavengerTrace: 'scavtrace-gen-reset', gcTrace: 'gctrace-1.18', memoryLimit: false } },
  { go: '1.19.8', cite: '[go1.19.8:mgcscavenge.go:149], [go1.19.8:mheap.go allocSpan], spec §3.7', want: {
    memoryLimit: true, memoryLimitGoal: '95x-limit-bug', heapGrowth: 'max-growth-or-limit-excess', density: false,
    scavengerTrace: 'scavtrace-1.19', freeOsMemory: 'all' } },
  { go: '1.20.2', cite: '[go1.20.2:mgcscavenge.go:149]', want: { memoryLimitGoal: '95x-limit-bug', thp: 'nohugepage-release-edges' } },
  { go: '1.21.0', cite: 'D59960, [go1.21.12:mem_linux.go sysUnusedOS], spec §2.3, §3.8', want: {
    density: true, adviceFallback: 'free-to-dontneed-to-mmap', thp: 'hugepage-new-nohugepage-before-scavenge',
    heapGrowth: 'growth-nonforced-limit-forced', freeOsMemory: 'all-forced', scavengerTrace: 'scavtrace-bg-eager' } },
  { go: '1.21.3', cite: '[go@06df3292:mgcscavenge.go scavengeIndex.alloc], #61718', want: { thp: 'collapse-dense-chunks', density: true } },
  { go: '1.21.13', cite: '#63334, #64332, [go1.21.12:mgcscavenge.go:175]', want: { thp: 'kernel-governed', memoryLimitGoal: '95x-limit-bug' } },
  { go: '1.22.0', cite: '[go1.23.5:mgcscavenge.go:175], #62449, spec §3.9', want: { memoryLimitGoal: '0.95x-limit', thp: 'kernel-governed', density: true } },
  { go: '1.26.10', cite: 'spec §3.9 (1.22+ row); fidelity go1.26.10 traces', want: { memoryLimitGoal: '0.95x-limit', adviceDefault: 'MADV_DONTNEED' } },
];

describe('rows per era', () => {
  it.each(eras)('go$go follows $cite', ({ go, want }) => {
    expect(policyRowFor(parseGoVersion(go))).toMatchObject(want);
  });

  it('every row forces a GC every 2 minutes (forcegcperiod, [go1.11:proc.go], [go1.19.8:proc.go:5125])', () => {
    for (const r of GO_POLICY_TABLE) expect(r.forcedGcPeriodMs).toBe(120_000);
  });

  it('prereleases and patch-less versions use the .0 row (go1.21rc2 is 1.21.0, go1.22beta1 is 1.22)', () => {
    expect(policyRowFor(parseGoVersion('1.21rc2')).id).toBe('1.21.0');
    expect(policyRowFor(parseGoVersion('go1.22beta1')).id).toBe('1.22-1.26');
    expect(policyRowFor(parseGoVersion('1.12')).id).toBe('1.12.0-1.12.4');
    expect(policyRowFor(parseGoVersion('1.13')).id).toBe('1.13.0');
  });
});

describe('runtime constants (spec go-runtime.md §1, §3)', () => {
  it.each([
    ['scavengePercent = 1 [go1.13.4:mgcscavenge.go]', SCAVENGE_PERCENT, 1],
    ['retainExtraPercent = 10 [go1.13.4:mgcscavenge.go]', RETAIN_EXTRA_PERCENT, 10],
    ['reduceExtraPercent = 5 [go1.19.8:mgcscavenge.go]', REDUCE_EXTRA_PERCENT, 5],
    ['scavChunkHiOccPages = 496 [go1.21.12:mgcscavenge.go]', SCAV_CHUNK_HI_OCC_PAGES, 496],
    ['forcegcperiod = 2 min [go1.11:proc.go]', FORCEGC_PERIOD_MS, 120_000],
    ['scavengelimit = 5 min [go1.11:proc.go]', SCAVENGE_LIMIT_MS, 300_000],
    ['sysmon scavenges every scavengelimit/2 = 2.5 min', SYSMON_SCAVENGE_INTERVAL_MS, 150_000],
    ['sysmon parks at most min(forcegcperiod, scavengelimit)/2 = 60 s', SYSMON_MAX_PARK_MS, 60_000],
    ['1.13 pacing: 10 µs per page at 1 % = 1 ms per page', SCAVENGE_PAGE_PERIOD_NS, 1_000_000],
    ['PI kp = 0.3375 [go1.18:mgcscavenge.go]', SCAVENGE_PI_KP, 0.3375],
    ['PI ti = 3.2e6', SCAVENGE_PI_TI, 3.2e6],
    ['PI tt = 1e9', SCAVENGE_PI_TT, 1e9],
    ['minScavWorkTime = 1 ms [go1.19.8:mgcscavenge.go]', MIN_SCAV_WORK_TIME_NS, 1e6],
    ['scavengeQuantum = 64 KiB [go1.18:mgcscavenge.go]', SCAVENGE_QUANTUM_BYTES, 65_536],
    ['defaultHeapMinimum = 4 MiB [go1.11:mgc.go:171]', DEFAULT_HEAP_MINIMUM_BYTES, 4 * MiB],
    ['pallocChunk = 512 pages × 8 KiB = 4 MiB [go1.14.13:mpagealloc.go]', PALLOC_CHUNK_BYTES, 4 * MiB],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});
