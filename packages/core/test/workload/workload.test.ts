/**
 * Workload: phases, the FIFO live ring, the base live set, scripted actions in time order,
 * and validation errors that name the field.
 */
import { describe, it, expect } from 'vitest';
import { Workload, type Mutator, type WorkloadConfig } from '../../src/workload/workload.js';
import { RandomStreams } from '../../src/random/random-streams.js';
import { ScavsimError } from '../../src/errors.js';
import { KiB, MiB } from '../../src/units.js';

interface Call { kind: string; t: number; arg?: number | string }

/** A mutator that records what the workload asked for, stamped with the workload's time. */
function recorder() {
  const calls: Call[] = [];
  let t = 0;
  let nextId = 0;
  const live = new Map<number, number>();
  const m: Mutator = {
    alloc: (bytes) => {
      calls.push({ kind: 'alloc', t, arg: bytes });
      live.set(nextId, bytes);
      return nextId++;
    },
    drop: (id) => {
      calls.push({ kind: 'drop', t, arg: id });
      if (!live.delete(id)) throw new Error(`drop of unknown id ${id}`);
    },
    stopped: false,
    gc: () => calls.push({ kind: 'gc', t }),
    freeOSMemory: () => calls.push({ kind: 'freeOSMemory', t }),
    phase: (name) => calls.push({ kind: 'phase', t, arg: name }),
    time: (tMs) => {
      t = tMs;
    },
  };
  const liveBytes = () => [...live.values()].reduce((a, b) => a + b, 0);
  return { m, calls, liveBytes };
}

function run(cfg: WorkloadConfig, untilMs: number, tickMs = 10) {
  const r = recorder();
  const w = new Workload(cfg, new RandomStreams(1).stream('w'));
  for (let t = 0; t < untilMs; t += tickMs) w.tick(t, Math.min(t + tickMs, untilMs), r.m);
  return { ...r, w };
}

describe('Workload phases and allocation', () => {
  it('allocates at the phase rate: 1 MiB/s of 1 KiB objects for 2 s is 2048 objects', () => {
    const r = run({ phases: [{ name: 'load', duration: 2000, allocRate: MiB, liveTarget: 100 * MiB, sizes: { kind: 'fixed', size: KiB } }] }, 2000);
    expect(r.calls.filter((c) => c.kind === 'alloc')).toHaveLength(2048);
  });

  it('draws log-uniform sizes as the stream\'s logUniform rounded to an integer ≥ 1, draw for draw', () => {
    const r = run({ phases: [{ name: 'load', duration: 1000, allocRate: 64 * MiB, liveTarget: 0, sizes: { kind: 'log-uniform', min: 3, max: 10 * MiB } }] }, 1000);
    const sizes = r.calls.filter((c) => c.kind === 'alloc').map((c) => c.arg as number);
    expect(sizes.length).toBeGreaterThan(20);
    const same = new RandomStreams(1).stream('w');
    expect(sizes).toEqual(sizes.map(() => Math.max(1, Math.round(same.logUniform(3, 10 * MiB)))));
  });

  it('drops the oldest objects to keep the ring at its live target', () => {
    const r = run({ phases: [{ name: 'load', duration: 5000, allocRate: 4 * MiB, liveTarget: MiB, sizes: { kind: 'fixed', size: 64 * KiB } }] }, 5000);
    expect(r.liveBytes()).toBeLessThanOrEqual(MiB);
    expect(r.liveBytes()).toBeGreaterThan(MiB - 64 * KiB);
    const drops = r.calls.filter((c) => c.kind === 'drop').map((c) => c.arg as number);
    expect(drops).toEqual([...drops].sort((a, b) => a - b)); // FIFO: oldest first
  });

  it('allocates the base live set first, in baseObject buffers, and never drops it', () => {
    const r = run({ baseLive: 5 * MiB, baseObject: 2 * MiB, phases: [{ name: 'idle', duration: 100 }] }, 100);
    expect(r.calls.slice(0, 3).map((c) => c.arg)).toEqual([2 * MiB, 2 * MiB, MiB]);
    expect(r.calls.some((c) => c.kind === 'drop')).toBe(false);
  });

  it('announces each phase at its start time', () => {
    const r = run({ phases: [{ name: 'a', duration: 1000 }, { name: 'b', duration: '1.5s' }, { name: 'c', duration: 0 }] }, 3000);
    expect(r.calls.filter((c) => c.kind === 'phase')).toEqual([
      { kind: 'phase', t: 0, arg: 'a' },
      { kind: 'phase', t: 1000, arg: 'b' },
      { kind: 'phase', t: 2500, arg: 'c' },
    ]);
    expect(r.w.endMs).toBe(2500);
  });
});

describe('Workload actions', () => {
  it('runs actions in time order whatever order they are written in, each at its own time', () => {
    const r = run({
      phases: [{ name: 'idle', duration: 1000 }],
      actions: [
        { at: 300, kind: 'gc' },
        { at: 100, kind: 'freeOSMemory' },
        { at: 205, kind: 'hold', name: 'buf', bytes: 2 * MiB, chunk: MiB },
        { at: 250, kind: 'drop', name: 'buf' },
      ],
    }, 1000);
    const seen = r.calls.filter((c) => c.kind !== 'phase').map((c) => `${c.kind}@${c.t}`);
    expect(seen).toEqual(['freeOSMemory@100', 'alloc@205', 'alloc@205', 'drop@250', 'drop@250', 'gc@300']);
  });

  it('keeps actions at the same time in the order they are written', () => {
    const r = run({ phases: [{ name: 'idle', duration: 100 }], actions: [{ at: 50, kind: 'gc' }, { at: 50, kind: 'freeOSMemory' }, { at: 50, kind: 'gc' }] }, 100);
    expect(r.calls.filter((c) => c.kind !== 'phase').map((c) => c.kind)).toEqual(['gc', 'freeOSMemory', 'gc']);
  });

  it('drops exactly the objects a hold allocated', () => {
    const r = run({ phases: [{ name: 'idle', duration: 100 }], actions: [{ at: 10, kind: 'hold', name: 'x', bytes: 3 * MiB, chunk: MiB }, { at: 20, kind: 'drop', name: 'x' }] }, 100);
    const allocIds = r.calls.filter((c) => c.kind === 'alloc').map((_, i) => i);
    expect(r.calls.filter((c) => c.kind === 'drop').map((c) => c.arg)).toEqual(allocIds);
    expect(r.liveBytes()).toBe(0);
  });

  it('accepts an empty held buffer without a chunk, allocating nothing (the default chunk is not 0)', () => {
    for (const bytes of [0, -0]) {
      const r = run({ phases: [{ name: 'idle', duration: 100 }], actions: [{ at: 10, kind: 'hold', name: 'x', bytes }] }, 100);
      expect(r.calls.filter((c) => c.kind === 'alloc')).toEqual([]);
    }
  });
});

describe('Workload validation names the field', () => {
  const rng = new RandomStreams(1).stream('w');
  const cases: { name: string; cfg: unknown; code: ScavsimError['code']; field: string }[] = [
    { name: 'not an object', cfg: 5, code: 'E_TYPE', field: 'workload' },
    { name: 'phases missing', cfg: {}, code: 'E_TYPE', field: 'workload.phases' },
    { name: 'phase without a name', cfg: { phases: [{ duration: 10 }] }, code: 'E_TYPE', field: 'workload.phases[0].name' },
    { name: 'bad duration', cfg: { phases: [{ name: 'a', duration: 'soon' }] }, code: 'E_PARSE', field: 'workload.phases[0].duration' },
    { name: 'negative rate', cfg: { phases: [{ name: 'a', duration: 10 }, { name: 'b', duration: 10, allocRate: -1 }] }, code: 'E_RANGE', field: 'workload.phases[1].allocRate' },
    { name: 'bad live ramp', cfg: { phases: [{ name: 'a', duration: 10, liveTarget: { kind: 'ramp', from: 'x', to: 1 } }] }, code: 'E_PARSE', field: 'workload.phases[0].liveTarget.from' },
    { name: 'size mix kind', cfg: { phases: [{ name: 'a', duration: 10, sizes: { kind: 'normal' } }] }, code: 'E_TYPE', field: 'workload.phases[0].sizes.kind' },
    { name: 'zero fixed size', cfg: { phases: [{ name: 'a', duration: 10, sizes: { kind: 'fixed', size: 0 } }] }, code: 'E_RANGE', field: 'workload.phases[0].sizes.size' },
    { name: 'negative baseLive', cfg: { baseLive: -1, phases: [] }, code: 'E_RANGE', field: 'workload.baseLive' },
    { name: 'zero baseObject', cfg: { baseObject: 0, phases: [] }, code: 'E_RANGE', field: 'workload.baseObject' },
    { name: 'unknown action', cfg: { phases: [], actions: [{ at: 0, kind: 'panic' }] }, code: 'E_TYPE', field: 'workload.actions[0].kind' },
    { name: 'bad action time', cfg: { phases: [], actions: [{ at: 'later', kind: 'gc' }] }, code: 'E_PARSE', field: 'workload.actions[0].at' },
    { name: 'hold without a name', cfg: { phases: [], actions: [{ at: 0, kind: 'gc' }, { at: 0, kind: 'hold', bytes: 1 }] }, code: 'E_TYPE', field: 'workload.actions[1].name' },
    { name: 'hold with zero chunk', cfg: { phases: [], actions: [{ at: 0, kind: 'hold', name: 'x', bytes: 10, chunk: 0 }] }, code: 'E_RANGE', field: 'workload.actions[0].chunk' },
  ];
  for (const tc of cases) {
    it(`${tc.name}: ${tc.code} at ${tc.field}`, () => {
      let err: unknown;
      try {
        new Workload(tc.cfg as WorkloadConfig, rng);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ScavsimError);
      expect((err as ScavsimError).code).toBe(tc.code);
      expect((err as ScavsimError).field).toBe(tc.field);
    });
  }
});
