import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../src/progress.js';
import { runCli } from './harness.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, s: { write: (t: string) => writes.push(t), isTTY, columns: 80 } };
}

describe('progress bar', () => {
  it('draws nothing when stderr is not a TTY, however long the run', () => {
    const { writes, s } = stream(false);
    let now = 0;
    const p = createProgress(s, { label: 'x', now: () => (now += 10_000) });

    for (let i = 0; i <= 10; i++) p.update(i / 10);
    p.finish();

    expect(writes).toEqual([]);
  });

  it('draws nothing during the first second on a TTY', () => {
    const { writes, s } = stream(true);
    let now = 0;
    const p = createProgress(s, { label: 'x', now: () => (now += 50) });

    for (let i = 0; i < 15; i++) p.update(i / 100);

    expect(writes).toEqual([]);
  });

  it('draws after a second on a TTY and clears its line at the end', () => {
    const { writes, s } = stream(true);
    let now = 0;
    const p = createProgress(s, { label: 'x', now: () => (now += 600) });

    p.update(0.1);
    p.update(0.5);
    p.finish();

    expect(writes.length).toBeGreaterThanOrEqual(2);
    expect(writes[0]).toContain('50%');
    expect(writes.at(-1)).toBe('\r\u001b[K');
  });

  it('fits the terminal width', () => {
    expect(progressLine('incident-go1.15', 0.42, 60).length).toBeLessThanOrEqual(60);
  });

  it('stays off in the CLI when stderr is not a TTY', async () => {
    const r = await runCli(['run', 'fixture'], { stderrIsTTY: false, clockStepMs: 5_000 });

    expect(r.stderr).toBe('');
  });

  it('shows in the CLI on a TTY when the run takes over a second', async () => {
    const r = await runCli(['run', 'fixture'], { stderrIsTTY: true, clockStepMs: 5_000 });

    expect(r.stderr).toContain('fixture [');
  });
});
