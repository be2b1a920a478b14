/**
 * The CLI's own streaming (issue 16): `scavsim run incident-go1.15 --duration D
 * --sample-interval 100ms --format jsonl --out F` run as a real process (the command line as a
 * user types it, `pnpm scavsim`), for one hour and for a day, with the process's peak RSS as
 * GNU time reports it (`/usr/bin/time -f %M`). The target: the day's peak RSS within 20 % of the
 * hour's. Before the CLI streamed, the day's JSONL took 2.69 GB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Figures of one CLI run. */
export interface CliStreamingFigures {
  readonly duration: string;
  readonly format: string;
  /** Size of the output file (bytes). */
  readonly bytesWritten: number;
  readonly wallMs: number;
  /** The CLI process's peak RSS (bytes). */
  readonly peakRssBytes: number;
}

const TIME = '/usr/bin/time';

/** Whether GNU time is there to measure a child's peak RSS. */
export function canMeasureCli(): boolean {
  return existsSync(TIME);
}

/**
 * Runs the real CLI once, writing `format` for `duration` of the incident to a temporary file.
 * @param root the repository root
 */
export function benchCliRun(root: string, duration: string, format: 'jsonl' | 'csv' = 'jsonl'): CliStreamingFigures {
  const dir = mkdtempSync(join(tmpdir(), 'scavsim-cli-bench-'));
  const out = join(dir, `run.${format}`);
  try {
    const t0 = performance.now();
    const r = spawnSync(TIME, ['-f', 'scavsim-peak-kib %M', process.execPath, '--conditions=@scavsim/source', '--import', 'tsx',
      'packages/cli/src/main.ts', 'run', 'incident-go1.15', '--duration', duration, '--sample-interval', '100ms', '--format', format, '--out', out],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const wallMs = performance.now() - t0;
    const m = /scavsim-peak-kib (\d+)/.exec(r.stderr);
    if (r.status !== 0 || m === null) throw new Error(`scavsim run --duration ${duration} failed (${r.status}):\n${r.stderr}`);
    return { duration, format, bytesWritten: statSync(out).size, wallMs, peakRssBytes: Number(m[1]) * 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
