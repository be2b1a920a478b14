/**
 * Value streams (constant, ramp, oscillate, steps, sum), after golang/go mgcpacer_test.go's
 * stream combinators, and their validation.
 */
import { describe, it, expect } from 'vitest';
import { compileStream, type StreamSpec } from '../../src/workload/streams.js';
import { ScavsimError } from '../../src/errors.js';
import { MiB } from '../../src/units.js';
import { errorOf } from '../../../../test/support/errors.js';


describe('compileStream values', () => {
  it('treats a bare number or size string as a constant', () => {
    expect(compileStream(5, 'f')(123, 1000)).toBe(5);
    expect(compileStream('2MiB', 'f')(0, 1000)).toBe(2 * MiB);
    expect(compileStream({ kind: 'constant', value: '1MiB' }, 'f')(999, 1000)).toBe(MiB);
  });

  it('ramps linearly from `from` at the phase start to `to` at its end, clamped outside', () => {
    const s = compileStream({ kind: 'ramp', from: 0, to: 100 }, 'f');
    expect(s(0, 1000)).toBe(0);
    expect(s(250, 1000)).toBe(25);
    expect(s(1000, 1000)).toBe(100);
    expect(s(2000, 1000)).toBe(100);
    expect(s(-5, 1000)).toBe(0);
    expect(compileStream({ kind: 'ramp', from: 100, to: 0 }, 'f')(500, 1000)).toBe(50);
  });

  it('oscillates between min and max, starting at min, peaking at half a period', () => {
    const s = compileStream({ kind: 'oscillate', min: 10, max: 30, period: 1000 }, 'f');
    expect(s(0, 5000)).toBeCloseTo(10);
    expect(s(500, 5000)).toBeCloseTo(30);
    expect(s(1000, 5000)).toBeCloseTo(10);
    expect(s(250, 5000)).toBeCloseTo(20);
  });

  it('holds each step from its time until the next, 0 before the first', () => {
    const s = compileStream({ kind: 'steps', steps: [{ at: '1s', value: 7 }, { at: '3s', value: 2 }] }, 'f');
    expect(s(0, 5000)).toBe(0);
    expect(s(1000, 5000)).toBe(7);
    expect(s(2999, 5000)).toBe(7);
    expect(s(3000, 5000)).toBe(2);
  });

  it('adds the streams of a sum', () => {
    const s = compileStream({ kind: 'sum', of: [3, { kind: 'ramp', from: 0, to: 10 }, { kind: 'steps', steps: [{ at: 0, value: 1 }] }] }, 'f');
    expect(s(500, 1000)).toBe(3 + 5 + 1);
  });
});

describe('compileStream validation names the field', () => {
  const cases: { name: string; spec: unknown; code: ScavsimError['code']; field: string }[] = [
    { name: 'unknown kind', spec: { kind: 'sine' }, code: 'E_TYPE', field: 'rate.kind' },
    { name: 'null', spec: null, code: 'E_TYPE', field: 'rate' },
    { name: 'negative constant', spec: -1, code: 'E_RANGE', field: 'rate' },
    { name: 'unparsable ramp end', spec: { kind: 'ramp', from: 0, to: 'lots' }, code: 'E_PARSE', field: 'rate.to' },
    { name: 'oscillate max < min', spec: { kind: 'oscillate', min: 5, max: 1, period: 100 }, code: 'E_CONFLICT', field: 'rate.max' },
    { name: 'oscillate zero period', spec: { kind: 'oscillate', min: 1, max: 5, period: 0 }, code: 'E_RANGE', field: 'rate.period' },
    { name: 'empty steps', spec: { kind: 'steps', steps: [] }, code: 'E_TYPE', field: 'rate.steps' },
    { name: 'steps out of order', spec: { kind: 'steps', steps: [{ at: 200, value: 1 }, { at: 100, value: 2 }] }, code: 'E_CONFLICT', field: 'rate.steps[1].at' },
    { name: 'bad step value', spec: { kind: 'steps', steps: [{ at: 0, value: 'x' }] }, code: 'E_PARSE', field: 'rate.steps[0].value' },
    { name: 'sum without array', spec: { kind: 'sum', of: 3 }, code: 'E_TYPE', field: 'rate.of' },
    { name: 'bad part of a sum', spec: { kind: 'sum', of: [1, { kind: 'nope' }] }, code: 'E_TYPE', field: 'rate.of[1].kind' },
  ];
  for (const tc of cases) {
    it(`${tc.name}: ${tc.code} at ${tc.field}`, () => {
      const e = errorOf(() => compileStream(tc.spec as StreamSpec, 'rate'));
      expect(e.code).toBe(tc.code);
      expect(e.field).toBe(tc.field);
    });
  }
});
