import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ScavsimError } from '@scavsim/core';
import { parseTrace } from '../../src/fidelity/trace.js';
import { fixtureTraces, readFixtureTrace, TRACES_DIR } from './fixtures.js';
import { errorOf } from '../../../../test/support/errors.js';

/** Runs `fn` and returns the ScavsimError it throws (fails the test if it throws anything else). */

const SMALL = TRACES_DIR + 'go1.19.8_madv1_freeosmemory.jsonl';
/** The first lines of a real trace: header, samples and events as the probe wrote them. */
function realLines(n = 30): string[] {
  return readFileSync(SMALL, 'utf8').split('\n').slice(0, n);
}

describe('parsing the fixture traces', () => {
  it('finds the canonical, newer-version and defaults traces', () => {
    expect(fixtureTraces().length).toBe(32);
  });

  it.each(fixtureTraces().map((f) => [f.name, f.path]))('%s parses into a complete trace whose samples are in time order', (name, path) => {
    const t = readFixtureTrace(path);

    expect(t.complete).toBe(true);
    expect(t.header.go_version).toBe(name.split('_')[0]);
    expect(t.samples.length).toBeGreaterThan(200);
    expect(t.samples.every((s, i) => i === 0 || s.t_ms >= t.samples[i - 1]!.t_ms)).toBe(true);
    expect(t.events.some((e) => e.ev === 'phase')).toBe(true);
  });

  it('keeps the GOMEMLIMIT header field of the newer probe', () => {
    const t = readFixtureTrace(TRACES_DIR + 'go1.21.13_madv1_loadtest_memlimit700.jsonl');

    expect(t.header.GOMEMLIMIT).toBe('700MiB');
  });

  it('keeps the hog fields of samples taken while the hog runs', () => {
    const t = readFixtureTrace(TRACES_DIR + 'go1.19.8_madv0_pressure.jsonl');

    expect(t.samples.some((s) => typeof s['hog_VmRSS'] === 'number')).toBe(true);
  });
});

describe('tolerance of traces the parser has never seen', () => {
  it('accepts unknown header, sample and event fields and keeps them', () => {
    const lines = realLines();
    const h = JSON.parse(lines[0]!);
    lines[0] = JSON.stringify({ ...h, probe_version: 3, new_setting: 'x' });
    lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), PSI_some: 0.25, note: 'anything' });
    lines.push('{"ev":"brand_new_event","t_ms":99999,"payload":{"a":1}}');

    const t = parseTrace(lines.join('\n'));

    expect(t.header['new_setting']).toBe('x');
    expect(t.samples[0]!['PSI_some']).toBe(0.25);
    expect(t.events.at(-1)).toEqual({ ev: 'brand_new_event', t_ms: 99999, payload: { a: 1 } });
  });

  it('marks a trace without the exit event as incomplete rather than rejecting it', () => {
    expect(parseTrace(realLines().join('\n')).complete).toBe(false);
  });
});

describe('malformed traces', () => {
  it('name the line that is not JSON', () => {
    const lines = realLines();
    lines[4] = '{"t_ms":400,"phase":"start",';

    const e = errorOf(() => parseTrace(lines.join('\n'), 'x.jsonl'));

    expect([e.code, e.field]).toEqual(['E_PARSE', 'x.jsonl:5:json']);
  });

  it('name the line and field of a sample whose VmRSS is not a number', () => {
    const lines = realLines();
    lines[6] = JSON.stringify({ ...JSON.parse(lines[6]!), VmRSS: '2424832' });

    const e = errorOf(() => parseTrace(lines.join('\n')));

    expect([e.code, e.field]).toEqual(['E_TYPE', 'trace:7:VmRSS']);
  });

  it('name the line of a sample without t_ms', () => {
    const lines = realLines();
    const { t_ms: _drop, ...rest } = JSON.parse(lines[2]!);
    lines[2] = JSON.stringify(rest);

    expect(errorOf(() => parseTrace(lines.join('\n'))).field).toBe('trace:3:t_ms');
  });

  it('name the line of a sample without phase', () => {
    const lines = realLines();
    const { phase: _drop, ...rest } = JSON.parse(lines[2]!);
    lines[2] = JSON.stringify(rest);

    expect(errorOf(() => parseTrace(lines.join('\n'))).field).toBe('trace:3:phase');
  });

  it('name the line of an event without a name', () => {
    const lines = realLines();
    lines.push('{"ev":"","t_ms":5}');

    expect(errorOf(() => parseTrace(lines.join('\n'))).field).toBe(`trace:${lines.length}:ev`);
  });

  it('name the header field that is missing', () => {
    const lines = realLines();
    const { kernel: _drop, ...rest } = JSON.parse(lines[0]!);
    lines[0] = JSON.stringify(rest);

    expect(errorOf(() => parseTrace(lines.join('\n'))).field).toBe('trace:1:kernel');
  });

  it('reject a first line that is not the header', () => {
    const lines = realLines().slice(1);

    expect(errorOf(() => parseTrace(lines.join('\n'))).field).toBe('trace:1:header');
  });

  it('reject a second header', () => {
    const lines = realLines();
    lines.splice(3, 0, lines[0]!);

    expect(errorOf(() => parseTrace(lines.join('\n'))).field).toBe('trace:4:header');
  });

  it('reject samples that go back in time, naming the line', () => {
    const lines = realLines();
    lines[3] = JSON.stringify({ ...JSON.parse(lines[3]!), t_ms: 0 });
    lines[2] = JSON.stringify({ ...JSON.parse(lines[2]!), t_ms: 500 });

    const e = errorOf(() => parseTrace(lines.join('\n')));

    expect([e.code, e.field]).toEqual(['E_RANGE', 'trace:4:t_ms']);
  });

  it('reject a line that is JSON but not an object', () => {
    const lines = realLines();
    lines[5] = '[1,2,3]';

    expect(errorOf(() => parseTrace(lines.join('\n'))).field).toBe('trace:6:json');
  });

  it('reject an empty file and a header without samples', () => {
    expect(errorOf(() => parseTrace('')).code).toBe('E_PARSE');
    expect(errorOf(() => parseTrace(realLines(1).join('\n'), 'h.jsonl')).field).toBe('h.jsonl');
  });
});
