/**
 * Sizes and durations as users write them (units.ts), and the checks every config field uses.
 */
import { describe, it, expect } from 'vitest';
import { parseSize, parseDuration, checkInt, checkNumber, checkPowerOfTwo, formatBytes, KiB, MiB, GiB, TiB } from '../../src/units.js';
import { ScavsimError } from '../../src/errors.js';
import { errorOf } from '../../../../test/support/errors.js';


describe('parseSize', () => {
  const ok: [number | string, number][] = [
    [0, 0], [4096, 4096], ['512MiB', 512 * MiB], ['1.5GiB', 1.5 * GiB], ['64KiB', 64 * KiB], ['100MB', 100e6],
    ['1K', KiB], ['2 g', 2 * GiB], [' 3TiB ', 3 * TiB], ['10kb', 10_000], ['123', 123], ['7b', 7],
  ];
  for (const [input, want] of ok) {
    it(`parses ${JSON.stringify(input)} as ${want} bytes`, () => {
      expect(parseSize(input, 'f')).toBe(want);
    });
  }
  const bad: [unknown, ScavsimError['code']][] = [
    [-1, 'E_RANGE'], [1.5, 'E_RANGE'], [Number.NaN, 'E_RANGE'], ['abc', 'E_PARSE'], ['12XB', 'E_PARSE'], ['-5MiB', 'E_PARSE'], ['', 'E_PARSE'],
    [{}, 'E_TYPE'], [null, 'E_TYPE'], ['99999999TiB', 'E_RANGE'],
  ];
  for (const [input, code] of bad) {
    it(`rejects ${JSON.stringify(input)} with ${code}, naming the field`, () => {
      const e = errorOf(() => parseSize(input as string, 'machine.memTotal'));
      expect(e.code).toBe(code);
      expect(e.field).toBe('machine.memTotal');
      expect(e.accepted).toBeDefined();
    });
  }
});

describe('parseDuration', () => {
  const ok: [number | string, number][] = [
    [100, 100], [2.4, 2], ['100ms', 100], ['30s', 30_000], ['2.5min', 150_000], ['1h', 3_600_000], ['1m30s', 90_000],
    ['9min40s', 580_000], ['1h2m3s', 3_723_000], ['250', 250], ['1.5s', 1500], ['10 sec', 10_000],
  ];
  for (const [input, want] of ok) {
    it(`parses ${JSON.stringify(input)} as ${want} ms`, () => {
      expect(parseDuration(input, 'f')).toBe(want);
    });
  }
  const bad: [unknown, ScavsimError['code']][] = [
    [-5, 'E_RANGE'], [Number.NaN, 'E_RANGE'], [Infinity, 'E_RANGE'], ['abc', 'E_PARSE'], ['1m30', 'E_PARSE'], ['5 fortnights', 'E_PARSE'],
    ['', 'E_PARSE'], [null, 'E_TYPE'], [true, 'E_TYPE'],
  ];
  for (const [input, code] of bad) {
    it(`rejects ${JSON.stringify(input)} with ${code}, naming the field`, () => {
      const e = errorOf(() => parseDuration(input as string, 'tick'));
      expect(e.code).toBe(code);
      expect(e.field).toBe('tick');
    });
  }
});

describe('checkInt, checkNumber, checkPowerOfTwo', () => {
  it('accept values in range and return them', () => {
    expect(checkInt(5, 'f', 1, 10)).toBe(5);
    expect(checkNumber(0.5, 'f', 0, 1)).toBe(0.5);
    expect(checkPowerOfTwo(65536, 'f', 4096, 65536)).toBe(65536);
  });
  it('reject wrong types with E_TYPE and out-of-range values with E_RANGE, with the accepted range', () => {
    expect(errorOf(() => checkInt(1.5, 'gomaxprocs', 1, 10)).code).toBe('E_TYPE');
    expect(errorOf(() => checkInt('3', 'gomaxprocs', 1, 10)).code).toBe('E_TYPE');
    const r = errorOf(() => checkInt(11, 'gomaxprocs', 1, 10));
    expect([r.code, r.field, r.accepted]).toEqual(['E_RANGE', 'gomaxprocs', 'an integer from 1 to 10']);
    expect(errorOf(() => checkNumber(Number.NaN, 'f', 0, 1)).code).toBe('E_TYPE');
    expect(errorOf(() => checkNumber(2, 'f', 0, 1)).code).toBe('E_RANGE');
    expect(errorOf(() => checkPowerOfTwo(6000, 'pageSize', 4096, 65536)).code).toBe('E_RANGE');
    expect(errorOf(() => checkPowerOfTwo(2048, 'pageSize', 4096, 65536)).code).toBe('E_RANGE');
    expect(errorOf(() => checkPowerOfTwo(4096.5, 'pageSize', 4096, 65536)).code).toBe('E_TYPE');
  });
});

describe('formatBytes', () => {
  it('prints binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * MiB)).toBe('3.0 MiB');
    expect(formatBytes(1.5 * GiB)).toBe('1.50 GiB');
  });
});

describe('sizes and durations are parsed in linear time (issue 16 item 3)', () => {
  // The regex these parsers replaced backtracked exponentially on a run of digits followed by a
  // character it could not match: the first of these took 65 s.
  const hostile = ['111111111111111111111111111111x!', `${'1'.repeat(60)}x!`, `${'1 '.repeat(31)}!`, '1.1.1.1.1.1.1.1.1.1.1.1.1.1.1!'];
  for (const input of hostile) {
    it(`rejects ${JSON.stringify(input.slice(0, 20))}… at once with E_PARSE`, () => {
      expect(errorOf(() => parseDuration(input, 'duration')).code).toBe('E_PARSE');
      expect(errorOf(() => parseSize(input, 'machine.memTotal')).code).toBe('E_PARSE');
    });
  }
  it('refuses a megabyte string without echoing it', () => {
    const e = errorOf(() => parseDuration(`${'9'.repeat(1 << 20)}s`, 'duration'));
    expect(e.code).toBe('E_PARSE');
    expect(e.message.length).toBeLessThan(400);
  });
  it('still reads several parts with spaces between them', () => {
    expect(parseDuration(' 1h 2m 3s ', 'f')).toBe(3_723_000);
    expect(errorOf(() => parseSize('1GiB 2MiB', 'f')).code).toBe('E_PARSE');
  });
});
