/**
 * docs/policy.md shows the policy table generated from GO_POLICY_TABLE (docs/gen-policy.ts), so
 * the page cannot drift from the data. The fix for a failure is
 * `node --conditions=@scavsim/source --import tsx docs/gen-policy.ts --write`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GO_POLICY_TABLE, renderPolicyExamplesBlock, renderPolicyTableBlock, renderPolicyTableMarkdown } from '../../src/policy/index.js';

const page = readFileSync(new URL('../../../../docs/policy.md', import.meta.url), 'utf8');

describe('docs/policy.md', () => {
  it('contains the table generated from the current data', () => {
    expect(page).toContain(renderPolicyTableBlock());
  });

  it('contains the resolved examples generated from the current rules', () => {
    expect(page).toContain(renderPolicyExamplesBlock());
  });

  it('renders one line per row in each of its three tables', () => {
    const md = renderPolicyTableMarkdown();
    for (const row of GO_POLICY_TABLE) {
      expect(md.split('\n').filter((l) => l.startsWith(`| ${row.label} |`))).toHaveLength(3);
    }
  });

  it('would change if a row changed', () => {
    const edited = GO_POLICY_TABLE.map((r, i) => (i === 0 ? { ...r, adviceDefault: 'MADV_FREE' as const } : r));
    expect(renderPolicyTableMarkdown(edited)).not.toBe(renderPolicyTableMarkdown());
  });
});
