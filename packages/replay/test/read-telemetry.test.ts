/**
 * The readers on real telemetry (the caddy recordings) and on the damage real logs carry:
 * chunks split anywhere, CRLF, log prefixes, cut-off lines, interleaved output, lost lines,
 * restarts, counter resets, gaps.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTelemetry, type Telemetry } from '@scavsim/replay';
import { fails } from './fails.js';

const DIR = new URL('../../../test/fixtures/realworld/caddy_go1.19.8_madv0_load/', import.meta.url);
const read = (f: string): string => readFileSync(new URL(f, DIR), 'utf8');
const gctrace = read('gctrace.log');
const metrics = read('metrics.json');
const meta = JSON.parse(read('meta.json')) as { start_unix_ms: number };
const MiB = 1024 * 1024;

describe('the caddy recording', () => {
  it('reads every GC of the log, the periodic ones marked, and the live heap the forced GC found', async () => {
    const t = await readTelemetry([{ name: 'gctrace.log', text: gctrace }]);
    expect(t.gcs).toHaveLength(131);
    const periodic = t.gcs.filter((g) => g.periodic).map((g) => g.n);
    expect(periodic).toEqual([125, 126]);
    expect(t.gcs[124]!.heapLive / MiB).toBeCloseTo(203.5, 5);
    expect(t.goMinors).toEqual([19, 20]);
    expect(t.warnings).toEqual([]);
  });

  it('puts the Prometheus export on the runtime clock by the GC both saw', async () => {
    const t = await readTelemetry([{ name: 'gctrace.log', text: gctrace }, { name: 'metrics.json', text: metrics }]);
    // The runtime starts a few ms after the recorder's start_unix_ms.
    expect(Math.abs(t.clock.originUnixMs! - meta.start_unix_ms)).toBeLessThan(50);
    expect(t.clock.how).toMatch(/last_gc_time/);
    expect(t.seriesFrom.VmRSS).toBe('metrics.json');
    expect(t.series.VmRSS!.t).toHaveLength(425);
    expect(t.series.HeapAlloc!.t).toHaveLength(425);
  });

  it('reads the same from chunks split anywhere (inside a line, inside a CRLF)', async () => {
    const crlf = gctrace.replace(/\n/g, '\r\n');
    const chunks = (s: string, n: number): string[] => Array.from({ length: Math.ceil(s.length / n) }, (_, i) => s.slice(i * n, i * n + n));
    const whole = await readTelemetry([{ name: 'g', text: gctrace }]);
    for (const n of [1, 7, 4096]) {
      const t = await readTelemetry([{ name: 'g', chunks: chunks(crlf, n) }]);
      expect(t.gcs).toEqual(whole.gcs);
      expect(t.files[0]!.lines).toBe(whole.files[0]!.lines);
    }
  });
});

describe('damaged gctrace logs', () => {
  const lines = gctrace.split('\n');

  it('reads lines behind kubectl --timestamps prefixes and takes the process start from them', async () => {
    const stamped = lines.map((l) => {
      const m = /@(\d+\.\d+)s/.exec(l);
      const at = m === null ? 0 : Number(m[1]) * 1000;
      return `${new Date(meta.start_unix_ms + at).toISOString()} ${l}`;
    }).join('\n');
    const t = await readTelemetry([{ name: 'pod.log', text: stamped }]);
    expect(t.gcs).toHaveLength(131);
    expect(Math.abs(t.clock.originUnixMs! - meta.start_unix_ms)).toBeLessThan(60);
  });

  it('skips a cut-off line and reports it by file and line, keeping the rest', async () => {
    const cut = [...lines.slice(0, 10), lines[10]!.slice(0, 40), ...lines.slice(11)].join('\n');
    const t = await readTelemetry([{ name: 'app.log', text: cut }]);
    expect(t.warnings).toEqual([expect.stringMatching(/^app\.log:11: a gc line cut off/), expect.stringMatching(/^app\.log:13: gc 6 to gc 6 are missing/)]);
    expect(t.gcs).toHaveLength(130);
  });

  it('reads trace lines among (and glued to) the program\'s own output', async () => {
    const mixed = lines.flatMap((l, i) => (i % 3 === 0 ? ['{"level":"info","msg":"handled request"}', l] : [`{"msg":"x"}${l}`])).join('\n');
    const t = await readTelemetry([{ name: 'mixed.log', text: mixed }]);
    expect(t.gcs).toHaveLength(131);
  });

  it('keeps only the last run when the GC numbers start again', async () => {
    const restarted = [...lines.slice(0, 40), ...lines.slice(0, 20)].join('\n');
    const t = await readTelemetry([{ name: 'r.log', text: restarted }]);
    expect(t.warnings.some((w) => /^r\.log:41: GC numbers start again/.test(w))).toBe(true);
    expect(t.gcs[0]!.n).toBe(1);
    expect(t.gcs.length).toBeLessThan(20);
  });
});

describe('Prometheus exports', () => {
  const doc = (result: unknown[]): string => JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
  const series = (name: string, values: [number, string][], labels: Record<string, string> = {}) => ({ metric: { __name__: name, ...labels }, values });

  it('undoes a counter reset and treats NaN as a gap', async () => {
    const t = await readTelemetry([{
      name: 'p.json',
      text: doc([
        series('go_memstats_alloc_bytes_total', [[100, '10'], [101, '20'], [102, '5'], [103, 'NaN'], [104, '7']]),
        series('process_resident_memory_bytes', [[100, '1e6'], [104, '2e6']]),
      ]),
    }]);
    expect([...t.series.TotalAlloc!.v]).toEqual([10, 20, 25, 27]);
    expect(t.warnings[0]).toMatch(/^p\.json: \$\.data\.result\[0\]\.values\[2\]: TotalAlloc went down/);
    expect([...t.series.VmRSS!.t]).toEqual([0, 4000]);
  });

  it('says where a series has a gap (a scrape target down) instead of hiding it', async () => {
    const values: [number, string][] = [];
    for (let t = 0; t <= 600; t += 15) if (t < 120 || t > 400) values.push([1_700_000_000 + t, String(1e8 + t)]);
    const t = await readTelemetry([{ name: 'gap.json', text: doc([series('process_resident_memory_bytes', values)]) }]);
    expect(t.warnings).toEqual([expect.stringMatching(/^gap\.json: VmRSS has no data from 105\.0 s to 405\.0 s/)]);
  });

  it('reads the runtime/metrics names, cAdvisor names and the settings series', async () => {
    const t = await readTelemetry([{
      name: 'new.json',
      text: doc([
        series('go_memory_classes_heap_objects_bytes', [[10, '100'], [11, '110']]),
        series('go_memory_classes_heap_unused_bytes', [[10, '20'], [11, '30']]),
        series('go_memory_classes_heap_free_bytes', [[10, '5'], [11, '5']]),
        series('go_memory_classes_heap_released_bytes', [[10, '40'], [11, '50']]),
        series('go_gc_gogc_percent', [[10, '50']]),
        series('go_gc_gomemlimit_bytes', [[10, '1073741824']]),
        series('go_info', [[10, '1']], { version: 'go1.22.3' }),
        series('container_memory_working_set_bytes', [[10, '300'], [11, '310']], { container: 'api' }),
      ]),
    }]);
    expect([...t.series.HeapInuse!.v]).toEqual([120, 140]);
    expect([...t.series.HeapIdle!.v]).toEqual([45, 55]);
    expect([...t.series.HeapSys!.v]).toEqual([165, 195]);
    expect([...t.series.cg_working_set!.v]).toEqual([300, 310]);
    expect(t.facts.gogc?.value).toBe('50');
    expect(t.facts.gomemlimit?.value).toBe('1073741824');
    expect(t.facts.go?.value).toBe('go1.22.3');
  });

  it('refuses a cut-off export naming the line and column', async () => {
    const e = await fails(readTelemetry([{ name: 'cut.json', text: `${metrics.slice(0, 5000)}\n` }]));
    expect(e.code).toBe('E_PARSE');
    expect(e.field).toMatch(/^cut\.json:\d+:\d+$/);
  });

  it('refuses two processes in one export, naming both', async () => {
    const e = await fails(readTelemetry([{
      name: 'two.json',
      text: doc([series('go_memstats_heap_inuse_bytes', [[1, '1']], { instance: 'a' }), series('go_memstats_heap_inuse_bytes', [[1, '1']], { instance: 'b' })]),
    }]));
    expect(e.message).toMatch(/instance="a".*instance="b"/);
  });
});

describe('CSV and JSONL', () => {
  it('reads /proc fields in kB against Unix seconds, and skips a cut-off row', async () => {
    const csv = 'timestamp,VmRSS_kB,HeapInuse\r\n1700000000,1024,5000\r\n1700000001,2048,6000\r\n1700000002,30\r\n';
    const t = await readTelemetry([{ name: 'x.csv', text: csv }]);
    expect([...t.series.VmRSS!.v]).toEqual([1024 * 1024, 2048 * 1024]);
    expect([...t.series.VmRSS!.t]).toEqual([0, 1000]);
    expect(t.warnings).toEqual([expect.stringMatching(/^x\.csv:4: 2 fields where the header has 3/)]);
  });

  it('refuses a CSV without a time column', async () => {
    const e = await fails(readTelemetry([{ name: 'y.csv', text: 'a,VmRSS\n1,2\n' }]));
    expect(e.field).toBe('y.csv:1');
  });

  it('reads a probe trace: settings from its header, samples on its own clock', async () => {
    const jsonl = [
      JSON.stringify({ header: true, go_version: 'go1.15.15', GODEBUG: 'madvdontneed=0', GOGC: '', kernel: '6.18.44', start_unix_ms: 1000 }),
      JSON.stringify({ t_ms: 0, phase: 'start', HeapInuse: 10, VmRSS: 20 }),
      '{"t_ms":100,"phase":"st',
      JSON.stringify({ ev: 'phase', t_ms: 100, name: 'x' }),
      JSON.stringify({ t_ms: 200, phase: 'x', HeapInuse: 11, VmRSS: 21 }),
    ].join('\n');
    const t = await readTelemetry([{ name: 'p.jsonl', text: jsonl }]);
    expect(t.facts.go?.value).toBe('go1.15.15');
    expect(t.facts.godebug?.value).toBe('madvdontneed=0');
    expect([...t.series.VmRSS!.t]).toEqual([0, 200]);
    expect(t.warnings).toEqual([expect.stringMatching(/^p\.jsonl:3: not a JSON object/)]);
  });

  it('refuses a file it cannot tell, naming it', async () => {
    const e = await fails(readTelemetry([{ name: 'notes.txt', text: 'hello world\n' }]));
    expect(e.field).toBe('notes.txt:1');
  });
});

describe('the package runs in a browser', () => {
  it('imports nothing from node: in its sources', () => {
    const src = new URL('../src/', import.meta.url);
    for (const f of readdirSync(src, { recursive: true }) as string[]) {
      if (!f.endsWith('.ts')) continue;
      expect(readFileSync(new URL(f, src), 'utf8'), f).not.toMatch(/from ['"]node:|require\(['"]node:/);
    }
  });
});

export type { Telemetry };
