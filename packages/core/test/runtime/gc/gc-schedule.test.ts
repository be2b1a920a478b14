/**
 * `GoProcessConfig.gcTimes`: GC cycles at given times (a replay following its telemetry's GCs).
 * Between the first and the last listed time only they start cycles; before the first and after
 * the last the pacer does (heap goal, sysmon's 2-minute period).
 */
import { describe, expect, it } from 'vitest';
import { simulate, type SimConfig } from '../../../src/index.js';
import { isScavsimError } from '../../../src/errors.js';
import { MiB } from '../../../src/units.js';

function config(gcTimes?: readonly number[], duration = 400_000): SimConfig {
  return {
    duration,
    machine: { memTotal: '4GiB' },
    processes: [{
      kind: 'go', name: 'A', go: '1.21.13', ...(gcTimes !== undefined ? { gcTimes } : {}),
      workload: {
        baseLive: 4 * MiB,
        phases: [
          { name: 'load', duration: 10_000, allocRate: 200 * MiB, liveTarget: 100 * MiB },
          { name: 'idle', duration: duration - 10_000 },
        ],
      },
    }],
  };
}

const gcTimesOf = (c: SimConfig): number[] => simulate(c).events.filter((e) => e.kind === 'gc').map((e) => e.t_ms);

describe('a GC schedule', () => {
  it('runs the cycles at the listed times and no other between the first and the last', () => {
    const times = [2000, 2500, 4000, 9000, 9400, 150_000];
    const gcs = gcTimesOf(config(times));
    const inside = gcs.filter((t) => t >= times[0]! && t <= times[times.length - 1]!);
    expect(inside).toEqual(times);
    // Without the schedule the pacer collects far more often under this load (a ~200 MiB goal at 200 MiB/s).
    const free = gcTimesOf(config());
    expect(free.filter((t) => t >= 2000 && t <= 9400).length).toBeGreaterThan(times.length);
  });

  it('leaves the cycles before the first and after the last to the pacer', () => {
    const gcs = gcTimesOf(config([5000, 9000]));
    expect(gcs.some((t) => t < 5000)).toBe(true);
    // After the last scheduled cycle: heap-goal cycles while the load runs, then sysmon's 2-minute period.
    expect(gcs.filter((t) => t > 9000 && t <= 10_000).length).toBeGreaterThan(0);
    const last = gcs.filter((t) => t <= 10_000).pop()!;
    expect(gcs.filter((t) => t > 10_000)).toEqual([last + 120_000, last + 240_000, last + 360_000].filter((t) => t <= 400_000));
  });

  it('holds sysmon\'s periodic GC back until the schedule has run out', () => {
    // 200 s without a scheduled cycle: no periodic GC at +120 s in between.
    const gcs = gcTimesOf(config([9000, 209_000]));
    expect(gcs.filter((t) => t > 9000 && t < 209_000)).toEqual([]);
    expect(gcs).toContain(209_000 + 120_000);
  });

  it('is deterministic', () => {
    const c = config([2000, 3000, 130_000]);
    expect(JSON.stringify(simulate(c))).toBe(JSON.stringify(simulate(c)));
  });

  it('refuses times out of order or outside the accepted range, naming the element', () => {
    for (const [times, field] of [[[3000, 2000], 'processes[0].gcTimes[1]'], [[-1], 'processes[0].gcTimes[0]'], [['1s'], 'processes[0].gcTimes[0]']] as const) {
      try {
        simulate(config(times as unknown as number[]));
        expect.unreachable();
      } catch (e) {
        expect(isScavsimError(e)).toBe(true);
        expect((e as { field: string }).field).toBe(field);
      }
    }
  });
});
