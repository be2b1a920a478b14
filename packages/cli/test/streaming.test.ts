/**
 * `scavsim run --format jsonl|csv` streams (issue 16): samples are written as the engine makes
 * them and not kept, and the bytes are those of the whole run formatted at the end.
 */
import { simulate } from '@scavsim/core';
import { toCsv, toJsonl } from '@scavsim/report';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../src/context.js';
import { configOf, defaultDeps } from '../src/default-deps.js';
import type { CliDeps } from '../src/deps.js';
import { main } from '../src/main.js';
import { parseOverrides } from '../src/overrides.js';
import { parseCommandArgs } from '../src/args.js';
import { overrideFlags } from '../src/overrides.js';

/** The real CLI in-process; records how many samples each run kept. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string; files: Map<string, string>; kept: number[]; opens: number }> {
  const o = { code: -1, stdout: '', stderr: '', files: new Map<string, string>(), kept: [] as number[], opens: 0 };
  const io: CliIO = {
    stdout: { write: (t: string) => (o.stdout += t) },
    stderr: { write: (t: string) => (o.stderr += t) },
    writeFile: (p, t) => void o.files.set(p, t),
    openFile: (p) => {
      o.opens++;
      o.files.set(p, '');
      return { write: (t: string) => void o.files.set(p, o.files.get(p)! + t), close: () => {} };
    },
    readFile: () => '',
    env: {},
  };
  const real = defaultDeps();
  const deps: CliDeps = {
    ...real,
    runScenario: (n, ov, p, s) => {
      const r = real.runScenario(n, ov, p, s);
      o.kept.push(r.samples.length);
      return r;
    },
    runScenarioSet: (n, ov, opts) => {
      const r = real.runScenarioSet(n, ov, opts);
      o.kept.push(r.result.samples.length);
      return r;
    },
  };
  o.code = await main(argv, io, deps);
  return o;
}

/** The run of `argv`'s scenario and override flags, made whole. */
function wholeRun(scenario: string, flags: string[]) {
  const args = parseCommandArgs('run', flags, { flags: overrideFlags(false), positionals: [] });
  return simulate(configOf(scenario, parseOverrides(args)));
}

const CASES: [string, string[]][] = [
  ['incident-go1.15', ['--duration', '40s', '--godebug', 'gctrace=1']],
  ['freeosmemory-pressure', ['--sample-interval', '200ms']], // two processes, reclaim events
  ['container-working-set', ['--duration', '40s']], // cgroup fields
  ['gomemlimit', ['--seed', '3', '--duration', '30s']],
  ['incident-go1.15', ['--duration', '30s', '--cgroup-limit', '512MiB']], // an OOM kill (checked below)
];

describe('run --format jsonl|csv streams', () => {
  it.each(CASES)('%s %s: JSONL (with and without events) and CSV are the bytes of the whole run, and no sample is kept', async (scenario, flags) => {
    const whole = wholeRun(scenario, flags);
    const jsonl = await cli(['run', scenario, ...flags, '--format', 'jsonl']);
    const events = await cli(['run', scenario, ...flags, '--format', 'jsonl', '--events']);
    const csv = await cli(['run', scenario, ...flags, '--format', 'csv']);

    expect(jsonl.stderr).toBe('');
    expect(jsonl.stdout).toBe(toJsonl(whole));
    expect(events.stdout).toBe(toJsonl(whole, { events: true }));
    expect(csv.stdout).toBe(toCsv(whole));
    // Streamed, not kept: the CSV's first pass learns the columns, its second writes the rows.
    expect(jsonl.kept).toEqual([0]);
    expect(csv.kept).toEqual([0, 0]);
    expect(whole.events.length).toBeGreaterThan(0);
    if (flags.includes('--cgroup-limit')) expect(whole.killed.length).toBe(1);
  });

  it('a scenario without overrides keeps its samples for its claims and writes the same bytes', async () => {
    const csv = await cli(['run', 'freeosmemory-pressure', '--format', 'csv']);
    const jsonl = await cli(['run', 'freeosmemory-pressure', '--format', 'jsonl', '--out', 'run.jsonl']);
    const whole = simulate(configOf('freeosmemory-pressure', {}));

    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(toCsv(whole));
    expect(jsonl.stdout).toBe('');
    expect(jsonl.files.get('run.jsonl')).toBe(toJsonl(whole));
    expect(jsonl.opens).toBe(1);
    expect(jsonl.kept[0]).toBe(whole.samples.length);
    expect(jsonl.files.get('run.jsonl')!.length).toBeGreaterThan(1 << 17); // written in several chunks
  });

  it('opens no --out file for a config the engine refuses', async () => {
    const r = await cli(['run', 'incident-go1.15', '--sample-interval', '15ms', '--format', 'jsonl', '--out', 'x.jsonl']);

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scavsim: .*sample/);
    expect(r.opens).toBe(0);
  });
});
