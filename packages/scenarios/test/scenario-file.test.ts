import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '../src/scenario-file.js';
import { errorOf } from '../../../test/support/errors.js';

const CONFIG = {
  duration: 1000, machine: { memTotal: '1GiB' },
  processes: [{ kind: 'go', name: 'A', go: '1.20', workload: { phases: [{ name: 'p', duration: 1000, allocRate: '8MiB', liveTarget: '4MiB' }] } }],
};
const file = (patch: (c: Record<string, any>) => void = () => {}): string => {
  const c = structuredClone(CONFIG) as Record<string, any>;
  patch(c);
  return JSON.stringify({ name: 'mine', config: c });
};

describe('parsing a scenario file from text', () => {
  it('keeps the name, title and teaching text, and names the config after the scenario', () => {
    const f = parseScenarioFile(JSON.stringify({ name: 'mine', title: 'My service', teaches: 'x', config: CONFIG }), 'mine.json');

    expect(f).toMatchObject({ name: 'mine', title: 'My service', teaches: 'x' });
    expect(f.config.scenario).toBe('mine');
  });

  it('falls back to the source for the name and the name for the title', () => {
    const f = parseScenarioFile(JSON.stringify({ config: CONFIG }), 'dir/s.json');

    expect(f.name).toBe('dir/s.json');
    expect(f.title).toBe('dir/s.json');
  });

  it('rejects text that is not JSON naming the source, and a missing config or mistyped title naming the field', () => {
    expect(errorOf(() => parseScenarioFile('{', 's.json'))).toMatchObject({ code: 'E_PARSE', field: 's.json' });
    expect(errorOf(() => parseScenarioFile('[]', 's.json'))).toMatchObject({ code: 'E_TYPE', field: 's.json' });
    expect(errorOf(() => parseScenarioFile('{}', 's.json'))).toMatchObject({ code: 'E_TYPE', field: 'config' });
    expect(errorOf(() => parseScenarioFile(JSON.stringify({ config: CONFIG, title: 3 }), 's.json'))).toMatchObject({ code: 'E_TYPE', field: 'title' });
  });
});

describe('scenario files are validated whole, before any override (issue 16 item 6)', () => {
  it('{"config":{}} names the first missing field (was "internal error: d.processes is not iterable")', () => {
    expect(errorOf(() => parseScenarioFile('{"config":{}}', 's.json'))).toMatchObject({ code: 'E_TYPE', field: 'config.duration' });
  });
  it('an unknown field is an error with the nearest valid name, not a run with no load', () => {
    const e = errorOf(() => parseScenarioFile(file((c) => { c.processes[0].workload.phases[0] = { name: 'p', duration: 1000, allocrate: '8MiB' }; }), 's.json'));
    expect([e.code, e.field]).toEqual(['E_UNKNOWN_NAME', 'config.processes[0].workload.phases[0].allocrate']);
    expect(e.message).toContain('did you mean allocRate?');
    expect(errorOf(() => parseScenarioFile(JSON.stringify({ config: CONFIG, titel: 'x' }), 's.json'))).toMatchObject({ field: 'titel' });
  });
  it('machine.kernal is not the default kernel', () => {
    const e = errorOf(() => parseScenarioFile(file((c) => { c.machine.kernal = '4.14'; }), 's.json'));
    expect([e.field, e.message.includes('did you mean kernel?')]).toEqual(['config.machine.kernal', true]);
  });
  it('machine.costs: {constructor: 5} is an unknown cost', () => {
    expect(errorOf(() => parseScenarioFile(file((c) => { c.machine.costs = JSON.parse('{"constructor":5}'); }), 's.json')).field).toBe('config.machine.costs.constructor');
  });
  it('watch: "nobody" names no process', () => {
    expect(errorOf(() => parseScenarioFile(file((c) => { c.processes[0].watch = 'nobody'; }), 's.json'))).toMatchObject({ code: 'E_UNKNOWN_NAME', field: 'config.processes[0].watch' });
  });
  it('what only the engine checks is named as written in the file too', () => {
    expect(errorOf(() => parseScenarioFile(file((c) => { c.processes[0].go = '0.9'; }), 's.json')).field).toBe('config.processes[0].go');
    expect(errorOf(() => parseScenarioFile(file((c) => { c.processes[0].cgroup = 'nope'; }), 's.json')).field).toBe('config.processes[0].cgroup');
  });
  it('a file that starts with a UTF-8 byte order mark is read as JSON', () => {
    expect(parseScenarioFile(`\ufeff${file()}`, 's.json').name).toBe('mine');
  });
});
