/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (DOM types for the code this file runs inside the page with page.evaluate.)
/**
 * The page in a real Chromium: presets, links, controls moved with the keyboard and the mouse,
 * and every drawn figure checked against the library's own `simulate()` for the same config.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GiB, MiB, simulate, type RunResult, type SimConfig } from '@scavsim/core';
import { applyOverrides, getScenario } from '@scavsim/scenarios';
import { byProcess, describeGap, gapBreakdown, sampleAtOrBefore } from '@scavsim/report';
import { fitRun, observedSummary, readTelemetry, replay } from '@scavsim/replay';
import type { Browser, Page } from 'playwright-core';
import { configFor, HOG_NAME } from '../src/model.js';
import { parseQuery } from '../src/state.js';
import type { ReplayFigures, SummaryJson } from '../src/panels.js';
import { buildPage, launch, removeBuild, serve, WEB_DIR } from './support/browser.js';

/** A real caddy recording (gctrace log and Prometheus export), as replay's own tests use it. */
const CADDY = join(WEB_DIR, '../../test/fixtures/realworld/caddy_go1.19.8_madv0_load');
/** Screenshots land here (git-ignored), for a person to look at. */
const SHOTS = join(WEB_DIR, 'test/.screenshots');

let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let dist: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Launch first: a missing browser is the first failure reported, not a build error.
  browser = await launch();
  dist = await buildPage();
  server = await serve(dist);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dist !== undefined) await removeBuild(dist);
});

const results = new Map<string, RunResult>();
/** The library's own result for a config (memoised: several tests compare against the same run). */
function expected(config: SimConfig): RunResult {
  const key = JSON.stringify(config);
  let r = results.get(key);
  if (r === undefined) results.set(key, (r = simulate(config)));
  return r;
}

/** The figures the CLI summary reports, computed here straight from the samples. */
function figuresOf(r: RunResult, process?: string) {
  const samples = r.samples.filter((s) => s.process === process);
  const end = samples.at(-1)!;
  const peak = Math.max(...samples.map((s) => s.VmRSS ?? 0));
  return { peakVmRSS: peak, VmRSS: end.VmRSS, HeapInuse: end.HeapInuse ?? null, HeapReleased: end.HeapReleased ?? null, LazyFree: end.LazyFree };
}

/**
 * Opens the page in the browser's own locale (no override: a container's C locale reaches
 * Chromium as "en-US@posix", which Intl rejects, and the page must cope; see locale.ts).
 * `language` makes the browser report that language before the page loads.
 */
async function open(query = '', viewport = { width: 1280, height: 900 }, language?: string): Promise<Page> {
  const page = await browser.newPage({ viewport });
  if (language !== undefined) {
    await page.addInitScript((lang) => Object.defineProperty(Navigator.prototype, 'language', { get: () => lang, configurable: true }), language);
  }
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(`${server.url}${query}`);
  return page;
}

/** Waits until the summary says the drawing is complete, and returns its figures. */
async function done(page: Page): Promise<SummaryJson> {
  await page.locator('[data-testid="summary"][data-state="done"]').waitFor({ state: 'attached', timeout: 30_000 });
  return JSON.parse(await page.locator('[data-testid="summary"]').textContent() ?? '') as SummaryJson;
}

/** After a control moved: waits for a new drawing (the state leaves "done" first, unless the run was cached). */
async function redrawn(page: Page, previous: string): Promise<SummaryJson> {
  await page.waitForFunction((prev) => {
    const el = document.querySelector('[data-testid="summary"]');
    return el?.getAttribute('data-state') === 'done' && el.textContent !== prev;
  }, previous, { timeout: 30_000 });
  return JSON.parse(await page.locator('[data-testid="summary"]').textContent() ?? '') as SummaryJson;
}

/** Non-white pixels in the chart's canvas, and the legend's labels. */
async function chartInk(page: Page): Promise<{ inked: number; legend: string[] }> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#chart canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200)) inked++;
    const legend = [...document.querySelectorAll('#chart .u-legend .u-series .u-label')].map((e) => e.textContent ?? '');
    return { inked, legend };
  });
}

const search = (page: Page): URLSearchParams => new URL(page.url()).searchParams;

describe('the interactive page in Chromium', () => {
  it('draws the incident preset (RSS ends near 3 GiB, HeapInuse near 100 MiB, the same numbers as simulate()) and explains the gap at a clicked moment', async () => {
    const page = await open();
    // The library's run is computed while the page computes its own (two cores).
    const want = figuresOf(expected(getScenario('incident-go1.15').config));
    const s = await done(page);
    expect(s.scenario).toBe('incident-go1.15');
    expect(s.processes[0]).toMatchObject({ process: 'api', ...want });
    expect(s.processes[0]!.VmRSS!).toBeGreaterThan(2.5 * GiB);
    expect(s.processes[0]!.VmRSS!).toBeLessThan(3.5 * GiB);
    expect(s.processes[0]!.HeapInuse!).toBeLessThan(200 * MiB);
    const ink = await chartInk(page);
    expect(ink.inked).toBeGreaterThan(5000);
    expect(ink.legend).toEqual(expect.arrayContaining(['RSS', 'HeapInuse', 'HeapReleased', 'LazyFree', 'heap goal', 'GC', 'scavenge', 'FreeOSMemory', 'reclaim', 'OOM kill']));
    await page.screenshot({ path: join(SHOTS, 'incident-go1.15.png'), fullPage: true });

    // A click on the chart picks the moment; the gap is explained in the words of scavsim explain.
    const box = (await page.locator('#chart .u-over').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height / 2);
    await page.waitForFunction(() => new URL(location.href).searchParams.has('at'));
    const at = parseQuery(new URL(page.url()).search).at!;
    expect(at).toBeGreaterThan(500_000);
    const r = expected(getScenario('incident-go1.15').config);
    const b = gapBreakdown(sampleAtOrBefore(byProcess(r.samples)[0]!.samples, at)!, r.header['go_version'])!;
    const words = [`incident-go1.15, process api, at ${b.t_ms / 1000} s:`, ...describeGap(b, r.header['go_version'])].join('\n');
    await expect.poll(() => page.locator('[data-testid="gap"]').textContent()).toBe(words);
    expect(words).toContain('released with MADV_FREE');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('shows RSS falling with the link go=1.16, the same numbers as simulate() with --go 1.16', async () => {
    const page = await open('?scenario=incident-go1.15&go=1.16');
    const want = figuresOf(expected(applyOverrides(getScenario('incident-go1.15').config, { go: '1.16' })));
    const s = await done(page);
    expect(s.processes[0]).toMatchObject(want);
    expect(s.go_version).toMatch(/^go1\.16/);
    expect(s.processes[0]!.peakVmRSS!).toBeGreaterThan(2.5 * GiB);
    expect(s.processes[0]!.VmRSS!).toBeLessThan(0.5 * GiB);
    expect(s.processes[0]!.LazyFree).toBe(0);
    expect(await page.locator('#go').inputValue()).toBe('1.16');
    await page.close();
  });

  it('moves GOGC with the keyboard: the URL and the figures follow, as simulate() with --gogc 150', async () => {
    const page = await open('?scenario=incident-go1.15&duration=200s');
    const before = JSON.stringify(await done(page), null, 2);
    await page.locator('#gogc').focus();
    await page.keyboard.press('ArrowRight');
    const s = await redrawn(page, before);
    expect(search(page).get('gogc')).toBe('150');
    expect(s.processes[0]).toMatchObject(figuresOf(expected(applyOverrides(getScenario('incident-go1.15').config, { gogc: 150, durationMs: 200_000 }))));
    expect(await page.locator('#gogc').getAttribute('aria-valuetext')).toBe('150');
    await page.close();
  });

  it('picks a preset with the keyboard and shows every process of it', async () => {
    const page = await open('?scenario=incident-go1.15&duration=30s');
    const before = JSON.stringify(await done(page), null, 2);
    // Type-ahead on the focused list: "f" selects the first preset starting with f.
    await page.locator('#scenario').focus();
    await page.keyboard.type('f');
    const s = await redrawn(page, before);
    expect(search(page).toString()).toBe('scenario=freeosmemory-pressure');
    const r = expected(getScenario('freeosmemory-pressure').config);
    expect(s.processes.map((p) => p.process)).toEqual(['A', 'B']);
    expect(s.processes[0]).toMatchObject(figuresOf(r, 'A'));
    expect(s.processes[1]).toMatchObject({ ...figuresOf(r, 'B'), HeapInuse: null });
    expect((await chartInk(page)).legend).toContain('RSS (B)');
    await page.close();
  });

  it('adds the second process and a cgroup limit with the mouse, as simulate() of the page\'s config', async () => {
    const page = await open('?scenario=incident-go1.15&duration=200s');
    let text = JSON.stringify(await done(page), null, 2);
    await page.locator('#hog-on').click();
    text = JSON.stringify(await redrawn(page, text), null, 2);
    // A click on the cgroup slider's track, 60 % of the way along.
    const slider = page.locator('#cgroup-limit');
    const track = (await slider.boundingBox())!;
    await slider.click({ position: { x: track.width * 0.6, y: track.height / 2 } });
    const s = await redrawn(page, text);
    const state = parseQuery(new URL(page.url()).search);
    expect(state.hog).toBe(4 * GiB);
    expect(state.cgroupLimit).toBeGreaterThanOrEqual(2 * GiB);
    expect(state.cgroupLimit).toBeLessThanOrEqual(4 * GiB);
    const r = expected(configFor(state));
    expect(s.processes.map((p) => p.process)).toEqual(['api', HOG_NAME]);
    expect(s.processes[0]).toMatchObject(figuresOf(r, 'api'));
    expect(s.processes[1]).toMatchObject(figuresOf(r, HOG_NAME));
    expect((await chartInk(page)).legend).toEqual(expect.arrayContaining(['cgroup limit', `RSS (${HOG_NAME})`]));
    await page.close();
  });

  it('takes the THP mode from the link and from its select, as simulate() with --thp', async () => {
    // One minute of the incident (the load's first 50 s) is enough for THP to change RSS.
    const page = await open('?scenario=incident-go1.15&duration=60s&thp=always');
    const always = await done(page);
    expect(always.processes[0]).toMatchObject(figuresOf(expected(applyOverrides(getScenario('incident-go1.15').config, { thp: 'always', durationMs: 60_000 }))));
    expect(await page.locator('#thp').inputValue()).toBe('always');
    // Its hint names a long sysfs path: every fieldset still fits the controls' column (none spills over the chart).
    const spill = await page.evaluate(() => {
      const form = document.getElementById('controls')!.getBoundingClientRect();
      return [...document.querySelectorAll('#controls fieldset')].map((f) => f.getBoundingClientRect().right - form.right).filter((d) => d > 0.5);
    });
    expect(spill).toEqual([]);
    // Back to the preset's mode with the keyboard: the key leaves the link, the figures are the preset's.
    await page.locator('#thp').focus();
    await page.keyboard.press('ArrowDown');
    const s = await redrawn(page, JSON.stringify(always, null, 2));
    expect(search(page).get('thp')).toBeNull();
    expect(await page.locator('#thp').inputValue()).toBe('madvise');
    expect(s.processes[0]).toMatchObject(figuresOf(expected(applyOverrides(getScenario('incident-go1.15').config, { durationMs: 60_000 }))));
    expect(s.processes[0]!.VmRSS).not.toBe(always.processes[0]!.VmRSS);
    await page.close();
  });

  it('pins a run and draws the next one beside it (1.15 against 1.16)', async () => {
    const page = await open('?scenario=incident-go1.15');
    const first = await done(page);
    await page.locator('#pin').click();
    await page.locator('#go').selectOption('1.16');
    const s = await redrawn(page, JSON.stringify(first, null, 2));
    expect(s.pinned?.processes[0]).toEqual(first.processes[0]);
    expect(s.processes[0]).toMatchObject(figuresOf(expected(applyOverrides(getScenario('incident-go1.15').config, { go: '1.16' }))));
    expect((await chartInk(page)).legend.some((l) => l.startsWith('RSS · pinned go1.15.10'))).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'pinned-1.15-vs-1.16.png'), fullPage: true });
    // The link reproduces the picture, pinned run included.
    const again = await open(new URL(page.url()).search);
    expect(await done(again)).toEqual(s);
    await again.close();
    await page.close();
  });

  it.each([
    ['?gogc=-5', 'gogc: -5 is out of range (accepted: an integer from -1 to 100000)'],
    ['?go=banana', 'go: cannot parse Go version "banana"'],
    ['?scenario=incident-go1.15&mem-total=512KiB', 'mem-total: 524288 bytes is too small'],
    ['?scenario=nope', 'scenario: no scenario "nope"'],
  ])('shows the typed error for the link %s instead of a blank page', async (query, message) => {
    const page = await open(query);
    const error = page.locator('[data-testid="error"]');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toContain(message);
    expect(await page.locator('[data-testid="summary"]').getAttribute('data-state')).toBe('error');
    expect(await page.locator('#controls').isVisible()).toBe(true);
    await page.close();
  });

  it.each(['en-US@posix', 'C', 'de_DE.UTF-8'])('draws when the browser reports the language %s, which Intl rejects', async (language) => {
    const page = await open('?scenario=incident-go1.15&duration=30s', undefined, language);
    const s = await done(page);
    expect(s.processes[0]).toMatchObject(figuresOf(expected(applyOverrides(getScenario('incident-go1.15').config, { durationMs: 30_000 }))));
    expect((await chartInk(page)).legend).toContain('RSS');
    const seen = await page.evaluate(() => navigator.language);
    expect(() => new Intl.NumberFormat(seen)).not.toThrow();
    expect(seen).toEqual(language === 'de_DE.UTF-8' ? 'de-DE' : language === 'C' ? expect.any(String) : 'en-US');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('fits a narrow window without sideways scrolling, every control labelled', async () => {
    const page = await open('?scenario=incident-go1.15&go=1.16&duration=300s', { width: 390, height: 900 });
    await done(page);
    const layout = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      unlabelled: [...document.querySelectorAll('input, select')].filter((e) => (e as HTMLInputElement).labels?.length === 0).map((e) => e.id),
    }));
    expect(layout.scroll).toBeLessThanOrEqual(390);
    expect(layout.unlabelled).toEqual([]);
    expect((await chartInk(page)).inked).toBeGreaterThan(2000);
    await page.screenshot({ path: join(SHOTS, 'narrow.png'), fullPage: true });
    await page.close();
  });

  it('replays dropped telemetry files in the worker: the observed series beside the replay, replay()\'s figures, and a what-if from the controls', async () => {
    const page = await open('?scenario=freeosmemory-pressure&duration=30s');
    const before = JSON.stringify(await done(page), null, 2);
    expect(await page.locator('[data-testid="telemetry-state"]').getAttribute('data-state')).toBe('ready');
    const files = ['gctrace.log', 'metrics.json'].map((f) => join(CADDY, f));
    await page.locator('#telemetry').setInputFiles(files);
    const fit = fitRun(await readTelemetry(files.map((f) => ({ name: basename(f), text: readFileSync(f, 'utf8') }))));
    const s = await redrawn(page, before);
    expect(search(page).get('scenario')).toBe('replay');
    // The library's replay of the same files: its figures, check and run are the page's.
    const r = replay(fit);
    expect(s.processes[0]).toMatchObject(figuresOf(r.fitted.result));
    const figures = async (): Promise<ReplayFigures> => JSON.parse(await page.locator('[data-testid="replay"]').getAttribute('data-figures') ?? '{}') as ReplayFigures;
    const observed = observedSummary(fit.telemetry)!;
    expect(await figures()).toEqual({ check: r.check.map(({ why: _, ...e }) => e), observed, fitted: r.fitted.summary });
    expect(r.check.map((e) => e.series)).toEqual(['VmRSS', 'HeapInuse', 'HeapReleased']);
    const text = await page.locator('[data-testid="replay"]').textContent();
    for (const e of r.check) expect(text).toContain(e.why);
    expect(text).toContain(`observed (the telemetry): peak RSS ${Math.round(observed.peakRss / 2 ** 20)} MiB`);
    // The telemetry's own series are drawn: in the legend, with a value under the cursor.
    const { legend } = await chartInk(page);
    expect(legend).toEqual(expect.arrayContaining(['RSS · observed', 'HeapInuse · observed', 'HeapReleased · observed']));
    const over = (await page.locator('#chart .u-over').boundingBox())!;
    await page.mouse.move(over.x + over.width * 0.3, over.y + over.height / 2);
    const hovered = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#chart .u-legend .u-series')]
      .map((e) => [e.querySelector('.u-label')?.textContent ?? '', e.querySelector('.u-value')?.textContent ?? ''])));
    expect(hovered['RSS · observed']).toMatch(/^\d+(\.\d+)? (MiB|GiB)$/);
    expect(hovered['HeapInuse · observed']).toMatch(/^\d+(\.\d+)? (MiB|GiB)$/);

    // A what-if: GOGC one stop up, with the keyboard; the figures are replay()'s for that what-if.
    await page.locator('#gogc').focus();
    await page.keyboard.press('ArrowRight');
    const w = await redrawn(page, JSON.stringify(s, null, 2));
    const gogc = parseQuery(new URL(page.url()).search).gogc!;
    const what = replay(fit, [`gogc=${gogc}`]).whatIfs[0]!;
    expect(w.processes[0]).toMatchObject(figuresOf(what.result));
    expect((await figures()).whatIf).toEqual(what.summary);
    expect(await page.locator('[data-testid="replay"]').textContent()).toContain(`what-if gogc=${gogc}: peak RSS`);
    // Pinning the what-if on screen takes it from the page's cache: no new simulation.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="summary"]')!;
      const states: string[] = [];
      (window as unknown as { states: string[] }).states = states;
      new MutationObserver(() => states.push(el.getAttribute('data-state') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    });
    await page.locator('#pin').click();
    await expect.poll(async () => (JSON.parse(await page.locator('[data-testid="summary"]').textContent() ?? '{}') as SummaryJson).pinned?.processes[0]).toEqual(w.processes[0]);
    expect(await page.evaluate(() => (window as unknown as { states: string[] }).states)).not.toContain('running');
    // The link names the replay, but another tab does not hold the file: it says so.
    const other = await open(new URL(page.url()).search);
    await expect.poll(() => other.locator('[data-testid="error"]').textContent()).toContain('scenario: the replayed telemetry is not loaded in this tab');
    await other.close();
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('draws a long run while it is being simulated, then whole', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Every data-state the summary takes, from the first one.
    await page.addInitScript(() => {
      const states: string[] = [];
      (window as unknown as { states: string[] }).states = states;
      document.addEventListener('DOMContentLoaded', () => {
        const el = document.querySelector('[data-testid="summary"]')!;
        new MutationObserver(() => states.push(el.getAttribute('data-state') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-state'] });
      });
    });
    // The incident: 12.5 simulated minutes, some 24 000 steps, posted in slices from 400 steps.
    await page.goto(`${server.url}?scenario=incident-go1.15`);
    const s = await done(page);
    const states = await page.evaluate(() => (window as unknown as { states: string[] }).states);
    expect(states.indexOf('partial')).toBeGreaterThan(-1);
    expect(states.indexOf('partial')).toBeLessThan(states.indexOf('done'));
    expect(s.duration_ms).toBe(750_000);
    expect(s.processes[0]).toMatchObject(figuresOf(expected(getScenario('incident-go1.15').config)));
    expect((await chartInk(page)).inked).toBeGreaterThan(5000);
    await page.close();
  });
});
