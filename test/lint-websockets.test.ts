// The WebSocket rules beyond their basic case: how guards, backends and shielding are followed.
import { describe, expect, test } from 'vitest';
import { allDiagnostics, lintSource } from '../src/lint/index.js';

const recv = (body: string) => `sub vcl_recv {\n#FASTLY recv\n${body}\n}\n`;
const SLOW = (name: string) => `backend ${name} { .host = "${name}.example.com"; .first_byte_timeout = 15s; }\n`;
const WS = 'backend F_ws { .host = "ws.example.com"; .port = "443"; .ssl = true; .ssl_sni_hostname = "ws.example.com"; }\n';

function messages(source: string, rule: string): string[] {
  return allDiagnostics(lintSource(source, 'ws.vcl'))
    .filter((d) => d.rule === rule)
    .map((d) => d.message);
}

describe('upgrade-unguarded', () => {
  const unguarded = (source: string) => messages(source, 'upgrade-unguarded');

  test.each([
    ['the else of a negated check', recv('if (!req.http.Upgrade) { set req.http.X = "plain"; } else { return(upgrade); }')],
    ['an elseif after the check', recv('if (req.http.Upgrade == "h2c") { error 400; } elsif (req.http.Upgrade) { return(upgrade); }')],
    ['an early exit before it', recv('if (!req.http.Upgrade) { return(lookup); }\nreturn(upgrade);')],
    ['a local set from the header', recv('declare local var.ws BOOL;\nset var.ws = req.http.Upgrade ~ "(?i)websocket";\nif (var.ws) { return(upgrade); }')],
    ['a nested condition', recv('if (req.http.Upgrade) { if (req.url ~ "^/ws") { return(upgrade); } }')],
    ['a guarded call of a custom sub', 'sub ws { return(upgrade); }\n' + recv('if (req.http.Upgrade) { call ws; }')],
  ])('is guarded by %s', (_name, source) => {
    expect(unguarded(source)).toEqual([]);
  });

  test.each([
    ['another header', recv('if (req.http.Connection ~ "(?i)upgrade") { return(upgrade); }')],
    ['a later check', recv('if (req.url ~ "^/ws") { return(upgrade); }\nif (req.http.Upgrade) { return(pass); }')],
    ['an unguarded call of a custom sub', 'sub ws { return(upgrade); }\n' + recv('call ws;')],
  ])('is not guarded by %s', (_name, source) => {
    expect(unguarded(source)).toHaveLength(1);
  });
});

describe('upgrade-backend-settings', () => {
  const settings = (source: string) => messages(source, 'upgrade-backend-settings');
  const upgrade = 'if (req.http.Upgrade) { return(upgrade); }';

  test('the default (first) backend is checked when none is set, naming every ignored setting', () => {
    const source = 'backend F_app { .host = "a"; .port = "443"; .connect_timeout = 1s; .probe = { .url = "/"; } }\n' + recv(upgrade);
    expect(settings(source)).toEqual(['backend F_app, which this upgrade can reach, sets .connect_timeout, .probe: a WebSocket tunnel ignores them']);
  });

  test('the backend set on the way to the upgrade replaces the default', () => {
    expect(settings(SLOW('F_app') + WS + recv(`set req.backend = F_ws;\n${upgrade}`))).toEqual([]);
  });

  test('both branches of an if/else may reach the upgrade', () => {
    const source = SLOW('F_a') + SLOW('F_b') + recv(`if (req.url ~ "^/a") { set req.backend = F_a; } else { set req.backend = F_b; }\n${upgrade}`);
    expect(settings(source).map((m) => m.split(',')[0])).toEqual(['backend F_a', 'backend F_b']);
  });

  test('an if without else keeps the earlier backend possible too', () => {
    const source = WS + SLOW('F_slow') + recv(`if (req.url ~ "^/slow") { set req.backend = F_slow; }\n${upgrade}`);
    expect(settings(source).map((m) => m.split(',')[0])).toEqual(['backend F_slow']);
  });

  test('a branch that returns does not reach the upgrade', () => {
    const source = WS + SLOW('F_slow') + recv(`if (req.url ~ "^/slow") { set req.backend = F_slow; return(pass); }\n${upgrade}`);
    expect(settings(source)).toEqual([]);
  });

  test('a director stands for its members', () => {
    const source = WS + SLOW('F_a') + 'director D random { { .backend = F_a; .weight = 1; } { .backend = F_ws; .weight = 1; } }\n' + recv(`set req.backend = D;\n${upgrade}`);
    expect(settings(source).map((m) => m.split(',')[0])).toEqual(['backend F_a']);
  });

  test('a custom sub sees the backend its caller set', () => {
    const source = WS + SLOW('F_slow') + 'sub ws { return(upgrade); }\n' + recv('set req.backend = F_slow;\nif (req.http.Upgrade) { call ws; }');
    expect(settings(source).map((m) => m.split(',')[0])).toEqual(['backend F_slow']);
  });

  test('a call site keeps the backend it saw, whatever a later branch sets', () => {
    // The call is reached with F_ws only: the else branch's F_slow comes after it, on another path.
    const source = WS + SLOW('F_slow') + 'sub ws { return(upgrade); }\n' + recv('set req.backend = F_ws;\nif (req.http.Upgrade) { call ws; } else { set req.backend = F_slow; }');
    expect(settings(source)).toEqual([]);
  });

  test('the realistic fixture\'s WebSocket backend is tunnel-clean', () => {
    expect(settings(SLOW('F_app') + WS + recv(`if (req.http.Upgrade ~ "(?i)^websocket$") {\n  set req.backend = F_ws;\n  return (upgrade);\n}\nset req.backend = F_app;`))).toEqual([]);
  });
});

describe('upgrade-shielding', () => {
  const shielding = (source: string) => messages(source, 'upgrade-shielding');
  const upgrade = recv('if (req.http.Upgrade) { return(upgrade); }');

  test('a generated shield backend marks the service as shielded', () => {
    const source = WS + 'backend ssl_shield_iad_va_us { .host = "iad.shield.example"; }\n' + upgrade;
    expect(shielding(source)).toEqual([expect.stringContaining('shield backend ssl_shield_iad_va_us at ws.vcl:2')]);
  });

  test('edge-or-shield logic marks it too', () => {
    const source = WS + recv('if (fastly.ff.visits_this_service == 0) { set req.http.X-Edge = "1"; }\nif (req.http.Upgrade) { return(upgrade); }');
    expect(shielding(source)).toEqual([expect.stringContaining('fastly.ff.visits_this_service read at ws.vcl:')]);
  });

  test('shielding without an upgrade is fine', () => {
    expect(shielding(WS + recv('if (!req.http.Fastly-FF) { set req.http.X-Edge = "1"; }'))).toEqual([]);
  });
});
