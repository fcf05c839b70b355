// Checking declarations other than subroutines: backend and director properties, ACL entries, tables.
import type { DirectorDeclaration, Expression, Program, Property, TypeName } from '../ast/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { buildAcl } from '../values/acl.js';
import { integerLiteralProblem } from '../values/int64.js';
import {
  BACKEND_PROPERTIES,
  BACKEND_REQUIRED,
  CHASH_KEYS,
  DIRECTOR_KINDS,
  MAX_VNODES_PER_NODE,
  PENALTYBOX_PROPERTIES,
  PROBE_PROPERTIES,
  RATECOUNTER_PROPERTIES,
  type PropertyType,
} from '../builtins/backend-properties.js';
import type { ExpressionChecker } from './expressions.js';
import { assignable } from './conversions.js';
import type { CheckInfo } from './info.js';
import { LITERAL_TYPES } from './literals.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';
import type { CoreRuleId } from '../rule-ids.js';

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

type Report = (node: { range: Program['range'] }, rule: CoreRuleId, message: string) => void;

export function checkDeclarations(program: Program, info: CheckInfo, exprs: ExpressionChecker, diagnostics: Diagnostic[]): void {
  const report: Report = (node, rule, message) => diagnostics.push(diagnosticAt(node.range, 'error', rule, message));
  const properties = (props: readonly Property[], table: Readonly<Record<string, PropertyType>>, what: string) => checkProperties(props, table, what, info, report);

  for (const decl of program.declarations) {
    switch (decl.kind) {
      case 'Backend':
        properties(decl.properties, BACKEND_PROPERTIES, 'backend');
        for (const name of BACKEND_REQUIRED) {
          if (!decl.properties.some((p) => p.name.name === name)) report(decl.name, 'missing-property', `backend ${decl.name.name} has no .${name}`);
        }
        break;
      case 'Director':
        checkDirector(decl, properties, report);
        break;
      case 'Ratecounter':
        properties(decl.properties, RATECOUNTER_PROPERTIES, 'ratecounter');
        break;
      case 'Penaltybox':
        properties(decl.properties, PENALTYBOX_PROPERTIES, 'penaltybox');
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
          const outOfRange = entry.value.kind === 'Integer' ? integerLiteralProblem(entry.value) : null;
          if (outOfRange) {
            report(entry.value, 'parse', outOfRange);
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
  checkDirectorLoops(info, report);
}

/**
 * A director that leads back to itself through its members (`d → e → d`) could never reach a backend:
 * reported where the loop closes. A depth-first search over the director members, each visited once.
 */
function checkDirectorLoops(info: CheckInfo, report: Report): void {
  const { directors } = info.symbols;
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    path.push(name);
    for (const member of directors.get(name)!.members) {
      const value = member.properties.find((p) => p.name.name === 'backend')?.value;
      if (value?.kind !== 'Identifier' || !directors.has(value.name)) continue;
      const seen = state.get(value.name);
      if (seen === 'visiting') {
        const loop = [...path.slice(path.indexOf(value.name)), value.name].join(' → ');
        report(value, 'recursion', `director ${value.name} leads back to itself (${loop}): no backend can be reached`);
      } else if (seen === undefined) visit(value.name);
    }
    path.pop();
    state.set(name, 'done');
  };
  for (const name of directors.keys()) if (!state.has(name)) visit(name);
}

/** Each property known to `table`, set once, with a value of its type. */
function checkProperties(props: readonly Property[], table: Readonly<Record<string, PropertyType>>, what: string, info: CheckInfo, report: Report): void {
  const seen = new Set<string>();
  for (const p of props) {
    const name = p.name.name;
    const want = table[name];
    if (seen.has(name)) report(p.name, 'duplicate-declaration', `${what} property .${name} is set twice`);
    seen.add(name);
    if (want === undefined) {
      const known = Object.keys(table);
      report(p.name, 'unknown-property', `unknown ${what} property .${name}${known.length ? ` (known: ${known.map((k) => `.${k}`).join(', ')})` : ` (a ${what} takes none)`}`);
      continue;
    }
    if (p.value.kind === 'PropertyObject') {
      if (want === 'OBJECT') checkProperties(p.value.properties, PROBE_PROPERTIES, 'probe', info, report);
      else report(p.value, 'type-mismatch', `.${name} takes a value, not a block`);
      continue;
    }
    if (want === 'OBJECT') {
      report(p.value, 'type-mismatch', `.${name} takes a block { ... }`);
      continue;
    }
    if (want === 'ID') {
      if (p.value.kind !== 'Identifier') report(p.value, 'type-mismatch', `.${name} takes a bare word`);
      continue;
    }
    if (want === 'BACKEND') {
      if (p.value.kind !== 'Identifier' || !(info.symbols.backends.has(p.value.name) || info.symbols.directors.has(p.value.name))) {
        report(p.value, 'unknown-backend', `.${name} must name a declared backend`);
      } else info.used.backends.add(p.value.name);
      continue;
    }
    if (want === 'PERCENT') {
      const ok = p.value.kind === 'Integer' && p.value.percent && p.value.value >= 0 && p.value.value <= 100;
      if (!ok) report(p.value, 'type-mismatch', `.${name} must be a percentage from 0% to 100%, such as 50%`);
      continue;
    }
    const got = literalType(p.value);
    // A STRING property takes a string literal: `.host = 1s;` is refused, not converted (falco's backend table).
    if (got === null || (want === 'STRING' ? got !== 'STRING' : !assignable(got, want))) report(p.value, 'type-mismatch', `.${name} must be ${want}${got ? `, got ${got}` : ''}`);
  }
}

/** A director: its kind, its properties and members as that kind takes them. */
function checkDirector(decl: DirectorDeclaration, properties: (props: readonly Property[], table: Readonly<Record<string, PropertyType>>, what: string) => void, report: Report): void {
  const type = decl.directorType.name;
  const kind = DIRECTOR_KINDS[type];
  if (!kind) {
    report(decl.directorType, 'unknown-property', `unknown director type "${type}" (${Object.keys(DIRECTOR_KINDS).join(', ')})`);
    return;
  }
  properties(decl.properties, kind.properties, `${type} director`);
  for (const name of kind.required) {
    if (!decl.properties.some((p) => p.name.name === name)) report(decl.name, 'missing-property', `${type} director ${decl.name.name} has no .${name}`);
  }
  for (const p of decl.properties) {
    if (p.name.name === 'key' && p.value.kind === 'Identifier' && !CHASH_KEYS.has(p.value.name)) report(p.value, 'type-mismatch', '.key is object or client');
    if (p.name.name === 'vnodes_per_node' && p.value.kind === 'Integer' && (p.value.value < 1 || p.value.value > MAX_VNODES_PER_NODE)) {
      report(p.value, 'type-mismatch', `.vnodes_per_node is from 1 to ${MAX_VNODES_PER_NODE}`);
    }
  }
  if (kind.member === null) {
    for (const m of decl.members) report(m, 'unknown-property', `a ${type} director has no backend members`);
    return;
  }
  if (decl.members.length === 0) report(decl.name, 'missing-property', `director ${decl.name.name} has no backend: add { .backend = NAME; … }`);
  for (const m of decl.members) {
    properties(m.properties, kind.member, `${type} director member`);
    for (const name of kind.memberRequired) {
      if (!m.properties.some((p) => p.name.name === name)) report(m, 'missing-property', `each member of a ${type} director sets .${name}`);
    }
  }
}
