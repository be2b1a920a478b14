/**
 * GODEBUG parsing ([go1.19.8:runtime1.go parsedebugvars]: comma-separated key=value, atoi values,
 * last occurrence wins) and the policy layer's minimal kernel-version parser (`uname -r` spellings,
 * kernel §6).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScavsimError, ScavsimError } from '../../src/errors.js';
import {
  formatGodebug, formatKernelVersion, kernelAtLeast, normalizeGodebug, parseGodebug, parseKernelVersion,
} from '../../src/policy/index.js';
import { errorOf as thrown } from '../../../../test/support/errors.js';


describe('parseGodebug', () => {
  it('reads the settings the runtime reads', () => {
    expect(parseGodebug('madvdontneed=1,scavtrace=1')).toEqual({ madvdontneed: 1, scavtrace: 1 });
    expect(parseGodebug('gctrace=1, harddecommit=0 ,disablethp=1,scavenge=1')).toEqual({ gctrace: 1, harddecommit: 0, disablethp: 1, scavenge: 1 });
  });

  it('treats an empty string as no settings and skips empty entries', () => {
    expect(parseGodebug('')).toEqual({});
    expect(parseGodebug(',gctrace=1,,')).toEqual({ gctrace: 1 });
  });

  it('lets the last occurrence of a key win, as the runtime does', () => {
    expect(parseGodebug('madvdontneed=1,madvdontneed=0')).toEqual({ madvdontneed: 0 });
  });

  it('rejects a bad value with an error naming the key', () => {
    const e = thrown(() => parseGodebug('scavtrace=1,madvdontneed=yes'));
    expect(e.code).toBe('E_PARSE');
    expect(e.field).toBe('GODEBUG.madvdontneed');
    expect(thrown(() => parseGodebug('gctrace=99999999999')).field).toBe('GODEBUG.gctrace');
  });

  it('rejects an unknown key with the list of known keys', () => {
    const e = thrown(() => parseGodebug('madvdontned=1'));
    expect(e.code).toBe('E_UNKNOWN_NAME');
    expect(e.field).toBe('GODEBUG.madvdontned');
    expect(e.accepted).toContain('madvdontneed');
  });

  it('rejects an entry without "="', () => {
    expect(thrown(() => parseGodebug('madvdontneed')).code).toBe('E_PARSE');
  });

  it('accepts an object of settings and validates it the same way', () => {
    expect(normalizeGodebug({ madvdontneed: 1, scavtrace: '1' })).toEqual({ madvdontneed: 1, scavtrace: 1 });
    expect(thrown(() => normalizeGodebug({ gctrace: -1 })).field).toBe('GODEBUG.gctrace');
    expect(thrown(() => normalizeGodebug({ foo: 1 })).code).toBe('E_UNKNOWN_NAME');
    expect(thrown(() => normalizeGodebug(42)).code).toBe('E_TYPE');
  });

  it('round-trips through formatGodebug', () => {
    const s = parseGodebug('scavtrace=1,madvdontneed=0');
    expect(parseGodebug(formatGodebug(s))).toEqual(s);
  });

  it('never throws anything but a ScavsimError whose field starts with GODEBUG', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^([a-z]{1,12}=\w{0,4},?){0,4}$/)), (s) => {
      try {
        parseGodebug(s);
      } catch (e) {
        expect(e).toBeInstanceOf(ScavsimError);
        expect((e as ScavsimError).field.startsWith('GODEBUG')).toBe(true);
      }
    }), { numRuns: 2000 });
  });
});

describe('parseKernelVersion', () => {
  it.each([
    ['4.14', 4, 14, null, null],
    ['5.15.0-91-generic', 5, 15, 0, '-91-generic'],
    ['3.10.0-1160.el7.x86_64', 3, 10, 0, '-1160.el7.x86_64'],
    ['6.18.44', 6, 18, 44, null],
    ['4.14.355-275.582.amzn2.x86_64', 4, 14, 355, '-275.582.amzn2.x86_64'],
  ])('reads %j', (text, major, minor, patch, suffix) => {
    const k = parseKernelVersion(text);
    expect(k).toEqual({ major, minor, patch, suffix });
    expect(formatKernelVersion(k)).toBe(text);
  });

  it('compares major.minor for feature checks (MADV_FREE since 4.5, swapless fix 4.12)', () => {
    expect(kernelAtLeast(parseKernelVersion('4.4.0-210'), 4, 5)).toBe(false);
    expect(kernelAtLeast(parseKernelVersion('4.5'), 4, 5)).toBe(true);
    expect(kernelAtLeast(parseKernelVersion('4.11.12'), 4, 12)).toBe(false);
    expect(kernelAtLeast(parseKernelVersion('5.0'), 4, 12)).toBe(true);
  });

  it.each([['', 'E_PARSE'], ['linux', 'E_PARSE'], ['4', 'E_PARSE'], ['2.4.37', 'E_UNKNOWN_VERSION'], ['8.0', 'E_UNKNOWN_VERSION']])(
    'rejects %j with %s naming the field',
    (text, code) => {
      const e = thrown(() => parseKernelVersion(text, 'machine.kernel'));
      expect(e.code).toBe(code);
      expect(e.field).toBe('machine.kernel');
    },
  );

  it('never throws anything but a ScavsimError', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.anything()), (x) => {
      try {
        parseKernelVersion(x);
      } catch (e) {
        expect(isScavsimError(e)).toBe(true);
        expect((e as ScavsimError).field).toBe('kernel');
      }
    }), { numRuns: 1000 });
  });
});
