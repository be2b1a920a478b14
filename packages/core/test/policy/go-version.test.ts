/**
 * Go version parsing and ordering. Spellings follow the Go toolchain's names (go.dev/doc/toolchain:
 * `go1.21rc2`, `go1.21.0`; before 1.21 the first release was `go1.N`); the known range is the one
 * go §7 has rows for (≤1.11 … 1.22+), ending at go1.26 (measured fidelity traces).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScavsimError, ScavsimError } from '../../src/errors.js';
import {
  compareGoVersions, formatGoVersion, goAtLeast, type GoVersion, goVersionsEqual, parseGoVersion, versionLookupNote,
} from '../../src/policy/index.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('parseGoVersion', () => {
  it.each([
    ['1.15', { minor: 15, patch: null, pre: null }],
    ['go1.15.10', { minor: 15, patch: 10, pre: null }],
    ['1.21rc2', { minor: 21, patch: null, pre: { kind: 'rc', n: 2 } }],
    ['1.21.0', { minor: 21, patch: 0, pre: null }],
    ['go1.22beta1', { minor: 22, patch: null, pre: { kind: 'beta', n: 1 } }],
    ['1.11.13', { minor: 11, patch: 13, pre: null }],
    ['  go1.19.8 ', { minor: 19, patch: 8, pre: null }],
    ['Go1.21RC1', { minor: 21, patch: null, pre: { kind: 'rc', n: 1 } }],
  ])('reads %j as users write it', (text, expected) => {
    expect(parseGoVersion(text)).toEqual({ major: 1, ...expected });
  });

  it.each(['', 'go', '1', '1.', 'go1.15.', '1.15.10.1', '1.015', '1.21rc0', '1.21.1rc1', 'devel +abc', 'go 1.15', '1.15-x', 'latest'])(
    'rejects %j as E_PARSE naming the field',
    (text) => {
      const e = thrown(() => parseGoVersion(text, '--go'));
      expect(isScavsimError(e, 'E_PARSE')).toBe(true);
      expect((e as ScavsimError).field).toBe('--go');
    },
  );

  it.each(['1.4', 'go1.4.3', '1.0', '1.27', 'go1.30.1', '1.27rc1', '2.0'])('rejects %j as E_UNKNOWN_VERSION listing the known range', (text) => {
    const e = thrown(() => parseGoVersion(text));
    expect(isScavsimError(e, 'E_UNKNOWN_VERSION')).toBe(true);
    expect((e as ScavsimError).field).toBe('go');
    expect((e as ScavsimError).accepted).toContain('go1.5');
    expect((e as ScavsimError).accepted).toContain('go1.26');
  });

  it('says how to simulate a future version instead of guessing its behaviour', () => {
    const e = thrown(() => parseGoVersion('1.27')) as ScavsimError;
    expect(e.message).toContain('pass go1.26');
  });

  it('accepts the oldest and newest known lines', () => {
    expect(parseGoVersion('1.5').minor).toBe(5);
    expect(parseGoVersion('go1.26.10').minor).toBe(26);
  });

  it('rejects non-strings as E_TYPE', () => {
    for (const bad of [undefined, null, 1.15, {}, ['1.15'], { major: 1, minor: 4, patch: null, pre: null }]) {
      const e = thrown(() => parseGoVersion(bad));
      expect(e).toBeInstanceOf(ScavsimError);
    }
  });
});

describe('formatGoVersion and lookup notes', () => {
  it.each([['1.15', 'go1.15'], ['1.21.0', 'go1.21.0'], ['1.21rc2', 'go1.21rc2'], ['go1.22beta1', 'go1.22beta1'], ['1.15.10', 'go1.15.10']])(
    'writes %j as the toolchain names it (%s)',
    (text, name) => {
      expect(formatGoVersion(parseGoVersion(text))).toBe(name);
    },
  );

  it('explains that a prerelease and a patch-less version are simulated as the .0 release', () => {
    expect(versionLookupNote(parseGoVersion('1.21rc2'))).toContain('go1.21.0');
    expect(versionLookupNote(parseGoVersion('1.15'))).toContain('go1.15.0');
    expect(versionLookupNote(parseGoVersion('1.15.10'))).toBeNull();
  });
});

describe('compareGoVersions', () => {
  it('orders beta before rc before the release, and patches numerically', () => {
    const names = ['1.22.1', '1.21rc2', '1.22beta1', '1.21.10', '1.21.0', '1.21beta1', '1.9.7', '1.21.2', '1.22rc1'];
    const sorted = names.map((n) => parseGoVersion(n)).sort(compareGoVersions).map(formatGoVersion);
    expect(sorted).toEqual(['go1.9.7', 'go1.21beta1', 'go1.21rc2', 'go1.21.0', 'go1.21.2', 'go1.21.10', 'go1.22beta1', 'go1.22rc1', 'go1.22.1']);
  });

  it('treats go1.N like go1.N.0 for ordering and goAtLeast', () => {
    expect(compareGoVersions(parseGoVersion('1.16'), parseGoVersion('1.16.0'))).toBe(0);
    expect(goAtLeast(parseGoVersion('1.21rc1'), 21, 0)).toBe(true);
    expect(goAtLeast(parseGoVersion('1.21.5'), 21, 6)).toBe(false);
  });
});

const goVersionArb: fc.Arbitrary<GoVersion> = fc.record({
  minor: fc.integer({ min: 5, max: 26 }),
  form: fc.oneof(
    fc.constant({ patch: null, pre: null }),
    fc.integer({ min: 0, max: 99 }).map((patch) => ({ patch, pre: null })),
    fc.record({ kind: fc.constantFrom('beta' as const, 'rc' as const), n: fc.integer({ min: 1, max: 9 }) }).map((pre) => ({ patch: null, pre })),
  ),
}).map(({ minor, form }) => ({ major: 1 as const, minor, ...form }));

describe('properties', () => {
  it('parse(format(v)) returns v for every known version', () => {
    fc.assert(fc.property(goVersionArb, (v) => goVersionsEqual(parseGoVersion(formatGoVersion(v)), v)));
  });

  it('compareGoVersions is antisymmetric and consistent with goAtLeast', () => {
    fc.assert(fc.property(goVersionArb, goVersionArb, (a, b) => {
      expect(Math.sign(compareGoVersions(a, b)) + Math.sign(compareGoVersions(b, a))).toBe(0);
      if (a.pre === null && b.pre === null) {
        expect(goAtLeast(a, b.minor, b.patch ?? 0)).toBe(compareGoVersions(a, b) >= 0);
      }
    }));
  });

  it('any string either parses or throws a ScavsimError for the given field', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^(go)?\d{1,3}\.\d{1,3}(\.\d{1,3}|rc\d|beta\d)?$/)), (s) => {
      try {
        const v = parseGoVersion(s, 'cfg.go');
        expect(v.minor).toBeGreaterThanOrEqual(5);
        expect(v.minor).toBeLessThanOrEqual(26);
      } catch (e) {
        expect(e).toBeInstanceOf(ScavsimError);
        expect((e as ScavsimError).field).toBe('cfg.go');
        expect(['E_PARSE', 'E_UNKNOWN_VERSION']).toContain((e as ScavsimError).code);
      }
    }), { numRuns: 2000 });
  });

  it('any non-string value throws a ScavsimError, never another exception', () => {
    fc.assert(fc.property(fc.anything(), (x) => {
      try {
        parseGoVersion(x);
      } catch (e) {
        expect(e).toBeInstanceOf(ScavsimError);
        expect((e as ScavsimError).field).toBe('go');
      }
    }));
  });
});
