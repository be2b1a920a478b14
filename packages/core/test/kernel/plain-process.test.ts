import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.js';
import { PlainProcess } from '../../src/kernel/plain-process.js';
import { GiB, MiB } from '../../src/units.js';

describe('PlainProcess (the fidelity hog)', () => {
  function hog(schedule: ConstructorParameters<typeof PlainProcess>[1]['schedule'], exitAtMs?: number) {
    const m = new Machine({ memTotal: 4 * GiB });
    const cg = m.createCgroup({ name: 'c' });
    const p = new PlainProcess(m, { name: 'hog', cgroup: 'c', schedule, ...(exitAtMs !== undefined ? { exitAtMs } : {}) });
    return { m, cg, p };
  }

  it('adds 32 MiB at 0, 0.5, 1.0 … s: 8 steps (256 MiB) by 3.7 s, as the hog\'s 258 MiB at 3.7 s shows', () => {
    const { p } = hog({ stepBytes: '32MiB', intervalMs: 500, targetBytes: '640MiB', holdMs: '15s' });
    p.tick(3700, 100);
    expect(p.sample().hog_VmRSS).toBe(256 * MiB);
  });

  it('stops at the target, holds, then exits and frees every page', () => {
    const { p, cg } = hog({ stepBytes: 32 * MiB, intervalMs: 500, targetBytes: 640 * MiB, holdMs: 15_000 });
    p.tick(9500, 100);
    expect(p.sample()).toEqual({ hog_VmRSS: 640 * MiB, hog_RssAnon: 640 * MiB });
    p.tick(24_400, 100);
    expect(p.status).toBe('running');
    p.tick(24_500, 100);
    expect(p.status).toBe('exited');
    expect(p.exited).toBe(true);
    expect(cg.counters().usage).toBe(0);
  });

  it('shortens the last step to land on the target', () => {
    const { p } = hog({ stepBytes: 30 * MiB, intervalMs: 100, targetBytes: 100 * MiB });
    p.tick(10_000, 100);
    expect(p.memory.counters().VmRSS).toBe(100 * MiB);
  });

  it('follows an explicit schedule and exit time', () => {
    const { p } = hog([{ atMs: 0, touchBytes: MiB }, { atMs: '1s', touchBytes: '3MiB' }], 2000);
    p.tick(500, 100);
    expect(p.memory.counters().VmRSS).toBe(MiB);
    p.tick(1000, 100);
    expect(p.memory.counters().VmRSS).toBe(4 * MiB);
    p.tick(2000, 100);
    expect(p.status).toBe('exited');
  });

  it('reports being OOM-killed', () => {
    const m = new Machine({ memTotal: 4 * GiB });
    m.createCgroup({ name: 'small', limit: '64MiB' });
    const p = new PlainProcess(m, { name: 'hog', cgroup: 'small', schedule: { stepBytes: 32 * MiB, intervalMs: 100, targetBytes: 128 * MiB } });
    p.tick(1000, 100);
    expect(p.status).toBe('killed');
  });

  it('rejects a bad schedule with the field named', () => {
    const m = new Machine({ memTotal: GiB });
    expect(() => new PlainProcess(m, { name: 'h', schedule: { stepBytes: 0, intervalMs: 1, targetBytes: 1 } }, 'processes[1]'))
      .toThrowError(expect.objectContaining({ code: 'E_RANGE', field: 'processes[1].schedule.stepBytes' }));
    expect(() => new PlainProcess(m, { name: 'h', schedule: [{ atMs: 5, touchBytes: 1 }, { atMs: 1, touchBytes: 1 }] }))
      .toThrowError(expect.objectContaining({ code: 'E_RANGE', field: 'process.schedule[1].atMs' }));
  });
});

describe('PlainProcess with cycles (fidelity hog -cycles, -gap)', () => {
  it('grows to the target, holds, unmaps everything, waits the gap, grows again and exits after the last hold', () => {
    const m = new Machine({ memTotal: '4GiB', kernel: '6.1' });
    const p = new PlainProcess(m, { name: 'hog', schedule: { stepBytes: 32 * MiB, intervalMs: 100, targetBytes: 64 * MiB, holdMs: 1000, cycles: 2, gapMs: 500 } });
    const rss = (t: number) => {
      p.tick(t, 10);
      return p.memory.counters().VmRSS / MiB;
    };
    expect(rss(100)).toBe(64); // second step at 100 ms
    expect(rss(1099)).toBe(64); // holding
    expect(rss(1100)).toBe(0); // unmapped after the 1 s hold
    expect(rss(1599)).toBe(0); // the gap
    expect(rss(1600)).toBe(32); // growing again
    expect(rss(1700)).toBe(64);
    expect(p.status).toBe('running');
    rss(2700);
    expect(p.status).toBe('exited');
  });
});
