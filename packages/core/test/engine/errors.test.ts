/**
 * Error messages are safe to print (issue 16 item 11): capped, control characters escaped, and
 * built without throwing whatever the value.
 */
import { describe, expect, it } from 'vitest';
import { ScavsimError, printable, showValue } from '../../src/errors.js';

describe('ScavsimError messages', () => {
  it('escapes terminal control sequences and NUL in every part', () => {
    const e = new ScavsimError('E_PARSE', 'trace\u001b[2J', 'bad line "\u001b[31mred\u0000"', 'no \u0007 bells');
    expect(e.message).not.toMatch(/[\u0000-\u001f]/);
    expect(e.message).toContain('\\u001b[31mred\\u0000');
    expect(e.field).toBe('trace\\u001b[2J');
    expect(e.accepted).toBe('no \\u0007 bells');
  });
  it('caps a message that echoes a megabyte of input', () => {
    const e = new ScavsimError('E_PARSE', 'x', `cannot read ${'a'.repeat(1 << 20)}`);
    expect(e.message.length).toBeLessThan(500);
    expect(e.message).toContain('characters)');
  });
});

describe('showValue', () => {
  it('describes values that JSON.stringify and String throw on', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(showValue(10n)).toBe('10n');
    expect(showValue(Object.create(null))).toBe('an object');
    expect(showValue(cyclic)).toBe('an object');
    expect(showValue(Symbol('s'))).toBe('a symbol');
    expect(showValue([1, 2])).toBe('an array of 2');
    expect(showValue('x'.repeat(1000)).length).toBeLessThan(80);
  });
  it('printable keeps short plain text as it is', () => {
    expect(printable('processes[1].schedule.intervalMs')).toBe('processes[1].schedule.intervalMs');
  });
});
