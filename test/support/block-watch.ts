/**
 * vitest setup file: reports on stderr any test that kept the test worker's event loop busy for
 * more than 20 s without a break. vitest's worker answers its runner over an RPC with a fixed
 * 60 s timeout, so on a loaded machine such a test fails the whole run with "Timeout calling
 * onTaskUpdate" although every test passed; this names the culprit. Diagnostic only: it never
 * fails a test (no wall-clock thresholds in tests).
 */
import { beforeEach, expect } from 'vitest';

const REPORT_AFTER_MS = 20_000;
/** One watch per worker process (setup files run again for every test file). */
const watch = ((globalThis as { __scavsimBlockWatch?: { test: string; last: number } }).__scavsimBlockWatch ??= (() => {
  const w = { test: '(collecting)', last: Date.now() };
  setInterval(() => {
    const now = Date.now();
    if (now - w.last > REPORT_AFTER_MS) process.stderr.write(`[block-watch] ${w.test}: event loop blocked ${((now - w.last) / 1000).toFixed(0)} s\n`);
    w.last = now;
  }, 1000).unref();
  return w;
})());

beforeEach(() => {
  watch.test = `${expect.getState().testPath ?? ''} > ${expect.getState().currentTestName ?? '(unnamed test)'}`;
});
