/**
 * docs/replay.md walks a user through the caddy incident: its command is run here as the page
 * writes it (from the repository's root, `$R` expanded), and every output line the page quotes
 * must be printed, in the page's order (`...` marks lines left out), so the page cannot drift
 * from the code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '@scavsim/scenarios';
import { runCli } from '../../packages/cli/test/harness.js';

const page = readFileSync(new URL('../../docs/replay.md', import.meta.url), 'utf8');

/** The `sh` block of "2. Replay it": its variable and its command, continuation lines joined. */
function command(): string[] {
  const block = /## 2\. Replay it\s+```sh\n([^]*?)```/.exec(page)![1]!;
  const lines = block.replace(/\\\n\s*/g, ' ').trim().split('\n');
  const vars = new Map<string, string>();
  for (const l of lines.slice(0, -1)) {
    const m = /^(\w+)=(\S+)$/.exec(l.trim());
    expect(m, `a variable assignment: ${l}`).not.toBeNull();
    vars.set(m![1]!, m![2]!);
  }
  const words = lines[lines.length - 1]!.trim().split(/\s+/).map((w) => w.replace(/\$(\w+)/g, (_, v: string) => vars.get(v)!));
  expect(words.slice(0, 2)).toEqual(['pnpm', 'scavsim']);
  return words.slice(2);
}

/** The plain (output) blocks of sections 2 to 5. */
function quotedOutput(): string[][] {
  const body = page.slice(page.indexOf('## 2. Replay it'), page.indexOf('## What the replay cannot tell'));
  const blocks: string[][] = [];
  let open: string[] | null = null;
  let fenced = false;
  for (const line of body.split('\n')) {
    if (line.startsWith('```')) {
      if (fenced) {
        if (open !== null) blocks.push(open);
        open = null;
      } else if (line === '```') open = [];
      fenced = !fenced;
    } else if (open !== null) open.push(line);
  }
  return blocks;
}

describe('docs/replay.md', () => {
  it('prints what the page quotes, for the command the page gives', async () => {
    const o = await runCli(command());
    expect(o.stderr).toBe('');
    expect(o.code).toBe(0);
    const printed = o.stdout.split('\n').map((l) => l.trimEnd());
    const blocks = quotedOutput();
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) {
      let from = 0;
      for (const line of block) {
        if (line === '...') continue;
        const at = printed.indexOf(line.trimEnd(), from);
        expect(at, `the page quotes a line the command does not print (after line ${from}):\n${line}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    }
    expect(o.files.get('replay.svg')).toMatch(/<svg[^]*observed[^]*fitted[^]*what-if godebug=madvdontneed=1/);
    expect(parseScenarioFile(o.files.get('caddy.json')!, 'caddy.json').config.processes[0]).toMatchObject({ kind: 'go', go: '1.19.8' });
  }, 120_000);
});
