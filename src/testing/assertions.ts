// falco's assert.* functions. Each checks one thing and, when it does not hold, throws an
// AssertionFailure carrying the call site, what was expected and what was found. A trailing STRING
// argument, where falco allows one, replaces the message.
import type { Range } from '../ast/ast.js';
import type { RequestContext } from '../values/context.js';
import type { FunctionSpec, ParamType } from '../builtins/functions/types.js';
import type { TypedValue } from '../values/function-context.js';
import { ALL_STATES } from '../builtins/subroutines.js';
import { compileRegex } from '../values/regex.js';
import { truthy } from '../values/values.js';
import { AssertionFailure, TestingError } from './errors.js';
import { comparable, render, renderTyped } from './render.js';
import type { Harness } from './session.js';
import { spec } from './function-entry.js';
import { intToNumber, type Int } from '../values/int64.js';

/** What a check found: null when it holds. */
interface Miss {
  message: string;
  expected: string;
  actual: string;
}

// `args` are the call's arguments as the compiler converted them (see ParamType).
type Check = (ctx: RequestContext, site: Range, args: any) => Miss | null;

/** Where a custom message is: an argument index, or a function for a position that varies. */
type MessageAt = number | ((args: any[]) => string | null | undefined);

function assertion(name: string, params: ParamType[], optional: number, messageAt: MessageAt, doc: string, check: Check): FunctionSpec {
  return spec(name, 'VOID', params, optional, doc, (ctx, site, ...args) => {
    const miss = check(ctx, site, args);
    if (miss) {
      const custom = typeof messageAt === 'number' ? (args[messageAt] as string | null | undefined) : messageAt(args);
      throw new AssertionFailure(site, name, custom ?? miss.message, miss.expected, miss.actual);
    }
    return null;
  });
}

const miss = (message: string, expected: string, actual: string): Miss => ({ message, expected, actual });
const str = (s: string | null): string => (s === null ? '(not set)' : JSON.stringify(s));

/** falco's strict equality: same type, same value (compared as strings, not set reading as ""). */
function sameValue(actual: TypedValue, expected: TypedValue): boolean {
  return actual.type === expected.type && comparable(actual) === comparable(expected);
}

function equality(name: string, wantEqual: boolean): FunctionSpec {
  return assertion(name, ['ANY', 'ANY', 'STRING'], 1, 2, `Assert the value ${wantEqual ? 'equals' : 'differs from'} the expected one (same type).`, (_ctx, _site, [a, b]: TypedValue[]) => {
    if (a!.type !== b!.type) return miss(`type mismatch: expected ${b!.type}, got ${a!.type}`, renderTyped(b!), renderTyped(a!));
    if (sameValue(a!, b!) === wantEqual) return null;
    return wantEqual ? miss(`expected ${render(b!)}, got ${render(a!)}`, render(b!), render(a!)) : miss(`expected a value other than ${render(b!)}`, `not ${render(b!)}`, render(a!));
  });
}

type StringTest = (actual: string, expected: string) => boolean;

function stringAssertion(name: string, verb: string, test: StringTest, negate = false): FunctionSpec {
  return assertion(name, ['STRING', 'STRING', 'STRING'], 1, 2, `Assert the string ${negate ? 'does not ' : ''}${verb} the expected one.`, (_ctx, _site, [a, b]: (string | null)[]) => {
    const holds = test(a ?? '', b ?? '') !== negate;
    return holds ? null : miss(`expected ${str(a!)} ${negate ? 'not ' : ''}to ${verb} ${str(b!)}`, `${negate ? 'not ' : ''}${verb} ${str(b!)}`, str(a!));
  });
}

function regexAssertion(name: string, negate: boolean): FunctionSpec {
  return assertion(name, ['STRING', 'STRING', 'STRING'], 1, 2, `Assert the string ${negate ? 'does not match' : 'matches'} the regular expression.`, (_ctx, site, [a, pattern]: (string | null)[]) => {
    let matched: boolean;
    try {
      matched = compileRegex(pattern ?? '').test(a ?? '');
    } catch (e) {
      throw new TestingError(site, name, `invalid regex ${str(pattern!)}: ${(e as Error).message}`);
    }
    if (matched !== negate) return null;
    return miss(`expected ${str(a!)} ${negate ? 'not ' : ''}to match /${pattern}/`, `${negate ? 'not ' : ''}matching /${pattern}/`, str(a!));
  });
}

function booleanAssertion(name: string, want: boolean): FunctionSpec {
  return assertion(name, ['ANY', 'STRING'], 1, 1, `Assert the value is BOOL ${want}.`, (_ctx, _site, [a]: TypedValue[]) => {
    if (a!.type !== 'BOOL') return miss(`expected a BOOL, got ${a!.type}`, `BOOL ${want}`, renderTyped(a!));
    return a!.value === want ? null : miss(`expected ${want}, got ${String(a!.value)}`, String(want), String(a!.value));
  });
}

function knownState(site: Range, name: string, word: string): string {
  if (!ALL_STATES.has(word)) throw new TestingError(site, name, `unknown state "${word}" (known: ${[...ALL_STATES].join(', ')})`);
  return word;
}

export function assertions(harness: Harness): FunctionSpec[] {
  const state = () => harness.session.state || '(none)';
  return [
    assertion('assert', ['ANY', 'STRING'], 1, 1, 'Assert the expression is true (a STRING: is set).', (_ctx, site, [a]: TypedValue[]) => {
      if (a!.type !== 'BOOL' && a!.type !== 'STRING') throw new TestingError(site, 'assert', `assert needs a BOOL or STRING expression, got ${a!.type}`);
      return truthy(a!.type, a!.value) ? null : miss('expected the expression to be true', 'true', render(a!));
    }),
    booleanAssertion('assert.true', true),
    booleanAssertion('assert.false', false),
    assertion('assert.is_notset', ['ANY', 'STRING'], 1, 1, 'Assert the STRING or IP value is not set.', (_ctx, site, [a]: TypedValue[]) => {
      if (a!.type !== 'STRING' && a!.type !== 'IP') throw new TestingError(site, 'assert.is_notset', `only a STRING or IP can be not set, got ${a!.type}`);
      return a!.value === null ? null : miss(`expected not set, got ${render(a!)}`, '(not set)', render(a!));
    }),
    assertion('assert.is_json', ['STRING', 'STRING'], 1, 1, 'Assert the string is valid JSON.', (_ctx, _site, [a]: (string | null)[]) => {
      try {
        JSON.parse(a ?? '');
        return null;
      } catch (e) {
        return miss(`expected valid JSON: ${(e as Error).message}`, 'valid JSON', str(a!));
      }
    }),
    equality('assert.equal', true),
    equality('assert.not_equal', false),
    equality('assert.strict_equal', true),
    equality('assert.not_strict_equal', false),
    stringAssertion('assert.equal_fold', 'equal (ignoring case)', (a, b) => a.toLowerCase() === b.toLowerCase()),
    regexAssertion('assert.match', false),
    regexAssertion('assert.not_match', true),
    stringAssertion('assert.contains', 'contain', (a, b) => a.includes(b)),
    stringAssertion('assert.not_contains', 'contain', (a, b) => a.includes(b), true),
    stringAssertion('assert.starts_with', 'start with', (a, b) => a.startsWith(b)),
    stringAssertion('assert.ends_with', 'end with', (a, b) => a.endsWith(b)),
    // (name), (name, times), (name, message) or (name, times, message), as in falco.
    assertion('assert.subroutine_called', ['STRING', 'ANY', 'STRING'], 2, (args) => (args[1]?.type === 'STRING' ? args[1].value : args[2]), 'Assert the subroutine ran during the test (exactly `times` times, default 1).', (ctx, site, [name, second]: [string | null, TypedValue?]) => {
      if (second && second.type !== 'INTEGER' && second.type !== 'STRING') throw new TestingError(site, 'assert.subroutine_called', `the second argument is the INTEGER times or the STRING message, got ${second.type}`);
      const times = second?.type === 'INTEGER' ? intToNumber(second.value as Int) : 1;
      const calls = ctx.called.slice(harness.session.testStart).filter((n) => n === name).length;
      if (calls === times) return null;
      return miss(calls === 0 ? `subroutine ${name} was not called` : `subroutine ${name} should be called ${times} time(s), was called ${calls}`, `${times} call(s)`, `${calls} call(s)`);
    }),
    assertion('assert.not_subroutine_called', ['STRING', 'STRING'], 1, 1, 'Assert the subroutine did not run during the test.', (ctx, _site, [name]: (string | null)[]) => {
      const calls = ctx.called.slice(harness.session.testStart).filter((n) => n === name).length;
      return calls === 0 ? null : miss(`subroutine ${name} was called ${calls} time(s)`, '0 calls', `${calls} call(s)`);
    }),
    assertion('assert.restart', ['STRING'], 1, 0, 'Assert the last subroutine called restarted.', () =>
      harness.session.state === 'restart' ? null : miss('restart should be called in the subroutine', 'restart', state()),
    ),
    assertion('assert.not_restart', ['STRING'], 1, 0, 'Assert the last subroutine called did not restart.', () =>
      harness.session.state !== 'restart' ? null : miss('restart should not be called in the subroutine', 'not restart', 'restart'),
    ),
    assertion('assert.state', ['ID', 'STRING'], 1, 1, 'Assert the state the last subroutine called ended in (lookup, pass, upgrade, ...).', (_ctx, site, [word]: string[]) => {
      const want = knownState(site, 'assert.state', word!);
      return harness.session.state === want ? null : miss(`state should be ${want}, got ${state()}`, want, state());
    }),
    assertion('assert.not_state', ['ID', 'STRING'], 1, 1, 'Assert the last subroutine called did not end in this state.', (_ctx, site, [word]: string[]) => {
      const want = knownState(site, 'assert.not_state', word!);
      return harness.session.state !== want ? null : miss(`state should not be ${want}`, `not ${want}`, state());
    }),
    assertion('assert.error', ['INTEGER', 'STRING', 'STRING'], 2, 2, 'Assert the last subroutine called raised `error` with this status (and response).', (_ctx, _site, [status, response]: [number, (string | null)?]) => {
      const { session } = harness;
      if (session.state !== 'error' || !session.error) return miss(`state should be error, got ${state()}`, `error ${status}`, state());
      if (session.error.status !== status) return miss(`error status should be ${status}, got ${session.error.status}`, String(status), String(session.error.status));
      if (response !== undefined && session.error.response !== response) {
        return miss(`error response should be ${str(response)}, got ${str(session.error.response)}`, str(response), str(session.error.response));
      }
      return null;
    }),
    assertion('assert.not_error', ['STRING'], 1, 0, 'Assert the last subroutine called did not raise `error`.', () =>
      harness.session.state !== 'error' ? null : miss(`state should not be error (status ${harness.session.error?.status})`, 'no error', `error ${harness.session.error?.status}`),
    ),
  ];
}
