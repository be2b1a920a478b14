/** `scavsim policy` explains every citation code it prints (issue 18 item 7), with the real policy table. */
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/context.js';
import { main } from '../src/main.js';

async function policy(argv: string[]): Promise<string> {
  let stdout = '';
  const io: CliIO = {
    stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => {} },
    writeFile: () => {}, openFile: () => ({ write: () => {}, close: () => {} }), readFile: () => '', env: {},
  };
  expect(await main(['policy', ...argv], io)).toBe(0);
  return stdout;
}

/** Anything that looks like a code: a bracketed key, letters glued to digits (C:…, RN1.12, D59960), an issue, a change, a topic. */
const CODE = /\[[^\]]*\d[^\]]*\]|\b[A-Z]{1,3}:?\d[\w.]*|\bC:[0-9a-f]+|#\d+|\bCL \d+|§ ?[\d.]+/g;

describe('scavsim policy', () => {
  it.each(['1.11', '1.12', '1.12.5', '1.13', '1.15', '1.16', '1.19', '1.21', '1.26'])('go %s: every code in the reasons has a line with a link under "sources"', async (go) => {
    const text = await policy(['--go', go, '--kernel', '4.4', '--godebug', 'madvdontneed=1,scavenge=1']);
    const [reasons, sources] = text.split('\nsources');

    expect(sources).toBeDefined();
    const legend = sources!.split('\n').slice(1).filter((l) => l !== '');
    for (const code of reasons!.match(CODE) ?? []) {
      expect(legend.some((l) => l.includes(code) && /https:\/\//.test(l)), `${go}: ${code}`).toBe(true);
    }
  });

  it('gives the sources in JSON too', async () => {
    const json = JSON.parse(await policy(['--go', '1.15', '--kernel', '4.14', '--format', 'json'])) as { sources: { code: string; urls: string[] }[] };

    expect(json.sources.find((s) => s.code === 'RN1.12')?.urls).toEqual(['https://go.dev/doc/go1.12#runtime']);
  });
});
