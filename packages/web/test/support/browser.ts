/**
 * A real browser for the page's tests: builds the page with Vite, serves `dist/` from a tiny
 * static server on 127.0.0.1 under a sub-path (so the relative base is tested too), and launches
 * the Chromium that `@sparticuz/chromium` ships through `pnpm install`, driven by
 * `playwright-core`. A missing browser fails the tests: nothing here skips.
 *
 * `@sparticuz/chromium`'s default flags include `--single-process`, with which closing one page
 * closes the browser; it is left out.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

export type { Browser, Page } from 'playwright-core';
import { build } from 'vite';

/** The page's package directory. */
export const WEB_DIR = resolve(fileURLToPath(import.meta.url), '../../..');
/** The sub-path the tests serve the page under. */
export const BASE_PATH = '/some/where/scavsim/';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.map': 'application/json',
};

/** Builds the page into a fresh temporary directory (the working tree's dist/ is left alone). */
export async function buildPage(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'scavsim-web-'));
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** Serves `dir` at http://127.0.0.1:<port>{@link BASE_PATH}. */
export async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(BASE_PATH)) {
      res.writeHead(404).end();
      return;
    }
    const rel = normalize(path.slice(BASE_PATH.length) || 'index.html');
    if (rel.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    readFile(join(dir, rel)).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}${BASE_PATH}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Flags for a headless Chromium in a container, without `--single-process`. */
export function chromiumArgs(): string[] {
  const extra = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-dev-shm-usage', '--mute-audio'];
  return [...sparticuz.args.filter((a) => a !== '--single-process'), ...extra.filter((a) => !sparticuz.args.includes(a))];
}

/** Launches the packaged Chromium. */
export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: await sparticuz.executablePath(), args: chromiumArgs(), headless: true });
}

/** Removes a built page. */
export async function removeBuild(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
