/**
 * `pnpm web:screenshot`: the README's picture of the page. Builds the page, opens the incident
 * with Go 1.15 pinned against Go 1.16 (the change the page exists to show) in the packaged
 * Chromium, and writes docs/img/web-page.png. Not part of `pnpm run docs`: a browser's PNG is
 * not byte-stable across versions, so the docs check would fail for no reason.
 */
import { join } from 'node:path';
import { buildPage, launch, removeBuild, serve, WEB_DIR } from '../test/support/browser.js';

const out = join(WEB_DIR, '../../docs/img/web-page.png');
const dist = await buildPage();
const server = await serve(dist);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 820 }, locale: 'en-US', deviceScaleFactor: 1 });
  const pin = new URLSearchParams({ scenario: 'incident-go1.15' }).toString();
  await page.goto(`${server.url}?${new URLSearchParams({ scenario: 'incident-go1.15', go: '1.16', at: '400s', pin })}`);
  await page.locator('[data-testid="summary"][data-state="done"]').waitFor({ state: 'attached', timeout: 120_000 });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
  await removeBuild(dist);
}
