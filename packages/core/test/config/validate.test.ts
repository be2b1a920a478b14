/**
 * The config schema's errors (issue 16 items 5, 6 and 11): every bad input is a ScavsimError
 * naming the field as the user wrote it, with the accepted range, the nearest valid name for a
 * misspelt field, and a message that is short and safe to print.
 */
import { describe, expect, it } from 'vitest';
import { simulate, type SimConfig } from '../../src/index.js';
import { validateConfig } from '../../src/config/validate.js';
import { nearest } from '../../src/config/issues.js';
import { errorOf } from '../../../../test/support/errors.js';

const base = (): Record<string, any> => ({
  duration: '1s',
  machine: { memTotal: '1GiB', kernel: '5.10' },
  cgroups: [{ name: 'cg', version: 2, limit: '512MiB' }],
  processes: [
    { kind: 'go', name: 'A', go: '1.19', cgroup: 'cg', workload: { phases: [{ name: 'p', duration: '1s', allocRate: '10MiB', liveTarget: '2MiB' }] } },
    { kind: 'plain', name: 'B', schedule: { stepBytes: '1MiB', intervalMs: 100, targetBytes: '2MiB' } },
  ],
});
const refuse = (patch: (c: Record<string, any>) => void) => {
  const c = base();
  patch(c);
  return errorOf(() => simulate(c as SimConfig));
};

describe('unknown fields are errors with the nearest valid name', () => {
  it('allocrate: did you mean allocRate?', () => {
    const e = refuse((c) => { c.processes[0].workload.phases[0] = { name: 'p', duration: '1s', allocrate: '10MiB' }; });
    expect([e.code, e.field]).toEqual(['E_UNKNOWN_NAME', 'processes[0].workload.phases[0].allocrate']);
    expect(e.message).toContain('did you mean allocRate?');
    expect(e.accepted).toContain('allocRate');
  });
  it('machine.kernal: did you mean kernel?', () => {
    const e = refuse((c) => { c.machine = { memTotal: '1GiB', kernal: '4.14' }; });
    expect([e.field, e.message.includes('did you mean kernel?')]).toEqual(['machine.kernal', true]);
  });
  it('machine.costs.constructor is an unknown cost, not a passed `in` check', () => {
    const e = refuse((c) => { c.machine.costs = JSON.parse('{"constructor": 5}'); });
    expect([e.code, e.field]).toEqual(['E_UNKNOWN_NAME', 'machine.costs.constructor']);
  });
  it('suggests nothing for a name far from every field', () => {
    expect(nearest('zzzzzz', ['allocRate', 'liveTarget'])).toBeUndefined();
    expect(nearest('livetarget', ['allocRate', 'liveTarget'])).toBe('liveTarget');
  });
});

describe('paths are the ones the user wrote', () => {
  it('names processes[1].schedule.intervalMs for the second process, not process.schedule', () => {
    const e = refuse((c) => { c.processes[1].schedule.intervalMs = 0; });
    expect([e.code, e.field]).toEqual(['E_RANGE', 'processes[1].schedule.intervalMs']);
    expect(e.accepted).toMatch(/from 1 ms/);
  });
  it('quotes keys that are not identifiers', () => {
    const e = refuse((c) => { c.cgroups[0] = { name: 'cg', version: 1, 'memory.limit_in_bytes': 'lots' }; });
    expect(e.field).toBe('cgroups[0]["memory.limit_in_bytes"]');
  });
  it('judges an object given for a stream as a stream object (unknown kind), a string as a size', () => {
    const k = refuse((c) => { c.processes[0].workload.phases[0].allocRate = { kind: 'bogus' }; });
    expect([k.code, k.field]).toEqual(['E_TYPE', 'processes[0].workload.phases[0].allocRate.kind']);
    expect(k.accepted).toContain('"oscillate"');
    const s = refuse((c) => { c.processes[0].workload.phases[0].allocRate = '12XB'; });
    expect([s.code, s.field]).toEqual(['E_PARSE', 'processes[0].workload.phases[0].allocRate']);
  });
  it('a watch that names no other process is an error (watch: "nobody")', () => {
    const e = refuse((c) => { c.processes[0].watch = 'nobody'; });
    expect([e.code, e.field, e.accepted]).toEqual(['E_UNKNOWN_NAME', 'processes[0].watch', 'the name of another process: B']);
  });
});

describe('every message has the accepted range, a cap and no control characters', () => {
  const cases: [string, (c: Record<string, any>) => void][] = [
    ['gomaxprocs', (c) => { c.processes[0].gomaxprocs = 0; }],
    ['a steps stream with a null step', (c) => { c.processes[0].workload.phases[0].allocRate = { kind: 'steps', steps: [null] }; }],
    ['a negative size', (c) => { c.machine.memTotal = -1; }],
    ['a boolean duration', (c) => { c.duration = true; }],
    ['an empty phase name', (c) => { c.processes[0].workload.phases[0].name = ''; }],
    ['a version', (c) => { c.cgroups[0].version = 3; }],
    ['a megabyte name with escapes', (c) => { c.processes[0].name = `\u001b[2J${'x'.repeat(1 << 20)}`; }],
    ['an escape sequence in a key', (c) => { c.machine['\u001b[31mred'] = 1; }],
  ];
  for (const [name, patch] of cases) {
    it(name, () => {
      const e = refuse(patch);
      expect(e.accepted, e.message).toBeTruthy();
      expect(e.message.length).toBeLessThan(1000);
      expect(e.message).not.toMatch(/[\u0000-\u001f\u007f]/);
    });
  }
  it('steps: [null] is a typed error at the step (was a TypeError, "internal error" in the CLI)', () => {
    const e = refuse((c) => { c.processes[0].workload.phases[0].allocRate = { kind: 'steps', steps: [null] }; });
    expect([e.code, e.field]).toEqual(['E_TYPE', 'processes[0].workload.phases[0].allocRate.steps[0]']);
  });
});

describe('inputs that are not JSON-like data give typed errors (issue 16 item 5)', () => {
  const nest = (depth: number): unknown => {
    let s: unknown = '1MiB';
    for (let i = 0; i < depth; i++) s = { kind: 'sum', of: [s] };
    return s;
  };
  const cases: [string, (c: Record<string, any>) => void, string, string][] = [
    ['a sum stream nested 3,000 deep', (c) => { c.processes[0].workload.phases[0].allocRate = nest(3000); }, 'E_RANGE', 'processes[0].workload.phases[0].allocRate'],
    ['a BigInt', (c) => { c.seed = 10n; }, 'E_TYPE', 'seed'],
    ['a cyclic stream', (c) => { const s: Record<string, unknown> = { kind: 'sum' }; s['of'] = [s]; c.processes[0].workload.phases[0].allocRate = s; }, 'E_TYPE', 'processes[0].workload.phases[0].allocRate.of[0]'],
    ['an array with an own constructor', (c) => { const a = [...c.processes]; (a as any).constructor = 5; c.processes = a; }, 'E_TYPE', 'processes.constructor'],
    ['a Map for the machine', (c) => { c.machine = new Map(Object.entries(c.machine)); }, 'E_TYPE', 'machine'],
    ['a null-prototype machine with a bad field (the message used to throw)', (c) => { c.machine = Object.assign(Object.create(null), c.machine, { memTotal: Object.create(null) }); }, 'E_TYPE', 'machine.memTotal'],
    ['a getter', (c) => { Object.defineProperty(c, 'seed', { get: () => { throw new Error('boom'); }, enumerable: true }); }, 'E_TYPE', 'seed'],
    ['a function', (c) => { c.processes[0].name = () => 'A'; }, 'E_TYPE', 'processes[0].name'],
  ];
  for (const [name, patch, code, field] of cases) {
    it(`${name}: ${code} at ${field} (or within it)`, () => {
      const e = refuse(patch);
      expect(e.code).toBe(code);
      expect(e.field.startsWith(field), e.field).toBe(true);
    });
  }
  it('the nested-sum error comes from the guard, before any recursion', () => {
    const e = refuse((c) => { c.processes[0].workload.phases[0].allocRate = nest(3000); });
    expect(e.accepted).toMatch(/at most 32 levels/);
  });
});

describe('validateConfig', () => {
  it('accepts null-prototype objects: they are plain data', () => {
    const c = base();
    c['machine'] = Object.assign(Object.create(null), c['machine']);
    expect(validateConfig(c).machine.memTotal).toBe('1GiB');
  });
  it('returns a plain copy with sizes and durations as written', () => {
    const c = base();
    const v = validateConfig(c);
    expect(v).not.toBe(c);
    expect(v).toEqual(c);
    expect(v.processes[0]!.kind === 'go' && v.processes[0]!.workload.phases[0]!.allocRate).toBe('10MiB');
  });
  it('prefixes paths with where the config sits in a document', () => {
    const c = base();
    c['duration'] = 'soon';
    expect(errorOf(() => validateConfig(c, ['config'])).field).toBe('config.duration');
  });
});
