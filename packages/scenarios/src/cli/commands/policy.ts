/**
 * `scavsim policy`: which madvise advice and triggers a Go version uses on a kernel, and why.
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';
import { listFlag, parseChoice, parseCommandArgs, parseGodebug, parseVersionText, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT } from '../context.js';
import type { CliContext } from '../context.js';
import { handledHelp } from './shared.js';

const SPEC: CommandSpec = {
  flags: { go: { type: 'string' }, kernel: { type: 'string' }, godebug: { type: 'string', multiple: true }, format: { type: 'string' } },
  positionals: [],
};

/** Prints the effective policy as text or JSON. */
export function policyCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('policy', argv, SPEC);
  if (handledHelp(ctx, 'policy', args)) return EXIT.ok;
  const goRaw = stringFlag(args, 'go');
  if (goRaw === undefined) throw new ScavsimError('E_PARSE', '--go', 'required: the Go version, e.g. --go 1.15');
  const go = parseVersionText(goRaw, '--go');
  const kernelRaw = stringFlag(args, 'kernel');
  const kernel = kernelRaw === undefined ? undefined : parseVersionText(kernelRaw, '--kernel');
  const godebug = parseGodebug(listFlag(args, 'godebug'));
  const format = parseChoice(stringFlag(args, 'format') ?? 'text', '--format', ['text', 'json'] as const);
  const report = ctx.deps.resolvePolicy({ go, ...(kernel === undefined ? {} : { kernel }), godebug });
  if (format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  ctx.io.stdout.write(`advice: ${report.advice}\n`);
  for (const reason of report.reasons) ctx.io.stdout.write(`  - ${reason}\n`);
  for (const [key, value] of Object.entries(report)) {
    if (key === 'advice' || key === 'reasons') continue;
    ctx.io.stdout.write(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  }
  return EXIT.ok;
}
