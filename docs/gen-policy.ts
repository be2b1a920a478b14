/**
 * Prints the generated parts of docs/policy.md (the per-version policy table and the resolved
 * examples) from the data in packages/core/src/policy/. With `--write`, replaces them in
 * docs/policy.md in place. packages/core/test/policy/policy-docs.test.ts fails when the page and
 * the data disagree.
 *
 *   node --conditions=@scavsim/source --import tsx docs/gen-policy.ts [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  POLICY_EXAMPLE_BEGIN, POLICY_EXAMPLE_END, POLICY_TABLE_BEGIN, POLICY_TABLE_END, renderPolicyExamplesBlock, renderPolicyTableBlock,
} from '../packages/core/src/policy/index.js';

const blocks: [string, string, string][] = [
  [POLICY_TABLE_BEGIN, POLICY_TABLE_END, renderPolicyTableBlock()],
  [POLICY_EXAMPLE_BEGIN, POLICY_EXAMPLE_END, renderPolicyExamplesBlock()],
];

if (process.argv.includes('--write')) {
  const path = fileURLToPath(new URL('./policy.md', import.meta.url));
  let page = readFileSync(path, 'utf8');
  for (const [begin, end, block] of blocks) {
    const start = page.indexOf(begin);
    const stop = page.indexOf(end);
    if (start < 0 || stop < start) {
      process.stderr.write(`docs/policy.md has no generated block ${begin} … ${end}\n`);
      process.exit(1);
    }
    page = page.slice(0, start) + block + page.slice(stop + end.length);
  }
  writeFileSync(path, page);
  process.stdout.write('docs/policy.md updated\n');
} else {
  process.stdout.write(`${blocks.map(([, , block]) => block).join('\n\n')}\n`);
}
