/**
 * simulate() rejects bad input with a ScavsimError whose code says what kind of mistake it is
 * and whose field is the config path of the offending value (errors.ts; STYLE: "bad input throws
 * ScavsimError naming the field and the accepted range").
 */
import { describe, it, expect } from 'vitest';
import { simulate, ScavsimError, type SimConfig } from '../../src/index.js';
import type { GoProcessConfig } from '../../src/runtime/go-config.js';
import { errorOf as thrown } from '../../../../test/support/errors.js';

const workload = { phases: [{ name: 'idle', duration: 1000 }] };
const goA: GoProcessConfig = { kind: 'go', name: 'A', go: '1.21', workload };
const base: SimConfig = { duration: 1000, machine: { memTotal: '1GiB' }, processes: [goA] };

const errorOf = (cfg: unknown): ScavsimError => thrown(() => simulate(cfg as SimConfig));
const withGo = (p: Partial<GoProcessConfig> & Record<string, unknown>): SimConfig => ({ ...base, processes: [{ ...goA, ...p } as GoProcessConfig] });

describe('simulate() typed errors', () => {
  const cases: { name: string; cfg: unknown; code: ScavsimError['code']; field: string }[] = [
    { name: 'a config that is not an object', cfg: null, code: 'E_TYPE', field: 'config' },
    { name: 'no processes', cfg: { ...base, processes: [] }, code: 'E_RANGE', field: 'processes' },
    { name: 'a negative machine size', cfg: { ...base, machine: { memTotal: -1 } }, code: 'E_RANGE', field: 'machine.memTotal' },
    { name: 'an unparsable kernel', cfg: { ...base, machine: { memTotal: '1GiB', kernel: 'x' } }, code: 'E_PARSE', field: 'machine.kernel' },
    { name: 'a negative fileRss', cfg: withGo({ fileRss: -1 }), code: 'E_RANGE', field: 'processes[0].fileRss' },
    { name: 'duplicate process names', cfg: { ...base, processes: [goA, goA] }, code: 'E_CONFLICT', field: 'processes[1].name' },
    { name: 'duplicate cgroup names', cfg: { ...base, cgroups: [{ name: 'a', limit: '1GiB' }, { name: 'a', limit: '1GiB' }] }, code: 'E_CONFLICT', field: 'cgroups[1].name' },
    { name: 'an unknown cgroup', cfg: withGo({ cgroup: 'nope' }), code: 'E_UNKNOWN_NAME', field: 'processes[0].cgroup' },
    { name: 'an unknown process kind', cfg: { ...base, processes: [{ ...goA, kind: 'java' }] }, code: 'E_TYPE', field: 'processes[0].kind' },
    { name: 'an unparsable tick', cfg: { ...base, tick: 'abc' }, code: 'E_PARSE', field: 'tick' },
    { name: 'a negative tick', cfg: { ...base, tick: -1 }, code: 'E_RANGE', field: 'tick' },
    { name: 'a sample that is not a multiple of the tick', cfg: { ...base, sample: 15 }, code: 'E_RANGE', field: 'sample' },
    { name: 'a zero sample interval', cfg: { ...base, sample: 0 }, code: 'E_RANGE', field: 'sample' },
    { name: 'a negative duration', cfg: { ...base, duration: -1 }, code: 'E_RANGE', field: 'duration' },
    { name: 'a negative seed', cfg: { ...base, seed: -1 }, code: 'E_RANGE', field: 'seed' },
    { name: 'a non-integer GOGC', cfg: withGo({ gogc: 'x' as unknown as number }), code: 'E_TYPE', field: 'processes[0].gogc' },
    { name: 'GOMAXPROCS 0', cfg: withGo({ gomaxprocs: 0 }), code: 'E_RANGE', field: 'processes[0].gomaxprocs' },
  ];
  for (const tc of cases) {
    it(`rejects ${tc.name} with ${tc.code} at ${tc.field}`, () => {
      const e = errorOf(tc.cfg);
      expect(e.code).toBe(tc.code);
      expect(e.field).toBe(tc.field);
    });
  }

  it('ignores GOMEMLIMIT before Go 1.19 as the runtime ignores an unknown variable, and says so (policy reason, note event)', () => {
    const run = simulate(withGo({ go: '1.18', gomemlimit: '1GiB' }));
    const notes = run.events.filter((e) => e.kind === 'note');
    expect(notes).toEqual([expect.objectContaining({ t_ms: 0, process: 'A', text: expect.stringMatching(/GOMEMLIMIT=1073741824 ignored: go1\.18.* predates Go 1\.19/) })]);
    expect(run.samples.at(-1)!.NextGC).toBe(simulate(withGo({ go: '1.18' })).samples.at(-1)!.NextGC);
  });

  it('rejects an unknown Go version with E_UNKNOWN_VERSION (newer and older than the table)', () => {
    expect(errorOf(withGo({ go: '1.99' })).code).toBe('E_UNKNOWN_VERSION');
    expect(errorOf(withGo({ go: '1.4' })).code).toBe('E_UNKNOWN_VERSION');
    expect(errorOf(withGo({ go: 'banana' })).code).toBe('E_PARSE');
  });

  it('rejects a negative size inside a workload with E_RANGE, naming the process and the field', () => {
    const e = errorOf(withGo({ workload: { ...workload, baseLive: -5 } }));
    expect(e.code).toBe('E_RANGE');
    expect(e.field).toMatch(/^processes(\[0\]|\.A)\.workload\.baseLive$/);
    const r = errorOf(withGo({ workload: { phases: [{ name: 'p', duration: 10, allocRate: -1 }] } }));
    expect(r.field).toMatch(/^processes(\[0\]|\.A)\.workload\.phases\[0\]\.allocRate$/);
  });

  // Regression tests: these errors once carried fields that were not config paths ("go",
  // "GODEBUG.madvdontneed", "tickMs", "processes.A.workload"), so a user with several processes
  // could not tell which one was wrong.
  it('names the process in an unknown Go version error (processes[0].go)', () => {
    expect(errorOf(withGo({ go: '1.99' })).field).toBe('processes[0].go');
  });
  it('names the process in a bad GODEBUG error (processes[0].godebug)', () => {
    expect(errorOf(withGo({ godebug: 'madvdontneed=x' })).field).toMatch(/^processes\[0\]\.godebug/);
  });
  it('names a zero tick "tick", as written in the config', () => {
    expect(errorOf({ ...base, tick: 0 }).field).toBe('tick');
  });
  it('names workload fields by the process index like every other process field', () => {
    expect(errorOf(withGo({ workload: { ...workload, baseLive: -5 } })).field).toBe('processes[0].workload.baseLive');
  });
});
