/**
 * Long runs in flat memory: `incident-go1.15` at 100 ms samples written as JSON Lines as the
 * samples are made (`Simulation` with `onSample` and `keepSamples: false`), for one hour and
 * for a day, each in its own node process (bench/child.ts), with node's peak RSS. The target
 * (issue 16): the day's peak RSS within 20 % of the hour's. Before streaming, the CLI kept
 * every sample: 2.69 GB peak RSS for the day's JSONL.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Simulation } from '../packages/core/src/index.js';
import { canonicalHeader, sampleLine } from '../packages/report/src/formats/jsonl.js';
import { INCIDENT_CONFIG } from '../packages/scenarios/src/scenarios/incident.js';

/** Figures of one streamed run. */
export interface StreamingFigures {
  readonly duration: string;
  readonly samples: number;
  readonly bytesWritten: number;
  readonly wallMs: number;
  /** node's peak RSS for the whole process (bytes). */
  readonly peakRssBytes: number;
}

/** Streams the incident for `duration` as JSONL to `out` (a file, or /dev/null). */
export function benchStreamJsonl(duration: string, out = '/dev/null'): StreamingFigures {
  const fd = openSync(out, 'w');
  let pending = '';
  let bytesWritten = 0;
  let samples = 0;
  const flush = (): void => {
    bytesWritten += writeSync(fd, pending);
    pending = '';
  };
  const t0 = performance.now();
  const sim = new Simulation({ ...INCIDENT_CONFIG, duration, sample: 100 }, true, {
    keepSamples: false,
    onSample: (s) => {
      samples++;
      pending += `${sampleLine(s)}\n`;
      if (pending.length > 1 << 16) flush();
    },
  });
  pending += `${JSON.stringify(canonicalHeader(sim.header))}\n`;
  while (!sim.done) sim.step();
  flush();
  closeSync(fd);
  return { duration, samples, bytesWritten, wallMs: performance.now() - t0, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}
