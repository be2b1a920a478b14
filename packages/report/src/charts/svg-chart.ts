/**
 * Static SVG charts of a run, drawn with Observable Plot.
 *
 * Plot needs a DOM; in Node we hand it one from `linkedom` (no layout engine is needed: Plot
 * never measures text). The chart shows the curves of {@link DRAWN_SERIES} the run has, in MiB
 * or (from 2 GiB) GiB, against simulated seconds, one panel (facet row) per process and per
 * compared variant, with the heap goal (`NextGC`) as a dotted curve, GOMEMLIMIT and the cgroup
 * limit as dashed lines where set (`references.ts`), and event marks:
 *
 *  - GCs and scavenger work as short ticks in two lanes at the bottom of each panel (they can
 *    be frequent; see the binning in `series.ts`);
 *  - `debug.FreeOSMemory()`, kernel reclaim and OOM kills as dashed full-height rules.
 *
 * The legend lists only what is drawn: the curves present, the limits set, the events that
 * occurred.
 *
 * Output is deterministic: Plot's class name is fixed, numbered ids (clip paths) are renumbered
 * in document order, and all inputs are ordered. The same run renders to the same bytes, which
 * is what lets `docs/build.ts --check` detect a stale chart.
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { ScavsimError, checkInt } from '@scavsim/core';
import type { RunResult } from '@scavsim/core';
import {
  asVariants, chartData, DRAWN_SERIES, EVENT_COLORS, MARKED_EVENTS, SERIES_COLORS, SERIES_LABELS,
} from './series.js';
import type { ChartSeries, ChartVariant, EventMark, GoalPoint, LimitLine, MarkedEvent, SeriesPoint } from './series.js';
import { LIMIT_KINDS, type LimitKind } from './references.js';

/** Options of {@link renderSvg}. */
export interface SvgChartOptions {
  /** Title drawn above the chart. Default: none. */
  readonly title?: string;
  /** Width in px, 320–4000. Default 800. */
  readonly width?: number;
  /** Height of one panel in px, 120–2000. Default 240. */
  readonly panelHeight?: number;
}

const CLASS_NAME = 'scavsim-chart';
type PlotOptions = NonNullable<Parameters<typeof Plot.plot>[0]>;
/** The part of linkedom's element we use (the tsconfig has no DOM lib). */
interface SerializableElement {
  setAttribute(name: string, value: string): void;
  readonly outerHTML: string;
}
const LANE = { gc: [0, 0.035], scavenge: [0.045, 0.08] } as const;
/** How each limit is drawn. */
const LIMIT_STYLE: Readonly<Record<LimitKind, { readonly color: string; readonly dash: string }>> = {
  GOMEMLIMIT: { color: '#6f3cbc', dash: '8,3' },
  'cgroup limit': { color: '#111111', dash: '8,3,2,3' },
};
const GOAL_STYLE = { color: '#4269d0', dash: '2,3', label: 'heap goal (NextGC)' } as const;
const LEGEND_ROW = 18;

/**
 * Renders one run, or several labelled variants side by side, as a standalone SVG document.
 * @throws {@link ScavsimError} `E_RANGE` for out-of-range sizes, `E_STATE` for a run without samples
 */
export function renderSvg(input: RunResult | readonly ChartVariant[], options: SvgChartOptions = {}): string {
  const width = checkInt(options.width ?? 800, 'width', 320, 4000);
  const panelHeight = checkInt(options.panelHeight ?? 240, 'panelHeight', 120, 2000);
  const variants = asVariants(input);
  // One bin per ~2 px of plot width keeps marks visually exact and the file small.
  const spanMs = Math.max(1, ...variants.map((v) => v.result.samples.at(-1)?.t_ms ?? 0));
  const data = chartData(variants, Math.ceil(spanMs / (width / 2)));
  if (data.points.length === 0) {
    throw new ScavsimError('E_STATE', 'result.samples', 'nothing to chart: no sample has VmRSS, HeapInuse, HeapReleased or LazyFree');
  }
  const faceted = data.panels.length > 1;
  // The axis in the unit the values need: GiB from 2 GiB up (no "14,000 MiB").
  const top = Math.max(data.maxMib, ...data.limits.map((l) => l.mib));
  const unit = top >= 2048 ? { name: 'GiB', per: 1024 } : { name: 'MiB', per: 1 };
  // Panel labels sit in each panel's top-left corner: leave the top of the axis to them.
  const yMax = niceMax((top / unit.per) * (faceted ? 1.15 : 1));
  const y = (mib: number): number => mib / unit.per;
  const fy = faceted ? 'panel' : undefined;
  const byKind = (kind: string): EventMark[] => data.events.filter((e) => e.kind === kind);
  const drawnSeries = DRAWN_SERIES.filter((s) => data.points.some((p) => p.series === s));
  const drawnLimits = LIMIT_KINDS.filter((k) => data.limits.some((l) => l.kind === k));
  const drawnEvents = MARKED_EVENTS.filter((k) => data.events.some((e) => e.kind === k));
  const legend = legendItems(drawnSeries, data.goals.length > 0, drawnLimits, drawnEvents);
  const legendRows = layoutLegend(legend, width - 20);
  const titleHeight = options.title === undefined ? 0 : 22;
  const marginTop = titleHeight + legendRows.length * LEGEND_ROW + 12;

  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#ccc' })];
  for (const kind of ['gc', 'scavenge'] as const) {
    const [lo, hi] = LANE[kind];
    marks.push(Plot.ruleX(byKind(kind), {
      x: 't_s', y1: lo * yMax, y2: hi * yMax, fy, stroke: EVENT_COLORS[kind], strokeWidth: 1,
    }));
  }
  for (const kind of ['freeosmemory', 'reclaim', 'oom'] as const) {
    marks.push(Plot.ruleX(byKind(kind), {
      x: 't_s', fy, stroke: EVENT_COLORS[kind], strokeWidth: 1, strokeDasharray: '4,3',
    }));
  }
  for (const kind of drawnLimits) {
    marks.push(Plot.ruleY(data.limits.filter((l) => l.kind === kind), {
      y: (l: LimitLine) => y(l.mib), fy, stroke: LIMIT_STYLE[kind].color, strokeWidth: 1.2, strokeDasharray: LIMIT_STYLE[kind].dash,
      ariaDescription: kind,
    }));
  }
  if (data.goals.length > 0) {
    marks.push(Plot.lineY(data.goals, {
      x: 't_s', y: (g: GoalPoint) => y(g.mib), z: 'panel', fy, stroke: GOAL_STYLE.color, strokeWidth: 1, strokeDasharray: GOAL_STYLE.dash,
      ariaDescription: 'heap goal',
    }));
  }
  marks.push(Plot.lineY(data.points, {
    x: 't_s', y: (p: SeriesPoint) => y(p.mib), z: 'series', stroke: 'series', fy, strokeWidth: 1.6, ariaDescription: 'memory curves',
  }));
  if (faceted) {
    // Panel names inside each panel's top-left corner: long variant labels never get clipped.
    marks.push(Plot.text(data.panels, {
      fy: (d: string) => d, text: (d: string) => d, frameAnchor: 'top-left', dx: 6, dy: 4,
      textAnchor: 'start', fontWeight: 'bold', fill: '#333', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke',
    }));
  }
  marks.push(...legendMarks(legendRows, marginTop, titleHeight, options.title));

  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const plot = Plot.plot({
    document: document as unknown as PlotOptions['document'],
    className: CLASS_NAME,
    width,
    height: marginTop + 40 + panelHeight * data.panels.length,
    marginTop,
    marginLeft: 60,
    marginRight: 20,
    style: { fontSize: '11px', background: 'white' },
    x: { label: 'simulated time (s)', domain: [0, Math.max(data.maxT_s, 1e-3)], grid: true },
    y: { label: unit.name, labelAnchor: 'center', labelArrow: 'none', domain: [0, yMax], grid: true },
    fy: faceted ? { domain: [...data.panels], label: null, padding: 0.1, axis: null } : undefined,
    color: { domain: [...DRAWN_SERIES], range: DRAWN_SERIES.map((s) => SERIES_COLORS[s]) },
    marks,
  }) as unknown as SerializableElement;
  plot.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return canonicalSvg(plot.outerHTML);
}

/** One legend entry: its text (a line sample, then the name) and colour. */
interface LegendItem {
  readonly label: string;
  readonly color: string;
}

/** The legend: only what the chart draws (curves, the heap goal, limits, the events that occurred). */
function legendItems(series: readonly ChartSeries[], goal: boolean, limits: readonly LimitKind[], events: readonly string[]): LegendItem[] {
  return [
    ...series.map((s) => ({ label: `— ${SERIES_LABELS[s]}`, color: SERIES_COLORS[s] })),
    ...(goal ? [{ label: `┄ ${GOAL_STYLE.label}`, color: GOAL_STYLE.color }] : []),
    ...limits.map((k) => ({ label: `╌ ${k}`, color: LIMIT_STYLE[k].color })),
    ...events.map((k) => ({ label: `${k === 'gc' || k === 'scavenge' ? '|' : '┆'} ${k}`, color: EVENT_COLORS[k as MarkedEvent] })),
  ];
}

/** Legend entries in rows that fit `width` px (about 7 px a character at 11 px bold). */
function layoutLegend(items: readonly LegendItem[], width: number): { item: LegendItem; dx: number }[][] {
  const rows: { item: LegendItem; dx: number }[][] = [[]];
  let dx = 0;
  for (const item of items) {
    const w = item.label.length * 7 + 16;
    if (dx > 0 && dx + w > width) {
      rows.push([]);
      dx = 0;
    }
    rows.at(-1)!.push({ item, dx });
    dx += w;
  }
  return rows;
}

/** Legend (and title) as text marks drawn once for the whole figure (`facet: "super"`). */
function legendMarks(rows: readonly { item: LegendItem; dx: number }[][], marginTop: number, titleHeight: number, title: string | undefined): Plot.Markish[] {
  const marks: Plot.Markish[] = [];
  rows.forEach((row, r) => {
    for (const { item, dx } of row) {
      marks.push(Plot.text([item.label], {
        text: (d: string) => d, frameAnchor: 'top-left', facet: 'super', dx, dy: titleHeight + 12 + r * LEGEND_ROW - marginTop,
        fill: item.color, fontWeight: 'bold', textAnchor: 'start',
      }));
    }
  });
  if (title !== undefined) {
    marks.push(Plot.text([title], {
      text: (d: string) => d, frameAnchor: 'top-left', facet: 'super', dy: 10 - marginTop, fontSize: 14,
      fontWeight: 'bold', textAnchor: 'start', fill: 'black',
    }));
  }
  return marks;
}

/** Rounds a maximum (plus 2 % headroom) up to a round number of MiB so the y axis ends on a tick. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 8, 10]) if (m * p >= max * 1.02) return m * p;
  return 10 * p;
}

/** Renumbers Plot's counter-based ids in document order so that output does not depend on how many charts were drawn before. */
export function canonicalSvg(svg: string): string {
  const ids = new Map<string, string>();
  const renamed = svg.replace(/plot-(clip|pattern|marker)-\d+/g, (id, kind: string) => {
    let n = ids.get(id);
    if (n === undefined) ids.set(id, (n = `${CLASS_NAME}-${kind}-${ids.size + 1}`));
    return n;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renamed}\n`;
}
