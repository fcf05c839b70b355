// Checking declarations other than subroutines: backend and director properties, ACL entries, tables.
import type { Expression, Program, Property, TypeName } from '../ast/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { buildAcl } from '../values/acl.js';
import {
  BACKEND_PROPERTIES,
  DIRECTOR_MEMBER_PROPERTIES,
  DIRECTOR_PROPERTIES,
  DIRECTOR_TYPES,
  PROBE_PROPERTIES,
} from '../builtins/backend-properties.js';
import type { ExpressionChecker } from './expressions.js';
import { assignable } from './expressions.js';
import type { CheckInfo } from './info.js';
import { LITERAL_TYPES } from './literals.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';

function literalType(e: Expression): TypeName | null {
  const literal = LITERAL_TYPES[e.kind];
  if (literal) return literal;
  switch (e.kind) {
    case 'Unary':
      return e.operator === '-' ? literalType(e.operand) : null;
    case 'Binary':
      // `.request = "GET / HTTP/1.1" "Host: x";` — adjacent strings.
      return e.operator === 'concat' || e.operator === '+' ? 'STRING' : null;
    default:
      return null;
  }
}

export function checkDeclarations(program: Program, info: CheckInfo, exprs: ExpressionChecker, diagnostics: Diagnostic[]): void {
  const report = (node: { range: Program['range'] }, rule: string, message: string) =>
    diagnostics.push(diagnosticAt(node.range, 'error', rule, message));

  const properties = (props: Property[], table: Readonly<Record<string, TypeName>>, what: string) => {
    const seen = new Set<string>();
    for (const p of props) {
      const name = p.name.name;
      const want = table[name];
      if (seen.has(name)) report(p.name, 'duplicate-declaration', `${what} property .${name} is set twice`);
      seen.add(name);
      if (want === undefined) {
        report(p.name, 'unknown-property', `unknown ${what} property .${name}`);
        continue;
      }
      if (p.value.kind === 'PropertyObject') {
        if (name === 'probe') properties(p.value.properties, PROBE_PROPERTIES, 'probe');
        else report(p.value, 'type-mismatch', `.${name} takes a value, not a block`);
        continue;
      }
      if (name === 'probe') {
        report(p.value, 'type-mismatch', '.probe takes a block { ... }');
        continue;
      }
      if (want === 'ID') continue; // e.g. `.ssl_check_cert = always;`
      if (want === 'BACKEND') {
        if (p.value.kind !== 'Identifier' || !(info.symbols.backends.has(p.value.name) || info.symbols.directors.has(p.value.name))) {
          report(p.value, 'unknown-backend', `.${name} must name a declared backend`);
        } else info.used.backends.add(p.value.name);
        continue;
      }
      const got = literalType(p.value);
      if (got === null || !assignable(got, want)) report(p.value, 'type-mismatch', `.${name} must be ${want}${got ? `, got ${got}` : ''}`);
    }
  };

  for (const decl of program.declarations) {
    switch (decl.kind) {
      case 'Backend':
        properties(decl.properties, BACKEND_PROPERTIES, 'backend');
        if (!decl.properties.some((p) => p.name.name === 'host')) report(decl.name, 'missing-property', `backend ${decl.name.name} has no .host`);
        break;
      case 'Director':
        if (!DIRECTOR_TYPES.has(decl.directorType.name)) {
          report(decl.directorType, 'unknown-property', `unknown director type "${decl.directorType.name}" (random, fallback, hash, client, chash)`);
        }
        properties(decl.properties, DIRECTOR_PROPERTIES, 'director');
        for (const m of decl.members) properties(m.properties, DIRECTOR_MEMBER_PROPERTIES, 'director member');
        break;
      case 'Acl':
        for (const entry of decl.entries) {
          try {
            buildAcl(decl.name.name, [entry]);
          } catch (e) {
            report(entry, 'invalid-acl', (e as Error).message);
          }
        }
        break;
      case 'Table': {
        const want = decl.valueType ?? 'STRING';
        const keys = new Set<string>();
        for (const entry of decl.entries) {
          if (keys.has(entry.key.value)) report(entry.key, 'duplicate-declaration', `table ${decl.name.name} has key "${entry.key.value}" twice`);
          keys.add(entry.key.value);
          if (want === 'BACKEND' || want === 'ACL') {
            const ok = entry.value.kind === 'Identifier' && (want === 'ACL' ? info.symbols.acls.has(entry.value.name) : info.symbols.backends.has(entry.value.name) || info.symbols.directors.has(entry.value.name));
            if (!ok) report(entry.value, want === 'ACL' ? 'unknown-acl' : 'unknown-backend', `table value must name a declared ${want === 'ACL' ? 'ACL' : 'backend'}`);
            else if (entry.value.kind === 'Identifier') (want === 'ACL' ? info.used.acls : info.used.backends).add(entry.value.name);
            continue;
          }
          const got = want === 'REGEX' || want === 'IP' ? (entry.value.kind === 'String' ? want : null) : literalType(entry.value);
          if (got === null || !assignable(got, want)) report(entry.value, 'type-mismatch', `table ${decl.name.name} holds ${want} values${got ? `, got ${got}` : ''}`);
          else if (want === 'REGEX' && entry.value.kind === 'String') exprs.compileRegexLiteral(entry.value);
        }
        break;
      }
      case 'Describe':
        if (!program.file.endsWith('.test.vcl')) report(decl.name, 'describe-outside-test', '"describe" is only allowed in *.test.vcl files');
        break;
      default:
        break;
    }
  }
}
