/**
 * The per-version policy table against go §7 and the sections it summarises,
 * table-driven per era in the style of golang/go src/runtime/mgcscavenge_test.go. Each case cites
 * the runtime source (go §0 keys) its expectation comes from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ANY_PATCH, GO_POLICY_TABLE, type GoPolicyRow, parseGoVersion, policyRowFor } from '../../src/policy/index.js';
import * as RUNTIME_CONSTANTS from '../../src/policy/runtime-constants.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

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

  it('has the finer steps of go §7 as separate rows', () => {
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
  { go: '1.11.13', cite: '[go1.11:mem_linux.go sysUnused], [go1.11:proc.go sysmon], go §3.1', want: {
    adviceDefault: 'MADV_DONTNEED', madvdontneedKnob: 'absent', background: 'sysmon-5min', cpuShare: 'none', heapGrowth: 'none',
    allocPath: 'none', freshMemory: 'retained', heapSysStepBytes: 64 * MiB, allocator: 'best-fit-treaps', memoryLimit: false,
    scavengerTrace: 'scvg-numbered', gcTrace: 'gctrace-1.11' } },
  { go: '1.12.4', cite: '[go1.12:mheap.go grow, allocSpanLocked], C:8e093e7a1cd8, go §3.2', want: {
    adviceDefault: 'MADV_FREE', madvdontneedKnob: 'opt-in-dontneed', adviceFallback: 'free-to-dontneed',
    heapGrowth: 'largest-spans-arena-rounded', allocPath: 'scavenge-largest-span-bytes', freshMemory: 'retained' } },
  { go: '1.12.5', cite: '[go1.12.9:mheap.go allocSpanLocked], #31679', want: { allocPath: 'none', heapGrowth: 'largest-spans-arena-rounded' } },
  { go: '1.12.17', cite: '[go1.12.9:mheap.go]', want: { allocPath: 'none', background: 'sysmon-5min' } },
  { go: '1.13.0', cite: '[go1.13dev:mheap.go], #34048, go §3.3', want: {
    background: 'pacing-line-1.13', cpuShare: 'one-cpu', goal: 'next-gc-x1.1', heapGrowth: 'none',
    allocPath: 'scavenge-if-needed-span-bytes', freshMemory: 'released', allocator: 'first-fit', scavengerTrace: 'scvg-1.13' } },
  { go: '1.13.4', cite: '[go1.13.4:mgcscavenge.go gcPaceScavenger, mheap.go grow], C:9b3081128042', want: {
    goal: 'last-inuse-x-goal-ratio-x1.1', heapGrowth: 'min-growth-excess-locked', allocPath: 'none', heapSysStepBytes: 64 * MiB } },
  { go: '1.14.15', cite: '[go1.14.13:mgcscavenge.go bgscavenge, printScavTrace], go §3.4', want: {
    background: 'self-paced-1.14', cpuShare: 'one-cpu', quantumBytes: 8 * 1024, scavengerTrace: 'scavtrace-1.14', adviceDefault: 'MADV_FREE' } },
  { go: '1.15.10', cite: '[go1.15.3:mgcscavenge.go printScavTrace], go §3.5', want: {
    adviceDefault: 'MADV_FREE', scavengerTrace: 'scavtrace-gen', freeOsMemory: 'new-gen-then-all', heapSysStepBytes: 64 * MiB } },
  { go: '1.16.15', cite: '[go1.16.14:runtime1.go:368], RN1.16', want: {
    adviceDefault: 'MADV_DONTNEED', madvdontneedKnob: 'opt-out-to-free', heapSysStepBytes: 64 * MiB } },
  { go: '1.17.13', cite: '[go1.17.13:mheap.go grow], C:bd6aeca9686d', want: { adviceDefault: 'MADV_DONTNEED', heapSysStepBytes: 4 * MiB } },
  { go: '1.18.10', cite: '[go1.18:mgcscavenge.go], [go1.18:mheap.go allocSpan], [go1.18:mgc.go:1093-1098], go §3.6', want: {
    background: 'pi-1.18', cpuShare: 'gomaxprocs', quantumBytes: 64 * 1024, heapGrowth: 'min-growth-excess-unlocked',
    scavengerTrace: 'scavtrace-gen-reset', gcTrace: 'gctrace-1.18', memoryLimit: false } },
  { go: '1.19.8', cite: '[go1.19.8:mgcscavenge.go:149], [go1.19.8:mheap.go allocSpan], go §3.7', want: {
    memoryLimit: true, memoryLimitGoal: '95x-limit-bug', heapGrowth: 'max-growth-or-limit-excess', density: false,
    scavengerTrace: 'scavtrace-1.19', freeOsMemory: 'all' } },
  { go: '1.20.2', cite: '[go1.20.2:mgcscavenge.go:149]', want: { memoryLimitGoal: '95x-limit-bug', thp: 'nohugepage-release-edges' } },
  { go: '1.21.0', cite: 'D59960, [go1.21.12:mem_linux.go sysUnusedOS], go §2.3, go §3.8', want: {
    density: true, adviceFallback: 'free-to-dontneed-to-mmap', thp: 'hugepage-new-nohugepage-before-scavenge',
    heapGrowth: 'growth-nonforced-limit-forced', freeOsMemory: 'all-forced', scavengerTrace: 'scavtrace-bg-eager' } },
  { go: '1.21.3', cite: '[go@06df3292:mgcscavenge.go scavengeIndex.alloc], #61718', want: { thp: 'collapse-dense-chunks', density: true } },
  { go: '1.21.13', cite: '#63334, #64332, [go1.21.12:mgcscavenge.go:175]', want: { thp: 'kernel-governed', memoryLimitGoal: '95x-limit-bug' } },
  { go: '1.22.0', cite: '[go1.23.5:mgcscavenge.go:175], #62449, go §3.9', want: { memoryLimitGoal: '0.95x-limit', thp: 'kernel-governed', density: true } },
  { go: '1.26.10', cite: 'go §3.9 (1.22+ row); fidelity go1.26.10 traces', want: { memoryLimitGoal: '0.95x-limit', adviceDefault: 'MADV_DONTNEED' } },
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

describe('runtime constants (go §1, go §3, go §5)', () => {
  const constants = RUNTIME_CONSTANTS as unknown as Record<string, number>;

  it.each([
    ['RUNTIME_PAGE_BYTES', '_PageSize = 8 KiB [go1.11:sizeclasses.go]', 8192],
    ['RUNTIME_PAGE_SHIFT', '_PageShift = 13', 13],
    ['HEAP_ARENA_BYTES', 'heapArenaBytes = 64 MiB on linux/amd64 [go1.11:malloc.go]', 64 * MiB],
    ['PALLOC_CHUNK_PAGES', 'pallocChunkPages = 512 [go1.14.13:mpagealloc.go]', 512],
    ['PALLOC_CHUNK_SHIFT', 'logPallocChunkPages = 9', 9],
    ['PALLOC_CHUNK_BYTES', 'pallocChunkBytes = 4 MiB', 4 * MiB],
    ['DEFAULT_HUGE_PAGE_BYTES', 'physHugePageSize = 2 MiB on amd64 [go1.13.4:os_linux.go]', 2 * MiB],
    ['FORCEGC_PERIOD_MS', 'forcegcperiod = 2 min [go1.11:proc.go]', 120_000],
    ['DEFAULT_HEAP_MINIMUM_BYTES', 'defaultHeapMinimum = 4 MiB [go1.11:mgc.go:171]', 4 * MiB],
    ['MEMORY_LIMIT_HEADROOM_MIN_BYTES', 'memoryLimitHeapGoal headroom floor 1 MiB [go1.19.8:mgcpacer.go]', MiB],
    ['MEMORY_LIMIT_HEADROOM_PERCENT', 'memoryLimitHeapGoalHeadroomPercent = 3 [go1.21.12:mgcpacer.go]', 3],
    ['SCAVENGE_LIMIT_MS', 'scavengelimit = 5 min [go1.11:proc.go]', 300_000],
    ['SYSMON_SCAVENGE_INTERVAL_MS', 'sysmon scavenges every scavengelimit/2 = 2.5 min', 150_000],
    ['SYSMON_MAX_SLEEP_MS', 'sysmon sleeps at most 10 ms [go1.11:proc.go sysmon]', 10],
    ['SCAVENGE_PERCENT', 'scavengePercent = 1 [go1.13.4:mgcscavenge.go]', 1],
    ['RETAIN_EXTRA_PERCENT', 'retainExtraPercent = 10 [go1.13.4:mgcscavenge.go]', 10],
    ['REDUCE_EXTRA_PERCENT', 'reduceExtraPercent = 5 [go1.19.8:mgcscavenge.go]', 5],
    ['SCAVENGE_PAGE_PERIOD_NS', '1.13 pacing: 10 µs per page at 1 % = 1 ms per page', 1_000_000],
    ['APPROX_NS_PER_PHYS_PAGE', 'approxCritNSPerPhysicalPage = 10e3 [go1.14.13:mgcscavenge.go]', 10_000],
    ['SCAVENGE_QUANTUM_BYTES', 'scavengeQuantum = 64 KiB [go1.18:mgcscavenge.go]', 65_536],
    ['MIN_SCAV_WORK_TIME_NS', 'minScavWorkTime = 1 ms [go1.19.8:mgcscavenge.go]', 1e6],
    ['SCAVENGE_PI_KP', 'PI kp = 0.3375 [go1.18:mgcscavenge.go]', 0.3375],
    ['SCAVENGE_PI_TI', 'PI ti = 3.2e6', 3.2e6],
    ['SCAVENGE_PI_TT', 'PI tt = 1e9', 1e9],
    ['SCAVENGE_PI_MIN', 'PI output min 0.001', 0.001],
    ['SCAVENGE_PI_MAX', 'PI output max 1000', 1000],
    ['STARTING_SCAV_SLEEP_RATIO', 'startingScavSleepRatio = 0.001 [go1.19.8:mgcscavenge.go]', 0.001],
    ['SCAVENGE_CPU_SETPOINT', 'the PI set-point is 1 % [go1.18:mgcscavenge.go]', 0.01],
    ['SCAVENGE_CONTROLLER_COOLDOWN_NS', 'controllerCooldown = 5e9 // 5 seconds [go1.19.8:mgcscavenge.go scavengerState.sleep]', 5e9],
    ['SCAV_CHUNK_HI_OCC_PAGES', 'scavChunkHiOccPages = 496 [go1.21.12:mgcscavenge.go]', 496],
    ['SCAVENGE_MAX_CRIT_NS', 'const maxCrit = 10e6 [go1.15.3:mgcscavenge.go bgscavenge]', 10e6],
    ['SCAVENGE_COST_RATIO', 'scavengeCostRatio = 0.7 * sys.GoosDarwin, 0 on linux [go1.15.3:mgcscavenge.go]', 0],
    ['SCAVENGE_EWMA_ALPHA', 'const alpha = 0.5 [go1.15.3:mgcscavenge.go bgscavenge]', 0.5],
    ['SCAVENGE_MIN_FRACTION_117', 'const minFraction = 1.0 / 1000.0 from 1.17 (C:14ade57ab8; 1 / 1000 == 0 before)', 0.001],
    ['NETPOLL_TIMEOUT_UNIT_NS', 'waitms = int32(delay / 1e6), 1 if delay < 1e6 [go1.15.3:netpoll_epoll.go netpoll]', 1e6],
    // heapArena per 64 MiB arena: bitmap + spans (64 KiB) + pageInUse, pageMarks, pageSpecials (1 KiB each)
    ['HEAP_METADATA_2BIT_BITMAP', '(2 MiB + 64 KiB + 3 KiB) / 64 MiB [go1.17.13:mheap.go heapArena]', (2 * MiB + 67 * 1024) / (64 * MiB)],
    ['HEAP_METADATA_1BIT_BITMAP', '(1 MiB + 16 KiB noMorePtrs + 64 KiB + 3 KiB) / 64 MiB [go1.21.12:mheap.go heapArena]', (MiB + 83 * 1024) / (64 * MiB)],
    ['HEAP_METADATA_NO_BITMAP', '(64 KiB + 3 KiB) / 64 MiB [go1.23.5:mbitmap.go heapArenaPtrScalar]', (67 * 1024) / (64 * MiB)],
  ])('%s: %s', (name, _go, expected) => {
    expect(constants[name]).toBe(expected);
  });

  it('lists every constant the module exports (a new one needs its Go value here)', () => {
    const listed = new Set(['RUNTIME_PAGE_BYTES', 'RUNTIME_PAGE_SHIFT', 'HEAP_ARENA_BYTES', 'PALLOC_CHUNK_PAGES', 'PALLOC_CHUNK_SHIFT',
      'PALLOC_CHUNK_BYTES', 'DEFAULT_HUGE_PAGE_BYTES', 'FORCEGC_PERIOD_MS', 'DEFAULT_HEAP_MINIMUM_BYTES', 'MEMORY_LIMIT_HEADROOM_MIN_BYTES',
      'MEMORY_LIMIT_HEADROOM_PERCENT', 'SCAVENGE_LIMIT_MS', 'SYSMON_SCAVENGE_INTERVAL_MS', 'SYSMON_MAX_SLEEP_MS', 'SCAVENGE_PERCENT',
      'RETAIN_EXTRA_PERCENT', 'REDUCE_EXTRA_PERCENT', 'SCAVENGE_PAGE_PERIOD_NS', 'APPROX_NS_PER_PHYS_PAGE', 'SCAVENGE_QUANTUM_BYTES',
      'MIN_SCAV_WORK_TIME_NS', 'SCAVENGE_PI_KP', 'SCAVENGE_PI_TI', 'SCAVENGE_PI_TT', 'SCAVENGE_PI_MIN', 'SCAVENGE_PI_MAX',
      'STARTING_SCAV_SLEEP_RATIO', 'SCAVENGE_CPU_SETPOINT', 'SCAVENGE_CONTROLLER_COOLDOWN_NS', 'SCAV_CHUNK_HI_OCC_PAGES',
      'HEAP_METADATA_2BIT_BITMAP', 'HEAP_METADATA_1BIT_BITMAP', 'HEAP_METADATA_NO_BITMAP', 'SCAVENGE_MAX_CRIT_NS', 'SCAVENGE_COST_RATIO',
      'SCAVENGE_EWMA_ALPHA', 'SCAVENGE_MIN_FRACTION_117', 'NETPOLL_TIMEOUT_UNIT_NS']);
    expect(Object.keys(constants).sort()).toEqual([...listed].sort());
  });

  // What the engine reads: every constant is imported by some module outside policy/ (directly,
  // or by a policy-table column the engine reads), and no engine module spells the values
  // that are this module's alone.
  const engineFiles = sourceFiles(SRC).filter((f) => !f.includes('/policy/'));
  const engineText = engineFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
  const policyTable = readFileSync(`${SRC}/policy/go-policy-table.ts`, 'utf8') + readFileSync(`${SRC}/policy/runtime-behaviour.ts`, 'utf8');
  it.each(Object.keys(constants))('%s is read by the engine', (name) => {
    const importedByEngine = new RegExp(`import[^;]*\\b${name}\\b[^;]*from '[./]+/policy/runtime-constants\\.js'`).test(engineText);
    const throughTheTable = new RegExp(`\\b${name}\\b`).test(policyTable);
    expect(importedByEngine || throughTheTable, `${name} is not read outside policy/`).toBe(true);
  });

  it('no engine module spells a runtime constant itself', () => {
    const code = engineFiles.map((f) => [f, readFileSync(f, 'utf8').split('\n').filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).map((l) => l.replace(/\/\/.*$/, '')).join('\n')] as const);
    const spelled = code.filter(([, text]) => /\b(0\.3375|3\.2e6|120_000|300_000|150_000|8192|496|0\.96875|512)\b/.test(text)).map(([f]) => f);
    expect(spelled).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []);
}
