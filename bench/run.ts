/**
 * `pnpm bench`: every scavsim benchmark, printed as it finishes and written to
 * bench/results.json with the machine it ran on. See docs/performance.md for the targets and
 * how to read the figures.
 *
 *   pnpm bench                 # all of them (a few minutes)
 *   pnpm bench --skip-tib      # without the 1 TiB heap
 *   pnpm bench --no-docs       # do not rewrite the figures block of docs/performance.md
 *   pnpm bench --only-web      # only the interactive page (its own block of figures and results.json key)
 *   pnpm bench --only-incident # only simulate() of incident-go1.15 as registered (its results.json key; printed)
 *   pnpm bench --sweep-only    # only the sweep speed-up (6.), printed, nothing written
 *   pnpm bench --small-log     # read a 200 MiB gctrace log instead of 1 GiB
 *   pnpm bench --cli-streaming-only  # only the CLI's 1 h and 24 h JSONL runs (6.), printed, nothing written
 *
 * Benchmarks never assert wall-clock thresholds; the only hard failure is the engine and the
 * reference model disagreeing on the command sequence (exit code 1).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GiB, TiB } from '../packages/core/src/units.js';
import { benchPageTransitions, type TargetTiming, type TimeTarget } from './page-transitions.js';
import type { benchIncidentHour } from './incident-hour.js';
import { describeIncidentRun, type IncidentRunFigures } from './incident-run.js';
import { realFreeosmemory, type FreeosmemorySimFigures } from './freeosmemory.js';
import type { ScalingFigures } from './scaling.js';
import { describeWebFigures, updateWebDocs, type WebPageFigures } from './web-page.js';
import { benchSweep, type SweepFigures } from './sweep.js';
import { benchTempDir, rmSync, type GctraceReadFigures, type PrometheusReadFigures, type ReplayHourFigures } from './replay.js';
import type { StreamingFigures } from './streaming.js';
import { benchCliRun, canMeasureCli, type CliStreamingFigures } from './cli-streaming.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const FREEOSMEMORY_TRACE = join(root, 'test/fixtures/traces/go1.15.15_madv0_freeosmemory.jsonl');

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;

function child<T>(...childArgs: string[]): T {
  const r = spawnSync(process.execPath, [...process.execArgv, join(here, 'child.ts'), ...childArgs], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench child ${childArgs.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  memTotalBytes: os.totalmem(),
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
};
console.log(`scavsim bench on ${machine.cpu} × ${machine.cores}, node ${machine.node}, ${machine.platform}`);
const started = new Date();
const PERFORMANCE_DOC = join(root, 'docs/performance.md');

/** The interactive page in headless Chromium (bench/web-page.ts). */
function benchPage(): WebPageFigures {
  console.log('\n7. The interactive page (packages/web) in headless Chromium, incident-go1.15');
  const web = child<WebPageFigures>('web-page');
  for (const line of describeWebFigures(web)) console.log(line);
  return web;
}

/** simulate() of the registered incident, the page's engine time (bench/incident-run.ts). */
function benchIncidentRunSection(): IncidentRunFigures {
  console.log('\n2b. incident-go1.15 as registered (12.5 simulated minutes): simulate() in node');
  const x = child<IncidentRunFigures>('incident-run');
  console.log(`   ${describeIncidentRun(x)}`);
  return x;
}

if (args.includes('--only-incident')) {
  const x = benchIncidentRunSection();
  const path = join(here, 'results.json');
  const previous = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  writeFileSync(path, `${JSON.stringify({ ...previous, incidentRun: { ...x, date: started.toISOString() } }, null, 2)}\n`);
  process.exit(0);
}

if (args.includes('--only-web')) {
  const web = benchPage();
  const path = join(here, 'results.json');
  const previous = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  writeFileSync(path, `${JSON.stringify({ ...previous, webPage: { ...web, date: started.toISOString() } }, null, 2)}\n`);
  if (!args.includes('--no-docs')) updateWebDocs(PERFORMANCE_DOC, web, started.toISOString(), machine.cores);
  process.exit(0);
}

/** 6. Runs the sweep on 1 and 2 workers and prints the figures. */
async function sweepSection(): Promise<SweepFigures> {
  console.log('\n6. Sweep: one grid on 1 and 2 worker processes');
  const sw = await benchSweep();
  for (const t of sw.timings) {
    console.log(`   ${t.workers} worker${t.workers === 1 ? ' ' : 's'}: ${t.runs} runs in ${(t.wallMs / 1000).toFixed(1)} s (pool start ${(t.startMs / 1000).toFixed(1)} s), ${t.runsPerSec.toFixed(2)} runs/s, ${t.runsPerSecRunning.toFixed(2)} runs/s once started`);
  }
  console.log(`   speed-up 1 → 2 workers ${sw.speedup.toFixed(2)}× with pool start, ${sw.speedupRunning.toFixed(2)}× once started (target ≥ 1.8×; load average ${os.loadavg()[0]!.toFixed(1)})`);
  return sw;
}
if (args.includes('--cli-streaming-only')) {
  for (const d of ['1h', '24h']) {
    const x = benchCliRun(root, d);
    console.log(`${d}: ${mib(x.bytesWritten)} written in ${(x.wallMs / 1000).toFixed(1)} s, CLI peak RSS ${mib(x.peakRssBytes)}`);
  }
  process.exit(0);
}
if (args.includes('--sweep-only')) {
  await sweepSection();
  process.exit(0);
}

console.log('\n1. Page transitions: engine vs reference model, same command sequence');
// Each target is timed in a process of its own (page-transitions.ts says why).
const timeInChild: TimeTarget = (kind, n, repeats) => child<TargetTiming>('page-transitions', kind, String(n), String(repeats));
const pt = benchPageTransitions(6000, 200, 5, timeInChild, 3);
console.log(`   ${pt.commands} commands, ${pt.pageTransitions} page transitions, heap at the end ${mib(pt.heapSysBytes)}, identical output: ${pt.identical}`);
const each = (xs: readonly number[], d: number): string => xs.map((x) => x.toFixed(d)).join(', ');
console.log(`   engine    ${(pt.engineTransitionsPerSec / 1e6).toFixed(2)} M transitions/s (${pt.engineMs.toFixed(2)} ms for the calls; best of each process: ${each(pt.engineMsEach, 2)})`);
console.log(`   reference ${(pt.referenceTransitionsPerSec / 1e6).toFixed(3)} M transitions/s (${pt.referenceMs.toFixed(1)} ms; best of each process: ${each(pt.referenceMsEach, 1)})`);
console.log(`   ratio     ${pt.ratio.toFixed(1)}×  (target ≥ 50×); through the runner ${pt.ratioWithRunner.toFixed(1)}× (engine ${pt.engineWithRunnerMs.toFixed(2)} ms, reference ${pt.referenceWithRunnerMs.toFixed(1)} ms)`);
// The same generator, shorter and longer: the reference's work per command grows with the heap
// and the engine's does not, so this is how the ratio moves with heap size.
const ptByLength = [2000, 4000, 8000, 10_000, 20_000].map((n) => benchPageTransitions(n, n > 6000 ? 50 : 200, n > 6000 ? 3 : 5, timeInChild));
for (const p of ptByLength) {
  console.log(`   ${String(p.commands).padStart(6)} commands, heap ${mib(p.heapSysBytes).padStart(10)}: ratio ${p.ratio.toFixed(1).padStart(6)}× (through the runner ${p.ratioWithRunner.toFixed(1)}×), identical output: ${p.identical}`);
}

console.log('\n2. incident-go1.15 for one simulated hour (10 ms ticks)');
// In its own process, like the other timed benchmarks: what ran before in this one (the page
// transitions) leaves V8 with type feedback that slows the engine's first runs.
const ih = child<ReturnType<typeof benchIncidentHour>>('incident-hour');
console.log(`   ${ih.wallMs.toFixed(0)} ms wall for ${ih.simulatedSeconds} s: ${ih.simSecondsPerWallSecond.toFixed(0)} simulated s per wall s (target ≥ 10 000); peak VmRSS ${mib(ih.peakVmRss)}`);

const incidentRun = benchIncidentRunSection();

console.log('\n3. Scaling with heap size (each in its own node process)');
const baseline = child<{ peakRssBytes: number }>('baseline');
console.log(`   node + tsx baseline peak RSS ${mib(baseline.peakRssBytes)}`);
const sizes: [number, string][] = [[GiB, '1 GiB'], [64 * GiB, '64 GiB'], [TiB, '1 TiB']];
const scaling: ScalingFigures[] = [];
for (const [bytes, label] of sizes) {
  if (bytes === TiB && args.includes('--skip-tib')) continue;
  const s = child<ScalingFigures>('scaling', String(bytes), label);
  scaling.push(s);
  console.log(`   ${label.padEnd(7)} build ${s.buildMs.toFixed(0).padStart(6)} ms, idle tick ${s.idleTickUs.toFixed(2).padStart(8)} µs, busy tick ${s.busyTickUs.toFixed(1).padStart(8)} µs, peak node RSS ${mib(s.peakRssBytes)} (simulated VmRSS ${mib(s.simulatedVmRss)})`);
}

console.log('\n4. freeosmemory (fidelity probe scenario): simulated vs real');
const fs = child<FreeosmemorySimFigures>('freeosmemory', FREEOSMEMORY_TRACE);
console.log(`   simulated ${fs.simulatedSeconds} s in ${fs.wallMs.toFixed(0)} ms wall, node peak RSS ${mib(fs.peakRssBytes)}`);
const real = realFreeosmemory(FREEOSMEMORY_TRACE);
console.log(`   real (${real.source}) ${(real.wallMs / 1000).toFixed(1)} s wall, peak RSS ${mib(real.peakRssBytes)} — ${real.note}`);

const sweep = await sweepSection();
console.log('\n5. Replay (issue 13): one hour of telemetry at 1 s; reading a gctrace log and a Prometheus export of 100 MiB and 1 GiB');
const rh = child<ReplayHourFigures>('replay-hour');
console.log(`   ${rh.telemetrySeconds} s of a Prometheus export (${rh.seriesPoints} points per series): read ${rh.readMs.toFixed(0)} ms, fit ${rh.fitMs.toFixed(0)} ms (${rh.phases} phases), replay ${rh.replayMs.toFixed(0)} ms = ${rh.totalMs.toFixed(0)} ms (target < 5000); peak RSS ${mib(rh.peakRssBytes)}`);
const logDir = benchTempDir();
const gctraceReads: GctraceReadFigures[] = [];
const promReads: PrometheusReadFigures[] = [];
try {
  for (const bytes of [100 * 2 ** 20, args.includes('--small-log') ? 200 * 2 ** 20 : 2 ** 30]) {
    const path = join(logDir, `gctrace-${bytes}.log`);
    child<{ gcLines: number }>('gctrace-write', path, String(bytes));
    const g = child<GctraceReadFigures>('gctrace-read', path);
    gctraceReads.push(g);
    rmSync(path, { force: true });
    console.log(`   ${mib(g.fileBytes).padStart(12)} log, ${g.gcLines} trace lines: read in ${(g.readMs / 1000).toFixed(1)} s (${(g.fileBytes / 2 ** 20 / (g.readMs / 1000)).toFixed(0)} MiB/s), ${g.gcsKept} GC records kept, peak RSS ${mib(g.peakRssBytes)} (target: flat)`);
  }
  for (const bytes of [100 * 2 ** 20, args.includes('--small-log') ? 200 * 2 ** 20 : 2 ** 30]) {
    const path = join(logDir, `export-${bytes}.json`);
    const w = child<{ points: number }>('prom-write', path, String(bytes));
    const p = child<PrometheusReadFigures>('prom-read', path, String(w.points));
    promReads.push(p);
    rmSync(path, { force: true });
    console.log(`   ${mib(p.fileBytes).padStart(12)} Prometheus export, ${p.series} series, ${p.points} points: read in ${(p.readMs / 1000).toFixed(1)} s (${(p.fileBytes / 2 ** 20 / (p.readMs / 1000)).toFixed(0)} MiB/s), ${p.pointsKept} points kept, peak RSS ${mib(p.peakRssBytes)} (target: flat)`);
  }
} finally {
  rmSync(logDir, { recursive: true, force: true });
}
console.log('\n6. Streaming: incident-go1.15 at 100 ms samples as JSONL to /dev/null, samples written as they are made');
const streamHour = child<StreamingFigures>('stream-jsonl', '1h');
const streamDay = child<StreamingFigures>('stream-jsonl', '24h');
const streamRatio = streamDay.peakRssBytes / streamHour.peakRssBytes;
for (const x of [streamHour, streamDay]) {
  console.log(`   ${x.duration.padStart(3)}: ${x.samples} samples, ${mib(x.bytesWritten)} written in ${x.wallMs.toFixed(0)} ms, node peak RSS ${mib(x.peakRssBytes)}`);
}
console.log(`   day ÷ hour peak RSS ${streamRatio.toFixed(3)} (target ≤ 1.2)`);
console.log('   the same through the real CLI process: scavsim run incident-go1.15 --duration D --sample-interval 100ms --format jsonl --out F');
let cliStreaming: { hour: CliStreamingFigures; day: CliStreamingFigures; peakRssRatio: number } | undefined;
if (canMeasureCli()) {
  const hour = benchCliRun(root, '1h');
  const day = benchCliRun(root, '24h');
  cliStreaming = { hour, day, peakRssRatio: day.peakRssBytes / hour.peakRssBytes };
  for (const x of [hour, day]) console.log(`   ${x.duration.padStart(3)}: ${mib(x.bytesWritten)} written in ${(x.wallMs / 1000).toFixed(1)} s, CLI peak RSS ${mib(x.peakRssBytes)}`);
  console.log(`   day ÷ hour CLI peak RSS ${cliStreaming.peakRssRatio.toFixed(3)} (target ≤ 1.2)`);
} else {
  console.log('   skipped: no /usr/bin/time (GNU time) to measure the CLI process');
}

const web = benchPage();

const results = {
  date: started.toISOString(),
  machine,
  pageTransitions: pt,
  pageTransitionsByLength: ptByLength,
  incidentHour: ih,
  incidentRun,
  scaling: { nodeBaselinePeakRssBytes: baseline.peakRssBytes, sizes: scaling },
  freeosmemory: { simulated: { ...fs, trace: 'test/fixtures/traces/go1.15.15_madv0_freeosmemory.jsonl' }, real },
  webPage: { ...web, date: started.toISOString() },
  sweep,
  replay: { hour: rh, gctraceReads, promReads },
  streaming: { hour: streamHour, day: streamDay, peakRssRatio: streamRatio, cli: cliStreaming },
};
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote bench/results.json (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
if (!args.includes('--no-docs')) {
  updateDocs();
  updateWebDocs(PERFORMANCE_DOC, web, started.toISOString(), machine.cores);
}

/** Rewrites the figures block of docs/performance.md from this run (between its markers). */
function updateDocs(): void {
  const path = PERFORMANCE_DOC;
  let doc: string;
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) return;
  const us = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));
  const lines = [
    begin,
    `Run of ${results.date} on ${machine.cpu} × ${machine.cores} cores, ${(machine.memTotalBytes / 2 ** 30).toFixed(0)} GiB, node ${machine.node}, ${machine.platform} (\`bench/results.json\`).`,
    '',
    '| figure | result | target |',
    '|---|---|---|',
    `| page transitions, engine | ${(pt.engineTransitionsPerSec / 1e6).toFixed(1)} M/s (${pt.engineMs.toFixed(2)} ms for ${pt.commands} commands, ${pt.pageTransitions} transitions, heap ${mib(pt.heapSysBytes)}; median of ${pt.processes} processes: ${each(pt.engineMsEach, 2)} ms) | |`,
    `| page transitions, reference model | ${(pt.referenceTransitionsPerSec / 1e6).toFixed(2)} M/s (${pt.referenceMs.toFixed(1)} ms; median of ${pt.processes} processes: ${each(pt.referenceMsEach, 1)} ms) | |`,
    `| engine ÷ reference, ${pt.commands} commands | ${pt.ratio.toFixed(1)}× (through the runner: ${pt.ratioWithRunner.toFixed(1)}×) | ≥ 50× |`,
    `| identical output (every step, every call, final counters) | ${pt.identical ? 'yes' : '**no**'} | yes |`,
    ...ptByLength.map((p) => `| engine ÷ reference, ${p.commands} commands (heap ${mib(p.heapSysBytes)}) | ${p.ratio.toFixed(1)}× (through the runner: ${p.ratioWithRunner.toFixed(1)}×; identical: ${p.identical ? 'yes' : '**no**'}) | |`),
    `| incident-go1.15, 1 simulated hour | ${ih.wallMs.toFixed(0)} ms wall: ${ih.simSecondsPerWallSecond.toFixed(0)} simulated s per wall s (peak VmRSS ${mib(ih.peakVmRss)}) | ≥ 10 000 |`,
    `| incident-go1.15 as registered (12.5 simulated min), simulate() | ${incidentRun.wallMedianMs.toFixed(0)} ms wall median (p90 ${incidentRun.wallP90Ms.toFixed(0)} ms), ${incidentRun.cpuMedianMs.toFixed(0)} ms CPU median, ${incidentRun.wallMsEach.length} runs; load average ${incidentRun.loadAverage.start.toFixed(1)} → ${incidentRun.loadAverage.end.toFixed(1)} | < 100 ms for the page |`,
    ...scaling.map((x) => `| heap ${x.heapLabel}: idle tick / busy tick / node peak RSS | ${us(x.idleTickUs)} µs / ${us(x.busyTickUs)} µs / ${mib(x.peakRssBytes)} (build ${x.buildMs.toFixed(0)} ms) | idle flat in heap size; 1 TiB ≤ 256 MiB |`),
    `| node + tsx alone, peak RSS | ${mib(baseline.peakRssBytes)} | |`,
    `| freeosmemory simulated (${fs.simulatedSeconds} s) | ${fs.wallMs.toFixed(0)} ms wall, node peak RSS ${mib(fs.peakRssBytes)} | |`,
    `| freeosmemory real (${real.source}) | ${(real.wallMs / 1000).toFixed(1)} s wall, peak RSS ${mib(real.peakRssBytes)} | |`,
    ...sweep.timings.map((t) => `| sweep, ${t.workers} worker${t.workers === 1 ? '' : 's'} (${t.runs} incident runs) | ${(t.wallMs / 1000).toFixed(1)} s incl. ${(t.startMs / 1000).toFixed(1)} s pool start; ${t.runsPerSec.toFixed(2)} runs/s (${t.runsPerSecRunning.toFixed(2)} once started) | |`),
    `| sweep speed-up, 1 → 2 workers | ${sweep.speedup.toFixed(2)}× (${sweep.speedupRunning.toFixed(2)}× once started) | ≥ 1.8× |`,
    `| replay: read + fit + replay one hour of telemetry at 1 s | ${rh.totalMs.toFixed(0)} ms (read ${rh.readMs.toFixed(0)}, fit ${rh.fitMs.toFixed(0)}, replay ${rh.replayMs.toFixed(0)}) | < 5000 ms |`,
    ...gctraceReads.map((g) => `| replay: read a ${mib(g.fileBytes)} gctrace log | ${(g.readMs / 1000).toFixed(1)} s, peak RSS ${mib(g.peakRssBytes)} | flat in log size |`),
    ...promReads.map((p) => `| replay: read a ${mib(p.fileBytes)} Prometheus export (streamed) | ${(p.readMs / 1000).toFixed(1)} s, peak RSS ${mib(p.peakRssBytes)} | flat in export size |`),
    `| incident as JSONL, 100 ms samples, streamed: 1 h / 24 h node peak RSS | ${mib(streamHour.peakRssBytes)} / ${mib(streamDay.peakRssBytes)} (×${streamRatio.toFixed(2)}; ${mib(streamDay.bytesWritten)} written in ${(streamDay.wallMs / 1000).toFixed(1)} s) | 24 h within 20 % of 1 h |`,
    ...(cliStreaming === undefined ? [] : [`| \`scavsim run incident-go1.15 --format jsonl\` (the CLI process), 100 ms samples: 1 h / 24 h peak RSS | ${mib(cliStreaming.hour.peakRssBytes)} / ${mib(cliStreaming.day.peakRssBytes)} (×${cliStreaming.peakRssRatio.toFixed(2)}; ${mib(cliStreaming.day.bytesWritten)} written in ${(cliStreaming.day.wallMs / 1000).toFixed(1)} s) | 24 h within 20 % of 1 h |`]),
    end,
  ];
  writeFileSync(path, doc.slice(0, i) + lines.join('\n') + doc.slice(j + end.length));
  console.log('updated the figures in docs/performance.md');
}
if (!pt.identical || ptByLength.some((p) => !p.identical)) {
  console.error('engine and reference model disagree on the command sequence');
  process.exitCode = 1;
}
