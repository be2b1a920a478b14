/**
 * The packages as a user gets them: built, packed with `pnpm pack`, installed with npm into an
 * empty project, and used there: the `scavsim` bin, and each package README's JavaScript
 * snippet. Install must not warn about the bin, and the packed manifests must not keep
 * `workspace:` ranges. Needs the npm registry (for immer, seedrandom, Plot, linkedom, tinypool).
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every package of the workspace that is published (not private). */
const PACKAGES = readdirSync(join(ROOT, 'packages')).filter((p) => {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'packages', p, 'package.json'), 'utf8')).private !== true;
  } catch {
    return false;
  }
}).sort();
const PNPM = ['-y', 'pnpm@10.34.8'];

/**
 * Runs a command to completion; rejects with its output when it fails. Asynchronous, so the
 * test worker stays responsive to vitest while a build or an install takes minutes.
 */
async function sh(cmd: string, args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await promisify(execFile)(cmd, [...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: userEnv() });
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} in ${cwd} exited ${String(err.code)}:\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

/**
 * The environment of a user's shell: without the `npm_*` variables that `pnpm test` sets for
 * its children (npm would warn about each as an unknown config).
 */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false' };
}

/** The ```js blocks of a README. */
function jsSnippets(readme: string): string[] {
  return [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('the packed packages in an empty project', () => {
  const dest = mkdtempSync(join(tmpdir(), 'scavsim-pack-'));
  const project = mkdtempSync(join(tmpdir(), 'scavsim-user-'));
  let install: { stdout: string; stderr: string };

  beforeAll(async () => {
    // The published packages' own build (tsconfig.build.json), emitting without its type check:
    // `pnpm test` type-checks the same sources right after vitest, and checking them here again
    // would triple this test's time.
    await sh('npx', [...PNPM, '-r', '--filter', '!@scavsim/web', 'exec', 'tsc', '-p', 'tsconfig.build.json', '--noCheck'], ROOT);
    for (const p of PACKAGES) await sh('npx', [...PNPM, 'pack', '--pack-destination', dest], join(ROOT, 'packages', p));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
    const tgz = readdirSync(dest).filter((f) => f.endsWith('.tgz')).map((f) => join(dest, f));
    install = await sh('npm', ['install', '--no-audit', '--no-fund', ...tgz], project);
  }, 900_000);

  it('packs every package with its README, LICENSE and no workspace: ranges', () => {
    for (const p of PACKAGES) {
      const manifest = readFileSync(join(project, 'node_modules', '@scavsim', p, 'package.json'), 'utf8');
      expect(manifest).not.toContain('workspace:');
      expect(JSON.parse(manifest)).toMatchObject({ license: 'MIT' });
      const files = readdirSync(join(project, 'node_modules', '@scavsim', p));
      expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'dist', 'package.json']));
      expect(files).not.toContain('src');
    }
  });

  it('installs without warnings (none about the bin in particular)', () => {
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/warn|bin/i);
  });

  it('runs scavsim from the bin', async () => {
    const list = await sh(join(project, 'node_modules', '.bin', 'scavsim'), ['list'], project);
    expect(list.stdout).toMatch(/^incident-go1\.15\s/m);
    const policy = await sh(join(project, 'node_modules', '.bin', 'scavsim'), ['policy', '--go', '1.15.10', '--kernel', '4.4', '--format', 'json'], project);
    expect(JSON.parse(policy.stdout)).toMatchObject({ advice: 'MADV_DONTNEED' });
    const bad = spawnSync(join(project, 'node_modules', '.bin', 'scavsim'), ['run', '--gogc', 'abc'], { cwd: project, encoding: 'utf8', env: userEnv() });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^scavsim: --gogc: [^\n]+\n$/);
  });

  it.each(['core', 'scenarios', 'report'])("runs the JavaScript snippet of @scavsim/%s's README", async (p) => {
    const snippets = jsSnippets(readFileSync(join(ROOT, 'packages', p, 'README.md'), 'utf8'));
    expect(snippets.length).toBeGreaterThan(0);
    for (const [i, code] of snippets.entries()) {
      writeFileSync(join(project, `${p}-${i}.mjs`), code);
      const r = await sh(process.execPath, [`${p}-${i}.mjs`], project);
      expect(r.stdout.length).toBeGreaterThan(0);
    }
  }, 300_000);
});
