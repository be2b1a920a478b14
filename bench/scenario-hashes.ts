/**
 * Output fingerprints of every registered scenario (and its variants): SHA-256 of
 * `JSON.stringify(simulate(config))`, with the wall time of each run. A performance change is
 * behaviour-preserving exactly when these hashes do not move.
 *
 *   node --conditions=@scavsim/source --import tsx bench/scenario-hashes.ts > before.txt
 *   … change the engine …
 *   node --conditions=@scavsim/source --import tsx bench/scenario-hashes.ts | diff before.txt -
 *
 * Pass `--times` to append the wall time of each run (then the output is not diffable).
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { simulate, type SimConfig } from '../packages/core/src/index.js';
import { listScenarios } from '../packages/scenarios/src/registry.js';

/** One fingerprinted run. */
export interface ScenarioHash {
  /** Scenario name, with `/variant` for a variant. */
  readonly name: string;
  /** SHA-256 (hex) of the JSON of the whole run result. */
  readonly sha256: string;
  /** Wall time of the run (ms). */
  readonly wallMs: number;
}

/** Every registered scenario config and variant, by name. */
export function scenarioConfigs(): { name: string; config: SimConfig }[] {
  const out: { name: string; config: SimConfig }[] = [];
  for (const s of listScenarios()) {
    out.push({ name: s.name, config: s.config });
    for (const [k, cfg] of Object.entries(s.variants ?? {})) out.push({ name: `${s.name}/${k}`, config: cfg });
  }
  return out;
}

/** Runs every scenario and variant once and fingerprints its output. */
export function scenarioHashes(): ScenarioHash[] {
  return scenarioConfigs().map(({ name, config }) => {
    const t0 = performance.now();
    const json = JSON.stringify(simulate(config));
    const wallMs = performance.now() - t0;
    return { name, sha256: createHash('sha256').update(json).digest('hex'), wallMs };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const times = process.argv.includes('--times');
  for (const h of scenarioHashes()) console.log(`${h.sha256}  ${h.name}${times ? `  ${h.wallMs.toFixed(0)} ms` : ''}`);
}
