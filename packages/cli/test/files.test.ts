import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, readTraceFile } from '../src/files.js';
import { errorOf } from '../../../test/support/errors.js';

const TRACES_DIR = new URL('../../../test/fixtures/traces/', import.meta.url).pathname;

describe('reading a probe trace file', () => {
  it('parses the file with its base name as the source', () => {
    const t = readTraceFile(TRACES_DIR + 'go1.19.8_madv1_freeosmemory.jsonl');

    expect(t.source).toBe('go1.19.8_madv1_freeosmemory.jsonl');
    expect(t.complete).toBe(true);
  });

  it('reports a missing file as a ScavsimError naming the path', () => {
    expect(errorOf(() => readTraceFile('/nonexistent/trace.jsonl')).field).toBe('/nonexistent/trace.jsonl');
  });
});

describe('reading a scenario file', () => {
  it('names the scenario after the path when the file gives no name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scavsim-files-'));
    const path = join(dir, 'mine.json');
    writeFileSync(path, JSON.stringify({ config: { duration: 1000, machine: { memTotal: '1GiB' }, processes: [{ kind: 'go', name: 'A', go: '1.20', workload: { phases: [] } }] } }));

    const f = loadScenarioFile(path);

    expect(f.name).toBe(path);
    expect(f.config.scenario).toBe(path);
  });

  it('reports a missing file as E_UNKNOWN_NAME and text that is not JSON as E_PARSE naming the path', () => {
    expect(errorOf(() => loadScenarioFile('/nonexistent/s.json')).code).toBe('E_UNKNOWN_NAME');
    const dir = mkdtempSync(join(tmpdir(), 'scavsim-files-'));
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{ not json');

    const e = errorOf(() => loadScenarioFile(path));

    expect(e.code).toBe('E_PARSE');
    expect(e.field).toBe(path);
  });
});
