/**
 * Machine configs as users write them (machine-config.ts): every bad field named.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/kernel/machine.js';
import { GiB } from '../../src/units.js';

describe('machine config validation', () => {
  it.each([
    [{ memTotal: GiB, pageSize: 3000 }, 'E_RANGE', 'machine.pageSize'],
    [{ memTotal: GiB, kernel: 'banana' }, 'E_PARSE', 'machine.kernel'],
    [{ memTotal: 'a lot' }, 'E_PARSE', 'machine.memTotal'],
    [{ memTotal: GiB, otherUsed: 2 * GiB }, 'E_CONFLICT', 'machine.otherUsed'],
    [{ memTotal: GiB, watermarkScaleFactor: 0 }, 'E_RANGE', 'machine.watermarkScaleFactor'],
    [{ memTotal: 4096 }, 'E_RANGE', 'machine.memTotal'],
  ])('rejects %j with %s on %s', (cfg, code, field) => {
    expect(() => new Machine(cfg as never)).toThrowError(expect.objectContaining({ code, field }));
  });
});
