/**
 * `scavsim replay` end to end, in-process: files streamed from disk, flags, outputs, and
 * exit 2 with `file:line` for bad input.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '@scavsim/scenarios';
import { runCli } from './harness.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/realworld/caddy_go1.19.8_madv1_load/', import.meta.url));

describe('scavsim replay', () => {
  it('replays a gctrace log with a Prometheus export: settings with their sources, the check, a what-if, outputs', async () => {
    const o = await runCli(['replay', `${DIR}gctrace.log`, `${DIR}metrics.json`, '--go', '1.19.8', '--what-if', 'godebug=madvdontneed=0',
      '--at', '190s', '--svg', 'out.svg', '--emit-scenario', 'fitted.json']);
    expect(o.stderr).toBe('');
    expect(o.code).toBe(0);
    expect(o.stdout).toMatch(/go\s+go1\.19\.8\s+observed/);
    expect(o.stdout).toMatch(/godebug\s+\(none\)\s+telemetry .*fell with it.*MADV_DONTNEED \(the go1\.19\.8 default\)/);
    expect(o.stdout).toMatch(/VmRSS\s+mean\s+[\d.]+ %\s+max/);
    expect(o.stdout).toMatch(/what-if godebug=madvdontneed=0/);
    expect(o.stdout).toMatch(/RSS gap at 190\.0 s, split by cause/);
    expect(o.files.get('out.svg')).toMatch(/<svg[^]*observed[^]*fitted[^]*what-if godebug=madvdontneed=0/);
    const scenario = parseScenarioFile(o.files.get('fitted.json')!, 'fitted.json');
    expect(scenario.config.processes[0]).toMatchObject({ kind: 'go', go: '1.19.8' });
  });

  it('writes the what-if\'s samples as a probe trace on the telemetry\'s clock', async () => {
    const o = await runCli(['replay', `${DIR}gctrace.log`, '--format', 'jsonl', '--what-if', 'gogc=50']);
    expect(o.code).toBe(0);
    const lines = o.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]!['header']).toBe(true);
    const last = lines[lines.length - 1]!;
    for (const f of ['t_ms', 'VmRSS', 'HeapInuse', 'HeapReleased', 'HeapIdle', 'LazyFree', 'NextGC', 'NumGC']) expect(last).toHaveProperty(f);
    // The replay runs to the end of the telemetry on its own clock: the end of gctrace's last GC (@ time + its clock phases).
    const ats = [...readFileSync(`${DIR}gctrace.log`, 'utf8').matchAll(/@(\d+\.\d+)s/g)].map((m) => Number(m[1]));
    expect(last['t_ms']).toBeGreaterThan(ats[ats.length - 1]! * 1000);
    expect(last['t_ms']).toBeLessThan(ats[ats.length - 1]! * 1000 + 100);
  });

  it('exits 2 naming the file and line of a broken CSV or a cut-off Prometheus export, and the flag of a bad what-if', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-cli-'));
    writeFileSync(join(dir, 'bad.csv'), 'rss,heap\n1,2\n');
    const o = await runCli(['replay', join(dir, 'bad.csv')]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/bad\.csv:1: no time column/);
    const w = await runCli(['replay', `${DIR}gctrace.log`, '--what-if', 'colour=red']);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/--what-if: unknown setting "colour"/);
    writeFileSync(join(dir, 'cut.json'), readFileSync(`${DIR}metrics.json`, 'utf8').slice(0, 3000));
    const j = await runCli(['replay', join(dir, 'cut.json')]);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/cut\.json:1:3001: the document ends in the middle \(a truncated export\?\) at byte 3000/);
    const m = await runCli(['replay', join(dir, 'missing.log')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/missing\.log: cannot read the file/);
  });

  it('exits 2 naming the flag when an output file cannot be written', async () => {
    const err = Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    for (const flag of ['--out', '--svg', '--emit-scenario']) {
      const o = await runCli(['replay', `${DIR}gctrace.log`, flag, '/nonexistent/dir/x'], { writeError: err });

      expect(o.code, flag).toBe(2);
      expect(o.stderr).toBe(`scavsim: ${flag}: cannot write "/nonexistent/dir/x": its directory does not exist (accepted: a file path in a writable directory)\n`);
    }
  });
});
