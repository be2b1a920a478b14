/**
 * The getting-started page's examples are files under docs/examples/, included verbatim in the
 * page and run here, so the page cannot drift from the code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { MiB } from '@scavsim/core';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const page = readFileSync(`${DOCS}getting-started.md`, 'utf8');
const examples = readdirSync(`${DOCS}examples`).filter((f) => f.endsWith('.ts')).sort();

describe('docs/getting-started.md', () => {
  it.each(examples)('includes %s verbatim', (file) => {
    const code = readFileSync(`${DOCS}examples/${file}`, 'utf8');
    expect(page).toContain(`<!-- example: ${file} -->\n\`\`\`ts\n${code}\`\`\``);
  });

  it('first-run prints what the page says it prints', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const mod = await import('../../docs/examples/first-run.js');
    const printed = log.mock.calls.map((c) => String(c[0]));
    log.mockRestore();
    const claimed = /It prints `([^`]+)`/.exec(page)![1]!;
    expect(printed).toContain(claimed);
    const end = mod.firstRun().samples.at(-1)!;
    expect(end.LazyFree! / MiB).toBeGreaterThan(500);
  });

  it('explain-policy resolves MADV_DONTNEED on kernel 4.4 with a reason for each step', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const mod = await import('../../docs/examples/explain-policy.js');
    log.mockRestore();
    expect(mod.policy.advice).toBe('MADV_DONTNEED');
    expect(mod.policy.adviceReasons.length).toBeGreaterThanOrEqual(2);
  });

  it('scenario-claims finds every claim of incident-go1.16 holding', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const mod = await import('../../docs/examples/scenario-claims.js');
    log.mockRestore();
    expect(mod.run.claims.every((c: { pass: boolean }) => c.pass)).toBe(true);
  });
});

describe('docs/examples/my-service.json', () => {
  it('is a valid scenario file that runs and shows its batch phase in RSS', async () => {
    const { loadScenarioFile } = await import('@scavsim/cli');
    const { simulate } = await import('@scavsim/core');
    const file = loadScenarioFile(`${DOCS}examples/my-service.json`);
    expect(file.name).toBe('my-service');
    const r = simulate(file.config);
    const peak = Math.max(...r.samples.map((s) => Number(s.VmRSS ?? 0)));
    expect(peak).toBeGreaterThan(700 * MiB);
  });
});
