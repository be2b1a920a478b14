/**
 * The replay's GCs follow the observed ones where the telemetry resolves them (gc-schedule.ts),
 * and the pacer's where it does not or where a what-if changes the pacer's inputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitRun, observedGcTimes, readTelemetry, replay } from '@scavsim/replay';

const caddy = (...names: string[]) => readTelemetry(names.map((n) => ({
  name: n, text: readFileSync(new URL(`../../../test/fixtures/realworld/caddy_go1.19.8_madv1_load/${n}`, import.meta.url), 'utf8'),
})));
const probe = (name: string) => readTelemetry([{
  name: `${name}.jsonl`, text: readFileSync(new URL(`../../../test/fixtures/traces/${name}.jsonl`, import.meta.url), 'utf8'),
}]);
const gcEvents = (r: ReturnType<typeof replay>['fitted']['result']) => r.events.filter((e) => e.kind === 'gc').map((e) => e.t_ms);

describe('the observed GC times', () => {
  it('are a gctrace log\'s @ times, one per logged GC', async () => {
    const t = await caddy('gctrace.log');
    const s = observedGcTimes(t);
    expect(s.times).toEqual(t.gcs.map((g) => Math.round(g.t)));
  });

  it('are the samples at which NumGC rose when most GCs are alone in their sample interval (the probe\'s 100 ms MemStats)', async () => {
    const t = await probe('go1.21.13_madv1_loadtest');
    const s = observedGcTimes(t);
    const num = t.series.NumGC!;
    expect(s.times).not.toBeNull();
    expect(s.times!.length).toBe(num.v[num.v.length - 1]! - num.v[0]!);
  });

  it('are not followed from scraped GCs under a memory limit, whose capped NextGC does not tell the live heap', async () => {
    const t = await probe('go1.21.13_madv1_loadtest_memlimit700');
    expect(observedGcTimes(t).times).not.toBeNull();
    expect(observedGcTimes(t, true)).toMatchObject({ times: null, why: expect.stringMatching(/memory limit/) });
    expect(fitRun(t).gcTimes).toBeNull();
  });

  it('are not followed from a 1 s scrape of a service that collects several times a second', async () => {
    const s = observedGcTimes(await caddy('metrics.json'));
    expect(s.times).toBeNull();
    expect(s).toMatchObject({ why: expect.stringMatching(/share a sample interval/) });
  });
});

describe('the replay', () => {
  it('runs its GCs at the observed times, and so stops the load at the observed point of its GC cycle', async () => {
    const t = await probe('go1.21.13_madv1_loadtest');
    const fit = fitRun(t);
    expect(fit.config.processes[0]).toMatchObject({ gcTimes: fit.gcTimes });
    const r = replay(fit, ['godebug=madvdontneed=0', 'gogc=50']);
    const times = fit.gcTimes!;
    const inside = (xs: number[]) => xs.filter((x) => x >= times[0]! && x <= times[times.length - 1]!);
    expect(inside(gcEvents(r.fitted.result))).toEqual([...times]);
    // Another madvise mode does not move the GCs; another GOGC is the pacer's to decide.
    expect(inside(gcEvents(r.whatIfs[0]!.result))).toEqual([...times]);
    expect(inside(gcEvents(r.whatIfs[1]!.result))).not.toEqual([...times]);
    expect(fit.notes.some((n) => /^GC times: the \d+ GCs of/.test(n))).toBe(true);
  });

  it('takes the allocation from the log when it follows the log\'s GCs', async () => {
    const fit = fitRun(await caddy('gctrace.log', 'metrics.json'));
    expect(fit.gcTimes).not.toBeNull();
    expect(fit.notes.find((n) => n.startsWith('allocation:'))).toMatch(/from the gctrace log/);
    const paced = fitRun(await caddy('metrics.json'));
    expect(paced.gcTimes).toBeNull();
    expect(paced.config.processes[0]).not.toHaveProperty('gcTimes');
    expect(paced.notes.find((n) => n.startsWith('GC times:'))).toMatch(/the pacer's/);
  });
});
