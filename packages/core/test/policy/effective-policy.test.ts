/**
 * resolvePolicy: the advice a process really gets, decided by the runtime's default and GODEBUG
 * (go §2.1), the runtime's EINVAL fallback ([go1.12:mem_linux.go adviseUnused]) and
 * the kernel's swapless MADV_FREE behaviour before 4.12 (kernel §2.1, mm/madvise.c
 * @802a3a9); and the release triggers of each era (go §3, go §7).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScavsimError } from '../../src/errors.js';
import { type GodebugSettings, resolvePolicy, type ResolvedPolicy } from '../../src/policy/index.js';

const GiB = 1 << 30;

type Advice = 'MADV_FREE' | 'MADV_DONTNEED';
type AdviceCase = [go: string, kernel: string, godebug: string, swapFree: number, requested: Advice, runtime: Advice, applied: Advice, source: string];
type TriggerCase = [go: string, gomemlimit: string | undefined, expected: string[], source: string];

describe('advice, table-driven', () => {
  it.each<AdviceCase>([
    // go, kernel, godebug, swapFree, requested, runtime, applied, source of the expectation
    ['1.11.13', '5.4.0', '', 0, 'MADV_DONTNEED', 'MADV_DONTNEED', 'MADV_DONTNEED', '[go1.11:mem_linux.go sysUnused]'],
    ['1.11.13', '5.4.0', 'madvdontneed=0', 0, 'MADV_DONTNEED', 'MADV_DONTNEED', 'MADV_DONTNEED', 'knob absent before C:22738f07c88a'],
    ['1.12.17', '3.10.0-1160.el7.x86_64', '', 0, 'MADV_FREE', 'MADV_DONTNEED', 'MADV_DONTNEED', '[go1.12:mem_linux.go adviseUnused] EINVAL fallback'],
    ['1.12.17', '4.14.355', '', 0, 'MADV_FREE', 'MADV_FREE', 'MADV_FREE', 'RN1.12; kernel ≥ 4.12 lazy free'],
    ['1.15.10', '4.9.0-13', '', 0, 'MADV_FREE', 'MADV_FREE', 'MADV_DONTNEED', 'mm/madvise.c @802a3a9 swapless'],
    ['1.15.10', '4.9.0-13', '', GiB, 'MADV_FREE', 'MADV_FREE', 'MADV_FREE', 'mm/madvise.c @802a3a9 with swap'],
    ['1.15.10', '5.10.0', 'madvdontneed=1', 0, 'MADV_DONTNEED', 'MADV_DONTNEED', 'MADV_DONTNEED', '[go1.12:mem_linux.go] knob'],
    ['1.16.15', '5.10.0', '', 0, 'MADV_DONTNEED', 'MADV_DONTNEED', 'MADV_DONTNEED', '[go1.16.14:runtime1.go:368]'],
    ['1.19.8', '6.18.44', 'madvdontneed=0', 0, 'MADV_FREE', 'MADV_FREE', 'MADV_FREE', 'RN1.16 opt-out; fidelity madv0 traces'],
    ['1.21.13', '4.4.0-210-generic', 'madvdontneed=0', 0, 'MADV_FREE', 'MADV_DONTNEED', 'MADV_DONTNEED', '[go1.21.12:mem_linux.go sysUnusedOS]'],
    ['1.23.5', '6.18.44', '', 0, 'MADV_DONTNEED', 'MADV_DONTNEED', 'MADV_DONTNEED', '[go1.23.5] default'],
  ])('go%s on kernel %s with GODEBUG=%j, swapFree %d: requested %s, runtime %s, applied %s (%s)',
    (go, kernel, godebug, swapFree, requested, runtime, applied) => {
      const p = resolvePolicy({ go, kernel, godebug, swapFree });
      expect([p.requestedAdvice, p.runtimeAdvice, p.advice]).toEqual([requested, runtime, applied]);
    });

  it('explains the EINVAL fallback by naming the kernel and the runtime function', () => {
    const p = resolvePolicy({ go: '1.12.17', kernel: '4.4.0' });
    expect(p.adviceReasons.join('\n')).toMatch(/kernel 4\.4 < 4\.5 returns EINVAL.*adviseUnused/);
  });

  it('explains the swapless 4.5–4.11 behaviour by citing mm/madvise.c @802a3a9', () => {
    const p = resolvePolicy({ go: '1.15.10', kernel: '4.9' });
    expect(p.adviceReasons.join('\n')).toMatch(/kernel 4\.9 < 4\.12 without free swap.*802a3a9/);
  });

  it('reports that madvdontneed is ignored before Go 1.12', () => {
    const p = resolvePolicy({ go: '1.11', kernel: '5.4', godebug: 'madvdontneed=1' });
    expect(p.godebug.madvdontneed?.effective).toBe(false);
    expect(p.adviceReasons.join('\n')).toContain('ignored');
  });

  it('reports assumed defaults for inputs left out', () => {
    const p = resolvePolicy({ go: '1.19', kernel: '5.4' });
    expect(p.assumptions.join('\n')).toMatch(/swapFree not given/);
    expect(p.assumptions.join('\n')).toMatch(/gomaxprocs not given/);
    expect(resolvePolicy({ go: '1.19', kernel: '5.4', swapFree: 0, gomaxprocs: 2 }).assumptions).toEqual([]);
  });
});

describe('triggers per era (go §3)', () => {
  const active = (p: ResolvedPolicy): string[] => Object.entries(p.triggers).filter(([, t]) => t.active).map(([n]) => n);
  it.each<TriggerCase>([
    ['1.11.13', undefined, ['background', 'freeOSMemory'], 'go §3.1: no growth scavenging'],
    ['1.12.4', undefined, ['background', 'heapGrowth', 'allocPath', 'freeOSMemory'], 'go §3.2: growth + alloc path'],
    ['1.12.5', undefined, ['background', 'heapGrowth', 'freeOSMemory'], '#31679 removed the alloc path'],
    ['1.13.0', undefined, ['background', 'allocPath', 'freeOSMemory'], 'go §3.3: 1.13.0 alloc path only'],
    ['1.13.4', undefined, ['background', 'heapGrowth', 'freeOSMemory'], 'go §3.3: 1.13.x growth'],
    ['1.18.10', '1GiB', ['background', 'heapGrowth', 'freeOSMemory'], 'RN1.19: no GOMEMLIMIT before 1.19'],
    ['1.19.8', undefined, ['background', 'heapGrowth', 'freeOSMemory'], 'limit unset'],
    ['1.19.8', '700MiB', ['background', 'heapGrowth', 'freeOSMemory', 'memoryLimit'], '[go1.19.8:mheap.go allocSpan]'],
    ['1.21.13', '700MiB', ['background', 'heapGrowth', 'freeOSMemory', 'memoryLimit', 'density'], 'go §3.8'],
  ])('go%s with GOMEMLIMIT=%s releases through %j (%s)', (go, gomemlimit, expected) => {
    expect(active(resolvePolicy({ go, kernel: '5.10', gomemlimit }))).toEqual(expected);
  });

  it('says the 1.19–1.21 background scavenger ignores the memory limit (95×limit bug, #62449) and 1.22 fixed it', () => {
    expect(resolvePolicy({ go: '1.21.13', kernel: '5.10', gomemlimit: '700MiB' }).triggers.memoryLimit.reason).toMatch(/95 × limit.*#62449/);
    expect(resolvePolicy({ go: '1.22.0', kernel: '5.10', gomemlimit: '700MiB' }).triggers.memoryLimit.reason).toMatch(/0\.95 × limit/);
  });

  it('scales the 1.18+ CPU budget with GOMAXPROCS but keeps 1 % of one CPU before 1.18', () => {
    expect(resolvePolicy({ go: '1.19.8', kernel: '5.10', gomaxprocs: 2 }).background.cpuFractionOfOneCpu).toBeCloseTo(0.02);
    expect(resolvePolicy({ go: '1.15.10', kernel: '5.10', gomaxprocs: 2 }).background.cpuFractionOfOneCpu).toBeCloseTo(0.01);
    expect(resolvePolicy({ go: '1.11.13', kernel: '5.10', gomaxprocs: 2 }).background.cpuFractionOfOneCpu).toBe(0);
  });

  it('turns scavenger lines on with gctrace up to 1.13 and with scavtrace from 1.14', () => {
    expect(resolvePolicy({ go: '1.13.4', kernel: '5.10', godebug: 'gctrace=1' }).trace.scavengerLines).toBe(true);
    expect(resolvePolicy({ go: '1.14.15', kernel: '5.10', godebug: 'gctrace=1' }).trace.scavengerLines).toBe(false);
    expect(resolvePolicy({ go: '1.14.15', kernel: '5.10', godebug: 'scavtrace=1' }).trace.scavengerLines).toBe(true);
  });

  it('applies disablethp only from 1.21.6 ([go1.21.12:mem_linux.go sysMapOS])', () => {
    expect(resolvePolicy({ go: '1.21.5', kernel: '6.1', godebug: 'disablethp=1' }).thp.disablethp).toBe(false);
    expect(resolvePolicy({ go: '1.21.6', kernel: '6.1', godebug: 'disablethp=1' }).thp.disablethp).toBe(true);
    expect(resolvePolicy({ go: '1.21.5', kernel: '6.1', godebug: 'disablethp=1' }).godebug.disablethp?.effective).toBe(false);
  });

  it('reports GODEBUG=scavenge as test mode only while the sysmon scavenger exists', () => {
    expect(resolvePolicy({ go: '1.12.17', kernel: '5.10', godebug: 'scavenge=1' }).godebug.scavenge?.effective).toBe(true);
    expect(resolvePolicy({ go: '1.15.10', kernel: '5.10', godebug: 'scavenge=1' }).godebug.scavenge?.effective).toBe(false);
    expect(resolvePolicy({ go: '1.17.13', kernel: '5.10', godebug: 'scavenge=1' }).godebug.scavenge?.reason).toMatch(/removed in Go 1\.17/);
  });

  it('says when a version is newer than the newest runtime source read', () => {
    expect(resolvePolicy({ go: '1.26.10', kernel: '6.18' }).versionReasons.join('\n')).toMatch(/newer than the newest runtime source read/);
  });
});

const knownKernels = ['3.10', '4.4', '4.5', '4.9', '4.11', '4.12', '4.14', '4.19', '5.4', '5.10', '5.15', '6.1', '6.8', '6.18', '7.0'];
const policyInputArb = fc.record({
  go: fc.tuple(fc.integer({ min: 5, max: 26 }), fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }))
    .map(([minor, patch]) => (patch === undefined ? `1.${minor}` : `go1.${minor}.${patch}`)),
  kernel: fc.oneof(fc.constantFrom(...knownKernels), fc.tuple(fc.integer({ min: 3, max: 6 }), fc.integer({ min: 0, max: 20 })).map(([a, b]) => `${a}.${b}`)),
  godebug: fc.record({
    madvdontneed: fc.integer({ min: 0, max: 2 }), scavtrace: fc.integer({ min: 0, max: 1 }), gctrace: fc.integer({ min: 0, max: 2 }),
    harddecommit: fc.integer({ min: 0, max: 1 }), disablethp: fc.integer({ min: 0, max: 1 }), scavenge: fc.integer({ min: 0, max: 1 }),
  }, { requiredKeys: [] }) as fc.Arbitrary<GodebugSettings>,
  swapFree: fc.constantFrom(0, GiB),
  gomaxprocs: fc.integer({ min: 1, max: 64 }),
});

const kernelBelow = (k: string, major: number, minor: number): boolean => {
  const [a, b] = k.split('.').map(Number) as [number, number];
  return a < major || (a === major && b < minor);
};

describe('properties', () => {
  it('advice is MADV_DONTNEED whenever the kernel is older than 4.5 or madvdontneed is non-zero', () => {
    fc.assert(fc.property(policyInputArb, (input) => {
      const p = resolvePolicy(input);
      if (kernelBelow(input.kernel, 4, 5) || (input.godebug.madvdontneed ?? 0) !== 0) {
        expect(p.advice).toBe('MADV_DONTNEED');
        expect(p.runtimeAdvice).toBe('MADV_DONTNEED');
      }
    }), { numRuns: 500 });
  });

  it('with GODEBUG unset on kernels ≥ 4.12, Go 1.12–1.15 use MADV_FREE and 1.16+ MADV_DONTNEED', () => {
    fc.assert(fc.property(policyInputArb, (input) => {
      fc.pre(!kernelBelow(input.kernel, 4, 12));
      const minor = Number(input.go.replace(/^go/, '').split('.')[1]);
      const p = resolvePolicy({ ...input, godebug: '' });
      if (minor >= 12 && minor <= 15) expect(p.advice).toBe('MADV_FREE');
      else expect(p.advice).toBe('MADV_DONTNEED');
    }), { numRuns: 500 });
  });

  it('every choice of every resolved policy carries at least one reason', () => {
    fc.assert(fc.property(policyInputArb, (input) => {
      const p = resolvePolicy(input);
      expect(p.versionReasons.length).toBeGreaterThanOrEqual(1);
      expect(p.adviceReasons.length).toBeGreaterThanOrEqual(2);
      for (const t of Object.values(p.triggers)) expect(t.reason.length).toBeGreaterThan(10);
      for (const r of [p.background.reason, p.thp.reason, p.trace.reason]) expect(r.length).toBeGreaterThan(10);
      for (const key of Object.keys(input.godebug)) expect(p.godebug[key as keyof GodebugSettings]?.reason.length).toBeGreaterThan(10);
      for (const r of [...p.adviceReasons, ...Object.values(p.triggers).map((t) => t.reason), p.thp.reason, p.trace.reason]) {
        expect(p.reasons).toContain(r);
      }
    }), { numRuns: 300 });
  });

  it('garbage inputs give a ScavsimError naming the bad field, never another exception', () => {
    const fields = ['go', 'kernel', 'godebug', 'swapFree', 'gomaxprocs', 'gomemlimit'] as const;
    fc.assert(fc.property(policyInputArb, fc.constantFrom(...fields), fc.oneof(fc.string(), fc.anything()), (input, field, junk) => {
      const bad = { ...input, [field]: junk } as Parameters<typeof resolvePolicy>[0];
      try {
        resolvePolicy(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(ScavsimError);
        const reported = (e as ScavsimError).field;
        expect(field === 'godebug' ? reported.startsWith('GODEBUG') : reported).toBe(field === 'godebug' ? true : field);
      }
    }), { numRuns: 1000 });
  });
});
