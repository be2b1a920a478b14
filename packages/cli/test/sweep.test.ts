import { describe, expect, it } from 'vitest';
import { parseGrid, pointAt, shardIndexes } from '../src/sweep-grid.js';
import { errorOf } from '../../../test/support/errors.js';
import { runCli } from './harness.js';

const GRID = JSON.stringify({ scenario: ['fixture'], go: ['1.15', '1.16', '1.17'], godebug: ['madvdontneed=0', 'madvdontneed=1'] });

describe('sweep grids', () => {
  it('number points in grid order, the last key fastest', () => {
    const g = parseGrid(GRID, 'g.json');

    expect(g.total).toBe(6);
    expect(pointAt(g, 0)).toEqual({ scenario: 'fixture', go: '1.15', godebug: 'madvdontneed=0' });
    expect(pointAt(g, 1)).toEqual({ scenario: 'fixture', go: '1.15', godebug: 'madvdontneed=1' });
    expect(pointAt(g, 5)).toEqual({ scenario: 'fixture', go: '1.17', godebug: 'madvdontneed=1' });
    expect(g.heatmap).toEqual({ x: 'go', value: 'end_rss_bytes' });
  });

  it('validate each value with the parser of its flag, naming key[index]', () => {
    expect(errorOf(() => parseGrid(JSON.stringify({ scenario: ['x'], gogc: ['100', 'abc'] }), 'g.json')).field).toBe('gogc[1]');
    expect(errorOf(() => parseGrid(JSON.stringify({ scenario: ['x'], 'cgroup-limit': ['0'] }), 'g.json')).field).toBe('cgroup-limit[0]');
    expect(errorOf(() => parseGrid(JSON.stringify({ scenario: ['x'], goo: ['1.15'] }), 'g.json')).field).toBe('goo');
    expect(errorOf(() => parseGrid(JSON.stringify({ go: ['1.15'] }), 'g.json')).field).toBe('scenario');
    expect(errorOf(() => parseGrid(JSON.stringify({ scenario: ['x'], heatmap: { x: 'kernel' } }), 'g.json')).field).toBe('heatmap.x');
    expect(errorOf(() => parseGrid('{', 'g.json')).field).toBe('g.json');
  });

  it('split into shards that are disjoint and cover the grid', () => {
    const shards = [1, 2, 3].map((i) => [...shardIndexes(10, { i, n: 3 })]);

    expect(shards).toEqual([[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
  });
});

describe('scavsim sweep', () => {
  it('streams one CSV row per point in grid order, whatever order the runs finish in', async () => {
    const r = await runCli(['sweep', 'g.json', '--workers', '2'], { inputFiles: { 'g.json': GRID } });

    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('index,scenario,go,godebug,peak_rss_bytes,end_rss_bytes,end_lazyfree_bytes,end_heap_released_bytes,time_to_half_ms,oom_kill_ms,error');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '0,fixture,1.15', '1,fixture,1.15', '2,fixture,1.16', '3,fixture,1.16', '4,fixture,1.17', '5,fixture,1.17']);
    expect(r.sweeps).toEqual([2]);
    expect(r.runs[0]!.overrides).toEqual({ go: '1.15', godebug: { madvdontneed: '1' } });
    expect(r.stderr).toMatch(/^scavsim: sweep: 6 runs in [\d.]+ s on 2 workers \([\d.]+ runs\/s\)$/m);
  });

  it('puts a point the engine refuses into its row instead of stopping', async () => {
    const r = await runCli(['sweep', 'g.json'], { inputFiles: { 'g.json': JSON.stringify({ scenario: ['fixture', 'bad'] }) } });

    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')[2]).toBe('1,bad,,,,,,,"scenario: no scenario ""bad"""');
  });

  it('merges the JSONL of its shards into what one run of the whole grid writes', async () => {
    const files: Record<string, string> = { 'g.json': GRID };
    const whole = await runCli(['sweep', 'g.json', '--format', 'jsonl'], { inputFiles: files });
    for (const i of [1, 2]) {
      const r = await runCli(['sweep', 'g.json', '--format', 'jsonl', '--shard', `${i}/2`, '--out', `s${i}.jsonl`], { inputFiles: files });
      files[`s${i}.jsonl`] = r.files.get(`s${i}.jsonl`)!;
    }

    const merged = await runCli(['sweep', 'merge', 's2.jsonl', 's1.jsonl', '--format', 'jsonl', '--heatmap', 'h.svg'], { inputFiles: files });

    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    expect(merged.files.get('h.svg')).toContain('<svg');
    expect(merged.files.get('h.svg')).toContain('madvdontneed=1');
    const missing = await runCli(['sweep', 'merge', 's1.jsonl'], { inputFiles: files });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^scavsim: <rows.jsonl>: 3 of 6 points are missing \(the first: 1\)/);
    const twice = await runCli(['sweep', 'merge', 's1.jsonl', 's1.jsonl'], { inputFiles: files });
    expect(twice.stderr).toMatch(/point 0 is in two shards/);
  });

  it('refuses a bad shard, worker count or grid file in one line with exit 2', async () => {
    for (const [argv, field] of [
      [['sweep', 'g.json', '--shard', '3/2'], '--shard'],
      [['sweep', 'g.json', '--workers', '-1'], '--workers'],
      [['sweep', 'nope.json'], '<grid.json>'],
    ] as const) {
      const r = await runCli([...argv], { inputFiles: { 'g.json': GRID } });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^scavsim: ${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^\\n]+\\n$`));
    }
  });
});
