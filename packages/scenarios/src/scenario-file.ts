/**
 * Scenario files: a user's own scenario as JSON text, `{ name?, title?, teaches?, config }`.
 *
 * Parsing is pure (text in, {@link ScenarioFile} out) so that a browser page can load a file the
 * user picked; reading the file from disk is the CLI's job (`@scavsim/cli`'s `loadScenarioFile`).
 *
 * @module
 */
import { ScavsimError, type SimConfig } from '@scavsim/core';

/** A scenario read from a JSON file: `{ name?, title?, teaches?, config }` (no claims). */
export interface ScenarioFile {
  readonly name: string;
  readonly title: string;
  readonly teaches: string;
  readonly config: SimConfig;
}

/**
 * Parses and validates the text of a scenario file. The config itself is validated when it
 * runs, with errors naming the field (`config.processes[0].gogc`).
 * @param text the whole JSON file
 * @param source where the text came from (the path as the user wrote it): named in errors, and
 *   the scenario's name when the file gives none
 * @throws {@link ScavsimError} `E_PARSE` for text that is not JSON, `E_TYPE` naming the field for
 *   a document that is not `{ name?, title?, teaches?, config }`
 */
export function parseScenarioFile(text: string, source: string): ScenarioFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ScavsimError('E_PARSE', source, `not JSON: ${(e as Error).message}`, 'a JSON object { name, title, config }');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ScavsimError('E_TYPE', source, 'expected a JSON object', '{ name, title, config }');
  const o = doc as Record<string, unknown>;
  const cfg = o['config'];
  if (cfg === null || typeof cfg !== 'object' || Array.isArray(cfg)) throw new ScavsimError('E_TYPE', 'config', 'expected an object', 'a simulation config { duration, machine, processes }');
  for (const k of ['name', 'title', 'teaches'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'string') throw new ScavsimError('E_TYPE', k, 'expected a string', 'a string');
  }
  const name = (o['name'] as string | undefined) ?? source;
  return { name, title: (o['title'] as string | undefined) ?? name, teaches: (o['teaches'] as string | undefined) ?? '', config: { scenario: name, ...(cfg as SimConfig) } };
}
