/**
 * The fit: settings and where they come from, what the telemetry reveals, the fitted workload
 * as a scenario file, and what-if specs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '@scavsim/scenarios';
import { simulate } from '@scavsim/core';
import { fitRun, parseWhatIf, readTelemetry, replay, ScavsimError, SETTING_FLAGS } from '@scavsim/replay';

const dir = (r: string): URL => new URL(`../../../test/fixtures/realworld/caddy_go1.19.8_${r}_load/`, import.meta.url);
const file = (r: string, f: string) => ({ name: f, text: readFileSync(new URL(f, dir(r)), 'utf8') });
const caddy = (r: string, ...names: string[]) => readTelemetry(names.map((n) => file(r, n)));
/** A probe trace, whose header says the machine's THP mode (`thp_enabled`). */
const PROBE = new URL('../../../test/fixtures/traces/go1.19.8_madv0_freeosmemory.jsonl', import.meta.url);

describe('what-if specs', () => {
  it('reads flag names as keys, and GODEBUG pairs after godebug= until the next flag name', () => {
    expect(parseWhatIf('go=1.16').changes).toEqual({ go: '1.16' });
    expect(parseWhatIf('godebug=madvdontneed=1,gogc=50').changes).toEqual({ godebug: 'madvdontneed=1', gogc: 50 });
    expect(parseWhatIf('godebug=madvdontneed=1,scavtrace=1,gomemlimit=1GiB').changes).toEqual({ godebug: 'madvdontneed=1,scavtrace=1', gomemlimit: '1GiB' });
  });

  it('refuses unknown keys and bad values, naming --what-if', () => {
    expect(() => parseWhatIf('color=red')).toThrow(/--what-if.*unknown setting "color"/);
    expect(() => parseWhatIf('gogc=lots')).toThrow(ScavsimError);
    expect(() => parseWhatIf('go=0.9')).toThrow(ScavsimError);
  });

  it('takes every observed-run flag as a key, spelled as the flag (mem-total, cgroup-limit), and points other spellings at it', () => {
    expect(parseWhatIf('mem-total=16GiB,cgroup-limit=2GiB,swap=0,gomaxprocs=4,kernel=5.10,gomemlimit=off').changes)
      .toEqual({ memTotal: '16GiB', cgroupLimit: '2GiB', swap: '0', gomaxprocs: 4, kernel: '5.10', gomemlimit: 'off' });
    for (const flag of SETTING_FLAGS) expect(() => parseWhatIf(`${flag}=x`)).not.toThrow(/unknown setting/);
    expect(() => parseWhatIf('memtotal=16GiB')).toThrow(/unknown setting "memtotal" in "memtotal=16GiB" \(the keys are the flags' names: mem-total\)/);
    expect(() => parseWhatIf('cgroupLimit=2GiB')).toThrow(/\(the keys are the flags' names: cgroup-limit\)/);
  });

  it('takes the THP mode as --thp names it, and refuses others naming the key', () => {
    expect(parseWhatIf('thp=never').changes).toEqual({ thp: 'never' });
  });
});

describe('settings and their sources', () => {
  it('infers GOGC, the Go version range, GOMAXPROCS and MADV_FREE from the madv0 recording', async () => {
    const fit = fitRun(await caddy('madv0', 'gctrace.log', 'metrics.json'));
    expect(fit.settings.gogc).toMatchObject({ value: 100, source: 'telemetry' });
    expect(fit.settings.go).toMatchObject({ value: 'go1.20', source: 'telemetry' });
    expect(fit.settings.go.why).toMatch(/go1\.19–go1\.20/);
    expect(fit.settings.gomaxprocs).toMatchObject({ value: 2, source: 'telemetry' });
    expect(fit.settings.godebug).toMatchObject({ value: 'madvdontneed=0', source: 'telemetry' });
    expect(fit.settings.gomemlimit).toMatchObject({ value: 'off', source: 'default' });
    expect(fit.settings.kernel.source).toBe('default');
  });

  it('tells MADV_DONTNEED in the madv1 recording (RSS fell with HeapReleased)', async () => {
    const fit = fitRun(await caddy('madv1', 'metrics.json'));
    // MADV_DONTNEED is the default of the version inferred, so no GODEBUG setting is needed for it.
    expect(fit.settings.godebug).toMatchObject({ value: '', source: 'telemetry' });
    expect(fit.settings.godebug.why).toMatch(/fell with it.*MADV_DONTNEED \(the go1\.\d+ default\)/);
  });

  it('cannot tell the madvise mode from a gctrace log alone, and says so', async () => {
    const fit = fitRun(await caddy('madv0', 'gctrace.log'));
    expect(fit.settings.godebug.source).toBe('default');
    expect(fit.extraRss.source).toBe('default');
  });

  it('lets what the user observed win over what the telemetry suggests', async () => {
    const fit = fitRun(await caddy('madv0', 'gctrace.log', 'metrics.json'), { go: '1.19.8', gogc: 50, godebug: 'madvdontneed=1' });
    expect(fit.settings.go).toMatchObject({ value: 'go1.19.8', source: 'observed' });
    expect(fit.settings.gogc).toMatchObject({ value: 50, source: 'observed' });
    expect(fit.settings.godebug).toMatchObject({ value: 'madvdontneed=1', source: 'observed' });
  });

  it('reads the THP mode from a probe header, lets --thp win, and builds the machine with it', async () => {
    const t = await readTelemetry([{ name: 'trace.jsonl', text: readFileSync(PROBE, 'utf8') }]);
    const fromHeader = fitRun(t);
    expect(fromHeader.settings.thp).toMatchObject({ value: 'madvise', source: 'telemetry' });
    expect(fromHeader.config.machine.thp).toBe('madvise');
    const stated = fitRun(t, { thp: 'never' });
    expect(stated.settings.thp).toMatchObject({ value: 'never', source: 'observed' });
    expect(stated.config.machine.thp).toBe('never');
    expect(fitRun(await caddy('madv0', 'gctrace.log')).settings.thp.source).toBe('default');
    expect(() => fitRun(t, { thp: 'sometimes' })).toThrow(/--thp/);
    // A what-if changes the machine's mode only.
    const r = replay(fromHeader, ['thp=never']);
    expect(r.whatIfs[0]!.settings.thp).toMatchObject({ value: 'never', source: 'observed' });
    const machineOf = (x: { header: { config: unknown } }): unknown => (x.header.config as { machine: unknown }).machine;
    expect(machineOf(r.fitted.result)).toMatchObject({ thp: 'madvise' });
    expect(machineOf(r.whatIfs[0]!.result)).toMatchObject({ thp: 'never' });
    expect(() => replay(fromHeader, ['thp=sometimes'])).toThrow(/--what-if thp.*"always", "madvise", "never"/);
  });

  it('names the flag of a bad observed setting', async () => {
    const t = await caddy('madv0', 'gctrace.log');
    expect(() => fitRun(t, { gogc: -5 })).toThrow(/--gogc/);
    expect(() => fitRun(t, { go: '2.0' })).toThrow(/--go/);
  });

  it('refuses telemetry that shows no GC and no allocation', async () => {
    const csv = 'timestamp,VmRSS\n1700000000,100000\n1700000001,200000\n';
    const t = await readTelemetry([{ name: 'rss.csv', text: csv }]);
    expect(() => fitRun(t)).toThrow(/allocation|GC/);
  });
});

describe('the fitted workload as a scenario file', () => {
  it('is deterministic and runs as an ordinary scenario file', async () => {
    const t = await caddy('madv1', 'gctrace.log', 'metrics.json');
    const a = JSON.stringify(fitRun(t).scenario);
    expect(JSON.stringify(fitRun(t).scenario)).toBe(a);
    const loaded = parseScenarioFile(a, 'fitted.json');
    const r = simulate(loaded.config);
    expect(r.samples.length).toBeGreaterThan(4000);
    expect(JSON.stringify(r.samples)).toBe(JSON.stringify(replay(fitRun(t)).fitted.result.samples));
  });
});
