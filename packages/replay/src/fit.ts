/**
 * The fit: from a run's telemetry and what the user knows of it, the settings and the
 * workload that reproduce it, as an ordinary scavsim config (and scenario file).
 *
 * Each setting is resolved as `settings.ts` says (observed flag, else telemetry, else a stated
 * default); the Go version from the telemetry is a probe header or `go_info` when present, else
 * the newest version whose runtime prints the log's line layouts. The inference itself is
 * `infer.ts`, the workload `workload-fit.ts`.
 *
 * What the model does not hold of RSS (the binary's mapped pages, cgo, runtime metadata beyond
 * the model's own estimate) is given to the process as file-backed RSS, so that the replayed
 * RSS starts from the observed floor; without an RSS series it is the model's default.
 *
 * @module
 */
import {
  DEFAULT_THP_MODE, formatGoVersion, GiB, GODEBUG_KEYS, MiB, NEWEST_KNOWN_GO, nonHeapResidentBytes, parseGoVersion, parseSize, parseThpMode, policyRowFor,
  type GoProcessConfig, type SimConfig, type WorkloadConfig,
} from '@scavsim/core';
import { inferFromRss, inferGogc, inferMemoryLimit, rssSeries, type RssEvidence } from './infer.js';
import { checkObserved, mergeGodebug, type ObservedSettings, type ResolvedSettings, type Setting } from './settings.js';
import type { Telemetry } from './telemetry.js';
import { fitWorkload } from './workload-fit.js';
import { observedGcTimes } from './gc-schedule.js';

/** The model's file-backed RSS when nothing tells it (`GoProcessConfig.fileRss`'s default). */
const DEFAULT_FILE_RSS = 1.5 * MiB;
/** The kernel when nothing tells it: the measured machine's (`MachineConfig.kernel`'s default). */
const DEFAULT_KERNEL = '6.18.44';
/** Name of the replayed process. */
export const REPLAY_PROCESS = 'replayed';

/** A scenario file as `scavsim run FILE` reads it. */
export interface ScenarioDocument {
  readonly name: string;
  readonly title: string;
  readonly teaches: string;
  readonly config: SimConfig;
}

/** The result of {@link fitRun}. */
export interface Fit {
  /** The telemetry fitted. */
  readonly telemetry: Telemetry;
  /** The settings of the observed run, each with its source. */
  readonly settings: ResolvedSettings;
  /** RSS the model does not hold, given to the process as file-backed pages. */
  readonly extraRss: Setting<number>;
  /** The fitted workload. */
  readonly workload: WorkloadConfig;
  /**
   * The observed run's GC times (ms), which the replay's GCs follow under the observed pacer
   * settings (`gc-schedule.ts`); null when the telemetry does not tell them one by one.
   */
  readonly gcTimes: readonly number[] | null;
  /** The replay of the observed run as a config (observed settings). */
  readonly config: SimConfig;
  /** The same as a scenario file (`--emit-scenario`). */
  readonly scenario: ScenarioDocument;
  /** How the workload was fitted, in sentences. */
  readonly notes: readonly string[];
}

const obs = <T>(value: T, flag: string): Setting<T> => ({ value, source: 'observed', why: `given (--${flag})` });
const tel = <T>(value: T, why: string): Setting<T> => ({ value, source: 'telemetry', why });
const def = <T>(value: T, why: string): Setting<T> => ({ value, source: 'default', why });

function resolveGo(t: Telemetry, o: ObservedSettings): Setting<string> {
  if (o.go !== undefined) return obs(formatGoVersion(parseGoVersion(String(o.go), '--go')), 'go');
  const f = t.facts.go;
  if (f !== undefined) {
    try {
      return tel(formatGoVersion(parseGoVersion(f.value.replace(/^go/, ''), 'go')), f.from);
    } catch {
      // A version scavsim has no policy for (a devel build): fall through to the layouts.
    }
  }
  if (t.goMinors.length > 0) {
    const newest = t.goMinors[t.goMinors.length - 1]!;
    const range = t.goMinors.length === 1 ? `go1.${newest}` : `go1.${t.goMinors[0]}–go1.${newest}`;
    return tel(`go1.${newest}`, `the gctrace line layouts are printed by ${range}; the newest of them`);
  }
  return def(formatGoVersion(NEWEST_KNOWN_GO), 'nothing in the telemetry tells the Go version; the newest scavsim knows');
}

/** Keeps the GODEBUG settings scavsim models (a service's GODEBUG may hold others: `gctrace`, `http2client`). */
function modelledGodebug(s: string): string {
  return s.split(',').map((kv) => kv.trim()).filter((kv) => kv.split('=')[0]! in GODEBUG_KEYS && !/^(gctrace|scavtrace)=/.test(kv)).join(',');
}

function resolveGodebug(t: Telemetry, o: ObservedSettings, go: string, rss: RssEvidence): Setting<string> {
  if (o.godebug !== undefined) return obs(modelledGodebug(o.godebug), 'godebug');
  const stated = t.facts.godebug !== undefined ? modelledGodebug(t.facts.godebug.value) : '';
  if (stated.includes('madvdontneed')) return tel(stated, t.facts.godebug!.from);
  const row = policyRowFor(parseGoVersion(go.replace(/^go/, '')));
  if (rss.advice !== null && row.madvdontneedKnob !== 'absent') {
    const want = rss.advice.value === 'MADV_FREE' ? 'madvdontneed=0' : 'madvdontneed=1';
    const isDefault = (row.adviceDefault === 'MADV_FREE') === (rss.advice.value === 'MADV_FREE');
    // The version's default needs no setting (and a what-if of another version then takes that one's default).
    return tel(isDefault ? stated : mergeGodebug(stated, want), `${rss.advice.evidence}: ${rss.advice.value}${isDefault ? ` (the ${go} default)` : ''}`);
  }
  return def(stated, `${go}'s default advice (${row.adviceDefault}); the telemetry does not show which one released memory took`);
}

/**
 * Fits a workload and settings to a run's telemetry. `observed` are the settings the user
 * knows of that run; they win over what the telemetry suggests.
 * @throws {@link ScavsimError} for invalid settings (naming the flag) or telemetry that says too little
 */
export function fitRun(t: Telemetry, observed: ObservedSettings = {}): Fit {
  const o = checkObserved(observed);
  const go = resolveGo(t, o);
  const rss = inferFromRss(t);
  const godebug = resolveGodebug(t, o, go.value, rss);
  let gogc: Setting<number | 'off'>;
  if (o.gogc !== undefined) gogc = obs(o.gogc, 'gogc');
  else if (t.facts.gogc !== undefined && /^(\d+|off)$/.test(t.facts.gogc.value)) {
    gogc = tel(t.facts.gogc.value === 'off' ? 'off' : Number(t.facts.gogc.value), t.facts.gogc.from);
  } else {
    const g = inferGogc(t);
    gogc = g !== null ? tel(g.value, g.evidence) : def(100, 'the Go default; the telemetry shows no GC goal to infer it from');
  }
  const gogcNum = gogc.value === 'off' ? -1 : gogc.value;
  const minor = parseGoVersion(go.value.replace(/^go/, '')).minor;
  let gomemlimit: Setting<number | 'off'>;
  if (o.gomemlimit !== undefined) gomemlimit = obs(o.gomemlimit === 'off' ? 'off' : parseSize(o.gomemlimit, '--gomemlimit'), 'gomemlimit');
  else if (t.facts.gomemlimit !== undefined && /^\d+/.test(t.facts.gomemlimit.value) && minor >= 19) {
    gomemlimit = tel(parseSize(t.facts.gomemlimit.value, 'GOMEMLIMIT'), t.facts.gomemlimit.from);
  } else {
    const l = minor >= 19 && gogcNum > 0 ? inferMemoryLimit(t, gogcNum) : null;
    gomemlimit = l !== null ? tel(l.value, l.evidence) : def('off', 'no GC goal was capped below GOGC\'s');
  }
  const kernel = o.kernel !== undefined ? obs(String(o.kernel), 'kernel')
    : t.facts.kernel !== undefined ? tel(t.facts.kernel.value, t.facts.kernel.from)
      : def(DEFAULT_KERNEL, 'the telemetry does not tell the kernel; scavsim\'s default (the measured machine)');
  const rssS = rssSeries(t);
  let peakRss = 0;
  if (rssS !== null) for (const v of rssS.series.v) peakRss = Math.max(peakRss, v);
  const memTotal = o.memTotal !== undefined ? obs(parseSize(o.memTotal, '--mem-total'), 'mem-total')
    : def(Math.max(16 * GiB, 2 ** Math.ceil(Math.log2(Math.max(1, 4 * peakRss)))), 'not in the telemetry; large enough that nothing presses on memory');
  const cgroupLimit = o.cgroupLimit !== undefined ? obs(o.cgroupLimit === 'off' ? 'off' as const : parseSize(o.cgroupLimit, '--cgroup-limit'), 'cgroup-limit')
    : def('off' as const, 'not in the telemetry; no memory cgroup limit');
  const gomaxprocs = o.gomaxprocs !== undefined ? obs(o.gomaxprocs, 'gomaxprocs')
    : t.facts.gomaxprocs !== undefined ? tel(Number(t.facts.gomaxprocs.value), t.facts.gomaxprocs.from)
      : def(2, 'not in the telemetry; scavsim\'s default');
  const swap = o.swap !== undefined ? obs(parseSize(o.swap, '--swap'), 'swap') : def(0, 'not in the telemetry; no swap');
  const thp = o.thp !== undefined ? obs(parseThpMode(o.thp, '--thp'), 'thp')
    : t.facts.thp !== undefined ? tel(parseThpMode(t.facts.thp.value, t.facts.thp.from), t.facts.thp.from)
      : def(DEFAULT_THP_MODE, 'not in the telemetry; scavsim\'s default (the measured machine)');
  const settings: ResolvedSettings = { go, kernel, godebug, gogc, gomemlimit, memTotal, swap, thp, cgroupLimit, gomaxprocs };

  const endMs = Math.max(1, Math.ceil(t.endMs));
  const schedule = observedGcTimes(t, gomemlimit.value !== 'off');
  const { workload, notes } = fitWorkload(t, gogcNum, endMs, schedule.times === null ? 'pacer' : t.gcs.length > 0 ? 'log' : 'series');
  let peakHeapSys = 0;
  for (const v of t.series.HeapSys?.v ?? []) peakHeapSys = Math.max(peakHeapSys, v);
  const modelNonHeap = nonHeapResidentBytes(parseGoVersion(go.value.replace(/^go/, '')), peakHeapSys);
  const extraRss: Setting<number> = rss.nonHeapResident !== null
    ? tel(Math.max(0, Math.round(rss.nonHeapResident.value - modelNonHeap)),
      `${rss.nonHeapResident.evidence}: ${Math.round(rss.nonHeapResident.value / MiB)} MiB outside the heap, of which the model holds ${Math.round(modelNonHeap / MiB)} MiB`)
    : def(DEFAULT_FILE_RSS, 'no RSS series: the model\'s default binary size');
  const gcTimes = schedule.times;
  notes.push(schedule.times !== null
    ? `GC times: the ${schedule.times.length} GCs of ${schedule.from}, followed while GOGC, GOMEMLIMIT and the Go version are the observed ones`
    : `GC times: the pacer's (${schedule.why})`);
  const config = buildConfig(settings, extraRss.value, workload, endMs, t.endMs - t.startMs, gcTimes);
  const scenario: ScenarioDocument = {
    name: 'replay',
    title: `Replay of ${t.files.map((f) => f.name).join(' + ')}`,
    teaches: 'Fitted by `scavsim replay` from the telemetry of a real run: edit the phases or the settings and run it with `scavsim run FILE`.',
    config,
  };
  return { telemetry: t, settings, extraRss, workload, gcTimes, config, scenario, notes };
}

/** The config of a replay under `s`, its GCs at `gcTimes` when given. */
export function buildConfig(
  s: ResolvedSettings, extraRss: number, workload: WorkloadConfig, endMs: number, spanMs: number, gcTimes: readonly number[] | null = null,
): SimConfig {
  // 100 ms samples as the probe takes them, coarser when the run is long (at most ~100 000 samples).
  const sample = Math.max(100, Math.ceil(spanMs / 100_000 / 100) * 100);
  const godebug = s.godebug.value;
  const process: GoProcessConfig = {
    kind: 'go', name: REPLAY_PROCESS, go: s.go.value.replace(/^go/, ''), gogc: s.gogc.value, gomaxprocs: s.gomaxprocs.value,
    fileRss: extraRss, workload,
    ...(gcTimes !== null && gcTimes.length > 0 ? { gcTimes } : {}),
    ...(godebug !== '' ? { godebug } : {}),
    ...(s.gomemlimit.value !== 'off' ? { gomemlimit: s.gomemlimit.value } : {}),
    ...(s.cgroupLimit.value !== 'off' ? { cgroup: 'container' } : {}),
  };
  return {
    scenario: 'replay', seed: 1, sample, duration: endMs,
    machine: { memTotal: s.memTotal.value, kernel: s.kernel.value, thp: s.thp.value, ...(s.swap.value > 0 ? { swapTotal: s.swap.value } : {}) },
    ...(s.cgroupLimit.value !== 'off' ? { cgroups: [{ name: 'container', version: 2, limit: s.cgroupLimit.value }] } : {}),
    processes: [process],
  };
}
