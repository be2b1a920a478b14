import { describe, expect, it } from 'vitest';
import { DEFAULT_KERNEL_COSTS } from '../../src/kernel/costs.js';
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

  const STEP_NS = (32 * MiB / 4096) * DEFAULT_KERNEL_COSTS.faultNsPerPage; // one 32 MiB step, no reclaim

  it('starts each step the interval after the previous one has faulted in its memory (the hog\'s loop)', () => {
    const { p } = hog({ stepBytes: '32MiB', intervalMs: 500, targetBytes: '640MiB', holdMs: '15s' });
    p.tick(0, 1);
    expect(p.cpuNs).toBe(STEP_NS); // 8192 write faults, ~15.6 ms
    const second = 500 + STEP_NS / 1e6;
    p.tick(Math.floor(second), 1);
    expect(p.sample().hog_VmRSS).toBe(32 * MiB);
    p.tick(Math.ceil(second), 1);
    expect(p.sample().hog_VmRSS).toBe(64 * MiB);
    // 8 steps by 3.7 s as before (the real hog had 258 MiB then), but the 8th comes at 7 × 515.6 ms.
    p.tick(3700, 1);
    expect(p.sample().hog_VmRSS).toBe(256 * MiB);
    expect(p.quietUntil(3700)).toBeCloseTo(8 * (500 + STEP_NS / 1e6), 6);
  });

  it('counts the reclaim a step forced as part of its time', () => {
    const m = new Machine({ memTotal: 4 * GiB, kernel: '6.1' });
    m.createCgroup({ name: 'c', limit: '96MiB' });
    const a = m.createProcess({ name: 'A', cgroup: 'c' });
    a.touch(0, 64 * MiB);
    a.madvise(0, 64 * MiB, 'MADV_FREE');
    const p = new PlainProcess(m, { name: 'hog', cgroup: 'c', schedule: { stepBytes: 32 * MiB, intervalMs: 500, targetBytes: 128 * MiB } });
    p.tick(0, 1);
    p.tick(600, 1);
    const twoSteps = p.cpuNs;
    p.tick(1100, 1);
    const third = p.cpuNs - twoSteps;
    expect(third).toBeGreaterThan(STEP_NS); // it had to discard ~32 MiB of A's lazily freed pages
    expect(p.quietUntil(1100)).toBeCloseTo((twoSteps + third) / 1e6 + 1500, 6);
  });

  it('stops at the target, sleeps the interval and holds, then exits and frees every page', () => {
    const { p, cg } = hog({ stepBytes: 32 * MiB, intervalMs: 500, targetBytes: 640 * MiB, holdMs: 15_000 });
    const exitAt = 20 * (500 + STEP_NS / 1e6) + 15_000;
    p.tick(10_000, 100);
    expect(p.sample()).toEqual({ hog_VmRSS: 640 * MiB, hog_RssAnon: 640 * MiB });
    p.tick(Math.floor(exitAt), 1);
    expect(p.status).toBe('running');
    p.tick(Math.ceil(exitAt), 1);
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
      p.tick(t, 1);
      return p.memory.counters().VmRSS / MiB;
    };
    const step = (32 * MiB / 4096) * DEFAULT_KERNEL_COSTS.faultNsPerPage / 1e6; // ms per 32 MiB step
    expect(rss(100)).toBe(32);
    expect(rss(Math.ceil(100 + step))).toBe(64); // second step 100 ms after the first finished
    const unmapAt = 2 * step + 200 + 1000; // after the last step's interval and the hold
    expect(rss(Math.floor(unmapAt))).toBe(64);
    expect(rss(Math.ceil(unmapAt))).toBe(0);
    const unmapNs = p.cpuNs - 2 * step * 1e6;
    const regrowAt = unmapAt + unmapNs / 1e6 + 500;
    expect(rss(Math.floor(regrowAt))).toBe(0); // the gap
    expect(rss(Math.ceil(regrowAt))).toBe(32); // growing again
    expect(rss(Math.ceil(regrowAt + step + 100))).toBe(64);
    expect(p.status).toBe('running');
    rss(Math.ceil(regrowAt + 2 * step + 200 + 1000));
    expect(p.status).toBe('exited');
  });
});
