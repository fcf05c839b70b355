// falco's testing.* case tables (ysugimoto/falco tester/function/testing_*_test.go) and the examples of
// docs/testing.md, run as *.test.vcl files through `vcl-edge test`'s runner.
import { describe, expect, it } from 'vitest';
import { outcomes, runInline, testSubs } from './helpers/falco-inline.js';

const MAIN = `
backend example { .host = "example.com"; .port = "443"; .always_use_host_header = true; }
backend other { .host = "127.0.0.1"; .port = "8080"; }
table example_dict { "foo": "bar" }
table numbers INTEGER { "one": 1 }
ratecounter rc {}
penaltybox pb {}
sub add_header { set req.http.Original = "1"; }
sub label STRING { return "original"; }
sub count INTEGER { return 1; }
sub is_either(STRING var.a, STRING var.b) BOOL { return req.url == var.a || req.url == var.b; }
sub force_error { error 400 "Bad"; }
sub generate_response { synthetic "No dice."; }
sub vcl_recv {
  call add_header;
  set req.http.Label = label();
  set req.http.Region = server.region;
  set req.http.Country = client.geo.country_code;
  set req.http.Seen-Host = req.http.Host;
  if (req.url == "/limited" && ratelimit.check_rate(client.ip, rc, 1, 10, 100, pb, 10s)) {
    set req.http.Limited = "1";
  }
  return(lookup);
}
`;

const HELPERS = `
table extra_dict { "dog": "bark", "foo": "baz" }
table extra_numbers INTEGER { "two": 2 }
sub mock_add_header { set req.http.Mocked = "1"; }
sub mock_label STRING { return "mocked"; }
sub mock_plain { set req.http.Mocked = "1"; }
`;

const run = (cases: Record<string, string>) => outcomes(runInline(MAIN, HELPERS + testSubs(cases)));

describe('testing.call_subroutine (testing_call_subroutine_test.go; examples/testing/call_subroutine_args)', () => {
  const got = run({
    builtin: 'testing.call_subroutine("vcl_recv"); assert.equal(testing.state, "LOOKUP"); assert.state(lookup);',
    custom: 'testing.call_subroutine("add_header"); assert.equal(req.http.Original, "1");',
    typed_with_args: 'set req.url = "/b"; declare local var.ok BOOL; set var.ok = testing.call_subroutine("is_either", "/a", "/b"); assert.true(var.ok);',
    typed_no_match: 'set req.url = "/c"; declare local var.ok BOOL; set var.ok = testing.call_subroutine("is_either", "/a", "/b"); assert.false(var.ok);',
    undefined: 'testing.call_subroutine("no_such_sub");',
    error_state: 'testing.call_subroutine("force_error"); assert.equal(testing.state, "ERROR"); assert.equal(testing.inspect("obj.status"), 400);',
  });

  it('runs a Fastly or a custom subroutine, passes arguments, gives a typed one\'s value, and records the state in capitals', () => {
    expect(got).toMatchObject({ builtin: 'passed', custom: 'passed', typed_with_args: 'passed', typed_no_match: 'passed', error_state: 'passed' });
  });

  it('fails a test calling a subroutine that is not declared', () => {
    expect(got.undefined).toBe('subroutine "no_such_sub" is not declared');
  });

  it.each([
    ['too few arguments', 'testing.call_subroutine("is_either", "/only-one");'],
    ['too many arguments', 'testing.call_subroutine("is_either", "/a", "/b", "/extra");'],
    ['arguments to a Fastly subroutine', 'testing.call_subroutine("vcl_recv", "/unexpected");'],
    ['a first argument that is not a STRING', 'testing.call_subroutine(42);'],
  ])('refuses %s when the file loads (falco: when the call runs)', (_what, body) => {
    expect(() => runInline(MAIN, `sub test_x {\n  ${body}\n}\n`)).toThrow(/main\.test\.vcl:2:\d+: error/);
  });
});

describe('testing.fixed_time and fixed_time_unix (testing_fixed_time_test.go, testing_fixed_time_unix_test.go)', () => {
  const got = run({
    string_form: 'testing.fixed_time("2023-09-08 16:59:00"); assert.equal(now, std.integer2time(1694192340)); assert.equal(now.sec, "1694192340");',
    integer_form: 'testing.fixed_time(1694159940); assert.equal(now.sec, "1694159940");',
    time_form: 'testing.fixed_time(std.integer2time(1694159940)); assert.equal(now, std.integer2time(1694159940));',
    bad_year: 'testing.fixed_time("20023-01-02 15:04:05");',
    unix_integer: 'testing.fixed_time_unix(1694159940); assert.equal(now.sec, "1694159940");',
    unix_time: 'testing.fixed_time_unix(std.integer2time(10)); assert.equal(now.sec, "10");',
    unix_string: 'testing.fixed_time_unix("2023-09-08 16:59:00");',
  });

  it('fixes now and now.sec from "YYYY-mm-dd HH:MM:SS" (UTC), epoch seconds or a TIME', () => {
    expect(got).toMatchObject({ string_form: 'passed', integer_form: 'passed', time_form: 'passed', unix_integer: 'passed', unix_time: 'passed' });
  });

  it('fails a malformed time, and a STRING given to fixed_time_unix', () => {
    expect(got.bad_year).toMatch(/^testing\.fixed_time takes an INTEGER, a TIME or "YYYY-mm-dd HH:MM:SS", got STRING 20023/);
    expect(got.unix_string).toMatch(/^testing\.fixed_time_unix takes an INTEGER or a TIME, got STRING/);
  });
});

describe('testing.inject_variable, inspect, override_host (testing_inject_variable_test.go, testing_inspect_test.go, testing_override_host_test.go)', () => {
  const got = run({
    inject_region: 'testing.inject_variable("server.region", "ASIA"); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Region, "ASIA");',
    inject_country: 'testing.inject_variable("client.geo.country_code", "JP"); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Country, "JP");',
    inject_body: 'testing.inject_variable("req.body", "bodytext"); assert.equal(req.body, "bodytext");',
    inject_unknown: 'testing.inject_variable("some.undefined", "x");',
    inspect_obj_status: 'testing.call_subroutine("force_error"); assert.equal(testing.inspect("obj.status"), 400);',
    inspect_notset_header: 'assert.is_notset(testing.inspect("req.http.Foo"));',
    inspect_unknown: 'declare local var.v STRING; set var.v = testing.inspect("some.undefined");',
    override_host: 'testing.override_host("example.com"); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Seen-Host, "example.com"); assert.equal(req.http.Host, "example.com");',
    default_host: 'testing.call_subroutine("vcl_recv"); assert.equal(req.http.Seen-Host, "localhost");',
  });

  it('makes a variable read as the injected value, reads any variable in any scope, and sets Host', () => {
    expect(got).toMatchObject({ inject_region: 'passed', inject_country: 'passed', inject_body: 'passed', inspect_obj_status: 'passed', inspect_notset_header: 'passed', override_host: 'passed', default_host: 'passed' });
  });

  it('fails an unknown variable', () => {
    expect(got.inject_unknown).toBe('"some.undefined" is not a predefined variable');
    expect(got.inspect_unknown).toBe('unknown variable "some.undefined"');
  });
});

describe('testing.table_set and table_merge (testing_table_set_test.go, testing_table_merge_test.go)', () => {
  const got = run({
    set_append: 'testing.table_set(example_dict, "dog", "bark"); assert.equal(table.lookup(example_dict, "dog", ""), "bark"); assert.equal(table.lookup(example_dict, "foo", ""), "bar");',
    set_replace: 'testing.table_set(example_dict, "foo", "baz"); assert.equal(table.lookup(example_dict, "foo", ""), "baz");',
    set_type_mismatch: 'testing.table_set(numbers, "dog", "bark");',
    merge: 'testing.table_merge(example_dict, extra_dict); assert.equal(table.lookup(example_dict, "dog", ""), "bark"); assert.equal(table.lookup(example_dict, "foo", ""), "baz");',
    merge_type_mismatch: 'testing.table_merge(numbers, extra_dict);',
    merge_integers: 'testing.table_merge(numbers, extra_numbers); assert.equal(table.lookup_integer(numbers, "two", 0), 2);',
    untouched_after: 'assert.equal(table.lookup(example_dict, "foo", ""), "bar"); assert.equal(table.lookup(example_dict, "dog", "none"), "none");',
  });

  it('appends or replaces an entry, for this test only', () => {
    expect(got).toMatchObject({ set_append: 'passed', set_replace: 'passed', merge: 'passed', merge_integers: 'passed', untouched_after: 'passed' });
  });

  it('fails a value or table of another type', () => {
    expect(got.set_type_mismatch).toBe('table numbers holds INTEGER, got STRING');
    expect(got.merge_type_mismatch).toBe('table numbers holds INTEGER, extra_dict holds STRING');
  });

  it('refuses a table that is not declared when the file loads', () => {
    expect(() => runInline(MAIN, 'sub test_x {\n  testing.table_set(no_such_table, "a", "b");\n}\n')).toThrow(/main\.test\.vcl:2:\d+: error/);
  });
});

describe('testing.mock, restore_mock, restore_all_mocks (testing_mock_test.go, testing_restore_*_test.go)', () => {
  const got = run({
    mock_plain: 'testing.mock("add_header", "mock_add_header"); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Mocked, "1"); assert.is_notset(req.http.Original);',
    mock_functional: 'testing.mock("label", "mock_label"); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Label, "mocked");',
    mock_undefined: 'testing.mock("no_such_sub", "mock_plain");',
    mock_functional_with_plain: 'testing.mock("label", "mock_plain");',
    mock_plain_with_functional: 'testing.mock("add_header", "mock_label");',
    mock_type_mismatch: 'testing.mock("count", "mock_label");',
    mock_reserved: 'testing.mock("vcl_recv", "mock_plain");',
    restore_one: 'testing.mock("add_header", "mock_add_header"); testing.restore_mock("add_header"); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Original, "1"); assert.is_notset(req.http.Mocked);',
    restore_all: 'testing.mock("add_header", "mock_add_header"); testing.mock("label", "mock_label"); testing.restore_all_mocks(); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Label, "original"); assert.equal(req.http.Original, "1");',
  });

  it('runs the mock wherever the original is called, until restored', () => {
    expect(got).toMatchObject({ mock_plain: 'passed', mock_functional: 'passed', restore_one: 'passed', restore_all: 'passed' });
  });

  it('fails a mock of an undeclared or Fastly subroutine, or by a subroutine of another kind or type', () => {
    expect(got.mock_undefined).toBe('subroutine "no_such_sub" is not declared');
    expect(got.mock_functional_with_plain).toBe('cannot mock label (STRING) with mock_plain (no return value)');
    expect(got.mock_plain_with_functional).toBe('cannot mock add_header (no return value) with mock_label (STRING)');
    expect(got.mock_type_mismatch).toBe('cannot mock count (INTEGER) with mock_label (STRING)');
    expect(got.mock_reserved).toBe('cannot mock the Fastly subroutine vcl_recv');
  });
});

describe('backends, rates, logs, environment (testing_set_backend_health_test.go, testing_mock_backend_health_test.go, testing_fixed_access_rate_test.go, testing_get_log_test.go)', () => {
  const got = run({
    healthy_by_default: 'assert.true(backend.example.healthy); assert.true(backend.other.healthy);',
    set_unhealthy: 'testing.set_backend_health(example, false); assert.false(backend.example.healthy); assert.true(backend.other.healthy); set req.backend = example; assert.false(req.backend.healthy);',
    set_healthy_again: 'testing.set_backend_health(example, false); testing.set_backend_health(example, true); assert.true(backend.example.healthy);',
    mock_backend_health: 'testing.mock_backend_health(other, false); assert.false(backend.other.healthy);',
    rate_integer: 'set req.url = "/limited"; testing.fixed_access_rate(100); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Limited, "1");',
    rate_float_below: 'set req.url = "/limited"; testing.fixed_access_rate(0.5); testing.call_subroutine("vcl_recv"); assert.is_notset(req.http.Limited);',
    rate_alias: 'set req.url = "/limited"; testing.set_access_rate(100); testing.call_subroutine("vcl_recv"); assert.equal(req.http.Limited, "1");',
    log_none: 'assert.is_notset(testing.get_log("recv", 0));',
    log_other_scope: 'log "fetch only"; assert.is_notset(testing.get_log("fetch", 0));',
    log_found: 'log "first"; log "second"; assert.equal(testing.get_log("RECV", 0), "first"); assert.equal(testing.get_log("recv", 1), "second"); assert.is_notset(testing.get_log("recv", 2));',
    env_unset: 'assert.is_notset(testing.get_env("VCL_EDGE_PEER_TEST_UNSET_VARIABLE"));',
  });

  it('marks backends unhealthy and back (each test starts healthy)', () => {
    expect(got).toMatchObject({ healthy_by_default: 'passed', set_unhealthy: 'passed', set_healthy_again: 'passed', mock_backend_health: 'passed' });
  });

  it('fixes the rate ratelimit.check_rate sees, from an INTEGER or a FLOAT', () => {
    expect(got).toMatchObject({ rate_integer: 'passed', rate_float_below: 'passed', rate_alias: 'passed' });
  });

  it('reads the n-th log line of a scope, not set past the last', () => {
    expect(got).toMatchObject({ log_none: 'passed', log_other_scope: 'passed', log_found: 'passed', env_unset: 'passed' });
  });

  it('refuses a rate that is not a number when the file loads', () => {
    expect(() => runInline(MAIN, 'sub test_x {\n  testing.fixed_access_rate("foo");\n}\n')).toThrow(/main\.test\.vcl:2:\d+: error/);
  });
});

describe('testing.* variables (docs/testing.md examples)', () => {
  const got = run({
    synthetic_body: 'testing.call_subroutine("generate_response"); assert.equal(testing.synthetic_body, "No dice."); assert.equal(testing.synthetic_body, "No dice.");',
    origin_host_header: 'set req.backend = example; assert.equal(testing.origin_host_header, "example.com");',
    origin_host_default: 'set req.backend = other; assert.equal(testing.origin_host_header, "localhost");',
  });

  it('reads the synthetic body and the Host the origin would get', () => {
    expect(got).toMatchObject({ synthetic_body: 'passed', origin_host_header: 'passed', origin_host_default: 'passed' });
  });
});
