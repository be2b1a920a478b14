/**
 * The 1.14–1.17 scavenger's pacing arithmetic against go1.15.3 mgcscavenge.go `bgscavenge` and
 * netpoll_epoll.go `netpoll`, value by value (expected values computed here from the Go text,
 * not from the module).
 */
import { describe, expect, it } from 'vitest';
import { askedSleepNs, IDEAL_FRACTION, nextEwma, stepCritNs, timerSleepNs } from '../../../src/runtime/scavenger/self-paced.js';
import { behaviourFromRow } from '../../../src/policy/runtime-behaviour.js';
import { policyRowFor } from '../../../src/policy/go-policy-table.js';
import { parseGoVersion } from '../../../src/policy/go-version.js';

const behaviour = (v: string) => behaviourFromRow(policyRowFor(parseGoVersion(v)), parseGoVersion(v));

describe('bgscavenge step arithmetic (go1.15.3 mgcscavenge.go)', () => {
  it('crit is the measured time, 10 µs per physical page when it measured nothing, capped at maxCrit = 10 ms', () => {
    expect(stepCritNs(22_456, 2 << 20, 4096)).toBe(22_456);
    expect(stepCritNs(0, 8192, 4096)).toBe(20_000); // approxCritNSPerPhysicalPage × 2
    expect(stepCritNs(25e6, 8192, 4096)).toBe(10e6);
  });

  it('the asked sleep is (EWMA / 1 %) × crit / 1 %: 100 × crit at the start, truncated to whole ns', () => {
    expect(IDEAL_FRACTION).toBe(0.01);
    expect(askedSleepNs(0.01, 22_456)).toBe(2_245_600);
    expect(askedSleepNs(0.005, 10e6)).toBe(500_000_000); // a capped step at half the ideal share: 0.5 s
    expect(askedSleepNs(0.5, 2_000)).toBe(10_000_000);
    expect(askedSleepNs(0.01, 1.5)).toBe(150);
  });

  it('EWMA = 0.5 × max(crit / (crit + slept), minFraction) + 0.5 × EWMA', () => {
    expect(nextEwma(0.01, 1_000, 99_000, 0)).toBeCloseTo(0.01, 12);
    expect(nextEwma(0.01, 1_000, 0, 0)).toBeCloseTo(0.505, 12); // a sleep cut to nothing: fraction 1
    // A sleep far longer than the step: the fraction is ~0 and only 1.17's floor holds it up.
    expect(nextEwma(0.01, 1_000, 1e12, 0)).toBeCloseTo(0.005, 9);
    expect(nextEwma(0.01, 1_000, 1e12, 0.001)).toBeCloseTo(0.0055, 12);
  });

  it('minFraction is 0 in 1.14–1.16 (the integer constant 1 / 1000) and 0.001 from 1.17 (C:14ade57ab8)', () => {
    expect(behaviour('1.14.13').selfPacedMinFraction).toBe(0);
    expect(behaviour('1.15.15').selfPacedMinFraction).toBe(0);
    expect(behaviour('1.16.15').selfPacedMinFraction).toBe(0);
    expect(behaviour('1.17.13').selfPacedMinFraction).toBe(0.001);
  });

  it('huge-page preservation is on for the self-paced scavenger (1.14–1.17), off before and after', () => {
    expect(['1.13.4', '1.14.13', '1.17.13', '1.18', '1.19.8'].map((v) => behaviour(v).preserveHugePages)).toEqual([false, true, true, false, false]);
  });
});

describe('the sleep a timer gives in an idle process (go1.15.3 netpoll_epoll.go netpoll)', () => {
  // waitms = 1 when delay < 1 ms, else delay / 1e6 rounded down; the poller then re-polls for the rest.
  function pollLoop(ns: number): number {
    let left = ns;
    let slept = 0;
    while (left > 0) {
      const waitms = left < 1e6 ? 1 : Math.floor(left / 1e6);
      slept += waitms * 1e6;
      left -= waitms * 1e6;
    }
    return slept;
  }
  it.each([0, 1, 150, 999_999, 1e6, 1_000_001, 2_245_600, 8_080_000, 9e6, 1e9 + 1])('%d ns sleeps as the poll loop does', (ns) => {
    expect(timerSleepNs(ns)).toBe(pollLoop(ns));
  });
});
