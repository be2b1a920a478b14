/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (DOM types for the code this file runs inside the page with page.evaluate.)
/**
 * The interactive page (packages/web) in headless Chromium: how long from a control change to
 * a finished redraw, and how big the bundle is.
 *
 * The page is built with Vite, served from 127.0.0.1 and driven by playwright-core in the
 * Chromium `@sparticuz/chromium` ships (the page's tests use the same harness). The clock is the
 * page's own `performance.now()`, read by this script's code in the page: it stamps the moment it
 * changes a control (sets the value and dispatches the `input` event a mouse or key would), and a
 * MutationObserver stamps the moments the summary element says `data-state="partial"` (the first
 * picture of a run still being simulated) and `"done"`, which the page sets from uPlot's draw
 * hook. Three kinds of change on the incident preset (12.5 simulated min):
 *
 * - GOGC to a value not seen before: a new simulation in the worker, drawn as it goes;
 * - GOGC back to a value already drawn: the page's cache of finished runs, then the redraw;
 * - the picked moment: no simulation, the chart's data and the gap explanation redrawn.
 *
 * To show where a new redraw's time goes, the same simulations (the configs of the links the page
 * wrote) are then timed alone in a worker of the built page (the engine, the columns and their
 * transfer, no drawing) and in this node process (`simulate()`). The machine is shared: the load
 * average is recorded when the timing begins and ends.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { quantile } from './quantile.js';
import { simulate } from '../packages/core/src/index.js';
import { configFor } from '../packages/web/src/model.js';
import { parseQuery } from '../packages/web/src/state.js';
import { buildPage, launch, removeBuild, serve, type Page } from '../packages/web/test/support/browser.js';

/** Median, 90th percentile and every sample (ms) of one kind of change. */
export interface Timing {
  readonly eachMs: readonly number[];
  readonly medianMs: number;
  readonly p90Ms: number;
}

/** What {@link benchWebPage} measures. */
export interface WebPageFigures {
  readonly chromium: string;
  /** Control change → finished redraw with a new simulation of the incident. */
  readonly simulateAndRedraw: Timing;
  /** Control change → the first picture of the new run (drawn while it is being simulated). */
  readonly firstPicture: Timing;
  /** The same simulations alone in a worker of the built page (request → last reply, no drawing): where the time goes. */
  readonly workerOnly: Timing;
  /** The same simulations in this node process (`simulate()`), for the engine's own speed at that moment. */
  readonly nodeOnly: Timing;
  /** Control change → finished redraw with the run already in the page's cache. */
  readonly cachedRedraw: Timing;
  /** Moving the picked moment (no simulation). */
  readonly momentRedraw: Timing;
  /** Opening the page on the incident preset until it is drawn (ms, wall clock, once). */
  readonly firstLoadMs: number;
  /** Bundle files (bytes raw and gzipped). */
  readonly bundle: readonly { readonly file: string; readonly bytes: number; readonly gzipBytes: number }[];
  readonly bundleBytes: number;
  readonly bundleGzipBytes: number;
  /** The machine's 1-minute load average when the timing began and ended (the machine is shared: read the times against it). */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

const timing = (xs: readonly number[]): Timing => ({ eachMs: xs, medianMs: quantile(xs, 0.5), p90Ms: quantile(xs, 0.9) });

/**
 * Changes a range control to `value` the way input does, and resolves with the ms until the
 * page first shows a picture of the new run (`data-state` "partial" or "done") and until it is
 * done.
 */
function timeChange(page: Page, id: string, value: string): Promise<{ first: number; done: number; query: string }> {
  return page.evaluate(({ id, value }) => new Promise<{ first: number; done: number; query: string }>((resolve) => {
    const summary = document.querySelector('[data-testid="summary"]')!;
    const input = document.getElementById(id) as HTMLInputElement;
    let t0 = 0;
    let first = 0;
    const seen = new MutationObserver(() => {
      const state = summary.getAttribute('data-state');
      if (t0 === 0) return;
      if (first === 0 && (state === 'partial' || state === 'done')) first = performance.now() - t0;
      if (state === 'done') {
        seen.disconnect();
        resolve({ first, done: performance.now() - t0, query: location.search });
      }
    });
    summary.setAttribute('data-state', 'bench');
    seen.observe(summary, { attributes: true, attributeFilter: ['data-state'] });
    t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), { id, value });
}

/** Positions of the GOGC slider (controls.ts: 1 … 12 are GOGC 10 … 1000; 5, GOGC 100, is the preset's and already drawn). */
const FRESH = [6, 7, 8, 4, 3, 9, 10, 2, 11, 12, 1];

/** Builds, serves and times the page. */
export async function benchWebPage(): Promise<WebPageFigures> {
  const dist = await buildPage();
  const server = await serve(dist);
  const browser = await launch();
  const loadStart = loadavg()[0]!;
  try {
    // The browser's own locale: the page copes with one Intl rejects (packages/web/src/locale.ts).
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const t0 = Date.now();
    await page.goto(`${server.url}?scenario=incident-go1.15`);
    await page.locator('[data-testid="summary"][data-state="done"]').waitFor({ state: 'attached', timeout: 120_000 });
    const firstLoadMs = Date.now() - t0;
    const fresh: { first: number; done: number; query: string }[] = [];
    for (const i of FRESH) fresh.push(await timeChange(page, 'gogc', String(i)));
    const cached: number[] = [];
    for (const i of FRESH.slice(0, 10)) cached.push((await timeChange(page, 'gogc', String(i))).done);
    const moment: number[] = [];
    for (let at = 60_000; at <= 700_000; at += 64_000) moment.push((await timeChange(page, 'at', String(at))).done);
    // The same simulations again (the configs of the links the page wrote), alone: in a worker of the built page, and in node.
    const configs = fresh.map((f) => configFor(parseQuery(f.query)));
    const workerFile = readdirSync(join(dist, 'assets')).find((f) => /^worker-.*\.js$/.test(f))!;
    const workerOnly = await page.evaluate(async ({ url, configs }) => {
      const w = new Worker(url, { type: 'module' });
      const times: number[] = [];
      for (const [seq, config] of configs.entries()) {
        const t = performance.now();
        await new Promise<void>((resolve) => {
          w.onmessage = (ev: MessageEvent<{ kind: string }>) => { if (ev.data.kind === 'done' || ev.data.kind === 'error') resolve(); };
          w.postMessage({ kind: 'run', seq, role: 'main', config });
        });
        times.push(performance.now() - t);
      }
      w.terminate();
      return times;
    }, { url: `assets/${workerFile}`, configs });
    const nodeOnly = configs.map((c) => {
      const t = performance.now();
      simulate(c);
      return performance.now() - t;
    });
    const bundle = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f)).map((f) => {
      const body = readFileSync(join(dist, 'assets', f));
      return { file: f.replace(/-[\w-]{8}\./, '.'), bytes: body.length, gzipBytes: gzipSync(body).length };
    });
    return {
      chromium: browser.version(),
      simulateAndRedraw: timing(fresh.map((f) => f.done)), firstPicture: timing(fresh.map((f) => f.first)),
      workerOnly: timing(workerOnly), nodeOnly: timing(nodeOnly),
      cachedRedraw: timing(cached), momentRedraw: timing(moment), firstLoadMs,
      bundle, bundleBytes: bundle.reduce((s, b) => s + b.bytes, 0), bundleGzipBytes: bundle.reduce((s, b) => s + b.gzipBytes, 0),
      loadAverage: { start: loadStart, end: loadavg()[0]! },
    };
  } finally {
    await browser.close();
    await server.close();
    await removeBuild(dist);
  }
}

const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;
const list = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join(', ');

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fig = (t: Timing): string => `median ${ms(t.medianMs)} ms, p90 ${ms(t.p90Ms)} ms`;

/** The page's figures as console lines. */
export function describeWebFigures(web: WebPageFigures): string[] {
  const n = web.simulateAndRedraw.eachMs.length;
  return [
    `   control change → finished redraw, new simulation (${n} GOGC changes): ${fig(web.simulateAndRedraw)} (target < 100 ms median; each: ${list(web.simulateAndRedraw.eachMs)})`,
    `   control change → first picture of the new run: ${fig(web.firstPicture)}`,
    `   the same simulations alone in the page's worker: ${fig(web.workerOnly)}; in node: ${fig(web.nodeOnly)}`,
    `   from the page's cache of runs: ${fig(web.cachedRedraw)}; moving the picked moment: ${fig(web.momentRedraw)}; first load ${web.firstLoadMs} ms`,
    `   load average ${web.loadAverage.start.toFixed(1)} → ${web.loadAverage.end.toFixed(1)}; bundle ${kib(web.bundleBytes)} (${kib(web.bundleGzipBytes)} gzipped): ${web.bundle.map((b) => `${b.file} ${kib(b.bytes)}`).join(', ')}; Chromium ${web.chromium}`,
  ];
}

const BEGIN = '<!-- bench:web:begin -->';
const END = '<!-- bench:web:end -->';

/**
 * Rewrites the page's figures block of docs/performance.md (between its own markers, so that
 * `pnpm bench --only web-page` can refresh it without re-running everything else).
 */
export function updateWebDocs(path: string, web: WebPageFigures, date: string, cores: number): void {
  let doc: string;
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  const i = doc.indexOf(BEGIN);
  const j = doc.indexOf(END);
  if (i < 0 || j < i) return;
  const n = web.simulateAndRedraw.eachMs.length;
  const row = (what: string, t: Timing, target = ''): string => `| ${what} | ${ms(t.medianMs)} ms | ${ms(t.p90Ms)} ms | ${target} |`;
  const lines = [
    BEGIN,
    `Run of ${date} in headless Chromium ${web.chromium} on ${cores} cores shared with other work (1-minute load average ${web.loadAverage.start.toFixed(1)} when the timing began, ${web.loadAverage.end.toFixed(1)} when it ended).`,
    '',
    `| figure (incident-go1.15, ${n} GOGC changes unless said) | median | p90 | target |`,
    '|---|---|---|---|',
    row('control change → finished redraw, new simulation', web.simulateAndRedraw, '< 100 ms'),
    row('control change → first picture of the new run (drawn while simulating)', web.firstPicture),
    row('the same simulations alone in the page\'s Web Worker (no drawing)', web.workerOnly),
    row('the same simulations in node (`simulate()`)', web.nodeOnly),
    row(`control change → finished redraw, run in the page's cache (${web.cachedRedraw.eachMs.length} changes)`, web.cachedRedraw),
    row(`moving the picked moment, no simulation (${web.momentRedraw.eachMs.length} moves)`, web.momentRedraw),
    `| first load of the incident, until drawn | ${web.firstLoadMs} ms | | |`,
    `| bundle (JS + CSS) | ${kib(web.bundleBytes)}, ${kib(web.bundleGzipBytes)} gzipped | | ${web.bundle.map((b) => `${b.file} ${kib(b.bytes)}`).join(', ')} |`,
    '',
    `Each new-simulation redraw (ms): ${list(web.simulateAndRedraw.eachMs)}.`,
    END,
  ];
  writeFileSync(path, doc.slice(0, i) + lines.join('\n') + doc.slice(j + END.length));
}
