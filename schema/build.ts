/**
 * `pnpm run schema`: writes `schema/scenario.schema.json`, the JSON Schema of scenario files,
 * from the zod schema that validates them (`scenarioFileSchema` in `@scavsim/scenarios`,
 * composing `simConfigSchema` from `@scavsim/core`). test/schema checks that the committed
 * file is what this writes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioFileJsonSchema } from '../packages/scenarios/src/index.js';

/** The file's text: the schema as pretty JSON with a final newline. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify(scenarioFileJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(fileURLToPath(new URL('./scenario.schema.json', import.meta.url)), scenarioSchemaText());
  console.log('wrote schema/scenario.schema.json');
}
