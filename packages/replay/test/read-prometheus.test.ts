/**
 * The streamed `query_range` reader: the same series whatever the chunking, a long export read
 * from a generator that never holds the document, and errors that say where (`file:line:col`
 * and the byte offset for syntax, the JSON path for shape).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTelemetry, type Telemetry } from '@scavsim/replay';
import { fails } from './fails.js';

const metrics = readFileSync(new URL('../../../test/fixtures/realworld/caddy_go1.19.8_madv0_load/metrics.json', import.meta.url), 'utf8');

function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const columns = (t: Telemetry): Record<string, number[][]> =>
  Object.fromEntries(Object.entries(t.series).map(([k, s]) => [k, [[...s.t], [...s.v]]]));

const doc = (result: unknown[]): string => JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });

describe('the streamed Prometheus reader', () => {
  it('reads the caddy export to the same series whatever the chunks (1 byte, 7, 4093, whole)', async () => {
    const whole = await readTelemetry([{ name: 'metrics.json', text: metrics }]);
    expect(Object.keys(whole.series).length).toBeGreaterThan(8);
    for (const size of [7, 4093]) {
      const t = await readTelemetry([{ name: 'metrics.json', chunks: split(metrics, size) }]);
      expect(columns(t)).toEqual(columns(whole));
      expect(t.files).toEqual(whole.files);
    }
    const head = metrics.slice(0, 20_000);
    const cut = `${head.slice(0, head.lastIndexOf(']]},{') + 3)}]}}`;
    const bytewise = await readTelemetry([{ name: 'm.json', chunks: split(cut, 1) }]);
    expect(columns(bytewise)).toEqual(columns(await readTelemetry([{ name: 'm.json', text: cut }])));
  });

  it('reads an export longer than any series keeps, from a generator that never holds the document', async () => {
    const points = 400_000;
    function* chunks(): Generator<string> {
      yield '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"process_resident_memory_bytes","job":"x"},"values":[';
      for (let i = 0; i < points; i += 1000) {
        const part: string[] = [];
        for (let j = i; j < i + 1000; j++) part.push(`[${1_800_000_000 + j},"${100e6 + (j % 977) * 4096}"]`);
        yield (i === 0 ? '' : ',') + part.join(',');
      }
      yield ']}]}}\n';
    }
    const t = await readTelemetry([{ name: 'long.json', chunks: chunks() }]);
    const rss = t.series.VmRSS!;
    // Kept in bounded memory: neighbours merged pairwise (telemetry.ts), the span and the peak kept.
    expect(rss.t.length).toBeLessThanOrEqual(1 << 17);
    expect(rss.t[rss.t.length - 1]! - rss.t[0]!).toBeGreaterThan((points - 64) * 1000);
    expect(Math.max(...rss.v)).toBe(100e6 + 976 * 4096);
  });

  it('reads labels that come after the values, and streams past native histograms', async () => {
    const text = '{"status":"success","data":{"resultType":"matrix","result":[' +
      '{"values":[[10,"5"],[11,"6"]],"metric":{"__name__":"process_resident_memory_bytes"}},' +
      '{"metric":{"__name__":"go_gc_duration_seconds"},"histograms":[[10,{"count":"3","sum":"0.1","buckets":[[1,"0","1","3"]]}]]}]}}';
    const t = await readTelemetry([{ name: 'h.json', text }]);
    expect([...t.series.VmRSS!.v]).toEqual([5, 6]);
    expect(t.files[0]).toMatchObject({ lines: 2, used: 1, skipped: 1 });
  });

  it('names line, column and byte of a syntax error in a pretty-printed export, in any chunk', async () => {
    const pretty = JSON.stringify(JSON.parse(doc([{ metric: { __name__: 'process_resident_memory_bytes' }, values: [[1, '1'], [2, '2'], [3, '3']] }])), null, 2);
    const broken = pretty.replace('"2"', '"2" x');
    const line = broken.slice(0, broken.indexOf(' x')).split('\n').length;
    const col = broken.split('\n')[line - 1]!.indexOf(' x') + 2;
    for (const chunks of [[broken], split(broken, 5)]) {
      const e = await fails(readTelemetry([{ name: 'b.json', chunks }]));
      expect(e.code).toBe('E_PARSE');
      expect(e.field).toBe(`b.json:${line}:${col}`);
      expect(e.message).toMatch(new RegExp(`not valid JSON \\(unexpected "x"\\) at byte ${broken.indexOf(' x') + 1}`));
    }
    const cut = await fails(readTelemetry([{ name: 'cut.json', text: pretty.slice(0, 100) }]));
    expect(cut.message).toMatch(/^cut\.json:\d+:\d+: the document ends in the middle \(a truncated export\?\) at byte 100/);
    const after = await fails(readTelemetry([{ name: 'two.json', chunks: [pretty, '\n{}'] }]));
    expect(after.message).toMatch(/text after the end of the JSON document/);
  });

  it('names the JSON path of a malformed part, and says when a series has no points', async () => {
    const e1 = await fails(readTelemetry([{ name: 'p.json', text: doc([{ metric: { __name__: 'process_resident_memory_bytes' }, values: [[1, '1'], [2]] }]) }]));
    expect(e1.field).toBe('p.json: $.data.result[0].values[1]');
    const e2 = await fails(readTelemetry([{ name: 'p.json', text: doc([{ values: [[1, '1']] }]) }]));
    expect(e2.field).toBe('p.json: $.data.result[0].metric');
    const e3 = await fails(readTelemetry([{ name: 'p.json', text: '{"status":"error","errorType":"bad_data","error":"1:5: parse error"}' }]));
    expect(e3.message).toMatch(/the export is an error response: 1:5: parse error/);
    const e4 = await fails(readTelemetry([{ name: 'p.json', text: '{"status":"success","data":{"resultType":"matrix","result":{"a":{"metric":{}}}}}' }]));
    expect(e4.field).toBe('p.json: $.data.result');
    const t = await readTelemetry([{
      name: 'p.json',
      text: doc([{ metric: { __name__: 'go_memstats_heap_inuse_bytes' }, values: [] }, { metric: { __name__: 'process_resident_memory_bytes' }, values: [[1, '1']] }]),
    }]);
    expect(t.warnings).toEqual(['p.json: $.data.result[0]: a series without points']);
  });
});
