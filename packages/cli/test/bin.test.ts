import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const mainTs = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('the real scavsim process', () => {
  it('exits 2 with one stderr line naming --gogc for `scavsim run --gogc abc`', () => {
    const r = spawnSync(process.execPath, ['--conditions=@scavsim/source', '--import', 'tsx', mainTs, 'run', '--gogc', 'abc'], {
      cwd: root, encoding: 'utf8',
    });

    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scavsim: --gogc: .*"abc"/);
  });
});
