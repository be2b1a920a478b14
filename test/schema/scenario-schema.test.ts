/**
 * The published JSON Schema of scenario files is generated from the zod schema that validates
 * them, and the committed copy is in sync with it (regenerate with `pnpm run schema`). The
 * example scenario files point editors at it with `"$schema"` and pass it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '@scavsim/scenarios';
import { scenarioSchemaText } from '../../schema/build.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('schema/scenario.schema.json', () => {
  it('is exactly what the zod schema generates (run pnpm run schema after changing it)', () => {
    expect(readFileSync(`${root}schema/scenario.schema.json`, 'utf8')).toBe(scenarioSchemaText());
  });

  it('is strict, so editors flag a misspelt field as the CLI does', () => {
    const s = JSON.parse(scenarioSchemaText()) as { additionalProperties: unknown; properties: { config: { additionalProperties: unknown; required: string[] } } };
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.config.additionalProperties).toBe(false);
    expect(s.properties.config.required).toEqual(expect.arrayContaining(['duration', 'machine', 'processes']));
  });

  // Scenario files are the examples with a config (others, such as sweep grids, have their own shape).
  const examples = readdirSync(`${root}docs/examples`).filter((f) => f.endsWith('.json') && 'config' in (JSON.parse(readFileSync(`${root}docs/examples/${f}`, 'utf8')) as object));
  it.each(examples)('docs/examples/%s names the schema and passes it', (f) => {
    const text = readFileSync(`${root}docs/examples/${f}`, 'utf8');
    expect((JSON.parse(text) as { $schema?: string }).$schema).toBe('../../schema/scenario.schema.json');
    expect(parseScenarioFile(text, `docs/examples/${f}`).config.processes.length).toBeGreaterThan(0);
  });
});
