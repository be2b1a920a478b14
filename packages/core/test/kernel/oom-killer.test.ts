/**
 * The OOM killer's choice (oom-killer.ts, mm/oom_kill.c, kernel §3.4): alone and as the page
 * allocator calls it when nothing is reclaimable.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.js';
import { oomVictim } from '../../src/kernel/oom-killer.js';
import type { SpaceRef } from '../../src/kernel/space-host.js';
import { GiB, MiB } from '../../src/units.js';

function task(pid: number, rssPages: number, alive = true): SpaceRef {
  return { pid, rssPages, alive, pageSize: 4096, noteHwm: () => {}, pageCounts: () => ({ resident: rssPages, lazyClean: 0, lazyRedirtied: 0, file: 0, huge: 0 }) };
}

describe('oomVictim (select_bad_process / oom_badness)', () => {
  it('chooses the largest RSS', () => {
    expect(oomVictim([task(1, 10), task(2, 30), task(3, 20)])?.pid).toBe(2);
  });

  it('gives a tie to the task walked last (the highest pid), as `points < chosen_points` skips only smaller scores', () => {
    expect(oomVictim([task(7, 30), task(9, 30), task(8, 30)])?.pid).toBe(9);
  });

  it('skips dead tasks and tasks with no RSS; none left means no victim', () => {
    expect(oomVictim([task(1, 50, false), task(2, 5)])?.pid).toBe(2);
    expect(oomVictim([task(1, 0), task(2, 50, false)])).toBeUndefined();
  });
});

describe('global OOM from the page allocator', () => {
  it('kills the process with the largest RSS when nothing is reclaimable (global OOM)', () => {
    const m = new Machine({ memTotal: GiB });
    const a = m.createProcess({ name: 'a' });
    a.touch(0, 900 * MiB);
    const b = m.createProcess({ name: 'b' });
    const r = b.touch(0, 200 * MiB);
    expect(a.killed).toBe(true);
    expect(r.oomKilled).toBe(false);
    expect(b.counters().VmRSS).toBe(200 * MiB);
    expect(m.counters().oom_kill).toBe(1);
    expect(m.drainEvents()).toContainEqual({ kind: 'oom', scope: 'global', victim: 'a', pid: a.pid, rssBytes: 900 * MiB });
  });

  it('kills the allocator itself when it is the largest, and reports it', () => {
    const m = new Machine({ memTotal: GiB });
    const a = m.createProcess({ name: 'a' });
    a.touch(0, 100 * MiB);
    const b = m.createProcess({ name: 'b' });
    const r = b.touch(0, 2 * GiB);
    expect(r.oomKilled).toBe(true);
    expect(b.killed).toBe(true);
    expect(a.killed).toBe(false);
    expect(m.counters().AnonPages).toBe(100 * MiB);
  });
});

