/**
 * Text tables and colour for the terminal: columns padded by cli-table3 (which measures text
 * by its visible width, so coloured cells line up), colour by `util.styleText`, and only where
 * {@link useColor} allows it.
 *
 * @module
 */
import Table from 'cli-table3';
import * as util from 'node:util';

/** How a column is aligned. */
export type Align = 'left' | 'right';

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/**
 * Rows as text lines, each ending with a newline: columns two spaces apart, no border, aligned
 * as `align` says (the last entry repeats for further columns).
 */
export function textTable(rows: readonly (readonly string[])[], align: readonly Align[]): string {
  if (rows.length === 0) return '';
  const columns = Math.max(...rows.map((r) => r.length));
  const table = new Table({
    chars: NO_BORDER,
    style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [] },
    colAligns: Array.from({ length: columns }, (_, i) => align[Math.min(i, align.length - 1)] ?? 'left'),
  });
  table.push(...rows.map((r) => [...r]));
  return table.toString().split('\n').map((l) => `${l.trimEnd()}\n`).join('');
}

/** A style `paint` applies. */
export type Style = 'bold' | 'red' | 'green' | 'yellow' | 'dim';

/**
 * `text` in `style` when `color` is on (`util.styleText`; plain on a Node without it, before
 * 20.12). Whether to colour is {@link colorFor}'s decision, made for the stream the text goes
 * to, so `styleText` is told not to check `process.stdout` itself.
 */
export function paint(color: boolean, style: Style, text: string): string {
  if (!color || typeof util.styleText !== 'function') return text;
  return util.styleText(style, text, { validateStream: false });
}

/**
 * Whether to colour what is written to a stream, as node decides for its own output
 * (`getColorDepth` in node's `lib/internal/tty.js`): `FORCE_COLOR` set to `''`, `1`, `2`, `3` or
 * `true` turns colour on, set to anything else (`0`) off, whatever the stream; otherwise
 * `NO_COLOR` (https://no-color.org) or `NODE_DISABLE_COLORS` turns it off; otherwise a terminal
 * has it, unless `TERM=dumb`.
 */
export function colorFor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean | undefined): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env['NO_COLOR'] !== undefined || env['NODE_DISABLE_COLORS'] !== undefined) return false;
  return isTTY === true && env['TERM'] !== 'dumb';
}
