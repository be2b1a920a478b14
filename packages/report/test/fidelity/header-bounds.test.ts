/**
 * Trace headers go through the same bound on work as configs (issue 16 item 2): a header that
 * asks for a run the simulator cannot carry out is refused before it runs, naming the header
 * field, not a config field the user never wrote.
 */
import { describe, expect, it } from 'vitest';
import { runFidelity } from '../../src/fidelity/report.js';
import type { ProbeTrace } from '../../src/fidelity/trace.js';
import { fixture } from './fixtures.js';
import { errorOf } from '../../../../test/support/errors.js';

function withParams(name: string, params: Record<string, string>): ProbeTrace {
  const t = fixture(name);
  const header = { ...t.header, params: { ...(t.header['params'] as Record<string, string>), ...params } };
  return { ...t, header } as ProbeTrace;
}

describe('trace headers are bounded like configs', () => {
  it('a loadtest of an hour at 2000 MiB/s in objects from 1 KiB (ran for minutes)', () => {
    const e = errorOf(() => runFidelity(withParams('go1.15.15_madv0_loadtest', { load: '1h0m0s', ratemib: '2000', minobj: '1024' })));
    expect([e.code, e.field]).toEqual(['E_RANGE', 'header.params.ratemib']);
    expect(e.message).toMatch(/units of work/);
  });
  it('a hog of 1 MiB steps up to a billion MiB (a V8 heap-out-of-memory abort)', () => {
    const e = errorOf(() => runFidelity(withParams('go1.15.15_madv0_pressure', { hogargs: '-stepmib 1 -targetmib 1000000000' })));
    expect([e.code, e.field]).toEqual(['E_RANGE', 'header.params.hogargs']);
    expect(e.message).toContain('processes[1].schedule');
  });
});
