// The registry lists every rule any layer can report, and the committed docs match the code.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generatedDocs } from '../src/lint/docs.js';
import { RULES, allDiagnostics, findRule, lint, lintSource } from '../src/lint/index.js';

const sourceFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));

/** Where a rule id is passed as a literal: diagnosticAt(range, 'error', 'id'), this.error(node, 'id'), report(node, 'id'), rule: 'id'. */
const RULE_LITERALS = [
  /diagnosticAt\([^,]+,\s*'(?:error|warning|info)',\s*'([a-z][a-z-]*)'/g,
  /\b(?:this\.error|error|report)\(\s*[\w.]+(?:\[[^\]]*\])?(?:![\w.]*)?,\s*'([a-z][a-z-]*)'/g,
  /\brule:\s*'([a-z][a-z-]*)'/g,
];

describe('rule registry completeness', () => {
  const files = [...sourceFiles('src/check'), 'src/parser/loader.ts', ...sourceFiles('src/parser'), ...sourceFiles('src/parser/grammar'), ...sourceFiles('src/ast'), ...sourceFiles('src/lexer')];
  const emitted = new Set<string>();
  const templates: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const re of RULE_LITERALS) for (const m of text.matchAll(re)) emitted.add(m[1]!);
    for (const m of text.matchAll(/\berror\([^,]+,\s*`([a-z-]*)\$\{/g)) templates.push(m[1]!);
  }

  test('finds the rules the checker, loader and parser report', () => {
    for (const id of ['parse', 'include', 'recursion', 'type-mismatch', 'upgrade-outside-recv', 'unknown-variable']) expect(emitted).toContain(id);
  });

  test('every rule id in the checker, loader and parser is registered', () => {
    expect([...emitted].filter((id) => !findRule(id))).toEqual([]);
  });

  test('rule ids built from templates (unknown-${kind}) are registered for each kind', () => {
    expect(templates).toEqual(['unknown-']);
    const diagnostics = allDiagnostics(lintSource('sub vcl_recv {\n#FASTLY recv\nset req.http.X = table.lookup(t, "a");\nset req.http.Y = if(table.contains(t, "b"), "1", "0");\n}\nsub f BOOL { return (client.ip ~ nope); }\n', 'kinds.vcl'));
    for (const d of diagnostics) expect(findRule(d.rule), d.rule).toBeDefined();
    expect(diagnostics.map((d) => d.rule)).toEqual(expect.arrayContaining(['unknown-table', 'unknown-acl']));
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
