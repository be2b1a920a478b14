/**
 * The fidelity probe's `freeosmemory` scenario (hold 8 × 64 MiB, drop, `debug.FreeOSMemory()`,
 * idle 20 s; test/fixtures/traces/README.md): simulated from the recorded trace's header,
 * beside the real probe run.
 *
 * The simulation runs in its own node process (bench/child.ts) so that its peak RSS is its
 * own. The real run needs a Go toolchain and the probe's source: with `go` on PATH and
 * `SCAVSIM_PROBE_DIR` naming the probe's directory (its `main.go`), the probe is built and run
 * with the trace's flags under `/usr/bin/time` (wall time, peak RSS). Without them the real
 * figures are read from the recorded trace instead: its wall time is its last `t_ms` (the
 * probe runs in real time) and its peak memory the largest `VmHWM` it sampled, and the result
 * says `source: "recorded trace"`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../packages/core/src/index.js';
import { configFromProbeScenario } from '../packages/report/src/fidelity/probe-config.js';
import { scenarioFromHeader } from '../packages/report/src/fidelity/scenario-from-header.js';
import { readTraceFile } from '../packages/cli/src/files.js';

/** The simulated side. */
export interface FreeosmemorySimFigures {
  readonly trace: string;
  readonly simulatedSeconds: number;
  readonly wallMs: number;
  readonly peakRssBytes: number;
}

/** The real side. */
export interface FreeosmemoryRealFigures {
  readonly source: 'probe run' | 'recorded trace';
  readonly wallMs: number;
  readonly peakRssBytes: number;
  readonly note: string;
}

/** Simulates the run `tracePath` recorded (call in a fresh process for a clean peak RSS). */
export function benchFreeosmemorySim(tracePath: string): FreeosmemorySimFigures {
  const real = readTraceFile(tracePath);
  const config = configFromProbeScenario(scenarioFromHeader(real.header), 'bench-freeosmemory');
  const t0 = performance.now();
  const r = simulate(config);
  const wallMs = performance.now() - t0;
  const last = r.samples[r.samples.length - 1];
  return { trace: tracePath, simulatedSeconds: Number(last?.t_ms ?? 0) / 1000, wallMs, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** The real probe run (or the recorded one when no toolchain/probe source is available). */
export function realFreeosmemory(tracePath: string): FreeosmemoryRealFigures {
  const trace = readTraceFile(tracePath);
  const probeDir = process.env['SCAVSIM_PROBE_DIR'];
  if (hasGo() && probeDir !== undefined && existsSync(join(probeDir, 'main.go'))) {
    const out = mkdtempSync(join(tmpdir(), 'scavsim-probe-'));
    const bin = join(out, 'probe');
    // The probe is a single GOPATH-style file (shared fidelity build.sh builds it the same way).
    execFileSync('go', ['build', '-o', bin, '.'], {
      cwd: probeDir, stdio: 'ignore',
      env: { ...process.env, GO111MODULE: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOPATH: join(out, 'gopath'), GOCACHE: join(out, 'cache') },
    });
    const params = (trace.header as unknown as { params: Record<string, string> }).params;
    const args = ['-scenario', 'freeosmemory', '-chunks', params['chunks'] ?? '8', '-chunkmib', params['chunkmib'] ?? '64', '-idle', params['idle'] ?? '20s'];
    const t0 = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', bin, ...args], { encoding: 'utf8', env: { ...process.env, GODEBUG: String(trace.header.GODEBUG ?? '') } });
    const wallMs = performance.now() - t0;
    const kb = Number((r.stderr ?? '').trim().split('\n').pop());
    return { source: 'probe run', wallMs, peakRssBytes: kb * 1024, note: `${bin} ${args.join(' ')} with the installed toolchain (${execFileSync('go', ['version'], { encoding: 'utf8' }).trim()})` };
  }
  const samples = trace.samples;
  const wallMs = Number(samples[samples.length - 1]?.t_ms ?? 0);
  const peak = samples.reduce((m, s) => Math.max(m, Number(s['VmHWM'] ?? 0)), 0);
  const why = hasGo() ? 'SCAVSIM_PROBE_DIR is not set to the probe source' : 'no Go toolchain on PATH';
  return { source: 'recorded trace', wallMs, peakRssBytes: peak, note: `${why}: figures of the recorded run (${trace.header.go_version}, last t_ms, max VmHWM)` };
}

/** Reads the trace (for run.ts to check it exists before spawning). */
export function traceExists(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}
