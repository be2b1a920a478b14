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

  constructor(code: ScavsimErrorCode, field: string, message: string, accepted?: string) {
    super(accepted === undefined ? `${field}: ${message}` : `${field}: ${message} (accepted: ${accepted})`);
    this.name = 'ScavsimError';
    this.code = code;
    this.field = field;
    this.accepted = accepted;
  }
}

/** True when `e` is a {@link ScavsimError}, optionally of the given code. */
export function isScavsimError(e: unknown, code?: ScavsimErrorCode): e is ScavsimError {
  return e instanceof ScavsimError && (code === undefined || e.code === code);
}

/** Throws an `E_STATE` error: an internal invariant or an API misuse. */
export function stateError(field: string, message: string): never {
  throw new ScavsimError('E_STATE', field, message);
}
