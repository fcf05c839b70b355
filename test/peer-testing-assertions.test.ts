// falco's assert.* case tables (ysugimoto/falco tester/function/assert_*_test.go, and the messages of
// assert_*.go), run as *.test.vcl files through `vcl-edge test`'s runner: what passes, what fails, and
// with which message where falco's wording is what a user greps for. Examples from falco's
// docs/testing.md are cases too.
import { describe, expect, it } from 'vitest';
import { outcomes, runInline, testSubs } from './helpers/falco-inline.js';

const MAIN = `
backend b1 { .host = "127.0.0.1"; .port = "8080"; }
backend b2 { .host = "127.0.0.1"; .port = "8081"; }
sub force_restart { restart; }
sub no_restart { set req.http.Bar = "2"; }
sub force_error { error 800 "FORCE ERROR"; }
sub force_401 { error 401; }
sub nested { set req.http.Foo = "1"; }
sub call_nested { call nested; }
sub vcl_recv { return(lookup); }
`;

const run = (cases: Record<string, string>) => outcomes(runInline(MAIN, testSubs(cases)));

describe('assert.equal / strict_equal (assert_equal_test.go: same type and value passes, anything else fails)', () => {
  const cases = {
    int_same: 'assert.equal(1, 1);',
    int_other: 'assert.equal(1, 100);',
    int_vs_string: 'assert.equal(1, "1");',
    int_vs_float: 'assert.equal(1, 1.0);',
    float_same: 'assert.equal(1.0, 1.0);',
    float_other: 'assert.equal(1.0, 100.0);',
    string_same: 'assert.equal("test", "test");',
    string_other: 'assert.equal("test", "string");',
    string_vs_bool: 'assert.equal("test", false);',
    bool_same: 'assert.equal(true, true);',
    bool_other: 'assert.equal(true, false);',
    rtime_same: 'assert.equal(1s, 1s);',
    rtime_other: 'assert.equal(1s, 10s);',
    time_same: 'assert.equal(std.integer2time(10), std.integer2time(10));',
    time_other: 'assert.equal(std.integer2time(10), std.integer2time(11));',
    ip_same: 'declare local var.a IP; set var.a = "192.168.0.1"; assert.equal(var.a, var.a);',
    ip_other: 'declare local var.a IP; declare local var.b IP; set var.a = "192.168.0.1"; set var.b = "10.0.0.0"; assert.equal(var.a, var.b);',
    ip_vs_string: 'declare local var.a IP; set var.a = "192.168.0.1"; assert.equal(var.a, "192.168.0.1");',
    backend_same: 'assert.equal(b1, b1);',
    backend_other: 'assert.equal(b1, b2);',
    backend_vs_string: 'assert.equal(b1, "b1");',
    strict_same: 'assert.strict_equal("foo", "foo");',
    strict_other: 'assert.strict_equal("foo", "bar");',
    strict_type: 'declare local var.n INTEGER; set var.n = 10; assert.strict_equal("foo", var.n);',
    custom_message: 'assert.equal(1, 2, "one is not two");',
  };
  const got = run(cases);

  it('passes the same type and value', () => {
    for (const name of ['int_same', 'float_same', 'string_same', 'bool_same', 'rtime_same', 'time_same', 'ip_same', 'backend_same', 'strict_same']) expect(got[name], name).toBe('passed');
  });

  it('fails a different value with falco\'s "Assertion error: expect=…, actual=…"', () => {
    expect(got.int_other).toBe('Assertion error: expect=100, actual=1');
    expect(got.string_other).toBe('Assertion error: expect="string", actual="test"');
    expect(got.strict_other).toBe('Assertion error: expect="bar", actual="foo"');
    for (const name of ['float_other', 'bool_other', 'rtime_other', 'time_other', 'ip_other', 'backend_other']) expect(got[name], name).toMatch(/^Assertion error: expect=/);
  });

  it('fails a different type with falco\'s "Type Mismatch: expect=… but actual=…", however alike the text', () => {
    expect(got.int_vs_string).toBe('Type Mismatch: expect=STRING but actual=INTEGER');
    expect(got.int_vs_float).toBe('Type Mismatch: expect=FLOAT but actual=INTEGER');
    expect(got.string_vs_bool).toBe('Type Mismatch: expect=BOOL but actual=STRING');
    expect(got.ip_vs_string).toBe('Type Mismatch: expect=STRING but actual=IP');
    expect(got.backend_vs_string).toBe('Type Mismatch: expect=STRING but actual=BACKEND');
    expect(got.strict_type).toBe('Type Mismatch: expect=INTEGER but actual=STRING');
  });

  it('uses the third argument as the whole message', () => {
    expect(got.custom_message).toBe('one is not two');
  });
});

describe('not set compares as "(null)", never as "" (falco examples/testing/notset, notset_string)', () => {
  const got = run({
    header_null: 'assert.equal(req.http.Missing, "(null)");',
    header_empty: 'assert.equal(req.http.Missing, "");',
    set_empty: 'set req.http.E = ""; assert.equal(req.http.E, "");',
    local_null: 'declare local var.s STRING; assert.equal(var.s, "(null)");',
    not_equal_empty: 'assert.not_equal(req.http.Missing, "");',
  });

  it('passes "(null)" and fails "" for a header or local that is not set', () => {
    expect(got).toEqual({
      header_null: 'passed',
      header_empty: 'Assertion error: expect="", actual=(not set)',
      set_empty: 'passed',
      local_null: 'passed',
      not_equal_empty: 'passed',
    });
  });
});

describe('assert.not_equal / not_strict_equal (assert_not_equal_test.go; docs/testing.md example)', () => {
  const got = run({
    same: 'assert.not_equal("foo", "foo");',
    other: 'assert.not_equal("foo", "bar");',
    other_type: 'declare local var.n INTEGER; set var.n = 10; assert.not_strict_equal("foo", var.n);',
    strict_same: 'assert.not_strict_equal("foo", "foo");',
  });

  it('fails the same value and, as falco does, a value of another type; passes another value', () => {
    expect(got).toEqual({
      same: 'Assertion error: expect=not "foo", actual="foo"',
      other: 'passed',
      other_type: 'Type Mismatch: expect=INTEGER but actual=STRING',
      strict_same: 'Assertion error: expect=not "foo", actual="foo"',
    });
  });
});

describe('assert, assert.true, assert.false (assert_test.go, assert_true_test.go, assert_false_test.go)', () => {
  const got = run({
    assert_true: 'assert(true);',
    assert_false: 'assert(false);',
    assert_string_set: 'set req.http.Foo = "foo"; assert(req.http.Foo);',
    assert_string_notset: 'assert(req.http.Foo);',
    assert_expression: 'declare local var.testing STRING; set var.testing = "foo"; set req.http.Foo = "foo"; assert(req.http.Foo == var.testing);',
    true_true: 'assert.true(true);',
    true_false: 'assert.true(false);',
    true_string: 'assert.true("x");',
    true_message: 'assert.true(false, "got: (null), expected: empty string");',
    false_false: 'assert.false(false);',
    false_true: 'assert.false(true);',
    false_unset_bool: 'declare local var.b BOOL; assert.false(var.b);',
    false_string: 'assert.false(req.http.Foo);',
  });

  it('passes BOOL true (assert: or a STRING that is set) and fails false with falco\'s message', () => {
    expect(got).toMatchObject({ assert_true: 'passed', assert_string_set: 'passed', assert_expression: 'passed', true_true: 'passed', false_false: 'passed', false_unset_bool: 'passed' });
    expect(got.assert_false).toBe('Assertion error: expect=true, actual=false');
    expect(got.assert_string_notset).toBe('Assertion error: expect=true, actual=(not set)');
    expect(got.true_false).toBe('Value should be true');
    expect(got.false_true).toBe('Value should be false');
    expect(got.true_message).toBe('got: (null), expected: empty string');
  });

  it('fails a value that is not BOOL, naming its type', () => {
    expect(got.true_string).toBe('Assertion type mismatch, STRING type is not BOOLEAN type');
    expect(got.false_string).toBe('Assertion type mismatch, STRING type is not BOOLEAN type');
  });
});

describe('assert.is_notset, assert.is_json (assert_is_notset_test.go, assert_is_json_test.go; docs examples)', () => {
  const got = run({
    notset_header: 'assert.is_notset(req.http.Foo);',
    notset_local: 'declare local var.testing STRING; assert.is_notset(var.testing);',
    empty_local: 'declare local var.testing STRING; set var.testing = ""; assert.is_notset(var.testing);',
    notset_ip: 'declare local var.ip IP; assert.is_notset(var.ip);',
    notset_integer: 'assert.is_notset(1);',
    notset_message: 'set req.http.Foo = "x"; assert.is_notset(req.http.Foo, "Foo must be gone");',
    json_array: 'assert.is_json("[1,2,3]");',
    json_trailing_comma: 'assert.is_json("[1,2,3,]");',
    json_object: 'assert.is_json({"{"a":{"b":null}}"});',
    json_empty: 'assert.is_json("");',
    json_message: 'assert.is_json("{", "body is not JSON");',
  });

  it('tells not set from empty, and only for STRING and IP', () => {
    expect(got).toMatchObject({ notset_header: 'passed', notset_local: 'passed', notset_ip: 'passed' });
    expect(got.empty_local).toBe("Value isn't NotSet");
    expect(got.notset_integer).toBe('Assertion type mismatch, INTEGER type must be STRING or IP type which have NotSet status');
    expect(got.notset_message).toBe('Foo must be gone');
  });

  it('accepts valid JSON only (a trailing comma is not)', () => {
    expect(got).toMatchObject({ json_array: 'passed', json_object: 'passed', json_message: 'body is not JSON' });
    expect(got.json_trailing_comma).toMatch(/^Value should be JSON/);
    expect(got.json_empty).toMatch(/^Value should be JSON/);
  });
});

describe('string assertions (assert_{contains,not_contains,starts_with,ends_with,match,not_match,equal_fold}_test.go)', () => {
  const got = run({
    contains: 'assert.contains("foobarbaz", "bar");',
    contains_miss: 'assert.contains("foobarbaz", "bat");',
    contains_message: 'assert.contains("foobarbaz", "bat", "custom_message");',
    not_contains: 'assert.not_contains("foobarbaz", "other");',
    not_contains_miss: 'assert.not_contains("foobarbaz", "baz");',
    starts_with: 'assert.starts_with("foobarbaz", "foo");',
    starts_with_miss: 'assert.starts_with("foobarbaz", "bar");',
    ends_with: 'assert.ends_with("foobarbaz", "baz");',
    ends_with_miss: 'assert.ends_with("foobarbaz", "bar");',
    match: 'assert.match("foobarbaz", ".+bar.+");',
    match_miss: 'assert.match("foobarbaz", "^bar");',
    match_invalid: 'assert.match("foobarbaz", "(");',
    not_match: 'assert.not_match("foobarbaz", ".+other.+");',
    not_match_miss: 'assert.not_match("foobarbaz", "^foo");',
    equal_fold: 'assert.equal_fold("foo", "FOO");',
    equal_fold_miss: 'assert.equal_fold("foo", "bar");',
    equal_fold_type: 'assert.equal_fold("1", 1);',
    equal_fold_notset: 'assert.equal_fold(req.http.Missing, "(NULL)");',
  });

  it('passes what holds', () => {
    for (const name of ['contains', 'not_contains', 'starts_with', 'ends_with', 'match', 'not_match', 'equal_fold']) expect(got[name], name).toBe('passed');
  });

  it("fails what does not, in falco's words", () => {
    expect(got).toMatchObject({
      contains_miss: '"foobarbaz" should contain string "bat"',
      contains_message: 'custom_message',
      not_contains_miss: '"foobarbaz" should not contain string "baz"',
      starts_with_miss: '"foobarbaz" should start with "bar"',
      ends_with_miss: '"foobarbaz" should end with "bar"',
      match_miss: 'String unmatched: value "foobarbaz" does not match against ^bar',
      not_match_miss: '"foobarbaz" should not match against ^foo',
      equal_fold_miss: 'Assertion error: expect="bar", actual="foo"',
    });
    expect(got.match_invalid).toMatch(/^Invalid regexp string provided: \(/);
    // assert_equal_fold.go: any type, compared as falco's strict equality is, ignoring case.
    expect(got.equal_fold_type).toBe('Type Mismatch: expect=INTEGER but actual=STRING');
    expect(got.equal_fold_notset).toBe('passed');
  });
});

describe('subroutine, state, restart and error assertions (assert_{subroutine_called,state,restart,error,…}_test.go)', () => {
  const got = run({
    called: 'testing.call_subroutine("call_nested"); assert.subroutine_called("nested");',
    called_once: 'testing.call_subroutine("call_nested"); assert.subroutine_called("nested", 1);',
    called_twice: 'testing.call_subroutine("call_nested"); testing.call_subroutine("call_nested"); assert.subroutine_called("nested", 2);',
    called_times_miss: 'testing.call_subroutine("call_nested"); assert.subroutine_called("nested", 2);',
    called_miss: 'testing.call_subroutine("no_restart"); assert.subroutine_called("nested");',
    called_message: 'assert.subroutine_called("nested", "nested must run");',
    called_times_message: 'assert.subroutine_called("nested", 1, "nested must run once");',
    not_called: 'testing.call_subroutine("no_restart"); assert.not_subroutine_called("nested");',
    not_called_miss: 'testing.call_subroutine("call_nested"); assert.not_subroutine_called("nested");',
    restart: 'testing.call_subroutine("force_restart"); assert.restart();',
    restart_miss: 'testing.call_subroutine("no_restart"); assert.restart();',
    not_restart: 'testing.call_subroutine("no_restart"); assert.not_restart();',
    not_restart_miss: 'testing.call_subroutine("force_restart"); assert.not_restart();',
    state: 'testing.call_subroutine("vcl_recv"); assert.state(lookup);',
    state_capitals: 'testing.call_subroutine("vcl_recv"); assert.state(LOOKUP); assert.not_state(PASS);',
    state_miss: 'testing.call_subroutine("vcl_recv"); assert.state(pass);',
    not_state: 'testing.call_subroutine("vcl_recv"); assert.not_state(pass);',
    not_state_miss: 'testing.call_subroutine("vcl_recv"); assert.not_state(lookup);',
    error: 'testing.call_subroutine("force_error"); assert.error(800);',
    error_response: 'testing.call_subroutine("force_error"); assert.error(800, "FORCE ERROR");',
    error_code_miss: 'testing.call_subroutine("force_error"); assert.error(801);',
    error_text_miss: 'testing.call_subroutine("force_error"); assert.error(800, "OTHER");',
    error_none: 'testing.call_subroutine("vcl_recv"); assert.error(800);',
    error_reason_phrase: 'testing.call_subroutine("force_401"); assert.error(401, "Unauthorized");',
    not_error: 'testing.call_subroutine("vcl_recv"); assert.not_error();',
    not_error_miss: 'testing.call_subroutine("force_error"); assert.not_error();',
  });

  it('passes what happened', () => {
    for (const name of ['called', 'called_once', 'called_twice', 'not_called', 'restart', 'not_restart', 'state', 'state_capitals', 'not_state', 'error', 'error_response', 'not_error']) expect(got[name], name).toBe('passed');
    // `error 401;` without a response leaves the reason phrase, as on Fastly.
    expect(got.error_reason_phrase).toBe('passed');
  });

  it("fails what did not, in falco's words", () => {
    expect(got).toMatchObject({
      called_times_miss: 'Subroutine nested should be called 2 times but actual called 1 time',
      called_miss: 'Subroutine nested is not called',
      called_message: 'nested must run',
      called_times_message: 'nested must run once',
      not_called_miss: 'Subroutine nested is called',
      restart_miss: 'restart should be called in subroutine',
      not_restart_miss: 'restart should not be called in subroutine',
      state_miss: 'state should be moved to PASS, got LOOKUP',
      not_state_miss: 'state should not be LOOKUP',
      error_code_miss: 'Error response code mismatch: expects 801, got 800',
      error_text_miss: 'Error response text mismatch: expects "OTHER", got "FORCE ERROR"',
      error_none: 'State does not move to ERROR, current state is LOOKUP',
    });
    expect(got.not_error_miss).toMatch(/^State should not move to ERROR/);
  });
});

describe('argument types are checked when the test file loads, at file:line:col', () => {
  // falco reports these as a TestingError when the assertion runs (assert_contains_test.go: INTEGER
  // where a STRING goes); vcl-edge refuses the file before any test runs, as a VCL error.
  it('refuses an INTEGER literal where a STRING goes', () => {
    expect(() => runInline(MAIN, 'sub test_x {\n  assert.contains("foobarbaz", 0);\n}\n')).toThrow(/main\.test\.vcl:2:32: error: an INTEGER literal cannot be used as a STRING/);
  });
});
