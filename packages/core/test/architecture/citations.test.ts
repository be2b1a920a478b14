/**
 * Sources resolve inside the repository: every topic (`go §3.3`, `kernel §2.1`) and every key
 * (`[go1.19.8:…]`, `C:<hash>`, `[M-2]`, `[S-smaps]`, `[C-f7ad2a6]`, `[D-cg1]`, `D59960`) cited in a
 * source module is listed in docs/sources.md, and no comment points outside the project (to the
 * research notes the model was written from).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const sources = readFileSync(join(ROOT, 'docs/sources.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}
const files = readdirSync(join(ROOT, 'packages')).flatMap((p) => sourceFiles(join(ROOT, 'packages', p, 'src')));
const texts = files.map((f) => [relative(ROOT, f), readFileSync(f, 'utf8')] as const);

/** Every match of `re` in the sources, as `file: match`. */
function cited(re: RegExp): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [f, text] of texts) {
    for (const m of text.matchAll(re)) {
      const key = m[1]!;
      out.set(key, [...(out.get(key) ?? []), f]);
    }
  }
  return out;
}

const topics = new Set([...sources.matchAll(/^#{3,4} (go|kernel) §([0-9.]+)/gm)].map((m) => `${m[1]} §${m[2]}`));

describe('citations in packages/*/src', () => {
  it('cite topics that docs/sources.md has', () => {
    const missing = [...cited(/\b((?:go|kernel) §[0-9]+(?:\.[0-9]+)?)/g)].filter(([k]) => !topics.has(k.replace(/\.$/, '')));
    expect(missing).toEqual([]);
  });

  it('qualify every § as a Go or a kernel topic (or a named document section)', () => {
    const bare = [...cited(/((?<!\bgo |\bkernel |\bcg1 |\bissue )§[0-9])/g)];
    expect(bare).toEqual([]);
  });

  it('do not point to notes outside the repository', () => {
    expect([...cited(/(spec (?:go-runtime|linux-kernel)\.md|\.\.\/shared\/spec)/g)]).toEqual([]);
  });

  it.each([
    ['Go runtime trees', /\[(go[0-9.]+(?:dev)?|go@[0-9a-f]+):/g, (k: string) => `\`${k}\``],
    ['golang/go commits', /\b(C:[0-9a-f]{7,})/g, (k: string) => `\`${k}\``],
    ['design documents', /\b(D[0-9]{5})\b/g, (k: string) => `\`${k}\``],
    ['kernel commits, sources, documents and measurements', /(\[(?:C|S|D|M)-[A-Za-z0-9.-]+\])/g, (k: string) => `\`${k}\``],
  ] as const)('name %s that docs/sources.md lists', (_what, re, spelled) => {
    const missing = [...cited(re)].filter(([k]) => !sources.includes(spelled(k)) && !sources.includes(`\`${k.replace(/^\[|\]$/g, '')}\``)
      && !sources.includes(`${spelled(k).slice(0, -1)} (also`));
    expect(missing).toEqual([]);
  });
});
