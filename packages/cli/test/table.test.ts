import { describe, expect, it } from 'vitest';
import { colorFor, textTable } from '../src/table.js';
import { runCli } from './harness.js';
import { fixtureRun } from '../../report/test/formats/run-fixture.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

describe('textTable', () => {
  it('pads columns to their visible width, coloured cells too, with no trailing spaces', () => {
    const plain = textTable([['', 'a', 'bb'], ['long name', '1', '22222']], ['left', 'right']);
    const coloured = textTable([['', '\u001b[1ma\u001b[22m', 'bb'], ['long name', '1', '\u001b[31m22222\u001b[39m']], ['left', 'right']);

    expect(plain).toBe('           a     bb\nlong name  1  22222\n');
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });
});

describe('colour', () => {
  it('follows FORCE_COLOR, then NO_COLOR, then whether the stream is a terminal', () => {
    expect(colorFor({}, true)).toBe(true);
    expect(colorFor({}, false)).toBe(false);
    expect(colorFor({ TERM: 'dumb' }, true)).toBe(false);
    expect(colorFor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorFor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorFor({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(colorFor({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorFor({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
  });

  const oom = fixtureRun({ endMs: 1200 });
  const variants = [{ label: 'killed', result: { ...oom, killed: [{ process: 'A', t_ms: 1000, scope: 'memcg' as const, rssBytes: 1 }] } }];
  const claims = [{ id: 'a', text: 'RSS stays up', pass: true, detail: 'x' }, { id: 'b', text: 'it drops', pass: false, detail: 'y' }];

  it('colours tables and verdicts on a terminal, and not with NO_COLOR', async () => {
    const tty = await runCli(['run', 'fixture'], { stdoutIsTTY: true, variants, claims });
    const noColor = await runCli(['run', 'fixture'], { stdoutIsTTY: true, variants, claims, env: { NO_COLOR: '1' } });
    const piped = await runCli(['run', 'fixture'], { variants, claims });

    expect(tty.stdout).toContain('\u001b[31mFAILS\u001b[39m');
    expect(tty.stdout).toContain('\u001b[32mholds\u001b[39m');
    expect(tty.stdout).toMatch(/\u001b\[31mat 1 s\u001b\[39m/);
    expect(noColor.stdout).not.toMatch(ANSI);
    expect(piped.stdout).not.toMatch(ANSI);
    // The same table, colour aside.
    expect(tty.stdout.replace(ANSI, '')).toBe(noColor.stdout);
  });

  it('colours output that is not a terminal with FORCE_COLOR, and not with FORCE_COLOR=0', async () => {
    const forced = await runCli(['list'], { env: { FORCE_COLOR: '1' } });
    const off = await runCli(['list'], { stdoutIsTTY: true, env: { FORCE_COLOR: '0' } });

    expect(forced.stdout).toContain('\u001b[1mfixture\u001b[22m');
    expect(off.stdout).not.toMatch(ANSI);
    expect(forced.stdout.replace(ANSI, '')).toBe(off.stdout);
  });
});
