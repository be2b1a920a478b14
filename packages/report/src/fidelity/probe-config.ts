/**
 * Turns a fidelity probe's scenario (read from a trace header) into an engine config, so a
 * real trace and its simulation run the same program on the same machine.
 *
 * The mapping follows the probe's source phase by phase (shared fidelity `probe/main.go`,
 * runFreeOSMemory / runPressure / runLoadtest): `start` (preidle) → `alloc` (chunks of
 * `chunkmib`, every 4 KiB page written) → `held` (holddur) → `release` (drop, then
 * `debug.FreeOSMemory()`) → `idle`; pressure continues with `hog` (the hog binary, a plain
 * process in the same cgroup, growing `-stepmib` every `-interval` to `-targetmib`, holding
 * `-hold`, exiting) → `post`; loadtest allocates its permanent base set, then `load` (a FIFO
 * ring ramping from 0 to livemib − basemib at ratemib MiB/s, log-uniform sizes) → `idle`.
 *
 * The probe's allocation phase takes real time (writing 512 MiB takes ~0.3 s); the model
 * allocates the chunks at one instant, which moves later phases earlier by that much. Key
 * moments are measured from the release point, not from t = 0, so the comparison is not
 * affected.
 *
 * @module
 */
import type { GoProcessConfig, PhaseConfig, PlainProcessSpec, SimConfig } from '@scavsim/core';
import type { ProbeScenario } from './scenario-from-header.js';

const MiB = 1024 * 1024;

/** The engine config that reproduces a probe run. */
export function configFromProbeScenario(p: ProbeScenario, name = `probe-${p.scenario}`): SimConfig {
  const q = p.params;
  const godebug = Object.entries(p.godebug).map(([k, v]) => `${k}=${v}`).join(',');
  const go: Omit<GoProcessConfig, 'workload'> = {
    kind: 'go', name: 'A', go: p.go, godebug, gogc: p.gogc, gomaxprocs: p.gomaxprocs,
    ...(p.gomemlimit !== null ? { gomemlimit: p.gomemlimit } : {}),
    ...(p.cgroupLimitBytes !== null ? { cgroup: 'gosim-A' } : {}),
  };
  const machine = { memTotal: p.memTotalBytes, kernel: p.kernel, pageSize: p.pageSize };
  const cgroups = p.cgroupLimitBytes !== null ? [{ name: 'gosim-A', version: 1 as const, limit: p.cgroupLimitBytes }] : [];
  if (p.scenario === 'loadtest') {
    const phases: PhaseConfig[] = [
      { name: 'start', duration: q.preIdleMs },
      {
        name: 'load', duration: q.loadMs, allocRate: q.rateMiBps * MiB,
        liveTarget: { kind: 'ramp', from: 0, to: (q.liveMiB - q.baseMiB) * MiB },
        sizes: { kind: 'log-uniform', min: q.minObjBytes, max: q.maxObjBytes },
      },
      { name: 'idle', duration: q.idleMs },
    ];
    return {
      scenario: name, seed: q.seed, duration: q.preIdleMs + q.loadMs + q.idleMs, machine, cgroups,
      processes: [{ ...go, workload: { baseLive: q.baseMiB * MiB, phases } }],
    };
  }
  const chunksBytes = q.chunks * q.chunkMiB * MiB;
  const allocAt = q.preIdleMs;
  const releaseAt = allocAt + q.holdMs;
  const actions = [
    { at: allocAt, kind: 'hold' as const, name: 'chunks', bytes: chunksBytes, chunk: q.chunkMiB * MiB },
    { at: releaseAt, kind: 'drop' as const, name: 'chunks' },
    { at: releaseAt, kind: 'freeOSMemory' as const },
  ];
  const early: PhaseConfig[] = [
    { name: 'start', duration: q.preIdleMs },
    { name: 'alloc', duration: 0 },
    { name: 'held', duration: q.holdMs },
    { name: 'release', duration: 0 },
  ];
  if (p.scenario === 'freeosmemory' || q.hog === null) {
    return {
      scenario: name, seed: q.seed, duration: releaseAt + q.idleMs, machine, cgroups,
      processes: [{ ...go, workload: { phases: [...early, { name: 'idle', duration: q.idleMs }], actions } }],
    };
  }
  const h = q.hog;
  const hogStart = releaseAt + q.hogDelayMs;
  // The hog's loop sleeps `interval` after every step, the last one included, then holds
  // (shared fidelity hog/main.go). Its steps also take their own time (faulting the memory in,
  // kernel/plain-process.ts), which the engine adds as it runs: this is the nominal length, and
  // the run marks the hog's actual exit with an `exit` event (read as `hog_exited`).
  const cycleMs = Math.ceil(h.targetMiB / h.stepMiB) * h.intervalMs + h.holdMs;
  const nominalMs = h.cycles * cycleMs + (h.cycles - 1) * h.gapMs;
  const hogMs = Math.min(nominalMs, q.hogMaxMs);
  const hog: PlainProcessSpec = {
    kind: 'plain', name: 'hog', cgroup: 'gosim-A',
    schedule: {
      startMs: hogStart, stepBytes: h.stepMiB * MiB, intervalMs: h.intervalMs, targetBytes: h.targetMiB * MiB, holdMs: h.holdMs,
      cycles: h.cycles, gapMs: h.gapMs,
    },
    // The probe kills the hog after hogmax.
    exitAtMs: hogStart + q.hogMaxMs,
  };
  const phases: PhaseConfig[] = [
    ...early,
    { name: 'idle', duration: q.hogDelayMs },
    { name: 'hog', duration: hogMs },
    { name: 'post', duration: q.postHogMs },
  ];
  return {
    scenario: name, seed: q.seed, duration: hogStart + hogMs + q.postHogMs, machine, cgroups,
    processes: [{ ...go, watch: 'hog', workload: { phases, actions } }, hog],
  };
}

/**
 * The trace-header field a field of {@link configFromProbeScenario}'s config comes from, so
 * that a refusal of the simulated run (a bound on its work, a size out of range) names what
 * the user gave: the header, not a config they never wrote. `-stepmib 1 -targetmib 1000000000`
 * is refused at `header.params.hogargs`, `load 1h, ratemib 2000` at `header.params.ratemib`.
 */
export function headerFieldOf(configField: string): string {
  const rules: readonly [RegExp, string][] = [
    [/^processes\[1\]/, 'header.params.hogargs'],
    [/^processes\[0\]\.workload\.phases\[\d+\]\.allocRate/, 'header.params.ratemib'],
    [/^processes\[0\]\.workload\.phases\[\d+\]\.sizes/, 'header.params.minobj'],
    [/^processes\[0\]\.workload\.phases\[\d+\]\.liveTarget/, 'header.params.livemib'],
    [/^processes\[0\]\.workload\.phases/, 'header.params'],
    [/^processes\[0\]\.workload\.baseLive/, 'header.params.basemib'],
    [/^processes\[0\]\.workload\.actions/, 'header.params.chunkmib'],
    [/^processes\[0\]\.go$/, 'header.go_version'],
    [/^processes\[0\]\.godebug/, 'header.GODEBUG'],
    [/^processes\[0\]\.gogc/, 'header.GOGC'],
    [/^processes\[0\]\.gomemlimit/, 'header.GOMEMLIMIT'],
    [/^processes\[0\]\.gomaxprocs/, 'header.GOMAXPROCS'],
    [/^machine\.memTotal/, 'header.mem_total'],
    [/^machine\.kernel/, 'header.kernel'],
    [/^machine\.pageSize/, 'header.page_size'],
    [/^cgroups/, 'header.cgroup_limit'],
    [/^(duration|sample|tick)$/, 'header.params'],
  ];
  return rules.find(([re]) => re.test(configField))?.[1] ?? 'header';
}
