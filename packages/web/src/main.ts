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
import type { VariantSummary } from '@scavsim/replay';
import { listScenarios } from '@scavsim/scenarios';
import { buildChart, chartOptions } from './chart.js';
import { bindControls, durationOf, timeLabel } from './controls.js';
import type { Fitted, RunError, RunRequest, RunRole, WorkerReply } from './messages.js';
import { configFor, firstGo, goCgroupLimit, presetOf, queryField, renamed } from './model.js';
import { explainText, policyOf, replayFigures, replayText, summaryJson } from './panels.js';
import { RunBuffer, type RunData } from './run-data.js';
import { DEFAULT_SCENARIO, parseQuery, toQuery, withField, type PageState } from './state.js';
import { REPLAY_SCENARIO, telemetryState } from './telemetry.js';

const el = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const summaryEl = el<HTMLPreElement>('summary');
const errorEl = el('error');
const statusEl = el('status');
const chartEl = el('chart');

/** A finished run and, for a replayed file's run, replay's figures of it. */
interface Finished { readonly data: RunData; readonly variant?: VariantSummary | undefined }
/** Finished runs by config (the most recent few). */
const cache = new Map<string, Finished>();
const CACHE_SIZE = 12;
/** The run the state asks for in each role: finished, being simulated (buffer), or refused (error). */
interface Wanted {
  readonly key: string;
  readonly seq: number;
  done?: Finished;
  buffer?: RunBuffer;
  error?: unknown;
}
const wanted: Partial<Record<RunRole, Wanted>> = {};
let seq = 0;
let chart: uPlot | undefined;
let layout = '';
/** What the next uPlot draw completes: a picture of a run still being simulated, or the whole one. */
let drawPending: 'partial' | 'done' | undefined;
let frame: number | undefined;

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (ev: MessageEvent<WorkerReply>) => {
  const m = ev.data;
  if (m.kind === 'fitted' || m.kind === 'fit-error') {
    if (m.seq !== fitSeq) return;
    if (m.kind === 'fit-error') {
      fail(fromReply(m.error));
      return;
    }
    const { seq: _, kind: __, ...fitted } = m;
    replayed = fitted;
    commit({ scenario: REPLAY_SCENARIO });
    return;
  }
  const w = wanted[m.role];
  if (w === undefined || w.seq !== m.seq) return; // a run the state no longer asks for
  if (m.kind === 'start') {
    w.buffer = new RunBuffer(m.layout);
  } else if (m.kind === 'chunk') {
    w.buffer!.append(m.chunk);
    statusEl.textContent = `Simulating${m.role === 'pin' ? ' the pinned run' : ''}… ${Math.round(m.fraction * 100)} %`;
    if (m.role === 'main') drawSoon();
  } else if (m.kind === 'error') {
    const e = fromReply(m.error);
    w.error = isScavsimError(e) ? queryField(e) : e;
    fail(w.error);
  } else {
    w.buffer!.append(m.chunk);
    w.buffer!.finish(m.summary);
    w.done = { data: w.buffer!.data(), variant: m.variant };
    delete w.buffer;
    remember(w.key, w.done);
    draw();
  }
};

let state: PageState = { scenario: DEFAULT_SCENARIO };
/** The fit of a telemetry file dropped in this tab. */
let replayed: Fitted | undefined;
let fitSeq = 0;
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
  statusEl.textContent = `Reading, fitting and replaying ${files.map((f) => f.name).join(', ')}…`;
  summaryEl.dataset['state'] = 'running';
  errorEl.hidden = true;
  // Read and fitted in the worker: File objects cross to it as they are.
  worker.postMessage({ kind: 'fit', seq: ++fitSeq, files });
});
el('pin').addEventListener('click', () => {
  const { pin: _, at: __, ...run } = state;
  commit(withField(state, 'pin', toQuery(run)));
});
el('unpin').addEventListener('click', () => commit(withField(state, 'pin', undefined)));
new ResizeObserver(() => { if (chart !== undefined) { chart.setSize(size()); draw(); } }).observe(chartEl);
update();
if (linkError !== undefined) {
  // The page keeps its controls for the default scenario, but draws nothing under the link's
  // error: a run of the default arriving later would replace the error's state with its own.
  delete wanted.main;
  drawPending = undefined;
  fail(linkError);
}

/** Replaces the state, writes it into the URL and redraws. */
function commit(next: PageState): void {
  state = next;
  history.replaceState(null, '', `?${toQuery(state)}`);
  update();
}

/** The what-if a replayed file's run answers, as its changed settings (`gogc=150`), or `fitted`. */
function whatIfLabel(s: PageState): string {
  const { at: _, pin: __, ...rest } = s;
  return toQuery(rest).replace(/^scenario=[^&]*&?/, '') || 'fitted';
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
  const isReplay = state.scenario === REPLAY_SCENARIO;
  el('teaches').textContent = isReplay ? replayed?.title ?? '' : listScenarios().find((s) => s.name === state.scenario)?.title ?? '';
  el('replay').hidden = !isReplay || replayed === undefined;
  if (config === undefined) return;
  try {
    if (state.at !== undefined && state.at > durationOf({ state, preset, config })) {
      throw new ScavsimError('E_RANGE', 'at', `${state.at / 1000} s is after the end of the run`, `a time from 0 to ${durationOf({ state, preset, config }) / 1000} s`);
    }
    showPolicy(config);
    request('main', config, isReplay ? whatIfLabel(state) : undefined);
    if (state.pin === undefined) {
      delete wanted.pin;
    } else {
      // Asked as the main run would be, so pinning the run on screen finds it in the cache.
      const pin = parseQuery(state.pin);
      request('pin', configFor(pin, replayed?.config), pin.scenario === REPLAY_SCENARIO ? whatIfLabel(pin) : undefined);
    }
  } catch (e) {
    fail(isScavsimError(e) ? queryField(e) : e);
    return;
  }
  draw();
}

/**
 * Asks for the run of a config in a role, unless that run is already wanted (finished, being
 * simulated or refused: nothing changed, so nothing is simulated again) or cached.
 */
function request(role: RunRole, config: SimConfig, variant?: string): void {
  const key = JSON.stringify(config) + (variant === undefined ? '' : `\u0000${variant}`);
  const w = wanted[role];
  if (w?.key === key) {
    if (w.error !== undefined) throw w.error;
    return;
  }
  const hit = cache.get(key);
  if (hit !== undefined) {
    wanted[role] = { key, seq: -1, done: hit };
    return;
  }
  wanted[role] = { key, seq: ++seq };
  summaryEl.dataset['state'] = 'running';
  statusEl.textContent = 'Simulating…';
  const req: RunRequest = { kind: 'run', seq, role, config, ...(variant === undefined ? {} : { variant }) };
  worker.postMessage(req);
}

function remember(key: string, f: Finished): void {
  cache.delete(key);
  cache.set(key, f);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/** Draws the run so far at the next frame (chunks come faster than frames). */
function drawSoon(): void {
  frame ??= requestAnimationFrame(() => {
    frame = undefined;
    draw();
  });
}

function draw(): void {
  if (frame !== undefined) {
    cancelAnimationFrame(frame);
    frame = undefined;
  }
  const main = wanted.main;
  const run = main?.done?.data ?? main?.buffer?.data();
  const pinned = wanted.pin?.done?.data;
  if (run === undefined || run.t.length === 0 || (state.pin !== undefined && pinned === undefined)) return;
  const complete = main?.done !== undefined;
  const config = configFor(state, replayed?.config);
  const go = firstGo(config);
  // The picked moment, by default the end: shown once the run has one.
  const atMs = state.at ?? (complete ? run.t.at(-1) ?? 0 : undefined);
  const built = buildChart({
    run, complete, atMs, widthPx: size().width,
    pinned: pinned === undefined ? undefined : { run: pinned, label: [pinned.go_version, pinned.GODEBUG].filter(Boolean).join(' ') },
    observed: state.scenario === REPLAY_SCENARIO ? replayed?.observed : undefined,
    gomemlimit: go.gomemlimit === undefined || go.gomemlimit === 'off' ? undefined : parseSize(go.gomemlimit, 'gomemlimit'),
    cgroupLimit: goCgroupLimit(config),
  });
  drawPending = complete ? 'done' : 'partial';
  if (complete) summaryEl.dataset['state'] = 'drawing';
  if (chart !== undefined && built.layout === layout) {
    chart.setData(built.data);
  } else {
    chart?.destroy();
    layout = built.layout;
    chart = new uPlot(chartOptions(built.series, size(), drawn, (ms) => commit(withField(state, 'at', ms))), built.data, chartEl);
  }
  if (!complete || atMs === undefined) return;
  el('gap').textContent = explainText(run, atMs);
  summaryEl.textContent = JSON.stringify(summaryJson(run, pinned), null, 2);
  if (state.scenario === REPLAY_SCENARIO && replayed !== undefined) {
    const variant = main?.done?.variant;
    el('replay-figures').textContent = replayText(replayed, variant);
    el('replay-figures').dataset['figures'] = JSON.stringify(replayFigures(replayed, variant));
  }
  const p = run.summary?.[0];
  el('chart-caption').textContent = p === undefined ? '' :
    `${run.scenario} on ${run.go_version}, kernel ${run.kernel}${run.GODEBUG ? `, GODEBUG=${run.GODEBUG}` : ''}: process ${p.process} peaks at RSS ${bytes(p.peakVmRSS)} and ends at RSS ${bytes(p.VmRSS)}, HeapInuse ${bytes(p.HeapInuse)}, HeapReleased ${bytes(p.HeapReleased)}, LazyFree ${bytes(p.LazyFree)}.`;
  statusEl.textContent = `Drawn: ${timeLabel(run.t.at(-1) ?? 0)} simulated in your browser.`;
}

/** uPlot's draw hook: the chart on screen is the one the state asks for (so far, or whole). */
function drawn(): void {
  if (drawPending === undefined) return;
  summaryEl.dataset['state'] = drawPending;
  drawPending = undefined;
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
