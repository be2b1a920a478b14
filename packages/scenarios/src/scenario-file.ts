/**
 * Scenario files: a user's own scenario as JSON text, `{ $schema?, name?, title?, teaches?, config }`.
 *
 * The file's schema composes the engine's one config schema (`simConfigSchema` from
 * `@scavsim/core`): strict objects (a misspelt field is an error with the nearest valid name),
 * paths as written in the file (`config.processes[1].schedule.intervalMs`), the accepted range
 * in every message. The whole config is checked when the file is parsed, before any override
 * from the command line is applied to it, so `{"config":{}}` says which field is missing
 * instead of failing inside the overrides. {@link scenarioFileJsonSchema} publishes the same
 * schema as JSON Schema (`schema/scenario.schema.json`) for editors.
 *
 * Parsing is pure (text in, {@link ScenarioFile} out) so that a browser page can load a file the
 * user picked; reading the file from disk is the CLI's job (`@scavsim/cli`'s `loadScenarioFile`).
 *
 * @module
 */
import { z } from 'zod';
import { parseWith, printable, ScavsimError, Simulation, simConfigSchema, type SimConfig } from '@scavsim/core';

/** A scenario read from a JSON file: `{ name?, title?, teaches?, config }` (no claims). */
export interface ScenarioFile {
  readonly name: string;
  readonly title: string;
  readonly teaches: string;
  readonly config: SimConfig;
}

const optionalText = (what: string, max: number) =>
  z.string({ error: `${what}: a string of at most ${max} characters` }).max(max, { error: `${what}: a string of at most ${max} characters` }).optional();

/** The schema of a scenario file, composed from the engine's config schema. */
export const scenarioFileSchema = z.strictObject({
  $schema: optionalText('the JSON Schema this file follows', 1000),
  name: optionalText('a scenario name', 200),
  title: optionalText('a one-line title', 1000),
  teaches: optionalText('what the scenario teaches, in Markdown', 20_000),
  config: simConfigSchema,
}, { error: (iss) => (iss.code === 'unrecognized_keys' ? '$schema, name, title, teaches, config' : 'a scenario file { name?, title?, teaches?, config }') });

/** The scenario-file schema as JSON Schema (draft 2020-12), as committed in `schema/scenario.schema.json`. */
export function scenarioFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioFileSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'scavsim scenario file',
    description: 'A scenario for scavsim: `pnpm scavsim run my-scenario.json`. Generated from the zod schema in @scavsim/core and @scavsim/scenarios (pnpm run schema); do not edit.',
  };
}

/**
 * Parses and validates the text of a scenario file: JSON (a UTF-8 byte order mark is
 * allowed), the file's schema, and everything the engine checks when it builds the run, each
 * error naming the field as it is written in the file (`config.processes[0].gogc`).
 * @param text the whole JSON file
 * @param source where the text came from (the path as the user wrote it): named in errors, and
 *   the scenario's name when the file gives none
 * @throws {@link ScavsimError} `E_PARSE` for text that is not JSON, else naming the field
 */
export function parseScenarioFile(text: string, source: string): ScenarioFile {
  let doc: unknown;
  try {
    // Editors on Windows save JSON with a byte order mark; JSON.parse refuses it.
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ScavsimError('E_PARSE', printable(source, 200), `not JSON: ${(e as Error).message}`, 'a JSON object { name, title, config }');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ScavsimError('E_TYPE', printable(source, 200), 'expected a JSON object', '{ name, title, config }');
  const file = parseWith(scenarioFileSchema, doc);
  const name = file.name ?? source;
  const config = { scenario: name, ...file.config } as SimConfig;
  try {
    // What only the engine can check (versions, GODEBUG, cgroup names, the work bound):
    // building the run checks it without running a tick.
    new Simulation(config);
  } catch (e) {
    if (!(e instanceof ScavsimError)) throw e;
    throw e.at(e.field === 'config' ? 'config' : `config.${e.field}`);
  }
  return { name, title: file.title ?? name, teaches: file.teaches ?? '', config };
}
