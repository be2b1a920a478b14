/**
 * Reading JSONL samples, one line at a time: the fidelity probe's traces
 * (`test/fixtures/traces/README.md`), scavsim's own `--format jsonl` output, and any sampler
 * writing `{"t_ms":…, "HeapInuse":…, "VmRSS":…}` objects (the realworld recordings'
 * `proc.jsonl`).
 *
 * The line classes are the probe's (`analyze.py load()`, as `@scavsim/report`'s trace reader
 * reads them): `{"header":true,…}` states the run's settings (`go_version`, `GODEBUG`, `GOGC`,
 * `GOMEMLIMIT`, `kernel`) and its start (`start_unix_ms`); a line with `ev` is an event
 * (skipped); any other object is a sample, whose `t_ms` is ms since the process started and
 * whose keys are MemStats, `/proc`, cgroup or Prometheus names (`metric-names.ts`). Samples of
 * several processes (scavsim's multi-process output, with `process`) keep the first process.
 *
 * A line that is not JSON (cut off, or the program's output mixed in) is skipped and reported;
 * a file in which no line is JSON is refused.
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';
import { fieldForColumn } from './metric-names.js';
import { SourceData } from './source.js';
import type { Warnings } from './telemetry.js';

/** A line-by-line JSONL reader: feed it lines, then take its {@link SourceData}. */
export class JsonlReader {
  private readonly data: SourceData;
  private process: string | undefined;
  private otherProcesses = false;
  private parsed = 0;

  constructor(private readonly name: string, warnings: Warnings) {
    this.data = new SourceData(name, 'jsonl', 'run', warnings);
  }

  /** Reads one line (no line ending). */
  line(text: string, lineNo: number): void {
    const d = this.data;
    d.lines++;
    if (text.trim() === '') return;
    const where = `${this.name}:${lineNo}`;
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch {
      d.skipped++;
      d.warnings.add(where, 'not a JSON object (cut off, or other output mixed in); skipped');
      return;
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      d.skipped++;
      d.warnings.add(where, 'not a JSON object; skipped');
      return;
    }
    this.parsed++;
    const rec = o as Record<string, unknown>;
    if (rec['header'] === true) {
      this.header(rec);
      d.used++;
      return;
    }
    if ('ev' in rec) return;
    const t = rec['t_ms'];
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      d.skipped++;
      d.warnings.add(where, 'a sample without a numeric t_ms; skipped');
      return;
    }
    const proc = rec['process'];
    if (typeof proc === 'string') {
      this.process ??= proc;
      if (proc !== this.process) {
        if (!this.otherProcesses) d.warnings.add(where, `samples of process "${proc}" are ignored: the replay is of "${this.process}"`);
        this.otherProcesses = true;
        return;
      }
    }
    let any = false;
    for (const [k, v] of Object.entries(rec)) {
      if (typeof v !== 'number' || k === 't_ms') continue;
      const m = fieldForColumn(k);
      if (m === null) continue;
      d.add(m.field, t, v * m.scale, where);
      any = true;
    }
    if (any) d.used++;
    else d.skipped++;
  }

  private header(h: Record<string, unknown>): void {
    const d = this.data;
    const str = (k: string): string => (typeof h[k] === 'string' ? (h[k] as string) : typeof h[k] === 'number' ? String(h[k]) : '');
    d.fact('go', str('go_version'), 'header go_version');
    d.fact('godebug', str('GODEBUG'), 'header GODEBUG');
    d.fact('gogc', str('GOGC'), 'header GOGC');
    d.fact('gomemlimit', str('GOMEMLIMIT'), 'header GOMEMLIMIT');
    d.fact('kernel', str('kernel'), 'header kernel');
    // sysfs text with the active mode in brackets: `always [madvise] never`.
    d.fact('thp', /\[(\w+)\]/.exec(str('thp_enabled'))?.[1] ?? '', 'header thp_enabled');
    if (typeof h['start_unix_ms'] === 'number') {
      d.originUnixMs = h['start_unix_ms'];
      d.originHow = `${this.name}: header start_unix_ms`;
    }
  }

  /** The file's data, once every line was read. */
  finish(): SourceData {
    if (this.parsed === 0) {
      throw new ScavsimError('E_PARSE', `${this.name}:1`, 'no line is a JSON object', 'JSONL: one JSON object per line');
    }
    return this.data;
  }
}
