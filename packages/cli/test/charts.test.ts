/**
 * The pictures `scavsim run` draws of real scenarios (issue 18 item 4), through the real engine:
 * the scenario's title, its limits as reference lines, a legend of what occurred.
 */
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/context.js';
import { main } from '../src/main.js';

async function svgOf(argv: string[]): Promise<{ svg: string; stdout: string }> {
  const files = new Map<string, string>();
  let stdout = '';
  const io: CliIO = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: () => {} },
    writeFile: (p, t) => void files.set(p, t),
    openFile: () => ({ write: () => {}, close: () => {} }),
    readFile: () => '',
    env: {},
  };
  expect(await main([...argv, '--svg', 'c.svg'], io)).toBe(0);
  return { svg: files.get('c.svg')!, stdout };
}

describe('scavsim run --svg of a scenario', () => {
  it('gomemlimit: titled, a 1 GiB GOMEMLIMIT line in both panels, no OOM in the legend', async () => {
    const { svg } = await svgOf(['run', 'gomemlimit', '--duration', '10s']);

    expect(svg).toContain('>GOMEMLIMIT in Go 1.19 vs 1.22: the 95× goal bug and its fix<');
    expect(svg).not.toContain('>gomemlimit<'); // the slug is no label: the scenario's own run is named by what it runs
    const rules = /aria-description="GOMEMLIMIT"[^]*?<\/g><\/g>/.exec(svg)![0];
    expect(rules.match(/<line /g)).toHaveLength(2);
    expect(svg).toContain('╌ GOMEMLIMIT');
    expect(svg).not.toMatch(/>┆ oom</);
  });

  it('container-working-set: draws and summarises the cgroup usage and working set beside RSS, and the cgroup limit', async () => {
    const { svg, stdout } = await svgOf(['run', 'container-working-set', '--duration', '20s']);

    expect(svg).toContain('— cgroup usage');
    expect(svg).toContain('— cgroup working set');
    expect(svg).toContain('— VmRSS');
    expect(svg).toContain('╌ cgroup limit');
    expect(stdout).toMatch(/^ {2}cgroup usage {3}\S/m);
    expect(stdout).toMatch(/^ {2}working set {4}\S/m);
  });
});
