// Every built-in function on hostile arguments: a value from a header or a URL (any bytes, any length,
// int64 limits, not set) must never make a function throw, nor build an unbounded result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../src/builtins/functions/index.js';
import type { FunctionSpec, ParamType } from '../src/builtins/functions/types.js';
import { WORKSPACE_BYTES } from '../src/builtins/workspace.js';
import { buildAcl } from '../src/values/acl.js';
import { byteLength, fromBytes } from '../src/values/bytes.js';
import { HEADER_SCOPES, noClientRequests, type FunctionContext, type HeaderScope } from '../src/values/function-context.js';
import { Headers } from '../src/values/headers.js';
import { compileRegex } from '../src/values/regex.js';
import { wrapInt, type Int } from '../src/values/int64.js';
import { callFunction } from './helpers/function-calls.js';

function context(): FunctionContext {
  const headers = new Map<HeaderScope, Headers>(HEADER_SCOPES.map((scope) => [scope, new Headers([['Cookie', 'a=1; b="x'], ['Set-Cookie', 'a=1; Path=/']])]));
  const requests = noClientRequests();
  return { headers: (scope) => headers.get(scope), now: () => 1_700_000_000_000, random: Math.random, fastlyError: null, clientRequests: () => requests };
}

const hostileString = fc.oneof(
  fc.constantFrom(null, '', '%', '%zz', '\\', '\\{99999999999}', '[z-a]', '*a*a*a*a*b', '0x', '-9223372036854775809', 'NaN', '-inf', '1e400', '::ffff:1.2.3.4'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.uint8Array({ maxLength: 40 }).map(fromBytes), // any bytes: invalid UTF-8 included
  fc.tuple(fc.constantFrom('a', '&', '=', ',', '%', '*', 'é'), fc.integer({ min: 1_000, max: 20_000 })).map(([c, n]) => c.repeat(n)),
);
// INTEGER values as the runtime holds them: a number while safe, a bigint past 2^53 (values/int64.ts).
const hostileInteger = fc.oneof(
  fc.integer(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(wrapInt),
  fc.constantFrom<Int>(0, -1, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, 2n ** 53n, 2n ** 63n - 1n, -(2n ** 63n), 1e9, 1e15),
);
const hostileTime = fc.oneof(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom(0, 8.64e15, -8.64e15));

function argument(spec: FunctionSpec, type: ParamType, index: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'STRING':
      return hostileString;
    case 'INTEGER':
      return hostileInteger;
    case 'FLOAT':
      return fc.double();
    case 'BOOL':
      return fc.boolean();
    case 'TIME':
    case 'RTIME':
      return hostileTime;
    case 'IP':
      return fc.constantFrom(null, '1.2.3.4', '::1', '::ffff:1.2.3.4', 'fe80::1');
    case 'ID':
      return fc.constantFrom(...(spec.words?.[index] ?? HEADER_SCOPES));
    case 'HEADER':
      return fc.constant({ scope: 'req', name: 'Cookie' });
    case 'COLLECTION':
      return fc.constantFrom('req', { scope: 'req', name: 'Cookie' });
    case 'TABLE': {
      // The checker lets a typed lookup name only a table of its type (table.lookup_bool: a BOOL table).
      const valueType = spec.name.startsWith('table.lookup_') && spec.returns !== 'STRING' ? spec.returns : 'STRING';
      return fc.constant({ name: 't', valueType, entries: new Map([['k', TABLE_VALUES[valueType]]]) });
    }
    case 'REGEX':
      return fc.constantFrom(compileRegex('a'), compileRegex('(a)\\1'));
    case 'ACL':
      return fc.constant(buildAcl('internal', []));
    default:
      return fc.constant('F_name'); // BACKEND, RATECOUNTER, PENALTYBOX: a declaration's name
  }
}

/** A value of each type a table may hold, as the compiler stores it. */
const TABLE_VALUES: Record<string, unknown> = {
  STRING: 'v',
  INTEGER: 1,
  FLOAT: 1.5,
  BOOL: true,
  RTIME: 1000,
  IP: '192.0.2.1',
  BACKEND: 'F_name',
  ACL: buildAcl('listed', []),
  REGEX: compileRegex('a'),
};

/** Argument lists of every length the spec accepts, the rest arguments included. */
function argumentLists(spec: FunctionSpec): fc.Arbitrary<unknown[]> {
  const required = spec.params.length - (spec.optional ?? 0);
  const lists = [];
  for (let n = required; n <= spec.params.length; n++) {
    const fixed = spec.params.slice(0, n).map((type, i) => argument(spec, type, i));
    const rest = spec.rest ? fc.array(argument(spec, spec.rest, n), { maxLength: 3 }) : fc.constant([]);
    lists.push(fc.tuple(fc.tuple(...fixed), rest).map(([head, tail]) => [...head, ...tail]));
  }
  return fc.oneof(...lists);
}

/** Whether a result is a value of the declared return type (STRING and IP may be not set). */
function fitsType(returns: string, value: unknown): boolean {
  switch (returns) {
    case 'STRING':
    case 'IP':
      return value === null || typeof value === 'string';
    case 'BOOL':
      return typeof value === 'boolean';
    case 'INTEGER': // an int64, a bigint only past 2^53
      return Number.isSafeInteger(value) || (typeof value === 'bigint' && value === BigInt.asIntN(64, value) && !Number.isSafeInteger(Number(value)));
    case 'FLOAT':
    case 'TIME':
    case 'RTIME':
      return typeof value === 'number';
    case 'VOID':
      return value === null || value === undefined;
    default:
      return value !== undefined;
  }
}

describe('every function on hostile arguments', () => {
  for (const spec of FUNCTIONS) {
    it(`${spec.name}: never throws, returns its type, stays within the workspace`, () => {
      fc.assert(
        fc.property(argumentLists(spec), (args) => {
          const result = spec.impl(context(), ...args);
          expect(fitsType(spec.returns, result)).toBe(true);
          if (typeof result === 'string') expect(byteLength(result)).toBeLessThanOrEqual(2 * WORKSPACE_BYTES);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('querystring.globfilter with a glob from the request', () => {
  it('reads a backwards range as matching nothing, not as an error', () => {
    expect(callFunction('querystring.globfilter', '/?a=1&b=2', '[z-a]').value).toBe('/?a=1&b=2');
    expect(callFunction('querystring.globfilter_except', '/?a=1&b=2', '[z-a]').value).toBe('/');
  });

  it('matches classes, ranges, their complements, ? and * as before', () => {
    const url = '/?a1=1&b2=2&c3=3&ab=4&utm_x=5';
    expect(callFunction('querystring.globfilter', url, '[ab]?').value).toBe('/?c3=3&utm_x=5');
    expect(callFunction('querystring.globfilter', url, '[!a-b]*').value).toBe('/?a1=1&b2=2&ab=4');
    expect(callFunction('querystring.globfilter', url, '[^a]?').value).toBe('/?a1=1&ab=4&utm_x=5');
    expect(callFunction('querystring.globfilter_except', url, 'utm_*').value).toBe('/?utm_x=5');
    expect(callFunction('querystring.globfilter', url, '*').value).toBe('/');
    expect(callFunction('querystring.globfilter', '/?a.b=1&axb=2&[x=3', 'a.b').value).toBe('/?axb=2&[x=3');
    expect(callFunction('querystring.globfilter', '/?[x=3&y=4', '[x').value).toBe('/?y=4');
  });

  it('costs time linear in glob × name: many stars against a long name that never matches', () => {
    const name = 'a'.repeat(20_000);
    const started = performance.now();
    expect(callFunction('querystring.globfilter', `/?${name}=1`, '*a*a*a*a*a*a*b').value).toBe(`/?${name}=1`);
    expect(performance.now() - started).toBeLessThan(5_000); // milliseconds alone; a backtracking RegExp took minutes
  });
});

describe('randomstr with a length from the request', () => {
  it('gives not set and ESESOOM rather than building past the workspace', () => {
    expect(callFunction('randomstr', 1e9)).toEqual({ value: null, error: 'ESESOOM' });
    expect(callFunction('randomstr', WORKSPACE_BYTES / 2 + 1, 'é')).toEqual({ value: null, error: 'ESESOOM' });
  });

  it('still builds any string that fits, counting the characters’ bytes', () => {
    expect((callFunction('randomstr', WORKSPACE_BYTES, 'ab').value as string).length).toBe(WORKSPACE_BYTES);
    expect(byteLength(callFunction('randomstr', WORKSPACE_BYTES / 2, 'é').value as string)).toBe(WORKSPACE_BYTES);
    expect(callFunction('randomstr', 8, '1234567890abcdef').value).toMatch(/^[0-9a-f]{8}$/); // the reference page's example
  });
});

describe('names of Object properties as input', () => {
  // Tables keyed by text from VCL or a request are made without a prototype (src/dictionary.ts).
  it('find nothing in a lookup table: a POSIX class, a time unit', () => {
    expect(() => compileRegex('[[:constructor:]]')).toThrow(/unknown POSIX class/);
    const units = FUNCTIONS.find((f) => f.name === 'time.units')!;
    expect(units.impl(context(), 'constructor', 0)).toBeNull();
    expect(units.impl(context(), 'ms', 1500)).toBe('1.500');
  });
});
