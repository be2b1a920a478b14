/**
 * The one chart: uPlot options and aligned data built from a run (and a pinned run).
 *
 * Lines: the first Go process's RSS, HeapInuse, HeapReleased and LazyFree, the heap goal
 * (`NextGC`), GOMEMLIMIT and the cgroup limit as flat lines, every other process's RSS, and the
 * pinned run's RSS and HeapInuse dashed. Event marks (GC, scavenge, FreeOSMemory, reclaim, OOM)
 * are uPlot points-only series on a scale of their own, one row per kind, so the library draws
 * them and its legend shows their counts under the cursor; the picked moment is a points-only
 * series too. No drawing code of our own: everything on the canvas is a uPlot series.
 *
 * @module
 */
import uPlot from 'uplot';
import { formatBytes } from '@scavsim/core';
import { MARK_KINDS, type MarkKind, type RunData } from './run-data.js';

/** What the chart shows besides the run itself. */
export interface ChartInput {
  readonly run: RunData;
  readonly pinned?: { readonly run: RunData; readonly label: string } | undefined;
  /** GOMEMLIMIT of the first Go process (bytes), if set. */
  readonly gomemlimit?: number | undefined;
  /** The first Go process's cgroup limit (bytes), if set. */
  readonly cgroupLimit?: number | undefined;
  /** The picked moment (ms). */
  readonly atMs?: number | undefined;
}

/** Colours chosen for at least 3:1 contrast on white (WCAG 1.4.11 for graphics). */
const COLOURS = {
  VmRSS: '#b3261e', HeapInuse: '#1a5fb4', HeapReleased: '#1e7a45', LazyFree: '#8b3fa8', NextGC: '#5e5c64',
  gomemlimit: '#b35900', cgroup: '#000000', other: ['#8f5a1f', '#00707a', '#6b4fbb'], pinned: '#6b6b6b',
} as const;
const MARKS: Readonly<Record<MarkKind, { label: string; colour: string; row: number }>> = {
  gc: { label: 'GC', colour: '#1a5fb4', row: 0.97 },
  scavenge: { label: 'scavenge', colour: '#1e7a45', row: 0.93 },
  freeosmemory: { label: 'FreeOSMemory', colour: '#b35900', row: 0.89 },
  reclaim: { label: 'reclaim', colour: '#8b3fa8', row: 0.85 },
  oom: { label: 'OOM kill', colour: '#b3261e', row: 0.81 },
};

/** Axis steps people read without arithmetic: binary sizes, round seconds and minutes. */
const BYTE_INCRS = Array.from({ length: 40 }, (_, i) => 2 ** (i + 10));
const TIME_INCRS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
const sizeTick = (v: number): string => formatBytes(v).replace(/\.(\d*?)0+ /, (_m, d: string) => (d === '' ? ' ' : `.${d} `));
const bytes = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : formatBytes(v));
const seconds = (s: number): string => (s >= 120 ? `${(s / 60).toFixed(s % 60 === 0 ? 0 : 1)} min` : `${+s.toFixed(1)} s`);
const withGaps = (col: Float64Array | undefined, n: number): (number | null)[] =>
  col === undefined ? new Array<null>(n).fill(null) : Array.from(col, (v) => (Number.isNaN(v) ? null : v));

type Y = (number | null)[];
interface Built { readonly series: uPlot.Series[]; readonly data: uPlot.AlignedData; readonly layout: string }

/** Series and data for a run; `layout` names the series, so a chart with the same layout can take the data as it is. */
export function buildChart(input: ChartInput): Built {
  const { run, pinned } = input;
  const n = run.t.length;
  const series: uPlot.Series[] = [{ label: 'time', value: (_u, v) => (v === null ? '–' : seconds(v)) }];
  const ys: Y[] = [];
  const line = (label: string, y: Y, stroke: string, extra: Partial<uPlot.Series> = {}): void => {
    series.push({ label, stroke, width: 2, value: (_u, v) => bytes(v), spanGaps: false, ...extra });
    ys.push(y);
  };
  const [go, ...others] = run.processes;
  if (go !== undefined) {
    const name = run.processes.length > 1 ? ` (${go.name})` : '';
    line(`RSS${name}`, withGaps(go.cols['VmRSS'], n), COLOURS.VmRSS);
    line('HeapInuse', withGaps(go.cols['HeapInuse'], n), COLOURS.HeapInuse);
    line('HeapReleased', withGaps(go.cols['HeapReleased'], n), COLOURS.HeapReleased);
    line('LazyFree', withGaps(go.cols['LazyFree'], n), COLOURS.LazyFree);
    line('heap goal', withGaps(go.cols['NextGC'], n), COLOURS.NextGC, { width: 1, dash: [4, 4] });
  }
  if (input.gomemlimit !== undefined) line('GOMEMLIMIT', new Array<number>(n).fill(input.gomemlimit), COLOURS.gomemlimit, { width: 1.5, dash: [8, 4] });
  if (input.cgroupLimit !== undefined) line('cgroup limit', new Array<number>(n).fill(input.cgroupLimit), COLOURS.cgroup, { width: 1.5, dash: [2, 3] });
  others.forEach((p, i) => line(`RSS (${p.name})`, withGaps(p.cols['VmRSS'], n), COLOURS.other[i % COLOURS.other.length]!));
  let data: uPlot.AlignedData;
  const x = Array.from(run.t, (t) => t / 1000);
  if (pinned !== undefined && pinned.run.processes[0] !== undefined) {
    const pg = pinned.run.processes[0];
    const pn = pinned.run.t.length;
    const px = Array.from(pinned.run.t, (t) => t / 1000);
    const mine = [x, ...ys] as uPlot.AlignedData;
    const theirs = [px, withGaps(pg.cols['VmRSS'], pn), withGaps(pg.cols['HeapInuse'], pn)] as uPlot.AlignedData;
    for (const [label, colour] of [[`RSS · pinned ${pinned.label}`, COLOURS.pinned], [`HeapInuse · pinned ${pinned.label}`, COLOURS.HeapInuse]] as const) {
      series.push({ label, stroke: colour, width: 1.5, dash: [6, 3], value: (_u, v) => bytes(v) });
    }
    data = sameAxis(run.t, pinned.run.t) ? [x, ...ys, theirs[1] as Y, theirs[2] as Y] : uPlot.join([mine, theirs]);
  } else {
    data = [x, ...ys];
  }
  const lengthNow = data[0].length;
  const xs = data[0] as number[];
  // Marks and the moment live on the joined x axis: map each run index to its joined index.
  const joinedIndex = (i: number): number => (xs === x ? i : xs.indexOf(x[i]!));
  const markCols: Y[] = [];
  for (const kind of MARK_KINDS) {
    const counts = run.marks[kind];
    const y: Y = new Array<null>(lengthNow).fill(null);
    const count: number[] = new Array<number>(lengthNow).fill(0);
    for (let i = 0; i < n; i++) if (counts[i]! > 0) { const j = joinedIndex(i); y[j] = MARKS[kind].row; count[j] = counts[i]!; }
    const m = MARKS[kind];
    series.push({
      label: m.label, scale: 'marks', stroke: m.colour, fill: m.colour, paths: () => null,
      points: { show: true, size: 6, width: 1, stroke: m.colour, fill: m.colour },
      value: (_u, _v, _s, idx) => (idx === null || idx === undefined ? '–' : `${count[idx] ?? 0}`),
    });
    markCols.push(y);
  }
  const moment: Y = new Array<null>(lengthNow).fill(null);
  if (input.atMs !== undefined && go !== undefined) {
    let i = 0;
    while (i < n - 1 && run.t[i + 1]! <= input.atMs) i++;
    const v = go.cols['VmRSS']![i]!;
    if (!Number.isNaN(v)) moment[joinedIndex(i)] = v;
  }
  series.push({
    label: 'picked moment', stroke: '#000000', paths: () => null,
    points: { show: true, size: 11, width: 2, stroke: '#000000', fill: '#ffffff' },
    value: (_u, v) => (v === null ? '–' : 'here'),
  });
  data = [...data, ...markCols, moment] as unknown as uPlot.AlignedData;
  return { series, data, layout: series.map((s) => String(s.label)).join('|') };
}

function sameAxis(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** uPlot options for a chart of the given size (CSS pixels) and series. */
export function chartOptions(series: uPlot.Series[], size: { width: number; height: number }, onDraw: (u: uPlot) => void, onPick: (tMs: number) => void): uPlot.Options {
  return {
    ...size,
    series,
    scales: { x: { time: false }, marks: { range: [0, 1] } },
    axes: [
      { incrs: TIME_INCRS, values: (_u, splits) => splits.map(seconds), stroke: '#222', grid: { stroke: '#e4e4e4' } },
      { incrs: BYTE_INCRS, values: (_u, splits) => splits.map((v) => sizeTick(v)), size: 70, stroke: '#222', grid: { stroke: '#e4e4e4' } },
    ],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    hooks: {
      draw: [onDraw],
      ready: [(u) => {
        // A click picks the moment; a drag zooms (uPlot) and must not also pick.
        let downX = 0;
        u.over.addEventListener('mousedown', (e) => { downX = e.clientX; });
        u.over.addEventListener('click', (e) => {
          const left = u.cursor.left;
          if (Math.abs(e.clientX - downX) < 4 && left !== undefined && left >= 0) onPick(Math.max(0, Math.round(u.posToVal(left, 'x') * 1000)));
        });
      }],
    },
  };
}
