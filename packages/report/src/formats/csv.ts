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
import type { RunResult } from '@scavsim/core';
import { isIntegerField, sampleFields } from './field-order.js';

/** Serialises a run's samples as CSV with a header row. Lines end with `\n`; ends with one. */
export function toCsv(result: RunResult): string {
  const fields = sampleFields(result.samples);
  const rows = [fields.map(csvCell).join(',')];
  for (const sample of result.samples) {
    rows.push(fields.map((f) => {
      const v = sample[f];
      if (v === undefined) return '';
      if (typeof v === 'number') return String(isIntegerField(f) ? Math.round(v) : v);
      return csvCell(v);
    }).join(','));
  }
  return rows.join('\n') + '\n';
}

/** Quotes a text cell when RFC 4180 requires it. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
