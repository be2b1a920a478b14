/**
 * Every public input is validated: a simulation config with any field replaced by arbitrary
 * JSON-like garbage either runs or throws a ScavsimError naming a field, never a TypeError or
 * RangeError from deep inside the engine. And the field it names is a path that exists in the
 * input as the user wrote it (issue 16 item 11: 508 messages named a path that was not in the
 * user's config), through `simulate` and through scenario files.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScavsimError, simulate, type SimConfig } from '@scavsim/core';
import { parseScenarioFile } from '@scavsim/scenarios';
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

/** `processes[1]["memory.max"].x` → ['processes', 1, 'memory.max', 'x']; null if it is not a path. */
function parsePath(field: string): (string | number)[] | null {
  const out: (string | number)[] = [];
  const re = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = field;
  while (rest !== '') {
    const m = re.exec(rest);
    if (!m) return null;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
    rest = rest.slice(m[0].length);
  }
  return out;
}

/**
 * True when `field` names a place in `doc`: every step but the last exists, and the last
 * exists too unless the error says the value is missing.
 */
function pathExists(doc: unknown, e: ScavsimError): boolean {
  if (e.field === 'config') return true;
  const path = parsePath(e.field);
  if (path === null) return false;
  let v: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const k = path[i]!;
    // A GODEBUG string's keys are fields of their own (`processes[0].godebug.madvdontneed`).
    if (typeof v === 'string' && path[i - 1] === 'godebug' && i === path.length - 1) {
      return v.split(',').some((entry) => entry.slice(0, entry.indexOf('=')).trim() === k);
    }
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) {
      return i === path.length - 1 && /^(is missing|has no kind)/.test(e.problem);
    }
    v = (v as Record<string | number, unknown>)[k];
  }
  return true;
}

const hostile = fc.oneof(
  garbage,
  fc.constantFrom<unknown>(10n, '\u001b[2J\u0000', 'x'.repeat(100_000), -0, 2 ** 53, '1e3', '0x10', ' 1 GiB ', '111111111111111111111111111111x!'),
  fc.constant(null).map(() => Object.create(null) as unknown),
  fc.constant(null).map(() => { const a: unknown[] = [1]; (a as unknown as Record<string, unknown>)['constructor'] = 5; return a; }),
  fc.integer({ min: 30, max: 3000 }).map((d) => { let v: unknown = 1; for (let i = 0; i < d; i++) v = { kind: 'sum', of: [v] }; return v; }),
  fc.constant(null).map(() => { const o: Record<string, unknown> = { kind: 'sum' }; o['of'] = [o]; return o; }),
);

/** Every object path of `base` (for adding or removing keys). */
const OBJECTS = ALL.filter((p) => { let v: unknown = base; for (const k of p) v = (v as Record<string | number, unknown>)[k]; return v !== null && typeof v === 'object' && !Array.isArray(v); });

type Damage = { kind: 'replace'; path: (string | number)[]; value: unknown } | { kind: 'add'; path: (string | number)[]; key: string; value: unknown } | { kind: 'remove'; path: (string | number)[] };
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...ALL), value: hostile }),
  fc.record({ kind: fc.constant('add' as const), path: fc.constantFrom(...OBJECTS), key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('constructor', '__proto__', 'toString', 'allocrate', 'kernal', 'Name')), value: hostile }),
  fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom(...ALL.filter((p) => p.length > 0)) }),
);

function damaged(d: Damage): unknown {
  if (d.kind === 'replace') return replaced(d.path, d.value);
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let o = copy;
  const steps = d.kind === 'add' ? d.path : d.path.slice(0, -1);
  for (const k of steps) o = o[k] as Record<string | number, unknown>;
  if (d.kind === 'add') Object.defineProperty(o, d.key, { value: d.value, enumerable: true, writable: true, configurable: true });
  else if (Array.isArray(o)) o.splice(Number(d.path[d.path.length - 1]), 1);
  else delete o[d.path[d.path.length - 1]!];
  return copy;
}

describe('every error of the public API names a path that exists in the input', () => {
  const describeDamage = (d: Damage): string => `${d.kind} ${JSON.stringify(d.path)}${d.kind === 'add' ? ` key ${JSON.stringify(d.key)}` : ''}`;

  it('simulate(config)', () => {
    fc.assert(
      fc.property(damage, (d) => {
        const input = damaged(d);
        try {
          simulate(input as SimConfig);
        } catch (e) {
          if (!(e instanceof ScavsimError)) throw new Error(`${describeDamage(d)}: untyped ${String(e)}`);
          if (!pathExists(input, e)) throw new Error(`${describeDamage(d)}: ${e.message} names a path not in the input`);
          expect(e.accepted, e.message).toBeTruthy();
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });

  it('parseScenarioFile(text), the paths starting at the file', () => {
    fc.assert(
      fc.property(damage, fc.boolean(), fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }), { nil: undefined }), (d, bom, extra) => {
        const config = damaged(d);
        let text: string;
        try {
          text = JSON.stringify({ name: 'fuzz', ...(extra ?? {}), config });
        } catch {
          return; // not JSON at all (BigInt, cycle): nothing a file could hold
        }
        const doc = JSON.parse(text) as unknown;
        try {
          parseScenarioFile(bom ? `\ufeff${text}` : text, 'fuzz.json');
        } catch (e) {
          if (!(e instanceof ScavsimError)) throw new Error(`${describeDamage(d)}: untyped ${String(e)}`);
          if (!pathExists(doc, e)) throw new Error(`${describeDamage(d)}: ${e.message} names a path not in the file`);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
