import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GiB, MiB, isScavsimError } from '@scavsim/core';
import { DEFAULT_SCENARIO, parseField, parseQuery, toQuery, type PageState } from '../src/state.js';

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('the page state in the URL', () => {
  it('opens on the incident preset when the query is empty', () => {
    expect(parseQuery('')).toEqual({ scenario: DEFAULT_SCENARIO });
  });

  it('reads every setting under its CLI flag name', () => {
    const s = parseQuery('scenario=gomemlimit&go=1.16&kernel=4.14&godebug=madvdontneed%3D1&gogc=off&gomemlimit=512MiB&duration=90s&seed=7' +
      '&mem-total=16GiB&cgroup-limit=2GiB&thp=never&hog=4GiB&hog-start=30s&freeosmemory=1min&at=45s');
    expect(s).toEqual({
      scenario: 'gomemlimit', go: '1.16', kernel: '4.14', godebug: 'madvdontneed=1', gogc: -1, gomemlimit: 512 * MiB, duration: 90_000,
      seed: 7, memTotal: 16 * GiB, cgroupLimit: 2 * GiB, thp: 'never', hog: 4 * GiB, hogStart: 30_000, freeosmemory: 60_000, at: 45_000,
    });
  });

  it('writes a query that reads back to the same state', () => {
    const arb = fc.record({
      scenario: fc.constantFrom('incident-go1.15', 'gomemlimit'),
      go: fc.option(fc.constantFrom('1.11', '1.16', '1.15.10', '1.26'), { nil: undefined }),
      gogc: fc.option(fc.integer({ min: -1, max: 100_000 }), { nil: undefined }),
      gomemlimit: fc.option(fc.oneof(fc.constant('off' as const), fc.integer({ min: 1, max: 64 }).map((n) => n * 64 * MiB)), { nil: undefined }),
      duration: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }),
      seed: fc.option(fc.nat({ max: 2 ** 31 - 1 }), { nil: undefined }),
      memTotal: fc.option(fc.integer({ min: 1, max: 1 << 30 }).map((n) => n * 4096), { nil: undefined }),
      at: fc.option(fc.nat({ max: 10_000_000 }), { nil: undefined }),
      thp: fc.option(fc.constantFrom('always' as const, 'madvise' as const, 'never' as const), { nil: undefined }),
    }, { requiredKeys: ['scenario'] });
    fc.assert(fc.property(arb, (raw) => {
      const state = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as unknown as PageState;
      expect(parseQuery(toQuery(state))).toEqual(state);
    }));
  });

  it('keeps a pinned run as its own query', () => {
    const pinned = toQuery({ scenario: 'incident-go1.15', go: '1.16' });
    const s = parseQuery(toQuery({ scenario: 'incident-go1.15', pin: pinned }));
    expect(parseQuery(s.pin!)).toEqual({ scenario: 'incident-go1.15', go: '1.16' });
  });

  it.each([
    ['gogc=-5', 'gogc', 'E_RANGE'],
    ['gogc=abc', 'gogc', 'E_TYPE'],
    ['go=2.0', 'go', 'E_UNKNOWN_VERSION'],
    ['go=banana', 'go', 'E_PARSE'],
    ['kernel=nine', 'kernel', 'E_PARSE'],
    ['mem-total=lots', 'mem-total', 'E_PARSE'],
    ['thp=sometimes', 'thp', 'E_RANGE'],
    ['godebug=madvdontneed%3Dx', 'godebug.madvdontneed', 'E_PARSE'],
    ['godebug=nope%3D1', 'godebug.nope', 'E_UNKNOWN_NAME'],
    ['duration=soon', 'duration', 'E_PARSE'],
    ['colour=blue', 'colour', 'E_UNKNOWN_NAME'],
  ])('rejects %s with a typed error naming %s', (query, field, code) => {
    const e = thrown(() => parseQuery(query));
    expect(isScavsimError(e)).toBe(true);
    expect(e).toMatchObject({ field, code });
  });

  it('reads one typed value with the same rules', () => {
    expect(parseField('duration', '12.5min')).toBe(750_000);
    expect(thrown(() => parseField('seed', 'x'))).toMatchObject({ field: 'seed' });
  });
});
