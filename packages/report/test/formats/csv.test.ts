import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/formats/csv.js';
import { sampleFields } from '../../src/formats/field-order.js';
import { fixtureRun } from './run-fixture.js';

describe('toCsv', () => {
  it('has a header row with the union of the fields of all samples, then one row per sample', () => {
    const run = fixtureRun();

    const rows = toCsv(run).trimEnd().split('\n');

    const union = new Set(run.samples.flatMap((s) => Object.keys(s)));
    expect(new Set(rows[0]!.split(','))).toEqual(union);
    expect(rows).toHaveLength(1 + run.samples.length);
  });

  it('leaves a field a process does not have empty', () => {
    const run = fixtureRun();
    const fields = sampleFields(run.samples);

    const rows = toCsv(run).trimEnd().split('\n').map((r) => r.split(','));

    const rowB = rows.find((r) => r[fields.indexOf('process')] === 'B')!;
    expect(rowB[fields.indexOf('HeapInuse')]).toBe('');
    expect(rowB[fields.indexOf('VmRSS')]).not.toBe('');
  });

  it('quotes text that contains a comma or a quote', () => {
    const run = fixtureRun();
    const s0 = { ...run.samples[0]!, phase: 'load, "hot"' };

    const text = toCsv({ ...run, samples: [s0] });

    expect(text).toContain('"load, ""hot"""');
  });

  it('is byte-identical for identical data', () => {
    expect(toCsv(fixtureRun({ reverseKeys: true }))).toBe(toCsv(fixtureRun()));
  });
});
