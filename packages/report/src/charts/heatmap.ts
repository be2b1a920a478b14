/**
 * A heatmap SVG of a sweep: one cell per grid point, coloured by a figure, with the figure
 * written in the cell, drawn with Observable Plot (see `svg-chart.ts` for why `linkedom`).
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { ScavsimError } from '@scavsim/core';
import { canonicalSvg } from './svg-chart.js';

/** One cell. */
export interface HeatCell {
  /** Column (e.g. the Go version). */
  readonly x: string;
  /** Row (e.g. `madvdontneed=1 · kernel 4.14`). */
  readonly y: string;
  /** The colour value; `null` is drawn grey (no value: never fell to half, no OOM kill). */
  readonly value: number | null;
  /** The text written in the cell. */
  readonly text: string;
}

/** Options of {@link renderHeatmapSvg}. */
export interface HeatmapOptions {
  /** Title above the map. */
  readonly title: string;
  /** What the columns are (`Go version`). */
  readonly xLabel: string;
  /** What the rows are. */
  readonly yLabel: string;
  /** What the colour means, with its unit (`end RSS (GiB)`). */
  readonly valueLabel: string;
}

type PlotOptions = NonNullable<Parameters<typeof Plot.plot>[0]>;

/**
 * Renders the cells as a standalone SVG document. Columns and rows keep the order in which they
 * first appear in `cells` (grid order), so the output is deterministic.
 * @throws {@link ScavsimError} `E_STATE` when there are no cells
 */
export function renderHeatmapSvg(cells: readonly HeatCell[], options: HeatmapOptions): string {
  if (cells.length === 0) throw new ScavsimError('E_STATE', 'cells', 'nothing to draw: the sweep has no rows');
  const xs = [...new Set(cells.map((c) => c.x))];
  const ys = [...new Set(cells.map((c) => c.y))];
  const values = cells.map((c) => c.value).filter((v): v is number => v !== null);
  const cellW = Math.max(44, 7 * Math.max(...cells.map((c) => c.text.length)) + 8);
  const marginLeft = 12 + 7 * Math.max(...ys.map((y) => y.length));
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const plot = Plot.plot({
    document: document as unknown as PlotOptions['document'],
    className: 'scavsim-heatmap',
    width: marginLeft + 20 + cellW * xs.length,
    height: 110 + 26 * ys.length,
    marginTop: 70,
    marginLeft,
    marginRight: 20,
    style: { fontSize: '11px', background: 'white' },
    x: { domain: xs, label: options.xLabel, axis: 'top', tickSize: 0 },
    y: { domain: ys, label: options.yLabel, tickSize: 0 },
    color: {
      type: 'linear', scheme: 'ylorrd', domain: values.length > 0 ? [Math.min(...values), Math.max(...values)] : [0, 1],
      unknown: '#e8e8e8', legend: false,
    },
    marks: [
      Plot.cell(cells, { x: 'x', y: 'y', fill: (c: HeatCell) => c.value ?? Number.NaN, inset: 1 }),
      Plot.text(cells, { x: 'x', y: 'y', text: 'text', fill: 'black' }),
      Plot.text([`${options.title}; colour: ${options.valueLabel}, grey: none`], {
        text: (d: string) => d, frameAnchor: 'top-left', dy: -60, fontSize: 13, fontWeight: 'bold', textAnchor: 'start',
      }),
    ],
  }) as unknown as { setAttribute(n: string, v: string): void; readonly outerHTML: string };
  plot.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return canonicalSvg(plot.outerHTML);
}
