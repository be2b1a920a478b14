/**
 * The charts of docs/replay.md: the caddy recording (test/fixtures/realworld, MADV_FREE run)
 * replayed from its gctrace log and Prometheus export, as a user would run
 * `scavsim replay gctrace.log metrics.json --go 1.19.8 --what-if godebug=madvdontneed=1 --svg …`.
 * Called by docs/build.ts, so `pnpm run docs` and its `--check` keep them true to the model.
 */
import { readFileSync } from 'node:fs';
import { renderOverlaySvg, renderSvg } from '@scavsim/report';
import { chartVariants, fitRun, observedRun, readTelemetry, replay } from '@scavsim/replay';
import type { DocsFile } from './build.js';

const DIR = new URL('../test/fixtures/realworld/caddy_go1.19.8_madv0_load/', import.meta.url);

/** The two charts: observed vs fitted overlaid, and observed / fitted / what-if in panels. */
export async function renderReplayDocs(): Promise<DocsFile[]> {
  const files = ['gctrace.log', 'metrics.json'].map((name) => ({ name, text: readFileSync(new URL(name, DIR), 'utf8') }));
  const meta = JSON.parse(readFileSync(new URL('meta.json', DIR), 'utf8')) as { load_end_t_ms: number };
  const r = replay(fitRun(await readTelemetry(files), { go: '1.19.8' }), ['godebug=madvdontneed=1']);
  const observed = observedRun(r.fit.telemetry);
  return [
    {
      path: 'img/replay/caddy-madv0-overlay.svg',
      content: renderOverlaySvg(
        { samples: observed.samples, releaseMs: meta.load_end_t_ms },
        { samples: r.fitted.result.samples, releaseMs: meta.load_end_t_ms },
        { title: 'caddy under wrk, then idle: telemetry (solid) and its replay (dashed)', series: ['VmRSS', 'HeapInuse', 'HeapReleased'] },
      ),
    },
    { path: 'img/replay/caddy-madv0-whatif.svg', content: renderSvg(chartVariants(r), { title: 'caddy: observed, fitted, and what if GODEBUG=madvdontneed=1' }) },
  ];
}
