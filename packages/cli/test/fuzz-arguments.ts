/**
 * Arbitrary command lines for the CLI fuzz (fast-check): the commands, flags and values users
 * write, names on `Object.prototype`, and values that broke it before (issue 16). Shared by
 * `fuzz.test.ts` (in-process, fake deps) and `bench/cli-fuzz.ts` (the real process).
 */
import fc from 'fast-check';

export const WORDS = ['run', 'compare', 'explain', 'policy', 'list', 'fidelity', 'help', 'fixture', 'x.json',
  'constructor', '__proto__', 'toString', 'hasOwnProperty', '-h', '--help', '--version', '-', '--'];
export const FLAGS = ['go', 'kernel', 'godebug', 'gogc', 'gomemlimit', 'seed', 'duration', 'mem-total', 'cgroup-limit', 'swap',
  'sample-interval', 'format', 'out', 'svg', 'chart', 'events', 'trace', 'at', 'process', 'toString', '__proto__',
  'constructor', 'valueOf'].map((f) => `--${f}`);
export const VALUES = ['1.15', '1.16', 'go1.21rc2', '4.14', '-1', '-5', 'off', '100', '0', '2GiB', '512MiB', '1e99', 'NaN',
  '30s', '6min', '111111111111111111111111111111x!', 'madvdontneed=1', 'a=b=c', 'jsonl', 'csv', 'summary', 'json',
  '', ' ', '\u001b[31mred', 'x\u0000y', 'é', 'a'.repeat(5000)];
/** One command-line word. */
export const token = fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...FLAGS), fc.constantFrom(...VALUES), fc.string({ maxLength: 12 }),
  fc.constantFrom(...FLAGS).chain((f) => fc.constantFrom(...VALUES).map((v) => `${f}=${v}`)));

