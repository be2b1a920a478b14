/**
 * Every public input is validated: a simulation config with any field replaced by arbitrary
 * JSON-like garbage either runs or throws a ScavsimError naming a field, never a TypeError or
 * RangeError from deep inside the engine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScavsimError, simulate, type SimConfig } from '@scavsim/core';
import { errorOf } from '../support/errors.js';

const base = {
  duration: 300,
  machine: { memTotal: '1GiB', kernel: '5.10' },
  cgroups: [{ name: 'cg', version: 2, limit: '512MiB' }],
  processes: [
    {
      kind: 'go', name: 'A', go: '1.19', godebug: 'madvdontneed=0', gogc: 100, cgroup: 'cg',
      workload: {
        baseLive: '1MiB',
        phases: [{ name: 'p', duration: 300, allocRate: '10MiB', liveTarget: { kind: 'ramp', from: 0, to: '2MiB' }, sizes: { kind: 'log-uniform', min: 1024, max: 65536 } }],
        actions: [{ at: 100, kind: 'hold', name: 'b', bytes: '1MiB' }, { at: 200, kind: 'freeOSMemory' }],
      },
    },
    { kind: 'plain', name: 'B', cgroup: 'cg', schedule: { stepBytes: '1MiB', intervalMs: 100, targetBytes: '2MiB' } },
  ],
};

/** Every path to a value in `o`, as key lists. */
function paths(o: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (o !== null && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) out.push(...paths(v, [...prefix, Array.isArray(o) ? Number(k) : k]));
  }
  return out;
}

function replaced(path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
  return copy;
}

const ALL = paths(base);
const garbage = fc.oneof(
  fc.constantFrom(null, undefined, -1, 0, 1.5, NaN, Infinity, '', 'x', '-5MiB', '1e99GiB', [], {}, true),
  fc.string(), fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ min: -1e6, max: 1e6 }), fc.array(fc.anything(), { maxLength: 3 }), fc.object({ maxDepth: 1 }),
);

describe('simulate() on damaged configs', () => {
  it('either runs or throws a ScavsimError — never an untyped error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL), garbage, (path, value) => {
        try {
          simulate(replaced(path, value) as SimConfig);
        } catch (e) {
          if (!(e instanceof ScavsimError)) throw new Error(`path ${JSON.stringify(path)} = ${String(JSON.stringify(value))}: ${String(e)}`);
          expect(e.field.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600) },
    );
  });
});

describe('simulate() refuses runs it could not carry out', () => {
  const run = (patch: (c: Record<string, any>) => void): ScavsimError => {
    const c = structuredClone(base) as Record<string, any>;
    patch(c);
    return errorOf(() => simulate(c as SimConfig));
  };

  it('names the duration when it is longer than a year', () => {
    expect(run((c) => { c['duration'] = 400 * 24 * 3600 * 1000; }).field).toBe('duration');
  });
  it('names the sample interval when a run would record more than a million samples', () => {
    const e = run((c) => { c['duration'] = '30h'; c['sample'] = 100; });
    expect([e.code, e.field]).toEqual(['E_RANGE', 'sample']);
  });
  it('names the chunk of a hold that would create ten million objects or more', () => {
    const e = run((c) => { c['processes'][0].workload.actions[0] = { at: 100, kind: 'hold', name: 'b', bytes: '1GiB', chunk: 16 }; });
    expect([e.code, e.field]).toEqual(['E_RANGE', 'processes[0].workload.actions[0].chunk']);
  });
  it('names an allocation rate that would create more than ten million objects per second', () => {
    const e = run((c) => { c['processes'][0].workload.phases[0].allocRate = '100GiB'; c['processes'][0].workload.phases[0].sizes = { kind: 'fixed', size: 16 }; });
    expect([e.code, e.field]).toEqual(['E_RANGE', 'processes[0].workload.phases[0].allocRate']);
  });
});
