// The hygiene rules beyond their basic case.
import { describe, expect, test } from 'vitest';
import { countGroups } from '../src/lint/checks/regex-groups.js';
import { allDiagnostics, lintSource } from '../src/lint/index.js';

const recv = (body: string) => `sub vcl_recv {\n#FASTLY recv\n${body}\n}\n`;

function found(source: string, rule: string) {
  return allDiagnostics(lintSource(source, 'h.vcl')).filter((d) => d.rule === rule);
}

describe('unreachable-code', () => {
  test('after an if whose every branch ends the flow, spanning the dead statements', () => {
    const [d, ...rest] = found(recv('if (req.url ~ "^/a") { return(pass); } else { error 404; }\nset req.http.X = "1";\nset req.http.Y = "2";'), 'unreachable-code');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ line: 4, column: 1, endLine: 5, message: expect.stringContaining('an if whose every branch ends the flow at line 3') });
  });

  test('not after an if without else', () => {
    expect(found(recv('if (req.url ~ "^/a") { return(pass); }\nset req.http.X = "1";'), 'unreachable-code')).toEqual([]);
  });

  test('inside a nested block, after restart', () => {
    expect(found(recv('if (req.restarts == 0) { restart; set req.http.X = "1"; }'), 'unreachable-code')[0]?.message).toContain('"restart"');
  });

  test('a label after a goto is reachable', () => {
    expect(found(recv('goto done;\ndone:\nset req.http.X = "1";'), 'unreachable-code')).toEqual([]);
  });
});

describe('uncaptured-regex-group', () => {
  const groups = (source: string) => found(source, 'uncaptured-regex-group').map((d) => d.message);

  test('counts capture groups, not other parentheses', () => {
    expect(countGroups('^/(a)(b)$')).toBe(2);
    expect(countGroups('(?:a)(?i)(?=b)(?<!c)')).toBe(0);
    expect(countGroups('(?<name>a)(?P<other>b)')).toBe(2);
    expect(countGroups('\\(a\\)[(]')).toBe(0);
  });

  test('a match with too few groups does not capture a higher group', () => {
    expect(groups(recv('if (req.url ~ "^/(a)") { set req.http.X = re.group.2; }'))).toEqual(['re.group.2 is read but no "~" match before it captures 2 groups']);
  });

  test('re.group.0 needs only a match', () => {
    expect(groups(recv('if (req.url ~ "^/a") { set req.http.X = re.group.0; }'))).toEqual([]);
  });

  test('a match against an ACL captures nothing', () => {
    expect(groups('acl a { "::1"; }\n' + recv('if (client.ip ~ a) { set req.http.X = re.group.0; }'))).toHaveLength(1);
  });

  test('a custom sub called after a capture sees it; called before one, it does not', () => {
    expect(groups('sub use { set req.http.X = re.group.1; }\n' + recv('if (req.url ~ "^/(a)") { call use; }'))).toEqual([]);
    expect(groups('sub use { set req.http.X = re.group.1; }\n' + recv('call use;\nif (req.url ~ "^/(a)") { return(pass); }'))).toHaveLength(1);
  });

  test('the parts of a split vcl_recv run in order', () => {
    expect(groups(recv('if (req.url ~ "^/(a)") { set req.http.A = "1"; }') + recv('set req.http.X = re.group.1;'))).toEqual([]);
  });

  test('a switch case regex captures', () => {
    expect(groups(recv('switch (req.url) {\ncase ~ "^/(a)":\n  set req.http.X = re.group.1;\n  break;\ndefault:\n  break;\n}'))).toEqual([]);
  });
});

describe('constant-condition', () => {
  test.each(['!false', '"a" ~ "b"', '(1 + 2) == 3', 'true'])('%s is constant', (condition) => {
    expect(found(recv(`if (${condition}) { return(pass); }`), 'constant-condition')).toHaveLength(1);
  });

  test('an elseif is checked too, at its own condition', () => {
    const [d] = found(recv('if (req.http.X) { return(pass); } else if (false) { return(pass); }'), 'constant-condition');
    expect(d).toMatchObject({ line: 3, message: expect.stringContaining('never runs') });
  });

  test('a condition reading a variable is not', () => {
    expect(found(recv('if (req.http.X == "a" || false) { return(pass); }'), 'constant-condition')).toEqual([]);
  });
});

describe('unused declarations', () => {
  test('the first backend is the default and never unused; a director used keeps its members used', () => {
    const source = 'backend F_default { .host = "a"; }\nbackend F_m { .host = "m"; }\ndirector D random { { .backend = F_m; .weight = 1; } }\n' + recv('set req.backend = D;');
    expect(found(source, 'unused-backend')).toEqual([]);
  });

  test('a typed sub used in an expression is used', () => {
    expect(found('sub is_api BOOL { return (req.url ~ "^/api"); }\n' + recv('if (is_api()) { return(pass); }'), 'unused-subroutine')).toEqual([]);
  });

  test('parameters are not unused variables; a local only appended to is', () => {
    const source = 'sub f(STRING var.p) { declare local var.acc STRING; set var.acc += "x"; }\n' + recv('call f;');
    expect(found(source, 'unused-variable').map((d) => d.message)).toEqual(['var.acc is declared in f but never read']);
  });
});

describe('fastly-macro', () => {
  test('one part of a split subroutine is enough', () => {
    expect(found(recv('set req.http.A = "1";') + 'sub vcl_recv { set req.http.B = "1"; }\n', 'fastly-macro')).toEqual([]);
  });

  test('the expanded form of generated VCL counts', () => {
    expect(found('sub vcl_recv {\n#--FASTLY RECV BEGIN\n#--FASTLY RECV END\n}\n', 'fastly-macro')).toEqual([]);
  });

  test('the macro of another subroutine does not', () => {
    expect(found('sub vcl_recv {\n#FASTLY fetch\n}\n', 'fastly-macro').map((d) => d.message)).toEqual([expect.stringContaining('"#FASTLY recv"')]);
  });
});

test('lint checks stay quiet on a file with syntax errors, which are all reported, and a note says lint skipped its rules', () => {
  const diagnostics = allDiagnostics(lintSource('sub vcl_recv {\n  set req.http.X = "a"\n}\nsub vcl_fetch {\n  set beresp.ttl = ;\n}\n', 'broken.vcl'));
  expect(diagnostics.map((d) => `${d.line}:${d.severity}:${d.rule}`)).toEqual(['1:info:lint-skipped', '2:error:parse', '5:error:parse']);
  expect(diagnostics[0]!.message).toContain("lint's own rules were not run on this file because of its syntax errors");
});

test('checker findings on a line with a syntax error are dropped as its echoes; others stay', () => {
  const source = 'sub vcl_recv {\n#FASTLY recv\n  set req.http.X = "never closed;\n  set req.http.Y = req.nope;\n}\n';
  expect(allDiagnostics(lintSource(source, 'echo.vcl')).map((d) => `${d.line}:${d.rule}`)).toEqual(['1:lint-skipped', '3:parse', '4:unknown-variable']);
});
