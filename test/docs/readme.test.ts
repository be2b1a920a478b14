/**
 * The README's library snippet and its `pnpm scavsim` commands, run as a user would run them
 * (commands in-process through the CLI's `main`, files written to a temporary directory), each
 * checked for what the README says it shows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { main, type CliIO } from '@scavsim/cli';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${ROOT}README.md`, 'utf8');

describe('README.md, the library snippet', () => {
  it('is docs/examples/readme/library.ts verbatim, and runs printing the end of the run', async () => {
    const code = readFileSync(`${ROOT}docs/examples/readme/library.ts`, 'utf8');
    expect(readme).toContain(`<!-- example: readme/library.ts -->\n\`\`\`ts\n${code}\`\`\``);

    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const mod = await import('../../docs/examples/readme/library.js');
    const printed = log.mock.calls.map((c) => String(c[0]));
    log.mockRestore();

    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^RSS \d+ MiB, HeapInuse \d+ MiB, LazyFree \d+ MiB$/);
    const end = mod.run.samples.at(-1)!;
    expect(end.VmRSS!).toBeGreaterThan(end.HeapInuse!);
  });
});

/** The `pnpm scavsim …` lines of the README's "Use" block, without their comments. */
const commands = readme.slice(readme.indexOf('## Use')).split('```sh\n')[1]!.split('```')[0]!
  .split('\n').filter((l) => l.startsWith('pnpm scavsim ')).map((l) => l.replace(/\s+#.*$/, '').split(/\s+/).slice(2));

/** What each command's README comment or text promises, checked on its output. */
function check(argv: readonly string[], out: { code: number; stdout: string; files: Map<string, string> }): void {
  const file = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : out.files.get(argv[i + 1]!);
  };
  expect(out.code).toBe(0);
  if (argv[0] === 'list') expect(out.stdout).toMatch(/^incident-go1\.15\s/m);
  if (argv.includes('--chart')) expect(out.stdout).toMatch(/VmRSS/);
  if (argv.includes('--svg')) expect(file('--svg')).toMatch(/^<\?xml[\s\S]*<svg /);
  if (argv.includes('--format') && argv.includes('jsonl')) expect(JSON.parse(file('--out')!.split('\n')[0]!)).toMatchObject({ header: true });
  if (argv[0] === 'compare') expect(out.stdout).toMatch(/go 1\.15\s+go 1\.16/);
  if (argv[0] === 'explain') expect(out.stdout).toMatch(/RSS .* − HeapInuse .* = /);
  if (argv[0] === 'policy') expect(JSON.parse(out.stdout)).toMatchObject({ advice: 'MADV_DONTNEED' });
  if (argv[0] === 'run' && !argv.includes('--format')) expect(out.stdout).toMatch(/^process api$/m);
}

describe('README.md, the commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scavsim-readme-'));
  it('lists at least the commands it documents', () => {
    expect(commands.map((c) => c[0])).toEqual(expect.arrayContaining(['list', 'run', 'compare', 'explain', 'policy', 'fidelity']));
  });

  it.each(commands.map((c) => [c.join(' '), c] as const))('scavsim %s', async (_name, argv) => {
    let stdout = '';
    const files = new Map<string, string>();
    const io: CliIO = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => true },
      writeFile: (path, text) => {
        files.set(path, text);
        writeFileSync(join(dir, path.replaceAll('/', '_')), text);
      },
      openFile: (path) => {
        files.set(path, '');
        return { write: (t) => void files.set(path, files.get(path)! + t), close: () => {} };
      },
      readFile: (path) => readFileSync(isAbsolute(path) ? path : join(ROOT, path), 'utf8'),
      env: {},
    };
    const cwd = process.cwd();
    process.chdir(ROOT); // the README's paths are relative to the repository
    try {
      const code = await main(argv, io);
      check(argv, { code, stdout, files });
    } finally {
      process.chdir(cwd);
    }
  }, 300_000);
});
