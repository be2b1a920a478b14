/**
 * The replay's two targets (issue 13): fitting and replaying one hour of telemetry at 1 s
 * resolution (target under 5 s on one core), and reading a 1 GB gctrace log with flat memory.
 *
 * The hour of telemetry is made by simulating a service (twelve 60 s load bursts an hour, each
 * followed by 4 min idle) and exporting its samples every second as a Prometheus
 * `query_range` response with client_golang's names, which is what a user would bring; only
 * reading, fitting and replaying it is timed. The gctrace log is generated on the fly into the
 * temp directory with `formatGcTrace`'s layout for go1.19 (a GC line and a scav line per
 * cycle, numbers and times rising), then streamed in 1 MiB chunks through `readTelemetry`, as
 * the CLI reads it. Writing and reading run in processes of their own, so the reader's peak RSS
 * is its own; a 100 MiB log read the same way shows whether memory grows with the log. A
 * Prometheus `query_range` export of the same sizes (ten client_golang series at 1 s, one
 * process) is generated and streamed the same way, to show that the JSON reader's memory is
 * flat too.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatGcTrace, MiB, parseGoVersion, simulate, type SimConfig } from '../packages/core/src/index.js';
import { fitRun, readTelemetry, replay } from '../packages/replay/src/index.js';

/** Figures of the one-hour replay. */
export interface ReplayHourFigures {
  readonly telemetrySeconds: number;
  readonly seriesPoints: number;
  readonly readMs: number;
  readonly fitMs: number;
  readonly replayMs: number;
  readonly totalMs: number;
  readonly phases: number;
  readonly peakRssBytes: number;
}

/** A service with a 60 s burst every 5 minutes, for an hour. */
function hourConfig(): SimConfig {
  const phases = [];
  for (let i = 0; i < 12; i++) {
    phases.push({ name: 'load', duration: '60s', allocRate: 300 * MiB, liveTarget: { kind: 'ramp' as const, from: 20 * MiB, to: 250 * MiB } });
    phases.push({ name: 'idle', duration: '240s', allocRate: 150_000, liveTarget: 20 * MiB });
  }
  return { duration: '1h', sample: '1s', machine: { memTotal: '16GiB' }, processes: [{ kind: 'go', name: 'svc', go: '1.21.5', workload: { baseLive: 10 * MiB, phases } }] };
}

/** The hour's samples as a Prometheus query_range export (client_golang names, 1 s step). */
export function hourExport(): string {
  const r = simulate(hourConfig());
  const names: [string, string][] = [
    ['go_memstats_heap_inuse_bytes', 'HeapInuse'], ['go_memstats_heap_idle_bytes', 'HeapIdle'], ['go_memstats_heap_released_bytes', 'HeapReleased'],
    ['go_memstats_heap_sys_bytes', 'HeapSys'], ['go_memstats_heap_alloc_bytes', 'HeapAlloc'], ['go_memstats_next_gc_bytes', 'NextGC'],
    ['go_memstats_alloc_bytes_total', 'TotalAlloc'], ['go_memstats_sys_bytes', 'Sys'], ['go_gc_duration_seconds_count', 'NumGC'],
    ['process_resident_memory_bytes', 'VmRSS'],
  ];
  const t0 = 1_800_000_000;
  const result = names.map(([metric, field]) => ({
    metric: { __name__: metric, job: 'svc', instance: 'svc:9090' },
    values: r.samples.map((s) => [t0 + s.t_ms / 1000, String(s[field] ?? 0)]),
  }));
  result.push({ metric: { __name__: 'process_start_time_seconds', job: 'svc', instance: 'svc:9090' }, values: [[t0, String(t0)]] });
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

/** Reads, fits and replays the hour (best of `repeats`). */
export async function benchReplayHour(repeats = 3): Promise<ReplayHourFigures> {
  const text = hourExport();
  let best: ReplayHourFigures | undefined;
  for (let i = 0; i < repeats; i++) {
    const a = performance.now();
    const t = await readTelemetry([{ name: 'hour.json', text }]);
    const b = performance.now();
    const fit = fitRun(t);
    const c = performance.now();
    replay(fit);
    const d = performance.now();
    const fig = {
      telemetrySeconds: Math.round((t.endMs - t.startMs) / 1000), seriesPoints: t.series.VmRSS?.t.length ?? 0,
      readMs: b - a, fitMs: c - b, replayMs: d - c, totalMs: d - a, phases: fit.workload.phases.length, peakRssBytes: 0,
    };
    if (best === undefined || fig.totalMs < best.totalMs) best = fig;
  }
  return { ...best!, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

/** Figures of reading a generated gctrace log. */
export interface GctraceReadFigures {
  readonly fileBytes: number;
  /** Trace lines read. */
  readonly gcLines: number;
  readonly readMs: number;
  readonly gcsKept: number;
  readonly peakRssBytes: number;
}

/** Writes a go1.19 gctrace log of about `bytes` into a temp file; returns its path and GC count. */
function writeLog(path: string, bytes: number): number {
  const go = parseGoVersion('1.19.8');
  const fd = openSync(path, 'w');
  let written = 0;
  let n = 0;
  let buf: string[] = [];
  let bufLen = 0;
  while (written + bufLen < bytes) {
    n++;
    const live = (40 + (n % 200)) * MiB;
    const line = `${formatGcTrace(go, {
      gc: n, startNs: n * 400_000_000, gcCpuFraction: 0.01, clockNs: [80_000, 9_000_000, 40_000], cpuNs: [160_000, 2_000_000, 1_000_000, 0, 80_000],
      heapStart: 2 * live, heapEnd: 2 * live + MiB, heapLive: live, heapGoal: 2 * live, stackScan: MiB, globalsScan: 0, procs: 2, forced: false,
    })}\nscav ${n % 7} KiB work, ${4096 + (n % 100)} KiB total, 90% util\n`;
    buf.push(line);
    bufLen += line.length;
    if (bufLen >= 1 << 22) {
      written += writeSync(fd, buf.join(''));
      buf = [];
      bufLen = 0;
    }
  }
  written += writeSync(fd, buf.join(''));
  closeSync(fd);
  return n;
}

/** Writes a gctrace log of about `bytes` to `path` (its own process: bench/run.ts). */
export function benchGctraceWrite(path: string, bytes: number): { gcLines: number; generateMs: number } {
  const a = performance.now();
  const gcLines = writeLog(path, bytes);
  return { gcLines, generateMs: performance.now() - a };
}

/** Figures of reading a generated Prometheus export. */
export interface PrometheusReadFigures {
  readonly fileBytes: number;
  /** Series in the export. */
  readonly series: number;
  /** Points in the export. */
  readonly points: number;
  readonly readMs: number;
  /** Points kept over all series (bounded: telemetry.ts). */
  readonly pointsKept: number;
  readonly peakRssBytes: number;
}

/** The client_golang names of the generated export. */
const EXPORT_METRICS = [
  'go_memstats_heap_inuse_bytes', 'go_memstats_heap_idle_bytes', 'go_memstats_heap_released_bytes', 'go_memstats_heap_sys_bytes',
  'go_memstats_heap_alloc_bytes', 'go_memstats_next_gc_bytes', 'go_memstats_alloc_bytes_total', 'go_memstats_sys_bytes',
  'go_gc_duration_seconds_count', 'process_resident_memory_bytes',
];

/** Writes a query_range export of about `bytes` to `path`: ten series at 1 s, values rising and falling (its own process: bench/run.ts). */
export function benchPrometheusWrite(path: string, bytes: number): { points: number; generateMs: number } {
  const a = performance.now();
  const fd = openSync(path, 'w');
  // ~28 bytes a point: [1800000000.000,"123456789"]
  const perSeries = Math.max(1, Math.floor(bytes / EXPORT_METRICS.length / 28));
  let written = writeSync(fd, '{"status":"success","data":{"resultType":"matrix","result":[');
  EXPORT_METRICS.forEach((name, k) => {
    written += writeSync(fd, `${k === 0 ? '' : ','}{"metric":{"__name__":"${name}","job":"svc","instance":"svc:9090"},"values":[`);
    let buf: string[] = [];
    for (let i = 0; i < perSeries; i++) {
      const v = name.endsWith('_total') || name.endsWith('_count') ? i * 4096 : (100 + ((i * 7 + k) % 400)) * MiB;
      buf.push(`${i === 0 ? '' : ','}[${1_800_000_000 + i},"${v}"]`);
      if (buf.length === 1 << 16) {
        written += writeSync(fd, buf.join(''));
        buf = [];
      }
    }
    written += writeSync(fd, `${buf.join('')}]}`);
  });
  writeSync(fd, ']}}\n');
  closeSync(fd);
  return { points: perSeries * EXPORT_METRICS.length, generateMs: performance.now() - a };
}

/** Streams the file at `path` through `readTelemetry`, in 1 MiB chunks as the CLI does. */
async function readStreamed(path: string): Promise<{ t: Awaited<ReturnType<typeof readTelemetry>>; readMs: number }> {
  const a = performance.now();
  const t = await readTelemetry([{ name: path, chunks: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string> }]);
  return { t, readMs: performance.now() - a };
}

/** Streams the log at `path` through `readTelemetry`. */
export async function benchGctraceRead(path: string): Promise<GctraceReadFigures> {
  const { t, readMs } = await readStreamed(path);
  return { fileBytes: statSync(path).size, gcLines: t.files[0]!.used, readMs, gcsKept: t.gcs.length, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

/** Streams the export at `path` through `readTelemetry`. */
export async function benchPrometheusRead(path: string, points: number): Promise<PrometheusReadFigures> {
  const { t, readMs } = await readStreamed(path);
  const pointsKept = Object.values(t.series).reduce((n, s) => n + s.t.length, 0);
  return { fileBytes: statSync(path).size, series: t.files[0]!.used, points, readMs, pointsKept, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

/** A fresh temp directory for the generated logs (bench/run.ts removes it). */
export function benchTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scavsim-bench-'));
}

export { rmSync };
