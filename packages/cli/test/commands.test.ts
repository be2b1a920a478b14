import { describe, expect, it } from 'vitest';
import { formatBytes } from '@scavsim/core';
import { fixtureRun } from '../../report/test/formats/run-fixture.js';
import { runCli } from './harness.js';

describe('scavsim list', () => {
  it('prints one line per scenario, name first', async () => {
    const r = await runCli(['list']);

    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['fixture', 'other']);
  });

  it('prints JSON with --format json', async () => {
    const r = await runCli(['list', '--format', 'json']);

    expect(JSON.parse(r.stdout)).toEqual([{ name: 'fixture', title: 'A small hand-built run' }, { name: 'other', title: 'Another' }]);
  });
});

describe('scavsim run', () => {
  it('prints a summary by default', async () => {
    const r = await runCli(['run', 'fixture']);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^process A$/m);
  });

  it('passes the override flags to the run', async () => {
    const r = await runCli(['run', 'fixture', '--go', '1.16', '--kernel', '4.4', '--gogc', '-1', '--gomemlimit', '1GiB', '--seed', '3', '--duration', '2min', '--godebug', 'madvdontneed=1']);

    expect(r.runs[0]!.overrides).toEqual({
      go: '1.16', kernel: '4.4', gogc: -1, gomemlimit: 1024 ** 3, seed: 3, durationMs: 120_000, godebug: { madvdontneed: '1' },
    });
  });

  it('passes the environment flags to the run, validated as sizes and durations', async () => {
    const r = await runCli(['run', 'fixture', '--mem-total', '16GiB', '--cgroup-limit', '2GiB', '--swap', '0', '--thp', 'never', '--sample-interval', '1s']);

    expect(r.runs[0]!.overrides).toEqual({ memTotal: 16 * 1024 ** 3, cgroupLimit: 2 * 1024 ** 3, swapTotal: 0, thp: 'never', sampleMs: 1000 });
    const thp = await runCli(['run', 'fixture', '--thp', 'sometimes']);
    expect(thp.code).toBe(2);
    expect(thp.stderr).toMatch(/^scavsim: --thp: .*always.*madvise.*never/m);
    const bad = await runCli(['run', 'fixture', '--cgroup-limit', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^scavsim: --cgroup-limit: /);
  });

  it('shows the scenario with its variants side by side and prints its claims with their verdicts', async () => {
    const claims = [{ id: 'a', text: 'RSS stays up', pass: true, detail: 'RSS 3 GiB' }, { id: 'b', text: 'it drops', pass: false, detail: 'no drop' }];
    const r = await runCli(['run', 'fixture'], { variants: [{ label: 'go1.16', result: fixtureRun({ endMs: 1200 }) }], claims });

    expect(r.stdout).toMatch(/^Title of fixture$/m);
    expect(r.stdout).toMatch(/^OOM kill\s+none\s+none\s+none\s+none$/m);
    expect(r.stdout).toContain('go1.16');
    expect(r.stdout).toMatch(/^ {2}holds {2}RSS stays up$/m);
    expect(r.stdout).toMatch(/^ {2}FAILS {2}it drops$/m);
    expect(r.code).toBe(1);
  });

  it('exits 2 naming the flag when an output file cannot be written', async () => {
    const err = Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
    for (const flag of ['--out', '--svg']) {
      const r = await runCli(['run', 'fixture', flag, '/nonexistent/dir/x'], { writeError: err });

      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`scavsim: ${flag}: cannot write "/nonexistent/dir/x": its directory does not exist (accepted: a file path in a writable directory)\n`);
    }
  });

  it('writes JSONL whose first line is the header and the rest samples', async () => {
    const r = await runCli(['run', 'fixture', '--format', 'jsonl']);

    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]!['header']).toBe(true);
    expect(lines).toHaveLength(1 + fixtureRun().samples.length);
  });

  it('adds event lines to JSONL with --events', async () => {
    const r = await runCli(['run', 'fixture', '--format', 'jsonl', '--events']);

    const evs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => 'ev' in l);
    expect(evs.map((e) => e['ev'])).toEqual(fixtureRun().events.map((e) => e.kind));
  });

  it('writes the output to --out and the chart to --svg instead of stdout', async () => {
    const r = await runCli(['run', 'fixture', '--format', 'csv', '--out', 'o.csv', '--svg', 'c.svg']);

    expect(r.stdout).toBe('');
    expect(r.files.get('o.csv')!.split('\n')[0]).toMatch(/^t_ms,/);
    expect(r.files.get('c.svg')).toMatch(/<svg /);
  });

  it('keeps stdout machine-readable: the terminal chart goes to stderr with jsonl', async () => {
    const r = await runCli(['run', 'fixture', '--format', 'jsonl', '--chart']);

    expect(r.stdout.split('\n').filter((l) => l !== '').every((l) => l.startsWith('{'))).toBe(true);
    expect(r.stderr).toContain('# VmRSS');
  });

  it('prints the terminal chart after the summary with --chart', async () => {
    const r = await runCli(['run', 'fixture', '--chart']);

    expect(r.stdout.indexOf('# VmRSS')).toBeGreaterThan(r.stdout.indexOf('process A'));
  });
});

describe('scavsim compare', () => {
  it('runs one variant per repeated flag and shows them side by side', async () => {
    const r = await runCli(['compare', 'fixture', '--go', '1.15', '--go', '1.16', '--seed', '4']);

    expect(r.code).toBe(0);
    expect(r.runs.map((x) => x.overrides)).toEqual([{ go: '1.15', seed: 4 }, { go: '1.16', seed: 4 }]);
    const head = r.stdout.split('\n')[1]!;
    expect(head).toContain('go 1.15');
    expect(head).toContain('go 1.16');
  });

  it('pairs repeated flags by position', async () => {
    const r = await runCli(['compare', 'fixture', '--go', '1.15', '--go', '1.15', '--godebug', 'madvdontneed=0', '--godebug', 'madvdontneed=1']);

    expect(r.runs.map((x) => x.overrides.godebug)).toEqual([{ madvdontneed: '0' }, { madvdontneed: '1' }]);
  });

  it('draws every variant into one SVG', async () => {
    const r = await runCli(['compare', 'fixture', '--go', '1.15', '--go', '1.16', '--svg', 'cmp.svg']);

    const svg = r.files.get('cmp.svg')!;
    expect(svg.match(/<svg /g)).toHaveLength(1);
    expect(svg).toContain('go 1.15');
    expect(svg).toContain('go 1.16');
  });
});

describe('scavsim explain', () => {
  it('names the lazily freed memory that keeps RSS up after FreeOSMemory', async () => {
    const run = fixtureRun();
    const lazy = run.samples.find((s) => s.process === 'A' && s.t_ms === 1200)!.LazyFree!;

    const r = await runCli(['explain', 'fixture', '--at', '1.2s', '--process', 'A']);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain(formatBytes(lazy));
    expect(r.stdout).toMatch(/MADV_FREE/);
  });

  it('gives the breakdown as JSON', async () => {
    const r = await runCli(['explain', 'fixture', '--at', '1200', '--format', 'json']);

    const [a] = JSON.parse(r.stdout) as { process: string; gap: number; lazyFree: number }[];
    expect(a!.process).toBe('A');
    expect(a!.lazyFree).toBeGreaterThan(0);
  });
});

describe('scavsim policy', () => {
  it('prints the advice and its reasons', async () => {
    const r = await runCli(['policy', '--go', '1.15', '--kernel', '4.14', '--godebug', 'madvdontneed=0']);

    expect(r.code).toBe(0);
    expect(r.policyQueries).toEqual([{ go: '1.15', kernel: '4.14', godebug: 'madvdontneed=0' }]);
    expect(r.stdout).toMatch(/MADV_FREE/);
    expect(r.stdout).toContain('default in Go 1.12–1.15');
  });

  it('prints JSON with advice and reasons', async () => {
    const r = await runCli(['policy', '--go', '1.15', '--kernel', '4.14', '--format', 'json']);

    expect(JSON.parse(r.stdout)).toMatchObject({ advice: 'MADV_FREE', reasons: expect.any(Array) });
  });
});

describe('scavsim fidelity', () => {
  it('exits 1 when the verdict fails, 0 otherwise', async () => {
    expect((await runCli(['fidelity', 't.jsonl'], { fidelityOk: false })).code).toBe(1);
    expect((await runCli(['fidelity', 't.jsonl'], { fidelityOk: true })).code).toBe(0);
  });

  it('passes repeats and a seed count through, and rejects a bad one naming the flag', async () => {
    const r = await runCli(['fidelity', 't.jsonl', '--repeat', 'a.jsonl', '--repeat', 'b.jsonl', '--seeds', '3']);
    expect(r.fidelityOptions).toEqual({ repeats: ['a.jsonl', 'b.jsonl'], seeds: 3 });
    expect((await runCli(['fidelity', 't.jsonl'])).fidelityOptions).toEqual({ repeats: [] });
    const bad = await runCli(['fidelity', 't.jsonl', '--seeds', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--seeds');
  });
});

describe('scavsim help', () => {
  it('prints usage for every command', async () => {
    for (const cmd of ['list', 'run', 'compare', 'policy', 'explain', 'fidelity']) {
      const viaHelp = await runCli(['help', cmd]);
      const viaFlag = await runCli([cmd, '--help']);
      expect(viaHelp.stdout).toMatch(new RegExp(`^scavsim ${cmd}`));
      expect(viaFlag.stdout).toBe(viaHelp.stdout);
    }
  });

  it('prints the version', async () => {
    expect((await runCli(['--version'])).stdout).toBe('9.9.9\n');
  });
});
