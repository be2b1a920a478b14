/**
 * vitest global setup: every test run writes its temporary files (CLI outputs, packed
 * packages, fuzz inputs) under one directory of its own, removed when the run ends, so that
 * repeated runs do not fill the machine's /tmp. Tests keep calling `os.tmpdir()`; the forked
 * test workers inherit TMPDIR from this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Points TMPDIR at a fresh directory; returns the teardown that removes it. */
export default function setup(): () => void {
  const previous = process.env['TMPDIR'];
  const dir = mkdtempSync(join(tmpdir(), 'scavsim-test-run-'));
  process.env['TMPDIR'] = dir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
