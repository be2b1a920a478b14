/**
 * The page: one state object (in the URL), one model function ({@link configFor}), one draw.
 *
 * Controls only change the state; every change goes through {@link commit}, which writes the
 * URL and calls {@link update}. The simulation runs in a Web Worker (worker.ts); finished runs
 * are kept by config, so going back to a previous setting, moving the picked moment or pinning
 * a run redraws without simulating again. When the chart has been drawn, the summary element
 * (`data-testid="summary"`) holds the end-of-run figures and `data-state="done"`.
 *
 * @module
 */
// First: uPlot reads navigator.language when it loads (locale.ts).
import './locale.js';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import uPlot from 'uplot';
import { formatBytes, isScavsimError, parseSize, ScavsimError, type ScavsimErrorCode, type SimConfig } from '@scavsim/core';
import { listScenarios } from '@scavsim/scenarios';
import { buildChart, chartOptions } from './chart.js';
import { bindControls, durationOf, timeLabel } from './controls.js';
import { configFor, firstGo, goCgroupLimit, presetOf, queryField, renamed } from './model.js';
import { explainText, policyOf, summaryJson } from './panels.js';
import type { RunData } from './run-data.js';
import { DEFAULT_SCENARIO, parseQuery, toQuery, withField, type PageState } from './state.js';
import { fitFiles, REPLAY_SCENARIO, telemetryState } from './telemetry.js';
import type { RunError, RunReply, RunRequest, RunRole } from './worker.js';

const el = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const summaryEl = el<HTMLPreElement>('summary');
const errorEl = el('error');
const statusEl = el('status');
const chartEl = el('chart');

/** Finished runs by config (the most recent few). */
const cache = new Map<string, RunData>();
const CACHE_SIZE = 12;
interface Wanted { readonly key: string; readonly seq: number; data: RunData | undefined; readonly label?: string }
const wanted: Partial<Record<RunRole, Wanted>> = {};
let seq = 0;
let chart: uPlot | undefined;
let layout = '';
let drawPending = false;

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (ev: MessageEvent<RunReply>) => {
  const m = ev.data;
  const w = wanted[m.role];
  if (w === undefined || w.seq !== m.seq) return; // a run the state no longer asks for
  if (m.kind === 'progress') {
    statusEl.textContent = `Simulating${m.role === 'pin' ? ' the pinned run' : ''}… ${Math.round(m.fraction * 100)} %`;
  } else if (m.kind === 'error') {
    const e = fromReply(m.error);
    fail(isScavsimError(e) ? queryField(e) : e);
  } else {
    remember(w.key, m.data);
    w.data = m.data;
    draw();
  }
};

let state: PageState = { scenario: DEFAULT_SCENARIO };
/** The fitted config and title of a telemetry file dropped in this tab. */
let replayed: { config: SimConfig; title: string } | undefined;
const controls = bindControls(commit, fail);
let linkError: unknown;
try {
  state = parseQuery(location.search);
} catch (e) {
  linkError = e;
}
const telemetry = telemetryState();
el('telemetry-state').textContent = telemetry.message;
el('telemetry-state').dataset['state'] = telemetry.available ? 'ready' : 'not-yet';
const fileInput = el<HTMLInputElement>('telemetry');
fileInput.disabled = !telemetry.available;
fileInput.addEventListener('change', () => {
  const files = [...(fileInput.files ?? [])];
  if (files.length === 0) return;
  statusEl.textContent = `Reading and fitting ${files.map((f) => f.name).join(', ')}…`;
  summaryEl.dataset['state'] = 'running';
  fitFiles(files).then((fit) => {
    replayed = { config: fit.config, title: `${files.map((f) => f.name).join(', ')}, replayed: ${fit.notes[0] ?? ''}` };
    commit({ scenario: REPLAY_SCENARIO });
  }, fail);
});
el('pin').addEventListener('click', () => {
  const { pin: _, at: __, ...run } = state;
  commit(withField(state, 'pin', toQuery(run)));
});
el('unpin').addEventListener('click', () => commit(withField(state, 'pin', undefined)));
new ResizeObserver(() => chart?.setSize(size())).observe(chartEl);
update();
if (linkError !== undefined) fail(linkError);

/** Replaces the state, writes it into the URL and redraws. */
function commit(next: PageState): void {
  state = next;
  history.replaceState(null, '', `?${toQuery(state)}`);
  update();
}

function update(): void {
  errorEl.hidden = true;
  let preset: SimConfig;
  try {
    preset = presetOf(state, replayed?.config);
  } catch (e) {
    fail(e);
    return;
  }
  let config: SimConfig | undefined;
  try {
    config = configFor(state, replayed?.config);
  } catch (e) {
    fail(isScavsimError(e) ? queryField(e) : e);
  }
  controls.update({ state, preset, config });
  el<HTMLAnchorElement>('permalink').href = `?${toQuery(state)}`;
  el('unpin').hidden = state.pin === undefined;
  el('teaches').textContent = state.scenario === REPLAY_SCENARIO ? replayed?.title ?? '' : listScenarios().find((s) => s.name === state.scenario)?.title ?? '';
  if (config === undefined) return;
  try {
    if (state.at !== undefined && state.at > durationOf({ state, preset, config })) {
      throw new ScavsimError('E_RANGE', 'at', `${state.at / 1000} s is after the end of the run`, `a time from 0 to ${durationOf({ state, preset, config }) / 1000} s`);
    }
    showPolicy(config);
    request('main', config);
    if (state.pin === undefined) delete wanted.pin;
    else request('pin', configFor(parseQuery(state.pin), replayed?.config));
  } catch (e) {
    fail(isScavsimError(e) ? queryField(e) : e);
    return;
  }
  draw();
}

function request(role: RunRole, config: SimConfig): void {
  const key = JSON.stringify(config);
  if (wanted[role]?.key === key && (wanted[role].data !== undefined || role === 'pin')) return;
  const hit = cache.get(key);
  if (hit !== undefined) {
    wanted[role] = { key, seq: -1, data: hit };
    return;
  }
  wanted[role] = { key, seq: ++seq, data: undefined };
  summaryEl.dataset['state'] = 'running';
  statusEl.textContent = 'Simulating…';
  const req: RunRequest = { seq, role, config };
  worker.postMessage(req);
}

function remember(key: string, data: RunData): void {
  cache.delete(key);
  cache.set(key, data);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

function draw(): void {
  const run = wanted.main?.data;
  const pinned = wanted.pin?.data;
  if (run === undefined || (state.pin !== undefined && pinned === undefined)) return;
  const config = configFor(state, replayed?.config);
  const go = firstGo(config);
  const atMs = state.at ?? (run.t.at(-1) ?? 0);
  const built = buildChart({
    run, atMs,
    pinned: pinned === undefined ? undefined : { run: pinned, label: [pinned.go_version, pinned.GODEBUG].filter(Boolean).join(' ') },
    gomemlimit: go.gomemlimit === undefined || go.gomemlimit === 'off' ? undefined : parseSize(go.gomemlimit, 'gomemlimit'),
    cgroupLimit: goCgroupLimit(config),
  });
  drawPending = true;
  summaryEl.dataset['state'] = 'drawing';
  if (chart !== undefined && built.layout === layout) {
    chart.setData(built.data);
  } else {
    chart?.destroy();
    layout = built.layout;
    chart = new uPlot(chartOptions(built.series, size(), drawn, (ms) => commit(withField(state, 'at', ms))), built.data, chartEl);
  }
  el('gap').textContent = explainText(run, atMs);
  summaryEl.textContent = JSON.stringify(summaryJson(run, pinned), null, 2);
  const p = run.summary[0];
  el('chart-caption').textContent = p === undefined ? '' :
    `${run.scenario} on ${run.go_version}, kernel ${run.kernel}${run.GODEBUG ? `, GODEBUG=${run.GODEBUG}` : ''}: process ${p.process} peaks at RSS ${bytes(p.peakVmRSS)} and ends at RSS ${bytes(p.VmRSS)}, HeapInuse ${bytes(p.HeapInuse)}, HeapReleased ${bytes(p.HeapReleased)}, LazyFree ${bytes(p.LazyFree)}.`;
  statusEl.textContent = `Drawn: ${timeLabel(run.t.at(-1) ?? 0)} simulated in your browser.`;
}

/** uPlot's draw hook: the chart on screen is the one the state asks for. */
function drawn(): void {
  if (!drawPending) return;
  drawPending = false;
  summaryEl.dataset['state'] = 'done';
}

function showPolicy(config: SimConfig): void {
  const p = policyOf(config);
  el('policy-head').textContent = `go1.${p.goVersion.minor}${p.goVersion.patch === null ? '' : `.${p.goVersion.patch}`} on kernel ` +
    `${p.kernel.major}.${p.kernel.minor}: requested ${p.requestedAdvice}, the runtime passes ${p.runtimeAdvice}, the kernel applies ${p.advice}.`;
  el('policy-reasons').replaceChildren(...p.reasons.map((r) => Object.assign(document.createElement('li'), { textContent: r })));
}

function fail(e: unknown): void {
  errorEl.hidden = false;
  errorEl.textContent = isScavsimError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
  errorEl.dataset['code'] = isScavsimError(e) ? e.code : 'internal';
  summaryEl.dataset['state'] = 'error';
  statusEl.textContent = 'Nothing drawn for these settings: see the message above.';
}

function fromReply(r: RunError): ScavsimError | Error {
  if (r.code === undefined || r.field === undefined) return new Error(r.message);
  return renamed(r.code as ScavsimErrorCode, r.field, r.field, r.message, r.accepted);
}

function size(): { width: number; height: number } {
  const width = Math.max(280, chartEl.clientWidth);
  return { width, height: Math.max(260, Math.min(420, Math.round(width * 0.5))) };
}

function bytes(b: number | null): string {
  return b === null ? '–' : formatBytes(b);
}
