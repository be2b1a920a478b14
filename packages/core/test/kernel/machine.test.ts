/**
 * The machine's books: page sizes, cgroups and processes, file RSS.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.js';
import { GiB, MiB } from '../../src/units.js';

describe('page sizes', () => {
  it('counts 64 KiB pages on a 64 KiB-page kernel', () => {
    const m = new Machine({ memTotal: GiB, pageSize: 65536 });
    const p = m.createProcess({ name: 'p' });
    expect(p.touch(0, MiB).faults).toBe(16);
    expect(p.madvise(0, 65536 + 1, 'MADV_DONTNEED').pages).toBe(2);
    expect(p.madvise(4096, 65536, 'MADV_DONTNEED').errno).toBe('EINVAL');
  });
});

describe('cgroups and processes', () => {
  it('rejects unknown and duplicate cgroups and bad process names', () => {
    const m = new Machine({ memTotal: GiB });
    m.createCgroup({ name: 'c' });
    expect(() => m.createCgroup({ name: 'c' })).toThrowError(expect.objectContaining({ code: 'E_CONFLICT' }));
    expect(() => m.createProcess({ name: 'p', cgroup: 'nope' })).toThrowError(expect.objectContaining({ code: 'E_UNKNOWN_NAME' }));
    expect(() => m.createProcess({ name: '' })).toThrowError(expect.objectContaining({ code: 'E_TYPE', field: 'process.name' }));
  });

  it('counts file RSS in VmRSS but not in the memcg', () => {
    const m = new Machine({ memTotal: GiB });
    const cg = m.createCgroup({ name: 'c' });
    const p = m.createProcess({ name: 'p', cgroup: cg, fileRss: 2 * MiB });
    expect(p.counters()).toMatchObject({ VmRSS: 2 * MiB, RssFile: 2 * MiB, RssAnon: 0 });
    expect(cg.counters().usage).toBe(0);
  });
});
