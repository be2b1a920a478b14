/**
 * The page's one model function: state → simulation config.
 *
 * The preset is a registered scenario; the CLI's overrides (`--go`, `--kernel`, `--godebug`,
 * `--gogc`, `--gomemlimit`, `--seed`, `--duration`, `--mem-total`, `--cgroup-limit`) are applied
 * by the same `applyOverrides` the CLI uses, so `?scenario=incident-go1.15&go=1.16` is exactly
 * `scavsim run incident-go1.15 --go 1.16`. The page's own settings (a second process,
 * `debug.FreeOSMemory()`, lifting a preset's cgroup limit) are then made with immer, so the
 * registered config stays frozen.
 * Validation is the engine's: it runs on the config the worker simulates, and its errors are
 * mapped back to the query names here ({@link queryField}).
 *
 * @module
 */
import { produce, type Draft } from 'immer';
import { MiB, parseDuration, parseSize, ScavsimError, type ScavsimErrorCode, type CgroupConfig, type GoProcessConfig, type PlainProcessSpec, type SimConfig } from '@scavsim/core';
import { applyOverrides, getScenario, type RunOverrides } from '@scavsim/scenarios';
import { parseGodebug } from '@scavsim/core';
import type { PageState } from './state.js';
import { REPLAY_SCENARIO, replayedConfig } from './telemetry.js';

/** Name of the second process the page adds (the fidelity probe's name for it). */
export const HOG_NAME = 'hog';
/** The second process grows as the seed's process B did: 256 MiB every 250 ms. */
const HOG_STEP = 256 * MiB;
const HOG_INTERVAL_MS = 250;

/**
 * The preset's config: a registered scenario, or the replayed telemetry ({@link REPLAY_SCENARIO}).
 * @throws {@link ScavsimError} for an unknown scenario, or a replay whose file this tab does not hold
 */
export function presetOf(state: PageState, replayed?: SimConfig): SimConfig {
  return state.scenario === REPLAY_SCENARIO ? replayedConfig(replayed) : getScenario(state.scenario).config;
}

/** The CLI overrides the state carries. */
export function overridesOf(state: PageState): RunOverrides {
  const o: { -readonly [K in keyof RunOverrides]: RunOverrides[K] } = {};
  if (state.go !== undefined) o.go = state.go;
  if (state.kernel !== undefined) o.kernel = state.kernel;
  if (state.godebug !== undefined) {
    o.godebug = Object.fromEntries(Object.entries(parseGodebug(state.godebug, 'godebug')).map(([k, v]) => [k, String(v)]));
  }
  if (state.gogc !== undefined) o.gogc = state.gogc;
  if (state.gomemlimit !== undefined) o.gomemlimit = state.gomemlimit;
  if (state.seed !== undefined) o.seed = state.seed;
  if (state.duration !== undefined) o.durationMs = state.duration;
  if (state.memTotal !== undefined) o.memTotal = state.memTotal;
  if (state.thp !== undefined) o.thp = state.thp;
  if (typeof state.cgroupLimit === 'number') o.cgroupLimit = state.cgroupLimit;
  return o;
}

/** The first Go process of a config (every preset has one). */
export function firstGo(config: SimConfig): GoProcessConfig {
  const p = config.processes.find((x): x is GoProcessConfig => x.kind === 'go');
  if (p === undefined) throw new ScavsimError('E_TYPE', 'scenario', 'the preset has no Go process', 'a scenario with a Go process');
  return p;
}

/** When the first Go process's last phase begins (ms): where the second process starts by default. */
export function defaultHogStart(config: SimConfig): number {
  const phases = firstGo(config).workload.phases;
  return phases.slice(0, -1).reduce((t, p, i) => t + parseDuration(p.duration, `workload.phases[${i}].duration`), 0);
}

/**
 * The simulation config of a page state.
 * @param replayed the fitted config of a dropped telemetry file, if this tab holds one
 * @throws {@link ScavsimError} for an unknown preset (`scenario`) or a bad override
 */
export function configFor(state: PageState, replayed?: SimConfig): SimConfig {
  const base = applyOverrides(presetOf(state, replayed), overridesOf(state));
  const hogStart = state.hogStart ?? defaultHogStart(base);
  return produce(base, (d) => {
    const go = d.processes.find((p) => p.kind === 'go') as Draft<GoProcessConfig>;
    // `cgroup-limit=off` lifts the preset's own limits (the CLI has no such flag; a size is the CLI's --cgroup-limit).
    if (state.cgroupLimit === 'off') for (const c of d.cgroups ?? []) liftLimit(c);
    if (state.freeosmemory !== undefined) {
      go.workload.actions = [...(go.workload.actions ?? []), { at: state.freeosmemory, kind: 'freeOSMemory' }];
    }
    if (state.hog !== undefined) {
      const hog: PlainProcessSpec = {
        kind: 'plain', name: HOG_NAME, ...(go.cgroup === undefined ? {} : { cgroup: go.cgroup }),
        schedule: { startMs: hogStart, stepBytes: HOG_STEP, intervalMs: HOG_INTERVAL_MS, targetBytes: state.hog },
      };
      d.processes.push(hog as Draft<PlainProcessSpec>);
    }
  });
}

function liftLimit(c: Draft<CgroupConfig>): void {
  delete c['memory.limit_in_bytes'];
  delete c['memory.max'];
  c.limit = 'max';
}

/** The limit (bytes) of the cgroup the first Go process runs in, if it has one. */
export function goCgroupLimit(config: SimConfig): number | undefined {
  const name = firstGo(config).cgroup;
  const c = name === undefined ? undefined : config.cgroups?.find((x) => x.name === name);
  if (c === undefined) return undefined;
  const l = c.limit ?? c['memory.max'] ?? c['memory.limit_in_bytes'];
  return l === undefined || l === 'max' ? undefined : parseSize(l, 'cgroup-limit');
}

/**
 * Maps a config path in an engine error back to the query key a user of the page changes
 * (`processes[0].gomemlimit` → `gomemlimit`, `machine.memTotal` → `mem-total`), so the message
 * names what the page calls it.
 */
export function queryField(e: ScavsimError): ScavsimError {
  const rules: [RegExp, string][] = [
    [/^processes\[\d+\]\.(go|gogc|gomemlimit)$/, '$1'],
    [/^processes\[\d+\]\.godebug(\..*)?$/, 'godebug$1'],
    [/^machine\.kernel$/, 'kernel'],
    [/^machine\.memTotal$/, 'mem-total'],
    [/^machine\.thp$/, 'thp'],
    [/^cgroups\[\d+\]\.(limit|memory\.max|memory\.limit_in_bytes)$/, 'cgroup-limit'],
    [/^processes\[\d+\]\.schedule\..*$/, 'hog'],
    [/^processes\[\d+\]\.workload\.actions\[\d+\]\.at$/, 'freeosmemory'],
  ];
  for (const [re, to] of rules) {
    if (re.test(e.field)) return renamed(e.code, e.field.replace(re, to), e.field, e.message, e.accepted);
  }
  return e;
}

/**
 * A {@link ScavsimError} under another field name, from the parts of one (as it comes back from
 * the worker, where only plain data crosses): its message without the old `field: ` prefix and
 * ` (accepted: …)` suffix, which the constructor writes again.
 */
export function renamed(code: ScavsimErrorCode, field: string, oldField: string, fullMessage: string, accepted: string | undefined): ScavsimError {
  const message = fullMessage.slice(oldField.length + 2).replace(/ \(accepted: .*\)$/, '');
  return new ScavsimError(code, field, message, accepted);
}
