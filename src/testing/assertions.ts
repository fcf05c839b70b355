// falco's assert.* functions. Each checks one thing and, when it does not hold, throws an
// AssertionFailure carrying the call site, what was expected and what was found. A trailing STRING
// argument, where falco allows one, replaces the message. Messages use falco's wording
// (tester/function/assert_*.go), so what a user greps for in falco's output is found here too.
import type { Range } from '../ast/ast.js';
import type { RequestContext } from '../values/context.js';
import type { FunctionSpec, ParamType } from '../builtins/functions/types.js';
import type { TypedValue } from '../values/function-context.js';
import { ALL_STATES } from '../builtins/subroutines.js';
import { reasonPhrase } from '../builtins/reason-phrases.js';
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

/** falco's strict equality: same type, same value (compared as strings, not set reading as "(null)"). */
const sameValue = (actual: TypedValue, expected: TypedValue): boolean => comparable(actual) === comparable(expected);
/** assert.equal_fold: the same, ignoring case. */
const sameFolded = (actual: TypedValue, expected: TypedValue): boolean => comparable(actual).toLowerCase() === comparable(expected).toLowerCase();

function equality(name: string, wantEqual: boolean, same = sameValue): FunctionSpec {
  const doc = `Assert the value ${wantEqual ? 'equals' : 'differs from'} the expected one (same type${same === sameFolded ? ', ignoring case' : ''}).`;
  return assertion(name, ['ANY', 'ANY', 'STRING'], 1, 2, doc, (_ctx, _site, [a, b]: TypedValue[]) => {
    if (a!.type !== b!.type) return miss(`Type Mismatch: expect=${b!.type} but actual=${a!.type}`, renderTyped(b!), renderTyped(a!));
    if (same(a!, b!) === wantEqual) return null;
    const expected = wantEqual ? render(b!) : `not ${render(b!)}`;
    return miss(`Assertion error: expect=${expected}, actual=${render(a!)}`, expected, render(a!));
  });
}

type StringTest = (actual: string, expected: string) => boolean;

/** `verb` reads after "should": `contain string`, `start with`; `negate` puts "not" before it. */
function stringAssertion(name: string, verb: string, test: StringTest, negate = false): FunctionSpec {
  const should = `should ${negate ? 'not ' : ''}${verb}`;
  return assertion(name, ['STRING', 'STRING', 'STRING'], 1, 2, `Assert the string ${should.replace('should ', '')} the expected one.`, (_ctx, _site, [a, b]: (string | null)[]) => {
    const holds = test(a ?? '', b ?? '') !== negate;
    return holds ? null : miss(`${str(a!)} ${should} ${str(b!)}`, `${negate ? 'not ' : ''}${verb} ${str(b!)}`, str(a!));
  });
}

function regexAssertion(name: string, negate: boolean): FunctionSpec {
  return assertion(name, ['STRING', 'STRING', 'STRING'], 1, 2, `Assert the string ${negate ? 'does not match' : 'matches'} the regular expression.`, (_ctx, site, [a, pattern]: (string | null)[]) => {
    let matched: boolean;
    try {
      matched = compileRegex(pattern ?? '').test(a ?? '');
    } catch (e) {
      throw new TestingError(site, name, `Invalid regexp string provided: ${pattern} (${(e as Error).message})`);
    }
    if (matched !== negate) return null;
    const message = negate ? `${str(a!)} should not match against ${pattern}` : `String unmatched: value ${str(a!)} does not match against ${pattern}`;
    return miss(message, `${negate ? 'not ' : ''}matching /${pattern}/`, str(a!));
  });
}

function booleanAssertion(name: string, want: boolean): FunctionSpec {
  return assertion(name, ['ANY', 'STRING'], 1, 1, `Assert the value is BOOL ${want}.`, (_ctx, _site, [a]: TypedValue[]) => {
    if (a!.type !== 'BOOL') return miss(`Assertion type mismatch, ${a!.type} type is not BOOLEAN type`, `BOOL ${want}`, renderTyped(a!));
    return a!.value === want ? null : miss(`Value should be ${want}`, String(want), String(a!.value));
  });
}

/** A state word as a test writes it: `lookup`, or `LOOKUP` as falco prints states. */
function knownState(site: Range, name: string, word: string): string {
  const state = word.toLowerCase();
  if (!ALL_STATES.has(state)) throw new TestingError(site, name, `unknown state "${word}" (known: ${[...ALL_STATES].join(', ')})`);
  return state;
}

/** A state as falco prints it: `LOOKUP`, `PASS`, ... */
const upper = (state: string): string => (state ? state.toUpperCase() : '(none)');

export function assertions(harness: Harness): FunctionSpec[] {
  const state = () => upper(harness.session.state);
  return [
    assertion('assert', ['ANY', 'STRING'], 1, 1, 'Assert the expression is true (a STRING: is set).', (_ctx, site, [a]: TypedValue[]) => {
      if (a!.type !== 'BOOL' && a!.type !== 'STRING') throw new TestingError(site, 'assert', `assert needs a BOOL or STRING expression, got ${a!.type}`);
      return truthy(a!.type, a!.value) ? null : miss(`Assertion error: expect=true, actual=${render(a!)}`, 'true', render(a!));
    }),
    booleanAssertion('assert.true', true),
    booleanAssertion('assert.false', false),
    assertion('assert.is_notset', ['ANY', 'STRING'], 1, 1, 'Assert the STRING or IP value is not set.', (_ctx, site, [a]: TypedValue[]) => {
      if (a!.type !== 'STRING' && a!.type !== 'IP') throw new TestingError(site, 'assert.is_notset', `Assertion type mismatch, ${a!.type} type must be STRING or IP type which have NotSet status`);
      return a!.value === null ? null : miss("Value isn't NotSet", '(not set)', render(a!));
    }),
    assertion('assert.is_json', ['STRING', 'STRING'], 1, 1, 'Assert the string is valid JSON.', (_ctx, _site, [a]: (string | null)[]) => {
      try {
        JSON.parse(a ?? '');
        return null;
      } catch (e) {
        return miss(`Value should be JSON (${(e as Error).message})`, 'valid JSON', str(a!));
      }
    }),
    equality('assert.equal', true),
    equality('assert.not_equal', false),
    equality('assert.strict_equal', true),
    equality('assert.not_strict_equal', false),
    equality('assert.equal_fold', true, sameFolded),
    regexAssertion('assert.match', false),
    regexAssertion('assert.not_match', true),
    stringAssertion('assert.contains', 'contain string', (a, b) => a.includes(b)),
    stringAssertion('assert.not_contains', 'contain string', (a, b) => a.includes(b), true),
    stringAssertion('assert.starts_with', 'start with', (a, b) => a.startsWith(b)),
    stringAssertion('assert.ends_with', 'end with', (a, b) => a.endsWith(b)),
    // (name), (name, times), (name, message) or (name, times, message), as in falco.
    assertion('assert.subroutine_called', ['STRING', 'ANY', 'STRING'], 2, (args) => (args[1]?.type === 'STRING' ? args[1].value : args[2]), 'Assert the subroutine ran during the test (exactly `times` times, default 1).', (ctx, site, [name, second]: [string | null, TypedValue?]) => {
      if (second && second.type !== 'INTEGER' && second.type !== 'STRING') throw new TestingError(site, 'assert.subroutine_called', `the second argument is the INTEGER times or the STRING message, got ${second.type}`);
      const times = second?.type === 'INTEGER' ? intToNumber(second.value as Int) : 1;
      const calls = ctx.called.slice(harness.session.testStart).filter((n) => n === name).length;
      if (calls === times) return null;
      const plural = (n: number) => `time${n > 1 ? 's' : ''}`;
      const message = calls === 0 ? `Subroutine ${name} is not called` : `Subroutine ${name} should be called ${times} ${plural(times)} but actual called ${calls} ${plural(calls)}`;
      return miss(message, `${times} call(s)`, `${calls} call(s)`);
    }),
    assertion('assert.not_subroutine_called', ['STRING', 'STRING'], 1, 1, 'Assert the subroutine did not run during the test.', (ctx, _site, [name]: (string | null)[]) => {
      const calls = ctx.called.slice(harness.session.testStart).filter((n) => n === name).length;
      return calls === 0 ? null : miss(`Subroutine ${name} is called`, '0 calls', `${calls} call(s)`);
    }),
    assertion('assert.restart', ['STRING'], 1, 0, 'Assert the last subroutine called restarted.', () =>
      harness.session.state === 'restart' ? null : miss('restart should be called in subroutine', 'RESTART', state()),
    ),
    assertion('assert.not_restart', ['STRING'], 1, 0, 'Assert the last subroutine called did not restart.', () =>
      harness.session.state !== 'restart' ? null : miss('restart should not be called in subroutine', 'not RESTART', 'RESTART'),
    ),
    assertion('assert.state', ['ID', 'STRING'], 1, 1, 'Assert the state the last subroutine called ended in (lookup, pass, upgrade, ...).', (_ctx, site, [word]: string[]) => {
      const want = knownState(site, 'assert.state', word!);
      return harness.session.state === want ? null : miss(`state should be moved to ${upper(want)}, got ${state()}`, upper(want), state());
    }),
    assertion('assert.not_state', ['ID', 'STRING'], 1, 1, 'Assert the last subroutine called did not end in this state.', (_ctx, site, [word]: string[]) => {
      const want = knownState(site, 'assert.not_state', word!);
      return harness.session.state !== want ? null : miss(`state should not be ${upper(want)}`, `not ${upper(want)}`, state());
    }),
    assertion('assert.error', ['INTEGER', 'STRING', 'STRING'], 2, 2, 'Assert the last subroutine called raised `error` with this status (and response).', (_ctx, _site, [status, response]: [number, (string | null)?]) => {
      const { session } = harness;
      if (session.state !== 'error' || !session.error) return miss(`State does not move to ERROR, current state is ${state()}`, `ERROR ${status}`, state());
      if (session.error.status !== status) return miss(`Error response code mismatch: expects ${status}, got ${session.error.status}`, String(status), String(session.error.status));
      // `error 401;` leaves obj.response as Fastly does: the status's reason phrase ("Unauthorized").
      const actual = session.error.response ?? reasonPhrase(session.error.status);
      if (response !== undefined && actual !== response) {
        return miss(`Error response text mismatch: expects ${str(response)}, got ${str(actual)}`, str(response), str(actual));
      }
      return null;
    }),
    assertion('assert.not_error', ['STRING'], 1, 0, 'Assert the last subroutine called did not raise `error`.', () =>
      harness.session.state !== 'error' ? null : miss(`State should not move to ERROR (status ${harness.session.error?.status})`, 'no error', `ERROR ${harness.session.error?.status}`),
    ),
  ];
}
