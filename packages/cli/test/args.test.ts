import { describe, expect, it } from 'vitest';
import { isScavsimError } from '@scavsim/core';
import {
  parseCommandArgs, parseGodebug, parseGogc, parseMemLimit, parseSeed, parseVersionText,
} from '../src/args.js';
import type { CommandSpec } from '../src/args.js';
import { runCli } from './harness.js';
import { COMMANDS } from '../src/main.js';
import { LIST_SPEC } from '../src/commands/list.js';
import { RUN_SPEC } from '../src/commands/run.js';
import { COMPARE_SPEC } from '../src/commands/compare.js';
import { POLICY_SPEC } from '../src/commands/policy.js';
import { EXPLAIN_SPEC } from '../src/commands/explain.js';
import { FIDELITY_SPEC } from '../src/commands/fidelity.js';
import { REPLAY_SPEC } from '../src/commands/replay.js';
import { SWEEP_SPEC } from '../src/commands/sweep.js';

function fieldOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isScavsimError(e) ? e.field : `not a ScavsimError: ${String(e)}`;
  }
  return undefined;
}

const SPEC: CommandSpec = { flags: { go: { type: 'string' }, chart: { type: 'boolean' }, godebug: { type: 'string', multiple: true } }, positionals: ['name'] };

describe('parseCommandArgs', () => {
  it('reads --flag value, --flag=value, booleans and positionals', () => {
    const a = parseCommandArgs('run', ['x', '--go', '1.15', '--chart', '--godebug=a=1', '--godebug', 'b=2'], SPEC);

    expect(a.positionals).toEqual(['x']);
    expect(a.flags).toEqual({ go: '1.15', chart: true, godebug: ['a=1', 'b=2'] });
  });

  it('names an unknown flag', () => {
    expect(fieldOf(() => parseCommandArgs('run', ['--colour'], SPEC))).toBe('--colour');
  });

  it('names a flag whose value is missing', () => {
    expect(fieldOf(() => parseCommandArgs('run', ['x', '--go'], SPEC))).toBe('--go');
    expect(fieldOf(() => parseCommandArgs('run', ['x', '--go', '--chart'], SPEC))).toBe('--go');
  });

  it('names a boolean flag given a value, and a single flag given twice', () => {
    expect(fieldOf(() => parseCommandArgs('run', ['--chart=yes'], SPEC))).toBe('--chart');
    expect(fieldOf(() => parseCommandArgs('run', ['--go', '1', '--go', '2'], SPEC))).toBe('--go');
  });

  it('names an extra positional argument', () => {
    expect(fieldOf(() => parseCommandArgs('run', ['x', 'y'], SPEC))).toBe('y');
  });

  it('accepts a negative number as a value', () => {
    expect(parseCommandArgs('run', ['--go', '-1'], SPEC).flags['go']).toBe('-1');
  });
});

describe('flag value parsers', () => {
  it('accepts GOGC from -1 to 100000 and off', () => {
    expect(parseGogc('-1')).toBe(-1);
    expect(parseGogc('100000')).toBe(100000);
    expect(parseGogc('off')).toBe(-1);
  });

  it.each(['abc', '-2', '100001', '1.5', ''])('rejects GOGC %j naming --gogc', (raw) => {
    expect(fieldOf(() => parseGogc(raw))).toBe('--gogc');
  });

  it('reads GOMEMLIMIT as a size or off', () => {
    expect(parseMemLimit('512MiB')).toBe(512 * 1024 * 1024);
    expect(parseMemLimit('off')).toBe('off');
    expect(fieldOf(() => parseMemLimit('lots'))).toBe('--gomemlimit');
    expect(fieldOf(() => parseMemLimit('0'))).toBe('--gomemlimit');
  });

  it('reads seeds as non-negative safe integers', () => {
    expect(parseSeed('42')).toBe(42);
    expect(fieldOf(() => parseSeed('-1'))).toBe('--seed');
    expect(fieldOf(() => parseSeed('1e3'))).toBe('--seed');
  });

  it('merges GODEBUG settings, later ones winning', () => {
    expect(parseGodebug(['madvdontneed=0,scavtrace=1', 'madvdontneed=1'])).toEqual({ madvdontneed: '1', scavtrace: '1' });
    expect(fieldOf(() => parseGodebug(['madvdontneed']))).toBe('--godebug');
  });

  it('passes versions through but rejects empty ones', () => {
    expect(parseVersionText(' go1.15.10 ', '--go')).toBe('go1.15.10');
    expect(fieldOf(() => parseVersionText('', '--go'))).toBe('--go');
  });
});

describe('bad arguments through the CLI', () => {
  const cases: [string[], string][] = [
    [['run', 'fixture', '--gogc', 'abc'], '--gogc'],
    [['run', '--gogc', 'abc'], '--gogc'],
    [['run', 'fixture', '--gomemlimit', '12Q'], '--gomemlimit'],
    [['run', 'fixture', '--seed', 'x'], '--seed'],
    [['run', 'fixture', '--duration', 'soon'], '--duration'],
    [['run', 'fixture', '--duration', '0'], '--duration'],
    [['run', 'fixture', '--format', 'xml'], '--format'],
    [['run', 'fixture', '--godebug', 'nokey'], '--godebug'],
    [['run', 'fixture', '--go', ''], '--go'],
    [['run', 'fixture', '--out', ''], '--out'],
    [['run', 'fixture', '--bogus'], '--bogus'],
    [['run', 'fixture', '--svg'], '--svg'],
    [['run', 'fixture', '--events'], '--events'],
    [['run'], '<name|file.json>'],
    [['run', 'fixture', 'extra'], 'extra'],
    [['run', 'nosuch'], 'scenario'],
    [['compare', 'fixture', '--go', '1.15'], '--go'],
    [['compare', 'fixture', '--go', '1.15', '--go', '1.16', '--kernel', '4.4', '--kernel', '4.9', '--kernel', '5.4'], '--kernel'],
    [['explain', 'fixture'], '--at'],
    [['explain', 'fixture', '--at', 'later'], '--at'],
    [['explain', 'fixture', '--at', '999s'], '--at'],
    [['explain', 'fixture', '--at', '1s', '--process', 'Z'], '--process'],
    [['policy', '--kernel', '4.14'], '--go'],
    [['policy', '--go', '1.15'], '--kernel'],
    [['policy', '--go', 'bogus', '--kernel', '4.14'], '--go'],
    [['list', '--format', 'yaml'], '--format'],
    [['fidelity'], '<trace.jsonl>'],
    [['frobnicate'], '<command>'],
    [[], '<command>'],
  ];

  it.each(cases)('scavsim %j exits 2 with one line naming %s', async (argv, field) => {
    const r = await runCli(argv);

    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`scavsim: ${field}: `)).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('does not start a run when a flag is bad', async () => {
    const r = await runCli(['run', 'fixture', '--svg', 'x.svg', '--gogc', 'abc']);

    expect(r.runs).toHaveLength(0);
    expect(r.files.size).toBe(0);
  });
});

describe('commander, from the specs', () => {
  it('hands a flag a value that starts with a dash: negative numbers and offsets reach their validators', async () => {
    expect(parseCommandArgs('run', ['x', '--go', '-1', '--godebug', '-x=1'], SPEC).flags).toEqual({ go: '-1', godebug: ['-x=1'] });
    const gogc = await runCli(['run', 'fixture', '--gogc', '-1']);
    expect(gogc.code).toBe(0);
    expect(gogc.runs[0]!.overrides.gogc).toBe(-1);
    const at = await runCli(['explain', 'fixture', '--at', '-5s']);
    expect(at.code).toBe(2);
    expect(at.stderr).toMatch(/^scavsim: --at: /);
  });

  it('writes every flag of every command into its help, with its placeholder, from the same spec', async () => {
    const specs: [string, CommandSpec][] = [['list', LIST_SPEC], ['run', RUN_SPEC], ['compare', COMPARE_SPEC], ['policy', POLICY_SPEC],
      ['explain', EXPLAIN_SPEC], ['fidelity', FIDELITY_SPEC], ['replay', REPLAY_SPEC], ['sweep', SWEEP_SPEC]];
    for (const [name, spec] of specs) {
      const help = (await runCli(['help', name])).stdout;
      for (const [flag, fs] of Object.entries(spec.flags)) {
        expect(help, `${name} --${flag}`).toContain(fs.type === 'boolean' ? `--${flag} ` : `--${flag} <${fs.arg}>`);
        expect(help, `${name} --${flag}`).toContain(fs.help!.split(' ').slice(0, 3).join(' '));
      }
    }
  });

  it('lists every command in the top-level usage', async () => {
    const r = await runCli(['help']);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect((await runCli(['--help'])).stdout).toBe(r.stdout);
  });
});
