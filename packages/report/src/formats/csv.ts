/**
 * CSV output: one row per sample, for spreadsheets and pandas.
 *
 * The header row is the union of the fields present in any sample, in the order of
 * {@link orderFields}: `t_ms`, `phase`, `process`, then `runtime.MemStats`, `/proc`, cgroup and
 * vmstat fields in the fidelity probe's order, then any other field sorted by name. A field a
 * sample lacks (MemStats of a non-Go process, `cg_*` outside a cgroup) is an empty cell. Text is
 * quoted per RFC 4180 when it contains a comma, quote or line break. The run header is not part
 * of the CSV; use JSONL when the provenance must travel with the data.
 *
 * @module
 */
import type { RunResult, Sample } from '@scavsim/core';
import { isIntegerField, sampleFields } from './field-order.js';

/** Serialises a run's samples as CSV with a header row. Lines end with `\n`; ends with one. */
export function toCsv(result: RunResult): string {
  const parts: string[] = [];
  const writer = csvWriter((text) => parts.push(text), sampleFields(result.samples));
  for (const sample of result.samples) writer.onSample(sample);
  return parts.join('');
}

/** A CSV output fed one sample at a time. */
export interface CsvWriter {
  /** Writes the sample's row. */
  onSample(sample: Sample): void;
}

/**
 * Writes CSV rows as samples come (a run's `onSample`), after the header row, which is written
 * at once. The columns must be known first: {@link toCsv}'s are the union of the fields of every
 * sample ({@link sampleFields}), which a streaming caller learns from a first pass of the run
 * (runs are deterministic).
 * @param write receives the text, row by row (each row ends with a newline)
 * @param fields the columns, in output order
 */
export function csvWriter(write: (text: string) => void, fields: readonly string[]): CsvWriter {
  write(`${fields.map(csvCell).join(',')}\n`);
  const integer = fields.map(isIntegerField);
  return {
    onSample(sample) {
      let row = '';
      for (let i = 0; i < fields.length; i++) {
        if (i > 0) row += ',';
        const v = sample[fields[i]!];
        if (v === undefined) continue;
        row += typeof v === 'number' ? String(integer[i] ? Math.round(v) : v) : csvCell(v);
      }
      write(`${row}\n`);
    },
  };
}

/** Quotes a text cell when RFC 4180 requires it. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
