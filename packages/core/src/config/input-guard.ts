/**
 * What must hold of a config before any schema looks at it: plain JSON-like data, not too
 * deep, not too big, no cycles.
 *
 * A schema walks its input recursively and builds messages from the values it meets, so a
 * `sum` stream nested 3,000 deep overflowed the stack, a cyclic `of` recursed for ever, and a
 * BigInt or a null-prototype object made the error message itself throw (issue 16 item 5).
 * This walk is bounded before it descends (depth, count, string length) and tells each of
 * these apart with a typed error at the path where it is.
 *
 * @module
 */
import { ScavsimError, showValue } from '../errors.js';
import { formatPath, type PathKey } from './paths.js';

/** Deepest nesting accepted: a real config is about 10 deep (processes → workload → phases → stream → sum). */
export const MAX_DEPTH = 32;
/** Longest string looked at: each field has its own, shorter limit in the schema. */
export const MAX_STRING_CHARS = 100_000;
/** Most values (objects, arrays and leaves) in one config. */
export const MAX_VALUES = 200_000;

/**
 * Throws a {@link ScavsimError} naming the first place where `input` is not plain JSON-like
 * data: a BigInt, symbol or function; an object that is not a plain object (a class instance;
 * a null-prototype object is accepted); an array with properties besides its elements (an own `constructor`); an
 * accessor property; a cycle; nesting deeper than {@link MAX_DEPTH}; a string longer than
 * {@link MAX_STRING_CHARS}; more than {@link MAX_VALUES} values.
 * @param root path prefix of `input` in the user's document (`[]`, or `['config']` in a scenario file)
 */
export function guardInput(input: unknown, root: readonly PathKey[] = []): void {
  let count = 0;
  const ancestors = new Set<object>();
  const visit = (v: unknown, path: PathKey[]): void => {
    if (++count > MAX_VALUES) {
      throw new ScavsimError('E_RANGE', formatPath(root), `more than ${MAX_VALUES} values`, `a config of at most ${MAX_VALUES} values`);
    }
    const at = (): string => formatPath([...root, ...path]);
    switch (typeof v) {
      case 'string':
        if (v.length > MAX_STRING_CHARS) throw new ScavsimError('E_RANGE', at(), `a string of ${v.length} characters`, `a string of at most ${MAX_STRING_CHARS} characters`);
        return;
      case 'number': case 'boolean': case 'undefined':
        return;
      case 'bigint': case 'symbol': case 'function':
        throw new ScavsimError('E_TYPE', at(), `got ${showValue(v)}, which JSON cannot hold`, 'a number, string, boolean, array or plain object');
    }
    if (v === null) return;
    const o = v as object;
    if (ancestors.has(o)) throw new ScavsimError('E_TYPE', at(), 'the value contains itself (a cycle)', 'data without cycles, as JSON');
    if (path.length >= MAX_DEPTH) throw new ScavsimError('E_RANGE', at(), `nested more than ${MAX_DEPTH} levels deep`, `at most ${MAX_DEPTH} levels of nesting`);
    const isArray = Array.isArray(o);
    const proto = Object.getPrototypeOf(o) as unknown;
    // A null-prototype object is plain data too (fast-check's records are, and
    // Object.create(null) maps): accepted, and shown without calling its missing toString.
    if (isArray ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) {
      throw new ScavsimError('E_TYPE', at(), 'not a plain object or array (a class instance, Map, Date, ...)', 'a plain object or array, as JSON.parse makes them');
    }
    const keys = Reflect.ownKeys(o);
    ancestors.add(o);
    for (const k of keys) {
      if (typeof k === 'symbol') throw new ScavsimError('E_TYPE', at(), 'a symbol key', 'string keys only, as JSON');
      if (isArray && k === 'length') continue;
      const key: PathKey = isArray && /^(0|[1-9]\d*)$/.test(k) ? Number(k) : k;
      if (isArray && typeof key === 'string') {
        throw new ScavsimError('E_TYPE', formatPath([...root, ...path, key]), `an array with an extra property "${showValue(key).slice(1, -1)}"`, 'an array holding only its elements');
      }
      const d = Object.getOwnPropertyDescriptor(o, k)!;
      if (!('value' in d)) throw new ScavsimError('E_TYPE', formatPath([...root, ...path, key]), 'a getter or setter, not a value', 'plain data properties, as JSON');
      path.push(key);
      visit(d.value, path);
      path.pop();
    }
    ancestors.delete(o);
  };
  visit(input, []);
}
