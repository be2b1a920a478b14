/**
 * The CLI fuzz of issue 16 rerun against the real process: command lines drawn from the fuzz
 * test's arbitraries (packages/cli/test/fuzz-arguments.ts, the test's placeholder scenario
 * replaced by real ones), each run as `scavsim` under GNU time in a scratch directory (so that
 * `--out`/`--svg` values land there), two at a time by default. Counts what the "done when" names:
 * untyped errors (stack traces, "internal error"), runs past 10 s, runs over 1 GB, and failures
 * that are not one clean `scavsim: ` line with exit status 2.
 *
 *   node --conditions=@scavsim/source --import tsx bench/cli-fuzz.ts [runs=200] [seed=16] [parallel=2]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { token } from '../packages/cli/test/fuzz-arguments.js';

const here = dirname(fileURLToPath(import.meta.url));
const MAIN = join(here, '../packages/cli/src/main.ts');
const TSX = import.meta.resolve('tsx');
const SCENARIOS = ['incident-go1.15', 'freeosmemory-pressure', 'gomemlimit'];

/** One invocation's outcome. */
interface Outcome {
  readonly argv: readonly string[];
  readonly code: number | null;
  readonly stdoutBytes: number;
  readonly stderr: string;
  readonly wallMs: number;
  readonly peakRssBytes: number;
  /** CPU time, user + system (s): a hang spins or sleeps, a loaded machine only delays. */
  readonly cpuS: number;
}

function runOne(argv: readonly string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'scavsim-peak-kib %M %U %S', process.execPath, '--conditions=@scavsim/source', '--import', TSX, MAIN, ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdoutBytes += b.length));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    // Past a minute it is a hang by any measure: stop it and count it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      // GNU time adds its own lines: "Command exited with non-zero status N", then the format's.
      const m = /(?:Command exited with non-zero status \d+\n)?scavsim-peak-kib (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({
        argv, code, stdoutBytes, stderr: m === null ? stderr : stderr.slice(0, m.index), wallMs: performance.now() - t0,
        peakRssBytes: m === null ? 0 : Number(m[1]) * 1024, cpuS: m === null ? 0 : Number(m[2]) + Number(m[3]),
      });
    });
  });
}

const runs = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? 16);
const parallel = Math.max(1, Number(process.argv[4] ?? 2));
const lines = fc.sample(fc.tuple(fc.array(token, { maxLength: 8 }), fc.constantFrom(...SCENARIOS)), { numRuns: runs, seed })
  // A real command line cannot carry a NUL byte: those arguments lose it.
  .map(([argv, scenario]) => argv.map((a) => (a === 'fixture' ? scenario : a.replaceAll('\u0000', ''))));
const dir = mkdtempSync(join(tmpdir(), 'scavsim-cli-fuzz-'));
const outcomes: Outcome[] = [];
try {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < lines.length) outcomes.push(await runOne(lines[next++]!, dir));
  };
  await Promise.all(Array.from({ length: parallel }, worker));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const untyped = outcomes.filter((o) => /internal error|\n\s+at |TypeError|RangeError|FATAL|heap out of memory/.test(o.stderr));
const slow = outcomes.filter((o) => o.wallMs > 10_000);
const big = outcomes.filter((o) => o.peakRssBytes > 1e9);
const badExit = outcomes.filter((o) => o.code !== 0 && o.code !== 1 && o.code !== 2);
const unclean = outcomes.filter((o) => {
  if (o.code !== 2) return false;
  const l = o.stderr.split('\n').filter((x) => x !== '');
  // eslint-disable-next-line no-control-regex
  return o.stdoutBytes !== 0 || l.length !== 1 || !l[0]!.startsWith('scavsim: ') || /[\u0000-\u001f\u007f]/.test(l[0]!);
});
const byCode = (c: number): number => outcomes.filter((o) => o.code === c).length;
const show = (o: Outcome): string => `   ${JSON.stringify(o.argv).slice(0, 160)} → ${o.code} in ${(o.wallMs / 1000).toFixed(1)} s (CPU ${o.cpuS.toFixed(1)} s), ${(o.peakRssBytes / 2 ** 20).toFixed(0)} MiB: ${o.stderr.split('\n')[0]!.slice(0, 160)}`;
console.log(`${outcomes.length} command lines (seed ${seed}): exit 0 ×${byCode(0)}, 1 ×${byCode(1)}, 2 ×${byCode(2)}`);
console.log(`untyped errors ${untyped.length}, runs past 10 s ${slow.length}, runs over 1 GB ${big.length}, other exit statuses ${badExit.length}, exit-2 failures not one clean line ${unclean.length}`);
console.log(`slowest ${(Math.max(...outcomes.map((o) => o.wallMs)) / 1000).toFixed(1)} s wall, most CPU ${Math.max(...outcomes.map((o) => o.cpuS)).toFixed(1)} s, largest peak RSS ${(Math.max(...outcomes.map((o) => o.peakRssBytes)) / 2 ** 20).toFixed(0)} MiB`);
for (const o of [...untyped, ...slow, ...big, ...badExit, ...unclean]) console.log(show(o));
process.exitCode = untyped.length + slow.length + big.length + badExit.length + unclean.length === 0 ? 0 : 1;
