/**
 * Expected values come from the probe's documentation (test/fixtures/traces/README.md and the
 * probe's run.sh command lines): 8 × 64 MiB chunks, 20 s idle, a 768 MiB cgroup, the hog's
 * "-stepmib 32 -interval 500ms -targetmib 640 -hold 15s", 30 s load at 400 MiB/s, etc.
 */
import { describe, expect, it } from 'vitest';
import { GiB, MiB } from '@scavsim/core';
import { parseGoDuration, parseHogArgs, scenarioFromHeader } from '../../src/fidelity/scenario-from-header.js';
import { fixture, fixtureTraces } from './fixtures.js';
import { errorOf } from '../../../../test/support/errors.js';


const header = (name: string): Record<string, unknown> => ({ ...fixture(name).header });

describe('mapping fixture headers', () => {
  it.each(fixtureTraces().map((f) => f.name))('%s maps without error to the machine the traces were recorded on', (name) => {
    const s = scenarioFromHeader(fixture(name).header);

    expect(`go${s.go}`).toBe(name.split('_')[0]);
    expect([s.kernel, s.pageSize, s.thpEnabled, s.gomaxprocs]).toEqual(['6.18.44', 4096, 'madvise', 2]);
    // 24 GiB RAM machine
    expect(Math.round(s.memTotalBytes / GiB)).toBe(24);
  });

  it('reads a MADV_FREE freeosmemory run: GODEBUG, default GOGC, no limits, 8 × 64 MiB, 20 s idle', () => {
    const s = scenarioFromHeader(header('go1.15.15_madv0_freeosmemory'));

    expect(s).toMatchObject({
      scenario: 'freeosmemory', godebug: { madvdontneed: '0' }, gogc: 100, gomemlimit: null, cgroupLimitBytes: null,
      params: { chunks: 8, chunkMiB: 64, idleMs: 20_000, preIdleMs: 1000, holdMs: 1000, intervalMs: 100, hog: null },
    });
  });

  it('reads an unset GODEBUG as no settings, so version defaults apply', () => {
    expect(scenarioFromHeader(header('go1.19.8_madvdefault_freeosmemory')).godebug).toEqual({});
  });

  it('reads the pressure run: the 768 MiB cgroup and the hog schedule', () => {
    const s = scenarioFromHeader(header('go1.19.8_madv0_pressure'));

    expect(s.cgroupLimitBytes).toBe(768 * MiB);
    expect(s.params).toMatchObject({ hogDelayMs: 3000, postHogMs: 5000, hogMaxMs: 40_000 });
    expect(s.params.hog).toEqual({ stepMiB: 32, intervalMs: 500, targetMiB: 640, holdMs: 15_000, cycles: 1, gapMs: 2000 });
  });

  it('reads the loadtests: 30 s at 400 MiB/s to 600 MiB live over 10 MiB, 1 KiB–1 MiB objects, 6 min or 90 s idle', () => {
    const s = scenarioFromHeader(header('go1.19.8_madv1_loadtest'));

    expect(s.params).toMatchObject({ loadMs: 30_000, rateMiBps: 400, liveMiB: 600, baseMiB: 10, minObjBytes: 1024, maxObjBytes: MiB, idleMs: 360_000, seed: 1 });
    expect(scenarioFromHeader(header('go1.19.8_madv1_loadtest90')).params.idleMs).toBe(90_000);
  });

  it('reads GOMEMLIMIT=700MiB of the newer probe', () => {
    const s = scenarioFromHeader(header('go1.23.5_madv1_loadtest_memlimit700'));

    expect([s.gomemlimit, s.params.idleMs]).toEqual([700 * MiB, 200_000]);
  });

  it('reads an empty GOMEMLIMIT as no limit', () => {
    expect(scenarioFromHeader(header('go1.26.10_madv1_loadtest')).gomemlimit).toBeNull();
  });
});

describe('bad headers', () => {
  it('name header.scenario for an unknown scenario', () => {
    const e = errorOf(() => scenarioFromHeader({ ...header('go1.19.8_madv0_pressure'), scenario: 'stress' }));

    expect([e.code, e.field]).toEqual(['E_UNKNOWN_NAME', 'header.scenario']);
  });

  it('name the flag whose duration does not parse', () => {
    const h = header('go1.19.8_madv0_freeosmemory');
    const e = errorOf(() => scenarioFromHeader({ ...h, params: { ...(h['params'] as object), idle: 'twenty seconds' } }));

    expect(e.field).toBe('header.params.idle');
  });

  it('name the flag whose integer does not parse', () => {
    const h = header('go1.19.8_madv0_freeosmemory');

    expect(errorOf(() => scenarioFromHeader({ ...h, params: { ...(h['params'] as object), chunks: '8.5' } })).field).toBe('header.params.chunks');
  });

  it('name GOGC, the Go version, the page size and mem_total when they do not parse', () => {
    const h = header('go1.19.8_madv0_freeosmemory');

    expect(errorOf(() => scenarioFromHeader({ ...h, GOGC: 'lots' })).field).toBe('header.GOGC');
    expect(errorOf(() => scenarioFromHeader({ ...h, go_version: 'devel +abc' })).field).toBe('header.go_version');
    expect(errorOf(() => scenarioFromHeader({ ...h, page_size: 3000 })).field).toBe('header.page_size');
    expect(errorOf(() => scenarioFromHeader({ ...h, mem_total: '24 GB' })).field).toBe('header.mem_total');
  });

  it('accept GOGC=off and a numeric GOGC', () => {
    const h = header('go1.19.8_madv0_freeosmemory');

    expect(scenarioFromHeader({ ...h, GOGC: 'off' }).gogc).toBe('off');
    expect(scenarioFromHeader({ ...h, GOGC: '50' }).gogc).toBe(50);
  });
});

describe('Go durations', () => {
  it.each([['6m0s', 360_000], ['1m30s', 90_000], ['3m20s', 200_000], ['500ms', 500], ['20s', 20_000], ['1.5h', 5_400_000], ['0', 0], ['2500us', 3]])(
    '%s is %d ms', (text, ms) => {
      expect(parseGoDuration(text, 'd')).toBe(ms);
    });

  it.each(['', '10', '5 s', '-1s', '1d'])('"%s" is rejected naming the field', (text) => {
    expect(errorOf(() => parseGoDuration(text, 'header.params.load')).field).toBe('header.params.load');
  });
});

describe('hog arguments', () => {
  it('accept -flag=value, --flag value and defaults for flags not given', () => {
    expect(parseHogArgs('--stepmib 16 -targetmib=320 -cycles 3')).toEqual({ stepMiB: 16, targetMiB: 320, intervalMs: 500, holdMs: 15_000, cycles: 3, gapMs: 2000 });
  });

  it('reject unknown flags and missing values, naming hogargs', () => {
    expect(errorOf(() => parseHogArgs('-speed 3')).field).toBe('header.params.hogargs');
    expect(errorOf(() => parseHogArgs('-hold')).field).toBe('header.params.hogargs');
    expect(errorOf(() => parseHogArgs('-stepmib many')).field).toBe('header.params.hogargs.stepmib');
  });
});
