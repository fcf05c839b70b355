// The registry lists every rule any layer can report, and the committed docs match the code.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generatedDocs } from '../src/lint/docs.js';
import { RULES, allDiagnostics, findRule, lint, lintSource } from '../src/lint/index.js';
import { CORE_RULE_IDS, LINT_RULE_IDS } from '../src/rule-ids.js';

describe('rule registry completeness', () => {
  // Diagnostics carry a RuleId (src/rule-ids.ts), so an id outside those lists does not compile;
  // here the registry is held to the lists, so every id that can be reported has an entry.
  test('the registry has exactly the core and lint rule ids, each once', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...CORE_RULE_IDS, ...LINT_RULE_IDS].sort());
  });

  test('core rules come from the parser, loader or checker; lint rules from lint', () => {
    const lintIds: readonly string[] = LINT_RULE_IDS;
    for (const r of RULES) expect(r.source === 'lint', r.id).toBe(lintIds.includes(r.id));
  });

  test('rule ids built from templates (unknown-${kind}) are registered for each kind', () => {
    const diagnostics = allDiagnostics(lintSource('sub vcl_recv {\n#FASTLY recv\nset req.http.X = table.lookup(t, "a");\nset req.http.Y = if(table.contains(t, "b"), "1", "0");\nif (ratelimit.check_rate(client.ip, rc, 1, 10, 100, pb, 1m)) { return(pass); }\n}\nsub f BOOL { return (client.ip ~ nope); }\n', 'kinds.vcl'));
    for (const d of diagnostics) expect(findRule(d.rule), d.rule).toBeDefined();
    expect(diagnostics.map((d) => d.rule)).toEqual(expect.arrayContaining(['unknown-table', 'unknown-acl', 'unknown-ratecounter', 'unknown-penaltybox']));
  });

  test('every rule reported on the repository\'s fixtures is registered', () => {
    const all = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(join(dir, e.name)) : e.name.endsWith('.vcl') ? [join(dir, e.name)] : []));
    const unregistered = allDiagnostics(lint(all('fixtures'))).filter((d) => !findRule(d.rule));
    expect(unregistered).toEqual([]);
  });
});

test('the committed docs are the generated ones (regenerate: npm run build && node dist/src/lint/gen-docs.js)', () => {
  for (const [name, text] of Object.entries(generatedDocs())) {
    expect(readFileSync(join('docs', name), 'utf8'), `docs/${name}`).toBe(text);
  }
});

test('the rules doc lists every rule with its default severity', () => {
  const doc = generatedDocs()['rules.md']!;
  for (const r of RULES) expect(doc).toContain(`| [\`${r.id}\`](#${r.id}) | ${r.severity} |`);
});
