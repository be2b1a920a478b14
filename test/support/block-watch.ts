/**
 * vitest setup file: keeps the test worker answering its runner, and names any test that does
 * not. vitest's worker talks to its runner over an RPC with a fixed 60 s timeout, and runs
 * synchronous tests back to back without a turn of the event loop: a file of sync tests that
 * together take a minute (the docs-chart checks, 36 s on an idle machine) fails the whole run
 * with "Timeout calling onTaskUpdate" although every test passed. So every test starts with one
 * macrotask turn (`setImmediate`), and a watch reports on stderr any single test that still
 * holds the loop for more than 20 s. Diagnostic only: it never fails a test (no wall-clock
 * thresholds in tests).
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

beforeEach(async () => {
  // One turn of the event loop: the runner's RPC replies and the watch's timer run here.
  await new Promise((resolve) => setImmediate(resolve));
  watch.test = `${expect.getState().testPath ?? ''} > ${expect.getState().currentTestName ?? '(unnamed test)'}`;
});
