/**
 * The controls: each reads the state (and the preset, for values the state leaves alone) and
 * writes a new state. They hold nothing of their own, as in the Go GC guide: move a control, the
 * state changes, the page redraws.
 *
 * Sliders move over a list of stops (GOGC 100, 200, …; sizes in GiB) and announce the value in
 * words (`aria-valuetext`); a value from a link that is not a stop is kept as written and shown,
 * the slider resting on the nearest stop. Text fields apply on Enter (or leaving the field), and
 * a value the core's parsers reject is shown as the {@link ScavsimError} text.
 *
 * @module
 */
import {
  formatBytes, GiB, MiB, parseDuration, parseGodebug, parseGoVersion, parseSize, parseThpMode, formatGodebug,
  type GoProcessConfig, type SimConfig, type SizeInput,
} from '@scavsim/core';
import { listScenarios } from '@scavsim/scenarios';
import { defaultHogStart, firstGo, goCgroupLimit } from './model.js';
import { parseField, withField, type PageState } from './state.js';
import { REPLAY_SCENARIO } from './telemetry.js';

/** What the controls show: the state, the preset's config, and the config the state makes (if valid). */
export interface ControlView {
  readonly state: PageState;
  readonly preset: SimConfig;
  readonly config: SimConfig | undefined;
}

/** Every Go minor version the page offers (1.11 to 1.26). */
export const GO_MINORS: readonly string[] = Array.from({ length: 16 }, (_, i) => `1.${11 + i}`);
const OFF = -1;
const GOGC_STOPS = [OFF, 10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 800, 1000];
const LIMIT_STOPS = [OFF, 128 * MiB, 256 * MiB, 512 * MiB, 768 * MiB, GiB, 1.5 * GiB, 2 * GiB, 3 * GiB, 4 * GiB, 6 * GiB, 8 * GiB, 12 * GiB, 16 * GiB, 32 * GiB];
const MEM_STOPS = [GiB, 2 * GiB, 4 * GiB, 6 * GiB, 8 * GiB, 12 * GiB, 16 * GiB, 24 * GiB, 32 * GiB, 48 * GiB, 64 * GiB];
const HOG_STOPS = [256 * MiB, 512 * MiB, GiB, 2 * GiB, 3 * GiB, 4 * GiB, 6 * GiB, 8 * GiB, 12 * GiB, 16 * GiB];

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`page markup lacks #${id}`);
  return el as T;
};
const sizeOrOff = (v: SizeInput | 'off' | undefined, field: string): number => (v === undefined || v === 'off' ? OFF : parseSize(v, field));
const sizeLabel = (v: number): string => (v === OFF ? 'off' : formatBytes(v).replace(/\.00 /, ' '));
/** Time as the sliders show it. */
export const timeLabel = (ms: number): string => (ms >= 120_000 ? `${+(ms / 60_000).toFixed(2)} min` : `${+(ms / 1000).toFixed(1)} s`);
/** A time slider's step: about 200 positions, whole tenths of a second. */
const timeStep = (durationMs: number): number => Math.max(100, Math.round(durationMs / 200 / 100) * 100);

function nearest(stops: readonly number[], v: number): number {
  let best = 0;
  for (let i = 1; i < stops.length; i++) if (Math.abs(stops[i]! - v) < Math.abs(stops[best]! - v)) best = i;
  return best;
}

interface Binding { update(view: ControlView): void }

/** A slider over stops; `read` gives the shown value, `write` the state for a chosen one. */
function stops(id: string, list: readonly number[], label: (v: number) => string,
  read: (v: ControlView) => number, write: (s: PageState, v: number, view: ControlView) => PageState, commit: Commit): Binding {
  const input = $<HTMLInputElement>(id);
  const out = $<HTMLOutputElement>(`${id}-out`);
  input.max = String(list.length - 1);
  let view: ControlView | undefined;
  input.addEventListener('input', () => {
    if (view !== undefined) commit(write(view.state, list[Number(input.value)]!, view));
  });
  return {
    update(v) {
      view = v;
      const value = read(v);
      input.value = String(nearest(list, value));
      input.setAttribute('aria-valuetext', label(value));
      out.value = label(value);
    },
  };
}

/** A slider over simulated time from 0 to the run's duration. */
function time(id: string, read: (v: ControlView) => number, write: (s: PageState, ms: number) => PageState, commit: Commit): Binding {
  const input = $<HTMLInputElement>(id);
  const out = $<HTMLOutputElement>(`${id}-out`);
  let view: ControlView | undefined;
  input.addEventListener('input', () => { if (view !== undefined) commit(write(view.state, Number(input.value))); });
  return {
    update(v) {
      view = v;
      const duration = durationOf(v);
      input.max = String(duration);
      input.step = String(timeStep(duration));
      const value = Math.min(read(v), duration);
      input.value = String(value);
      input.setAttribute('aria-valuetext', timeLabel(value));
      out.value = timeLabel(value);
    },
  };
}

/** A text field that applies on Enter or when focus leaves it. */
function text(id: string, read: (v: ControlView) => string, write: (s: PageState, raw: string) => PageState, commit: Commit, fail: Fail): Binding {
  const input = $<HTMLInputElement>(id);
  let view: ControlView | undefined;
  const apply = (): void => {
    if (view === undefined || input.value === read(view)) return;
    try {
      commit(write(view.state, input.value));
    } catch (e) {
      fail(e);
    }
  };
  input.addEventListener('change', apply);
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); apply(); } });
  return { update(v) { view = v; if (document.activeElement !== input) input.value = read(v); } };
}

/** The config's duration in ms. */
export function durationOf(v: ControlView): number {
  return parseDuration((v.config ?? v.preset).duration, 'duration');
}
const goOf = (v: ControlView): GoProcessConfig => firstGo(v.config ?? v.preset);

type Commit = (next: PageState) => void;
type Fail = (e: unknown) => void;

/**
 * Binds every control of the page's form.
 * @param commit called with the new state when a control moves
 * @param fail called with the error when a typed value is rejected
 */
export function bindControls(commit: Commit, fail: Fail): Binding {
  const scenario = $<HTMLSelectElement>('scenario');
  for (const s of listScenarios()) scenario.add(new Option(s.name, s.name));
  scenario.addEventListener('change', () => commit({ scenario: scenario.value }));

  const go = $<HTMLSelectElement>('go');
  go.addEventListener('change', () => commit(withField(currentState(), 'go', go.value === presetGo() ? undefined : go.value)));
  const madv = $<HTMLSelectElement>('madvdontneed');
  madv.addEventListener('change', () => {
    const settings: Record<string, number> = { ...parseGodebug(currentState().godebug ?? '', 'godebug') };
    delete settings['madvdontneed'];
    if (madv.value !== '') settings['madvdontneed'] = Number(madv.value);
    const s = formatGodebug(settings);
    commit(withField(currentState(), 'godebug', s === '' ? undefined : s));
  });
  const thp = $<HTMLSelectElement>('thp');
  thp.addEventListener('change', () => {
    const preset = parseThpMode(last!.preset.machine.thp, 'thp');
    commit(withField(currentState(), 'thp', thp.value === preset ? undefined : parseField('thp', thp.value)));
  });
  const hogOn = $<HTMLInputElement>('hog-on');
  hogOn.addEventListener('change', () => commit(withField(currentState(), 'hog', hogOn.checked ? 4 * GiB : undefined)));
  const freeOn = $<HTMLInputElement>('freeosmemory-on');
  freeOn.addEventListener('change', () => {
    commit(withField(currentState(), 'freeosmemory', freeOn.checked ? Math.round(durationOf(last!) / 2) : undefined));
  });

  let last: ControlView | undefined;
  const currentState = (): PageState => last!.state;
  const presetGo = (): string => firstGo(last!.preset).go;

  const bindings: Binding[] = [
    stops('gogc', GOGC_STOPS, (v) => (v === OFF ? 'off' : String(v)),
      (v) => { const g = goOf(v).gogc; return g === 'off' ? OFF : g ?? 100; },
      (s, v) => withField(s, 'gogc', v), commit),
    stops('gomemlimit', LIMIT_STOPS, sizeLabel, (v) => sizeOrOff(goOf(v).gomemlimit, 'gomemlimit'),
      (s, v) => withField(s, 'gomemlimit', v === OFF ? 'off' : v), commit),
    stops('mem-total', MEM_STOPS, sizeLabel, (v) => parseSize((v.config ?? v.preset).machine.memTotal, 'mem-total'),
      (s, v) => withField(s, 'memTotal', v), commit),
    stops('cgroup-limit', LIMIT_STOPS, sizeLabel, (v) => goCgroupLimit(v.config ?? v.preset) ?? OFF,
      (s, v) => withField(s, 'cgroupLimit', v === OFF ? 'off' : v), commit),
    stops('hog', HOG_STOPS, sizeLabel, (v) => v.state.hog ?? 4 * GiB, (s, v) => withField(s, 'hog', v), commit),
    time('hog-start', (v) => v.state.hogStart ?? defaultHogStart(v.config ?? v.preset), (s, ms) => withField(withField(s, 'hog', s.hog ?? 4 * GiB), 'hogStart', ms), commit),
    time('freeosmemory', (v) => v.state.freeosmemory ?? Math.round(durationOf(v) / 2), (s, ms) => withField(s, 'freeosmemory', ms), commit),
    time('at', (v) => v.state.at ?? durationOf(v), (s, ms) => withField(s, 'at', ms), commit),
    text('kernel', (v) => (v.config ?? v.preset).machine.kernel ?? '', (s, raw) => withField(s, 'kernel', parseField('kernel', raw)), commit, fail),
    text('duration', (v) => timeLabel(durationOf(v)).replace(' ', ''), (s, raw) => {
      const ms = parseField('duration', raw);
      // A picked moment after the new end would be an error: it moves to the end instead.
      return withField(withField(s, 'duration', ms), 'at', s.at !== undefined && s.at > ms ? undefined : s.at);
    }, commit, fail),
    text('seed', (v) => String((v.config ?? v.preset).seed ?? 1), (s, raw) => withField(s, 'seed', parseField('seed', raw)), commit, fail),
  ];

  return {
    update(v) {
      last = v;
      // A replayed file is a preset of its own while this tab holds it.
      if (v.state.scenario === REPLAY_SCENARIO && [...scenario.options].every((o) => o.value !== REPLAY_SCENARIO)) {
        scenario.add(new Option('your telemetry, replayed', REPLAY_SCENARIO));
      }
      scenario.value = v.state.scenario;
      const title = listScenarios().find((s) => s.name === v.state.scenario)?.title ?? '';
      $('scenario-title').textContent = title;
      const g = goOf(v);
      const options = [...GO_MINORS];
      if (!options.includes(firstGo(v.preset).go)) options.unshift(firstGo(v.preset).go);
      if (!options.includes(g.go)) options.unshift(g.go);
      go.replaceChildren(...options.map((o) => new Option(o === firstGo(v.preset).go ? `${o} (preset)` : o, o)));
      go.value = g.go;
      const knob = parseGodebug(g.godebug ?? '', 'godebug').madvdontneed;
      madv.value = knob === undefined ? '' : String(knob);
      const minor = parseGoVersion(g.go, 'go').minor;
      $<HTMLInputElement>('gomemlimit').disabled = minor < 19;
      $('gomemlimit-note').textContent = minor < 19 ? `GOMEMLIMIT exists from Go 1.19; Go ${g.go} ignores it.` : '';
      thp.value = parseThpMode((v.config ?? v.preset).machine.thp, 'thp');
      hogOn.checked = v.state.hog !== undefined;
      $<HTMLInputElement>('hog').disabled = !hogOn.checked;
      $<HTMLInputElement>('hog-start').disabled = !hogOn.checked;
      freeOn.checked = v.state.freeosmemory !== undefined;
      $<HTMLInputElement>('freeosmemory').disabled = !freeOn.checked;
      for (const b of bindings) b.update(v);
    },
  };
}
