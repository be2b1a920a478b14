/**
 * Text in, lines out: the streaming base every line-oriented reader stands on.
 *
 * A telemetry file reaches the readers either as one string (a dropped file in a page, a test
 * fixture) or as chunks (the CLI reading a 1 GB log). {@link forEachLine} hands each line to a
 * callback as soon as it is complete, numbered from 1, without its line ending (`\n`, `\r\n` or
 * a lone `\r`), so no reader ever holds more than one line and the chunk being split. A line
 * longer than {@link MAX_LINE_CHARS} is not telemetry (a binary file, a log without newlines):
 * it is refused with the line number rather than buffered without bound.
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';

/** The longest line any reader accepts (characters). */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;

/** A telemetry file as the library takes it: its name (for messages) and its text, whole or in chunks. */
export interface TelemetryFile {
  /** The file's name as the user gave it; every message about it starts with it. */
  readonly name: string;
  /** The whole text. */
  readonly text?: string;
  /** The text in pieces, in order (any split, even inside a line or a `\r\n`). */
  readonly chunks?: Iterable<string> | AsyncIterable<string>;
}

/** The chunks of a file, whichever way it was given. */
export async function* chunksOf(file: TelemetryFile): AsyncGenerator<string> {
  if (file === null || typeof file !== 'object' || typeof file.name !== 'string' || file.name === '') {
    throw new ScavsimError('E_TYPE', 'files[].name', 'every file needs a non-empty name', '{ name, text } or { name, chunks }');
  }
  if (typeof file.text === 'string') {
    yield file.text;
    return;
  }
  if (file.chunks === undefined || file.chunks === null) {
    throw new ScavsimError('E_TYPE', file.name, 'the file has neither text nor chunks', '{ name, text } or { name, chunks }');
  }
  for await (const c of file.chunks as AsyncIterable<unknown>) {
    if (typeof c !== 'string') throw new ScavsimError('E_TYPE', file.name, `a chunk is ${typeof c}, not text`, 'string chunks (decode bytes as UTF-8 first)');
    yield c;
  }
}

/**
 * Calls `onLine(text, lineNo)` for every line of `chunks`, in order. A final line without a
 * line ending is delivered too. Returns the number of lines.
 * @throws {@link ScavsimError} `E_RANGE` naming `file:line` for a line over {@link MAX_LINE_CHARS}
 */
export async function forEachLine(name: string, chunks: AsyncIterable<string>, onLine: (text: string, lineNo: number) => void): Promise<number> {
  let carry = '';
  let lineNo = 0;
  // A chunk ending in `\r` may be half of a `\r\n`: the `\n` at the start of the next chunk is then not a new line.
  let pendingCR = false;
  for await (let chunk of chunks) {
    if (pendingCR && chunk.startsWith('\n')) chunk = chunk.slice(1);
    pendingCR = false;
    let start = 0;
    // Where the next `\n` and `\r` are, each searched again only once passed: searching both from
    // every line start would rescan a chunk without `\r` to its end once per line.
    let nl = chunk.indexOf('\n');
    let cr = chunk.indexOf('\r');
    for (;;) {
      if (nl >= 0 && nl < start) nl = chunk.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf('\r', start);
      const brk = cr < 0 ? nl : nl < 0 ? cr : Math.min(nl, cr);
      if (brk < 0) break;
      const line = carry === '' ? chunk.slice(start, brk) : carry + chunk.slice(start, brk);
      carry = '';
      onLine(line, ++lineNo);
      if (chunk.charCodeAt(brk) === 13) {
        if (brk + 1 === chunk.length) pendingCR = true;
        start = chunk.charCodeAt(brk + 1) === 10 ? brk + 2 : brk + 1;
      } else start = brk + 1;
    }
    if (start < chunk.length) carry += chunk.slice(start);
    if (carry.length > MAX_LINE_CHARS) {
      throw new ScavsimError('E_RANGE', `${name}:${lineNo + 1}`, `line longer than ${MAX_LINE_CHARS} characters`, 'a text file of lines (is it binary, or missing its line breaks?)');
    }
  }
  if (carry !== '') onLine(carry, ++lineNo);
  return lineNo;
}
