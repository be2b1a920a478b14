/**
 * A real trace and its simulation on one chart: the same colour per quantity, the real run
 * solid and the simulated run dashed, both against seconds after the release point (the end of
 * `debug.FreeOSMemory()` or of the load), so the curves line up where the key figures are read.
 * Used for docs/fidelity-curves.md.
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { Sample } from '@scavsim/core';
import { SERIES_COLORS, type ChartSeries } from './series.js';
import { canonicalSvg, niceMax } from './svg-chart.js';

/** One side of the comparison. */
export interface OverlaySide {
  /** Samples of the process compared (process A). */
  readonly samples: readonly Sample[];
  /** Release point in ms on this side's clock. */
  readonly releaseMs: number;
}

/** Options of {@link renderOverlaySvg}. */
export interface OverlayOptions {
  /** Title above the chart. */
  readonly title: string;
  /** Quantities to draw (default VmRSS, HeapReleased, LazyFree, HeapInuse). */
  readonly series?: readonly ChartSeries[];
  /** Width in px (default 800). */
  readonly width?: number;
}

const DEFAULT: readonly ChartSeries[] = ['VmRSS', 'HeapReleased', 'LazyFree', 'HeapInuse'];
const MiB = 1024 * 1024;
/** At most this many points per curve (samples are thinned evenly; the ends are kept). */
const MAX_POINTS = 600;

interface Point { readonly t_s: number; readonly mib: number; readonly series: string }

function points(side: OverlaySide, series: readonly ChartSeries[]): Point[] {
  const step = Math.max(1, Math.ceil(side.samples.length / MAX_POINTS));
  const out: Point[] = [];
  side.samples.forEach((s, i) => {
    if (i % step !== 0 && i !== side.samples.length - 1) return;
    for (const f of series) {
      const v = s[f];
      if (typeof v === 'number') out.push({ t_s: (s.t_ms - side.releaseMs) / 1000, mib: Math.round((v / MiB) * 10) / 10, series: f });
    }
  });
  return out;
}

/** Renders the overlay as a standalone, deterministic SVG document. */
export function renderOverlaySvg(real: OverlaySide, sim: OverlaySide, options: OverlayOptions): string {
  const series = options.series ?? DEFAULT;
  const r = points(real, series);
  const s = points(sim, series);
  const yMax = niceMax(Math.max(1, ...r.map((p) => p.mib), ...s.map((p) => p.mib)));
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const legend = [...series.map((f) => ({ label: `— ${f}`, color: SERIES_COLORS[f] })), { label: 'solid: real   dashed: simulated', color: '#333' }];
  let dx = 0;
  const legendMarks = legend.map((item) => {
    const m = Plot.text([item.label], { text: (d: string) => d, frameAnchor: 'top-left', dx, dy: -22, fill: item.color, fontWeight: 'bold', textAnchor: 'start' });
    dx += item.label.length * 7 + 16;
    return m;
  });
  const plot = Plot.plot({
    document: document as never,
    className: 'scavsim-chart',
    width: options.width ?? 800,
    height: 300,
    marginTop: 52,
    marginLeft: 60,
    style: { fontSize: '11px', background: 'white' },
    x: { label: 'seconds after the release point', grid: true },
    y: { label: 'MiB', domain: [0, yMax], grid: true },
    color: { domain: [...series], range: series.map((f) => SERIES_COLORS[f]) },
    marks: [
      Plot.ruleY([0], { stroke: '#ccc' }),
      Plot.ruleX([0], { stroke: '#999', strokeDasharray: '2,2' }),
      Plot.lineY(r, { x: 't_s', y: 'mib', z: 'series', stroke: 'series', strokeWidth: 2, strokeOpacity: 0.55 }),
      Plot.lineY(s, { x: 't_s', y: 'mib', z: 'series', stroke: 'series', strokeWidth: 1.4, strokeDasharray: '5,3' }),
      Plot.text([options.title], { text: (d: string) => d, frameAnchor: 'top-left', dy: -44, fontSize: 13, fontWeight: 'bold', textAnchor: 'start', fill: 'black' }),
      ...legendMarks,
    ],
  }) as unknown as { setAttribute(n: string, v: string): void; outerHTML: string };
  plot.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return canonicalSvg(plot.outerHTML);
}
