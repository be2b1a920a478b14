/**
 * One error family for everything scavsim rejects.
 *
 * Every public constructor and parser validates its input and throws a {@link ScavsimError}
 * whose `code` says what kind of mistake it is, whose `field` names the offending input (a
 * config path such as `machine.memTotal` or a CLI flag such as `--go`) and whose `accepted`
 * says what would have been accepted. Nothing in scavsim throws an untyped `Error` on bad
 * input: callers can switch on `code` and show `field` to their users.
 *
 * @module
 */

/** The kinds of mistake scavsim reports. */
export type ScavsimErrorCode =
  /** A value is of the wrong type or shape (not a number, not an object, ...). */
  | 'E_TYPE'
  /** A number or size is outside the accepted range. */
  | 'E_RANGE'
  /** A string could not be parsed (size, duration, version, GODEBUG setting). */
  | 'E_PARSE'
  /** A Go or kernel version scavsim has no policy for. */
  | 'E_UNKNOWN_VERSION'
  /** A name (scenario, process, cgroup, metric) that does not exist. */
  | 'E_UNKNOWN_NAME'
  /** Values that are individually fine but impossible together (a 16 GiB heap on an 8 GiB machine without overcommit, two processes with one pid, ...). */
  | 'E_CONFLICT'
  /** An operation that is not allowed in the current state (running a finished simulation, freeing a page that is not allocated). */
  | 'E_STATE';

/** The error every scavsim validation failure throws. */
export class ScavsimError extends Error {
  /** What kind of mistake this is. */
  readonly code: ScavsimErrorCode;
  /** The input that was wrong, as a config path (`machine.memTotal`) or flag (`--go`). */
  readonly field: string;
  /** What would have been accepted, in words (`"a power of two from 4096 to 65536"`). */
  readonly accepted: string | undefined;
  /** What was wrong, in words, without the field and the accepted range (`"-1 is out of range"`). */
  readonly problem: string;

  /**
   * Every part is made safe to print: control characters (ESC sequences and NUL from trace
   * files, newlines from hostile keys) are escaped as `\u001b`, and each part is cut to a few
   * hundred characters, so an error never echoes a megabyte of input or repaints a terminal.
   */
  constructor(code: ScavsimErrorCode, field: string, message: string, accepted?: string) {
    const f = printable(field, MAX_FIELD_CHARS);
    const m = printable(message, MAX_MESSAGE_CHARS);
    const a = accepted === undefined ? undefined : printable(accepted, MAX_MESSAGE_CHARS);
    super(a === undefined ? `${f}: ${m}` : `${f}: ${m} (accepted: ${a})`);
    this.name = 'ScavsimError';
    this.code = code;
    this.field = f;
    this.accepted = a;
    this.problem = m;
  }

  /** The same error about another field: the path of the same value in an enclosing document (`config.duration` for `duration`). */
  at(field: string): ScavsimError {
    return new ScavsimError(this.code, field, this.problem, this.accepted);
  }
}

/** Longest field path kept in an error. */
const MAX_FIELD_CHARS = 200;
/** Longest message (and accepted text) kept in an error. */
const MAX_MESSAGE_CHARS = 400;

/** C0 and C1 control characters, DEL, and the line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` safe for one terminal line: control characters escaped as `\uXXXX`, cut to `max`
 * characters with an ellipsis and the length it had.
 */
export function printable(text: string, max = MAX_MESSAGE_CHARS): string {
  const s = String(text);
  const cut = s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s;
  return cut.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The field name of `key` inside `parent`, as JavaScript would write the access:
 * `parent.key` for identifiers, `parent["memory.max"]` for other keys, `parent[1]` for indices.
 * An empty `parent` gives the key alone. Every error path is built with it, so a path can always
 * be read back (`config/paths.ts` formats whole paths with it).
 */
export function childField(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(printable(key, 60))}]`;
}

/**
 * Any value, shown briefly for an error message: never throws (BigInt, symbols, cyclic and
 * null-prototype objects included) and never long.
 */
export function showValue(value: unknown, max = 60): string {
  let s: string;
  switch (typeof value) {
    case 'string': s = JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value); break;
    case 'bigint': s = `${value}n`; break;
    case 'symbol': s = 'a symbol'; break;
    case 'function': s = 'a function'; break;
    case 'undefined': s = 'undefined'; break;
    case 'number': case 'boolean': s = String(value); break;
    default:
      s = value === null ? 'null' : Array.isArray(value) ? `an array of ${value.length}` : 'an object';
  }
  return printable(s, max + 20);
}

/** True when `e` is a {@link ScavsimError}, optionally of the given code. */
export function isScavsimError(e: unknown, code?: ScavsimErrorCode): e is ScavsimError {
  return e instanceof ScavsimError && (code === undefined || e.code === code);
}

/** Throws an `E_STATE` error: an internal invariant or an API misuse. */
export function stateError(field: string, message: string): never {
  throw new ScavsimError('E_STATE', field, message);
}
