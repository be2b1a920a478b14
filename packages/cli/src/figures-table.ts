/**
 * The side-by-side table of key figures that `compare` prints, and `run` prints for a scenario
 * that carries variants: one column per run (and per process when a run has several).
 *
 * @module
 */
import { formatBytes, type RunResult } from '@scavsim/core';
import { processFigures, type ProcessFigures } from '@scavsim/report';
import { paint, textTable } from './table.js';

/** One labelled run. */
export interface LabelledRun {
  /** Column heading (`go 1.16`, a variant's name). */
  readonly label: string;
  /** The run. */
  readonly result: RunResult;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
const bytes = (b: number | undefined): string => (b === undefined ? '–' : formatBytes(b));

/**
 * The table as text lines (each ending with a newline): figures down, runs across; with
 * `color`, the headings bold and an OOM kill red.
 */
export function figuresTable(runs: readonly LabelledRun[], color = false): string {
  const columns = runs.flatMap(({ label, result }) => {
    const figures = processFigures(result);
    return figures.map((p) => ({ head: figures.length > 1 ? `${label} · ${p.name}` : label, p }));
  });
  const rows: [string, (p: ProcessFigures) => string][] = [
    ['OOM kill', (p) => (p.oomKill === undefined ? 'none' : paint(color, 'red', `at ${secs(p.oomKill.t_ms)}`))],
    ['peak RSS', (p) => bytes(p.peakRss)],
    ['end RSS', (p) => bytes(p.end.VmRSS)],
    ['end HeapInuse', (p) => bytes(p.end.HeapInuse)],
    ['end HeapReleased', (p) => bytes(p.end.HeapReleased)],
    ['end LazyFree', (p) => bytes(p.end.LazyFree)],
    ['GCs', (p) => (p.gcs === undefined ? '–' : String(p.gcs))],
  ];
  return textTable([['', ...columns.map((c) => paint(color, 'bold', c.head))], ...rows.map(([name, f]) => [name, ...columns.map((c) => f(c.p))])], ['left', 'right']);
}
