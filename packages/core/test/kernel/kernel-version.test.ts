import { describe, expect, it } from 'vitest';
import { madviseFreeSupport, parseKernelVersion, kernelAtLeast } from '../../src/kernel/kernel-version.js';
import { isScavsimError } from '../../src/errors.js';

describe('parseKernelVersion', () => {
  it.each([
    ['4.14', 4, 14, null],
    ['5.10', 5, 10, null],
    ['4.4.0-210-generic', 4, 4, 0],
    ['6.18.44-fc-v657', 6, 18, 44],
    ['3.10.0-1160.el7.x86_64', 3, 10, 0],
    [' 5.15.0-91-generic ', 5, 15, 0],
  ])('reads %j as %i.%i.%s', (text, major, minor, patch) => {
    const v = parseKernelVersion(text, 'machine.kernel');
    expect([v.major, v.minor, v.patch]).toEqual([major, minor, patch]);
  });

  it('rejects versions outside 2.6–7.x with E_UNKNOWN_VERSION', () => {
    expect(() => parseKernelVersion('1.2', 'k')).toThrowError(expect.objectContaining({ code: 'E_UNKNOWN_VERSION' }));
    expect(() => parseKernelVersion('8.0', 'k')).toThrowError(expect.objectContaining({ code: 'E_UNKNOWN_VERSION' }));
  });

  it('validates an already parsed version, which the machine hands to the policy layer', () => {
    const k = parseKernelVersion('4.9.0-13', 'machine.kernel');
    expect(parseKernelVersion(k, 'kernel')).toEqual(k);
    expect(madviseFreeSupport(k, false).mode).toBe('DONTNEED');
    expect(() => parseKernelVersion({ ...k, major: 9 }, 'kernel')).toThrowError(expect.objectContaining({ code: 'E_UNKNOWN_VERSION' }));
  });

  it.each(['', 'linux', '4', '4.x', '4.14 extra words'])('rejects %j with E_PARSE naming the field', (text) => {
    try {
      parseKernelVersion(text, 'machine.kernel');
      expect.unreachable();
    } catch (e) {
      expect(isScavsimError(e, 'E_PARSE')).toBe(true);
      expect((e as { field: string }).field).toBe('machine.kernel');
    }
  });

  it('rejects a non-string with E_TYPE', () => {
    expect(() => parseKernelVersion(414, 'k')).toThrowError(expect.objectContaining({ code: 'E_TYPE', field: 'k' }));
  });

  it('compares versions numerically, not as strings', () => {
    expect(kernelAtLeast(parseKernelVersion('4.12', 'k'), 4, 5)).toBe(true);
    expect(kernelAtLeast(parseKernelVersion('4.4.0-210-generic', 'k'), 4, 5)).toBe(false);
  });
});

describe('madviseFreeSupport (kernel §2.1, kernel §6)', () => {
  const k = (s: string) => parseKernelVersion(s, 'k');

  it('fails with EINVAL before 4.5 (madvise_behavior_valid, [S-madvise-3.x])', () => {
    const r = madviseFreeSupport(k('4.4.0-210-generic'), true);
    expect(r.mode).toBe('EINVAL');
    expect(r.reason).toContain('854e9ed09ded');
  });

  it('acts as DONTNEED on 4.5–4.11 without free swap ([S-madvise-802a3a9])', () => {
    expect(madviseFreeSupport(k('4.5'), false).mode).toBe('DONTNEED');
    const r = madviseFreeSupport(k('4.11.12'), false);
    expect(r.mode).toBe('DONTNEED');
    expect(r.reason).toContain('93e06c7a6453');
  });

  it('is lazy on 4.5–4.11 when swap is free', () => {
    expect(madviseFreeSupport(k('4.9'), true).mode).toBe('LAZY');
  });

  it('is lazy on 4.12+ even without swap ([C-93e06c7])', () => {
    expect(madviseFreeSupport(k('4.12'), false).mode).toBe('LAZY');
    const r = madviseFreeSupport(k('4.14'), false);
    expect(r.mode).toBe('LAZY');
    expect(r.reason).toContain('f7ad2a6cb9f7');
  });
});
