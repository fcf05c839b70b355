// Every rule in the registry: a VCL that triggers it and one that does not.
import { describe, expect, test } from 'vitest';
import { RULES, allDiagnostics, lintSource } from '../src/lint/index.js';

/** A vcl_recv with its macro, around `body`. */
const recv = (body: string) => `sub vcl_recv {\n#FASTLY recv\n${body}\n}\n`;
const fetch = (body: string) => `sub vcl_fetch {\n#FASTLY fetch\n${body}\n}\n`;
const WS_BACKEND = 'backend F_ws { .host = "ws.example.com"; .port = "443"; .ssl = true; }\n';

interface Case {
  bad: string;
  good: string;
  /** Files the VCL may include, by name. */
  sources?: Record<string, string>;
  /** A word the message of the bad case must contain. */
  says?: string;
}

const CASES: Record<string, Case> = {
  parse: { bad: recv('set req.http.X = "a"'), good: recv('set req.http.X = "a";') },
  include: { bad: 'include "missing";\n', good: 'include "present";\n', sources: { present: 'acl a { "::1"; }\n' }, says: 'missing' },
  'duplicate-declaration': { bad: 'acl a { "::1"; }\nacl a { "::1"; }\n', good: 'acl a { "::1"; }\nacl b { "::1"; }\n' },
  'unknown-property': { bad: 'backend F_a { .host = "h"; .conect_timeout = 1s; }\n', good: 'backend F_a { .host = "h"; .connect_timeout = 1s; }\n', says: 'conect_timeout' },
  'missing-property': { bad: 'backend F_a { .port = "80"; }\n', good: 'backend F_a { .host = "h"; .port = "80"; }\n' },
  'type-mismatch': { bad: recv('declare local var.n INTEGER;\nset var.n = "x";\nset req.http.X = var.n;'), good: recv('declare local var.n INTEGER;\nset var.n = 1;\nset req.http.X = var.n;') },
  'unknown-backend': {
    bad: 'backend F_a { .host = "h"; }\ndirector d random { { .backend = F_nope; .weight = 1; } }\n' + recv('set req.backend = d;'),
    good: 'backend F_a { .host = "h"; }\ndirector d random { { .backend = F_a; .weight = 1; } }\n' + recv('set req.backend = d;'),
  },
  'unknown-ratecounter': {
    bad: 'penaltybox pb { }\n' + recv('if (ratelimit.check_rate(client.ip, rc, 1, 10, 100, pb, 1m)) { return(pass); }'),
    good: 'ratecounter rc { }\npenaltybox pb { }\n' + recv('if (ratelimit.check_rate(client.ip, rc, 1, 10, 100, pb, 1m)) { return(pass); }'),
    says: 'ratecounter',
  },
  'unknown-penaltybox': {
    bad: 'ratecounter rc { }\n' + recv('if (ratelimit.check_rate(client.ip, rc, 1, 10, 100, pb, 1m)) { return(pass); }'),
    good: 'ratecounter rc { }\npenaltybox pb { }\n' + recv('if (ratelimit.check_rate(client.ip, rc, 1, 10, 100, pb, 1m)) { return(pass); }'),
    says: 'penaltybox',
  },
  'unknown-acl': { bad: recv('if (client.ip ~ nope) { return(pass); }'), good: 'acl nope { "::1"; }\n' + recv('if (client.ip ~ nope) { return(pass); }') },
  'unknown-table': { bad: recv('set req.http.X = table.lookup(t, "a");'), good: 'table t { "a": "b" }\n' + recv('set req.http.X = table.lookup(t, "a");') },
  'invalid-acl': { bad: 'acl a { "not-an-ip"; }\n' + recv('if (client.ip ~ a) { return(pass); }'), good: 'acl a { "192.0.2.0"/24; }\n' + recv('if (client.ip ~ a) { return(pass); }') },
  'describe-outside-test': { bad: 'describe d { }\n', good: recv('') },
  'unknown-subroutine': { bad: recv('call nope;'), good: 'sub nope { set req.http.X = "1"; }\n' + recv('call nope;') },
  'invalid-name': { bad: recv('declare local var.a:b STRING;'), good: recv('declare local var.a_b STRING;\nset req.http.X = var.a_b;') },
  'statement-scope': { bad: recv('synthetic "x";'), good: 'sub vcl_error {\n#FASTLY error\nsynthetic "x";\n}\n' },
  'protected-header': { bad: recv('set req.http.Upgrade = "websocket";'), good: recv('set req.http.X-Upgrade = "websocket";') },
  'unknown-variable': { bad: recv('set req.http.X = req.nope;'), good: recv('set req.http.X = req.url;') },
  'read-only': { bad: recv('set client.geo.city = "x";'), good: recv('set req.http.X = client.geo.city;') },
  'variable-scope': { bad: recv('set req.http.X = beresp.status;'), good: fetch('set beresp.http.X = beresp.status;') },
  'function-scope': { bad: recv('resp.tarpit(1);'), good: 'sub vcl_deliver {\n#FASTLY deliver\nresp.tarpit(1);\n}\n', says: 'vcl_deliver' },
  'lint-skipped': { bad: recv('set req.http.X = "a"'), good: recv('set req.http.X = "a";'), says: 'syntax errors' },
  'return-state': { bad: recv('return(deliver);'), good: recv('return(lookup);') },
  'upgrade-outside-recv': { bad: fetch('if (req.http.Upgrade) { return(upgrade); }'), good: recv('if (req.http.Upgrade) { return(upgrade); }') },
  'argument-count': { bad: recv('set req.http.X = std.tolower();'), good: recv('set req.http.X = std.tolower(req.url);') },
  'argument-type': { bad: recv('set req.http.X = regsub(req.url, req.url, "x");'), good: recv('set req.http.X = regsub(req.url, "^/a", "x");') },
  'unknown-function': { bad: recv('set req.http.X = std.nope(req.url);'), good: recv('set req.http.X = std.toupper(req.url);') },
  regex: { bad: recv('if (req.url ~ "(") { return(pass); }'), good: recv('if (req.url ~ "\\(") { return(pass); }') },
  recursion: {
    bad: 'sub a { call b; }\nsub b { call a; }\n' + recv('call a;'),
    good: 'sub a { call b; }\nsub b { set req.http.X = "1"; }\n' + recv('call a;'),
  },

  'upgrade-unguarded': {
    bad: recv('return(upgrade);'),
    good: recv('if (req.http.Upgrade ~ "(?i)websocket") { return(upgrade); }'),
  },
  'upgrade-backend-settings': {
    bad: 'backend F_app { .host = "a"; .connect_timeout = 1s; .max_connections = 10; }\n' + recv('if (req.http.Upgrade) { return(upgrade); }'),
    good: 'backend F_app { .host = "a"; .connect_timeout = 1s; }\n' + WS_BACKEND + recv('if (req.http.Upgrade) { set req.backend = F_ws; return(upgrade); }\nset req.backend = F_app;'),
    says: '.connect_timeout, .max_connections',
  },
  'upgrade-shielding': {
    bad: WS_BACKEND + recv('if (!req.http.Fastly-FF) { set req.http.X-Edge = "1"; }\nif (req.http.Upgrade) { return(upgrade); }'),
    good: WS_BACKEND + recv('if (req.http.X-Edge) { set req.http.X-Seen = "1"; }\nif (req.http.Upgrade) { return(upgrade); }'),
    says: 'Fastly-FF',
  },
  'fastly-macro': { bad: 'sub vcl_recv {\n  return(lookup);\n}\n', good: recv('return(lookup);') },
  'unused-backend': {
    bad: 'backend F_a { .host = "a"; }\nbackend F_b { .host = "b"; }\n',
    good: 'backend F_a { .host = "a"; }\nbackend F_b { .host = "b"; }\n' + recv('set req.backend = F_b;'),
    says: 'F_b',
  },
  'unused-acl': { bad: 'acl a { "::1"; }\n', good: 'acl a { "::1"; }\n' + recv('if (client.ip ~ a) { return(pass); }') },
  'unused-table': { bad: 'table t { "a": "b" }\n', good: 'table t { "a": "b" }\n' + recv('if (table.contains(t, req.url)) { return(pass); }') },
  'unused-subroutine': { bad: 'sub helper { set req.http.X = "1"; }\n', good: 'sub helper { set req.http.X = "1"; }\n' + recv('call helper;') },
  'unused-variable': { bad: recv('declare local var.x STRING;\nset var.x = "a";'), good: recv('declare local var.x STRING;\nset var.x = "a";\nset req.http.X = var.x;') },
  'unreachable-code': { bad: recv('return(pass);\nset req.http.X = "never";'), good: recv('set req.http.X = "first";\nreturn(pass);') },
  'uncaptured-regex-group': {
    bad: recv('set req.http.X = re.group.1;'),
    good: recv('if (req.url ~ "^/(\\w+)") { set req.http.X = re.group.1; }'),
  },
  'constant-condition': { bad: recv('if (!false) { return(pass); }'), good: recv('if (req.restarts == 1) { return(pass); }') },
  'deprecated-variable': { bad: recv('if (client.display.width > 800) { return(pass); }'), good: recv('if (client.platform.mobile) { return(pass); }'), says: 'no replacement' },
};

function rulesOf(source: string, sources?: Record<string, string>, file = 'case.vcl') {
  return allDiagnostics(lintSource(source, file, { sources: sources ? new Map(Object.entries(sources)) : undefined }));
}

describe('every rule has a triggering and a clean case', () => {
  test('the table covers the whole registry', () => {
    // `snippet` needs a project with snippets: test/project-snippets.test.ts has its cases.
    const TESTED_ELSEWHERE = ['snippet'];
    expect([...Object.keys(CASES), ...TESTED_ELSEWHERE].sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  describe.each(Object.entries(CASES))('%s', (rule, c) => {
    test('fires on the bad VCL', () => {
      const found = rulesOf(c.bad, c.sources).filter((d) => d.rule === rule);
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]!.severity).toBe(RULES.find((r) => r.id === rule)!.severity);
      if (c.says) expect(found[0]!.message).toContain(c.says);
    });
    test('is silent on the good VCL', () => {
      const found = rulesOf(c.good, c.sources);
      expect(found.filter((d) => d.rule === 'parse')).toEqual([]); // so lint's own checks did run
      expect(found.filter((d) => d.rule === rule)).toEqual([]);
    });
  });
});

describe('registry', () => {
  test('ids are unique, and every rule explains itself', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.summary.length, r.id).toBeGreaterThan(10);
      expect(r.explanation.length, r.id).toBeGreaterThan(60);
      expect(['error', 'warning', 'info']).toContain(r.severity);
    }
  });

  test('WebSocket and hygiene rules have the severities the issue asks for', () => {
    const severity = (id: string) => RULES.find((r) => r.id === id)?.severity;
    expect(severity('upgrade-outside-recv')).toBe('error');
    for (const id of ['upgrade-unguarded', 'upgrade-backend-settings', 'upgrade-shielding', 'fastly-macro', 'unused-backend', 'unused-acl', 'unused-table', 'unused-subroutine', 'unused-variable', 'unreachable-code', 'uncaptured-regex-group', 'constant-condition']) {
      expect(severity(id), id).toBe('warning');
    }
  });
});
