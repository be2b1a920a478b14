/**
 * EventQueue: (time, priority, sequence) order and cancellation.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { EventQueue, Priority } from '../../src/engine/event-queue.js';

function drain(q: EventQueue): string[] {
  const out: string[] = [];
  for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.label);
  return out;
}

describe('EventQueue', () => {
  it('pops events in time order', () => {
    const q = new EventQueue();
    for (const t of [30, 10, 20]) q.push(t, Priority.runtime, `t${t}`, () => {});
    expect(drain(q)).toEqual(['t10', 't20', 't30']);
  });

  it('runs events at the same time by priority, lower first', () => {
    const q = new EventQueue();
    q.push(5, Priority.record, 'record', () => {});
    q.push(5, Priority.kernel, 'kernel', () => {});
    q.push(5, Priority.script, 'script', () => {});
    q.push(5, Priority.runtime, 'runtime', () => {});
    expect(drain(q)).toEqual(['script', 'runtime', 'kernel', 'record']);
  });

  it('runs events with the same time and priority in the order they were scheduled', () => {
    const q = new EventQueue();
    for (let i = 0; i < 50; i++) q.push(7, Priority.runtime, `e${i}`, () => {});
    expect(drain(q)).toEqual(Array.from({ length: 50 }, (_, i) => `e${i}`));
  });

  it('skips cancelled events in pop and peekTime', () => {
    const q = new EventQueue();
    const a = q.push(1, 0, 'a', () => {});
    q.push(2, 0, 'b', () => {});
    const c = q.push(3, 0, 'c', () => {});
    q.cancel(a);
    q.cancel(c);
    expect(q.peekTime()).toBe(2);
    expect(drain(q)).toEqual(['b']);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBeUndefined();
  });

  it('hands the callback back with its schedule', () => {
    const q = new EventQueue();
    const seen: number[] = [];
    q.push(42, 0, 'x', (now) => seen.push(now));
    const e = q.pop()!;
    e.run(e.at);
    expect(seen).toEqual([42]);
  });

  it('orders any mix of pushes like a stable sort by (time, priority)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 200 }), (items) => {
        const q = new EventQueue();
        const evs = items.map(([t, p], i) => q.push(t, p, String(i), () => {}));
        items.forEach(([, , cancel], i) => {
          if (cancel) q.cancel(evs[i]!);
        });
        const want = items
          .map(([t, p, cancel], i) => ({ t, p, cancel, i }))
          .filter((x) => !x.cancel)
          .sort((x, y) => x.t - y.t || x.p - y.p || x.i - y.i)
          .map((x) => String(x.i));
        expect(drain(q)).toEqual(want);
      }),
      { numRuns: 100 },
    );
  });
});
