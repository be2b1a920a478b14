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
 * MutationObserver stamps the moment the summary element says `data-state="done"`, which the page
 * sets from uPlot's draw hook. Three kinds of change on the incident preset (12.5 simulated min):
 *
 * - GOGC to a value not seen before: a new simulation in the worker, then the redraw;
 * - GOGC back to a value already drawn: the page's cache of finished runs, then the redraw;
 * - the picked moment: no simulation, the chart's data and the gap explanation redrawn.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPage, launch, removeBuild, serve, type Page } from '../packages/web/test/support/browser.js';

/** What {@link benchWebPage} measures. */
export interface WebPageFigures {
  readonly chromium: string;
  /** Control change → finished redraw with a new simulation of the incident (ms, each sample, then the median). */
  readonly simulateAndRedrawMs: readonly number[];
  readonly simulateAndRedrawMedianMs: number;
  /** The same with the run already in the page's cache. */
  readonly cachedRedrawMedianMs: number;
  /** Moving the picked moment (no simulation). */
  readonly momentRedrawMedianMs: number;
  /** Opening the page on the incident preset until it is drawn (ms, wall clock, once). */
  readonly firstLoadMs: number;
  /** Bundle files (bytes raw and gzipped). */
  readonly bundle: readonly { readonly file: string; readonly bytes: number; readonly gzipBytes: number }[];
  readonly bundleBytes: number;
  readonly bundleGzipBytes: number;
  /** The machine's 1-minute load average when the timing ended (the machine is shared: read the times against it). */
  readonly loadAverage: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Changes a range control to `value` the way input does, and resolves with the ms until the page says done. */
function timeChange(page: Page, id: string, value: string): Promise<number> {
  return page.evaluate(({ id, value }) => new Promise<number>((resolve) => {
    const summary = document.querySelector('[data-testid="summary"]')!;
    const input = document.getElementById(id) as HTMLInputElement;
    let t0 = 0;
    const seen = new MutationObserver(() => {
      if (t0 > 0 && summary.getAttribute('data-state') === 'done' && summary.getAttribute('data-bench') === null) {
        summary.setAttribute('data-bench', '1');
        seen.disconnect();
        resolve(performance.now() - t0);
      }
    });
    summary.removeAttribute('data-bench');
    summary.setAttribute('data-state', 'bench');
    seen.observe(summary, { attributes: true, attributeFilter: ['data-state'] });
    t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), { id, value });
}

/** Builds, serves and times the page. */
export async function benchWebPage(): Promise<WebPageFigures> {
  const dist = await buildPage();
  const server = await serve(dist);
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const t0 = Date.now();
    await page.goto(`${server.url}?scenario=incident-go1.15`);
    await page.locator('[data-testid="summary"][data-state="done"]').waitFor({ state: 'attached', timeout: 120_000 });
    const firstLoadMs = Date.now() - t0;
    // GOGC stops (controls.ts): index 1..12 are 10 … 1000; 5 (= 100) is the preset's, already drawn.
    const fresh: number[] = [];
    for (const i of [6, 7, 8, 4, 3, 9, 10, 2, 11]) fresh.push(await timeChange(page, 'gogc', String(i)));
    const cached: number[] = [];
    for (const i of [6, 7, 8, 4, 3]) cached.push(await timeChange(page, 'gogc', String(i)));
    const moment: number[] = [];
    for (const at of [100_000, 200_000, 300_000, 400_000, 500_000, 600_000, 700_000]) moment.push(await timeChange(page, 'at', String(at)));
    const bundle = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f)).map((f) => {
      const body = readFileSync(join(dist, 'assets', f));
      return { file: f.replace(/-[\w-]{8}\./, '.'), bytes: body.length, gzipBytes: gzipSync(body).length };
    });
    return {
      chromium: browser.version(),
      simulateAndRedrawMs: fresh, simulateAndRedrawMedianMs: median(fresh),
      cachedRedrawMedianMs: median(cached), momentRedrawMedianMs: median(moment), firstLoadMs,
      bundle, bundleBytes: bundle.reduce((s, b) => s + b.bytes, 0), bundleGzipBytes: bundle.reduce((s, b) => s + b.gzipBytes, 0),
      loadAverage: loadavg()[0]!,
    };
  } finally {
    await browser.close();
    await server.close();
    await removeBuild(dist);
  }
}

const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;
const list = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join(', ');

/** The page's figures as console lines. */
export function describeWebFigures(web: WebPageFigures): string[] {
  return [
    `   control change → finished redraw, new simulation: median ${web.simulateAndRedrawMedianMs.toFixed(0)} ms (target < 100 ms; each: ${list(web.simulateAndRedrawMs)})`,
    `   the same from the page's cache of runs: ${web.cachedRedrawMedianMs.toFixed(1)} ms; moving the picked moment: ${web.momentRedrawMedianMs.toFixed(1)} ms; first load ${web.firstLoadMs} ms; load average ${web.loadAverage.toFixed(1)}`,
    `   bundle ${kib(web.bundleBytes)} (${kib(web.bundleGzipBytes)} gzipped): ${web.bundle.map((b) => `${b.file} ${kib(b.bytes)}`).join(', ')}; Chromium ${web.chromium}`,
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
  const lines = [
    BEGIN,
    `Run of ${date} in headless Chromium ${web.chromium} on ${cores} cores shared with other work (1-minute load average ${web.loadAverage.toFixed(1)} at the end).`,
    '',
    '| figure | result | target |',
    '|---|---|---|',
    `| control change → finished redraw, incident-go1.15, new simulation (median of ${web.simulateAndRedrawMs.length}) | ${web.simulateAndRedrawMedianMs.toFixed(0)} ms (each: ${list(web.simulateAndRedrawMs)}) | < 100 ms |`,
    `| the same, run already in the page's cache | ${web.cachedRedrawMedianMs.toFixed(1)} ms | |`,
    `| moving the picked moment (no simulation) | ${web.momentRedrawMedianMs.toFixed(1)} ms | |`,
    `| first load of the incident, until drawn | ${web.firstLoadMs} ms | |`,
    `| bundle (JS + CSS) | ${kib(web.bundleBytes)}, ${kib(web.bundleGzipBytes)} gzipped (${web.bundle.map((b) => `${b.file} ${kib(b.bytes)}`).join(', ')}) | |`,
    END,
  ];
  writeFileSync(path, doc.slice(0, i) + lines.join('\n') + doc.slice(j + END.length));
}
