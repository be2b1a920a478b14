/**
 * `scavsim policy`: which madvise advice and triggers a Go version uses on a kernel, and why.
 *
 * @module
 */
import { citationsIn, isScavsimError, ScavsimError } from '@scavsim/core';
import { textTable } from '../table.js';
import { commandHelp, listFlag, parseChoice, parseCommandArgs, parseGodebug, parseVersionText, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT } from '../context.js';
import type { CliContext } from '../context.js';
import { formatGodebugSettings } from '../overrides.js';
import { handledHelp } from './shared.js';

/** What `policy` accepts; its help. */
export const POLICY_SPEC: CommandSpec = {
  positionals: [],
  usage: '--go V [--kernel V] [--godebug k=v] [--format text|json]',
  description: `Show the scavenging policy a Go version follows on a kernel: the madvise advice, the
triggers in force, and why.`,
  flags: {
    go: { type: 'string', arg: 'V', help: 'Go version (1.15, go1.15.10), required' },
    kernel: { type: 'string', arg: 'V', help: 'kernel release (4.14, 5.10.0-21-amd64), required' },
    godebug: { type: 'string', multiple: true, arg: 'k=v', help: 'GODEBUG setting (repeatable, or k=v,k=v)' },
    format: { type: 'string', arg: 'F', help: 'text (default) or json' },
  },
};

/** Prints the effective policy: the advice and every reason as text, or the whole resolved policy as JSON. */
export function policyCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('policy', argv, POLICY_SPEC);
  if (handledHelp(ctx, () => commandHelp('policy', POLICY_SPEC), args)) return EXIT.ok;
  const goRaw = stringFlag(args, 'go');
  if (goRaw === undefined) throw new ScavsimError('E_PARSE', '--go', 'required: the Go version, e.g. --go 1.15');
  const go = parseVersionText(goRaw, '--go');
  const kernelRaw = stringFlag(args, 'kernel');
  if (kernelRaw === undefined) throw new ScavsimError('E_PARSE', '--kernel', 'required: the kernel release, e.g. --kernel 4.14');
  const kernel = parseVersionText(kernelRaw, '--kernel');
  const godebug = formatGodebugSettings(parseGodebug(listFlag(args, 'godebug')));
  const format = parseChoice(stringFlag(args, 'format') ?? 'text', '--format', ['text', 'json'] as const);
  const report = withFlagNames(() => ctx.deps.resolvePolicy({ go, kernel, godebug }));
  if (format === 'json') {
    // Every citation code in the policy, with what it is and its links.
    ctx.io.stdout.write(`${JSON.stringify({ ...report, sources: citationsIn([JSON.stringify(report)]) }, null, 2)}\n`);
    return EXIT.ok;
  }
  ctx.io.stdout.write(`Go ${go} on kernel ${kernel}${godebug === '' ? '' : ` with GODEBUG=${godebug}`}: ${report.advice}\n`);
  for (const reason of report.reasons) ctx.io.stdout.write(`  - ${reason}\n`);
  const sources = citationsIn(report.reasons);
  if (sources.length > 0) {
    ctx.io.stdout.write('\nsources (the codes above; every form is explained in docs/sources.md):\n');
    ctx.io.stdout.write(textTable(sources.map((c) => [`  ${c.code}`, c.meaning, c.urls.join(' ')]), ['left']));
  }
  return EXIT.ok;
}

/** The policy resolver names its inputs `go`, `kernel`, `GODEBUG`; the user typed flags. */
const FLAG_OF: Readonly<Record<string, string>> = { go: '--go', kernel: '--kernel', GODEBUG: '--godebug' };

function withFlagNames<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isScavsimError(e)) {
      const flag = Object.entries(FLAG_OF).find(([field]) => e.field === field || e.field.startsWith(`${field}.`));
      if (flag !== undefined) {
        const detail = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
        throw new ScavsimError(e.code, flag[1] + e.field.slice(flag[0].length), detail);
      }
    }
    throw e;
  }
}
