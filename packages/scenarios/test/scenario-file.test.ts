import { describe, expect, it } from 'vitest';
import { parseScenarioFile } from '../src/scenario-file.js';
import { errorOf } from '../../../test/support/errors.js';

describe('parsing a scenario file from text', () => {
  it('keeps the name, title and teaching text, and names the config after the scenario', () => {
    const f = parseScenarioFile(JSON.stringify({ name: 'mine', title: 'My service', teaches: 'x', config: { duration: 1000 } }), 'mine.json');

    expect(f).toMatchObject({ name: 'mine', title: 'My service', teaches: 'x' });
    expect(f.config.scenario).toBe('mine');
  });

  it('falls back to the source for the name and the name for the title', () => {
    const f = parseScenarioFile('{"config":{}}', 'dir/s.json');

    expect(f.name).toBe('dir/s.json');
    expect(f.title).toBe('dir/s.json');
  });

  it('rejects text that is not JSON naming the source, and a missing config or mistyped title naming the field', () => {
    expect(errorOf(() => parseScenarioFile('{', 's.json'))).toMatchObject({ code: 'E_PARSE', field: 's.json' });
    expect(errorOf(() => parseScenarioFile('[]', 's.json'))).toMatchObject({ code: 'E_TYPE', field: 's.json' });
    expect(errorOf(() => parseScenarioFile('{}', 's.json'))).toMatchObject({ code: 'E_TYPE', field: 'config' });
    expect(errorOf(() => parseScenarioFile('{"config":{},"title":3}', 's.json'))).toMatchObject({ code: 'E_TYPE', field: 'title' });
  });
});
