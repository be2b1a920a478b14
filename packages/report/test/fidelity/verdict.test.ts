import { describe, expect, it } from 'vitest';
import { MiB } from '@scavsim/core';
import { bandPass, bandRows, type ComparisonRow } from '../../src/fidelity/compare.js';
import { KNOWN_DISAGREEMENTS, knownDisagreement, traceName } from '../../src/fidelity/known-disagreements.js';
import { judgeFidelity, renderVerdictJson, renderVerdictTable, verdictSummary } from '../../src/fidelity/verdict.js';

const row = (figure: string, real: number | null, sim: number | null, tolerance: number, kind: ComparisonRow['kind'] = 'level'): ComparisonRow => {
  const diff = real !== null && sim !== null ? sim - real : null;
  return { figure, kind, real, sim, diff, tolerance, pass: diff === null ? real === sim : Math.abs(diff) <= tolerance };
};

describe('the band rule', () => {
  it('passes a real value inside the seeds\' range widened by the tolerance, and fails one just outside', () => {
    expect(bandPass([900], [630, 1060], 40)).toBe(true);
    expect(bandPass([1100], [630, 1060], 40)).toBe(true);
    expect(bandPass([1101], [630, 1060], 40)).toBe(false);
    expect(bandPass([589], [630, 1060], 40)).toBe(false);
    expect(bandPass([590], [630, 1060], 40)).toBe(true);
  });

  it('passes when the range of the real runs meets the widened band, though the trace itself is outside', () => {
    expect(bandPass([5000, 1400, 10_800], [300, 400], 1000)).toBe(true);
    expect(bandPass([5000, 1500, 10_800], [300, 400], 1000)).toBe(false);
  });

  it('matches "never" only with "never": some real run and some seed', () => {
    expect(bandPass([null], [null, 120_000], 500)).toBe(true);
    expect(bandPass([241_000, null], [125_000], 500)).toBe(false);
    expect(bandPass([null], [125_000], 500)).toBe(false);
    expect(bandPass([241_000], [null, null], 500)).toBe(false);
  });

  it('merges per-seed rows: sim stays the first seed\'s, the band and the repeats are kept, a figure only some seeds have is judged with "never" for the rest', () => {
    const seeds = [
      [row('HeapInuse at end', 1000 * MiB, 631 * MiB, 100 * MiB), row('idle GC #1', 119_000, 120_000, 23_800, 'time')],
      [row('HeapInuse at end', 1000 * MiB, 1059 * MiB, 100 * MiB), row('idle GC #1', 119_000, 120_000, 23_800, 'time'), row('idle GC #2', null, 240_000, 500, 'time')],
    ];
    const repeat = [[row('HeapInuse at end', 730 * MiB, 631 * MiB, 100 * MiB), row('idle GC #1', 119_900, 120_000, 23_800, 'time')]];
    const rows = bandRows(seeds, repeat);

    expect(rows.map((r) => r.figure)).toEqual(['HeapInuse at end', 'idle GC #1', 'idle GC #2']);
    expect(rows[0]).toMatchObject({ real: 1000 * MiB, sim: 631 * MiB, diff: -369 * MiB, simValues: [631 * MiB, 1059 * MiB], realValues: [1000 * MiB, 730 * MiB], pass: true });
    expect(rows[0]!.pass).not.toBe(seeds[0]![0]!.pass); // the first seed alone fails
    expect(rows[2]).toMatchObject({ real: null, sim: null, simValues: [null, 240_000], realValues: [null, null], pass: true });
  });
});

describe('the verdict', () => {
  const rows = [row('RSS at end', 100, 100, 10), row('HeapInuse at end', 100, 200, 10)];

  it('fails on a figure outside tolerance that is not listed, and says so', () => {
    const v = judgeFidelity('some_trace', rows);
    expect(v.ok).toBe(false);
    expect(v.rows.map((r) => r.status)).toEqual(['ok', 'FAIL']);
    expect(verdictSummary(v)).toBe('fidelity FAILED: 1 of 2 figures within tolerance; 1 outside tolerance');
  });

  it('passes with a listed disagreement, printing its cause once; fails when a listed figure agrees again', () => {
    const entry = KNOWN_DISAGREEMENTS[0]!;
    const trace = 'go1.23.5_madv1_loadtest';
    const figure = 'release starts (HeapReleased +16 MiB), after the idle GC before it';
    expect(knownDisagreement(`recorded/${trace}.jsonl`, figure)).toBe(entry);

    const known = judgeFidelity(`/some/dir/${trace}.jsonl`, [...rows.slice(0, 1), row(figure, 4400, 1000, 880, 'time')]);
    expect(known).toMatchObject({ trace, ok: true, causes: [entry.cause] });
    expect(known.rows.map((r) => r.status)).toEqual(['ok', 'known']);
    const text = renderVerdictTable(known);
    expect(text).toContain('fidelity ok: 1 of 2 figures within tolerance; 1 known disagreement (causes below)');
    expect(text).toContain(`[1] ${entry.cause}`);
    expect(JSON.parse(renderVerdictJson(known))).toMatchObject({ ok: true, causes: [entry.cause], rows: [{ status: 'ok' }, { status: 'known', unit: 'ms' }] });

    const fixed = judgeFidelity(trace, [row(figure, 4400, 4000, 880, 'time')]);
    expect(fixed.ok).toBe(false);
    expect(fixed.rows[0]!.status).toBe('fixed');
    expect(verdictSummary(fixed)).toContain('remove its entry from known-disagreements.ts');
  });

  it('names traces by file name, without folder or extension', () => {
    expect(traceName('test/fixtures/traces/recorded/go1.19.8_madv0_pressure256.jsonl')).toBe('go1.19.8_madv0_pressure256');
    expect(traceName('go1.19.8_madv0_pressure256')).toBe('go1.19.8_madv0_pressure256');
  });

  it('lists only entries with a cause, for figures compare.ts prints', () => {
    for (const k of KNOWN_DISAGREEMENTS) {
      expect(k.cause.length).toBeGreaterThan(80);
      expect(k.figure.source.startsWith('^')).toBe(true);
    }
  });
});
