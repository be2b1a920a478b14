/**
 * The CLI under fuzzing (issue 16): whatever the arguments or the scenario file, a failure is one
 * clean line on stderr starting `scavsim: ` and exit status 2; never a stack trace, never
 * "internal error", never a control character sent to the terminal.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/context.js';
import { main, MAX_ERROR_CHARS } from '../src/main.js';
import { runCli } from './harness.js';
import { token } from './fuzz-arguments.js';

/** Checks one invocation's outcome against the CLI's promise. */
function expectClean(code: number, stdout: string, stderr: string): void {
  expect([0, 1, 2]).toContain(code);
  expect(stderr).not.toMatch(/internal error|\n\s+at |TypeError|RangeError/);
  if (code === 2) {
    expect(stdout).toBe('');
    const lines = stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scavsim: /);
    expect(lines[0]!.length).toBeLessThanOrEqual(MAX_ERROR_CHARS + 'scavsim: '.length);
    // eslint-disable-next-line no-control-regex
    expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f]/);
  }
}

describe('the CLI over arbitrary arguments', () => {
  it('exits 0, 1 or 2, and every failure is one clean line with exit 2', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 8 }), async (argv) => {
        const r = await runCli(argv);
        expectClean(r.code, r.stdout, r.stderr);
      }),
      { numRuns: 400, seed: 16 },
    );
  });

  it('finds no command, help topic or flag on Object.prototype', async () => {
    for (const argv of [['constructor'], ['__proto__'], ['help', 'constructor'], ['run', 'fixture', '--toString', 'x'], ['run', 'fixture', '--__proto__', 'x']]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expectClean(r.code, r.stdout, r.stderr);
    }
  });
});

/** Runs the real CLI (real engine) in-process with in-memory streams. */
async function runReal(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    writeFile: () => {},
    openFile: () => ({ write: () => {}, close: () => {} }),
    readFile: (path) => readFileSync(path, 'utf8'),
    env: {},
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

// Scenario files: a small valid config, then one field replaced by an arbitrary JSON value, or
// the text itself damaged. Runs are kept short (2 s simulated) so the property stays quick.
const base = () => ({
  name: 'fuzz', title: 'fuzz',
  config: {
    duration: '2s', machine: { memTotal: '2GiB', kernel: '5.10' },
    processes: [{ kind: 'go', name: 'svc', go: '1.16', workload: { phases: [{ name: 'p', duration: '2s', allocRate: '8MiB', liveTarget: '4MiB' }] } }],
  },
});
const PATHS: (string | number)[][] = [
  ['config'], ['config', 'duration'], ['config', 'machine'], ['config', 'machine', 'memTotal'], ['config', 'machine', 'kernel'],
  ['config', 'processes'], ['config', 'processes', 0], ['config', 'processes', 0, 'go'], ['config', 'processes', 0, 'kind'],
  ['config', 'processes', 0, 'workload'], ['config', 'processes', 0, 'workload', 'phases', 0, 'allocRate'],
  ['config', 'processes', 0, 'workload', 'phases', 0, 'liveTarget'], ['config', 'processes', 0, 'gogc'], ['config', 'cgroups'], ['name'], ['title'],
];
const leaf = fc.oneof(fc.constantFrom(null, true, -1, 0, 1e308, '', 'x', '1GiB', '-5s', [], {}, [null], { kind: 'steps', steps: [null] }),
  fc.jsonValue({ maxDepth: 2 }));

function setAt(doc: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let o = doc as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    const next = o[k];
    if (next === null || typeof next !== 'object') return;
    o = next as Record<string | number, unknown>;
  }
  o[path.at(-1)!] = value;
}

describe('the CLI over arbitrary scenario files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scavsim-fuzz-'));
  it('runs the file or refuses it in one clean line with exit 2', async () => {
    let n = 0;
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), leaf, fc.nat(40), async (path, value, cut) => {
        const doc = base();
        setAt(doc, path, value);
        let text = JSON.stringify(doc);
        if (cut === 1) text = text.slice(0, text.length / 2);
        if (cut === 2) text = `\uFEFF${text}`;
        const file = join(dir, `s${n++}.json`);
        writeFileSync(file, text);
        const r = await runReal(['run', file]);
        expectClean(r.code, r.stdout, r.stderr);
        if (r.code === 0) ran++;
      }),
      { numRuns: 60, seed: 16 },
    );
    // The property saw runs that went through, not only refusals.
    expect(ran).toBeGreaterThan(0);
  }, 300_000);
});
