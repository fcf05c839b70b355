// Typing expressions: resolve every identifier, compute each expression's type, compile regex literals,
// and report what does not fit. Calls are checked by the base class (call-checks.ts).
import type { Expression, Identifier, TypeName } from '../ast/ast.js';
import type { Scope } from '../values/context.js';
import { compileRegex } from '../values/regex.js';
import { integerLiteralProblem } from '../values/int64.js';
import { resolveVariable, type DeclaredKind, type NamedVariable } from '../builtins/variables.js';
import type { IdentResolution } from './info.js';
import { identifierType, operatorType, plusType } from './result-types.js';
import { CallChecks } from './call-checks.js';
import type { SubEnv } from './sub-env.js';
import { LITERAL_TYPES } from './literals.js';
import { article, comparisonProblem, literalProblem } from './literal-rules.js';
import type { CoreRuleId } from '../rule-ids.js';

export type { LocalVariable, SubEnv } from './sub-env.js';

const NUMERIC = new Set<TypeName>(['INTEGER', 'FLOAT', 'RTIME', 'TIME']);
/**
 * Types whose value can stand in a condition (a STRING is true iff set). Not an IP: falco's logical
 * operator tables refuse one as an operand of "&&" (Fastly's pages are silent).
 */
const CONDITION_TYPES = new Set<TypeName>(['BOOL', 'STRING']);


export class ExpressionChecker extends CallChecks {
  /**
   * Type an expression: its type ('VOID' after an error). The type is not stored (the compiler works it
   * out again, see result-types.ts) unless `recordTypes` asks for it.
   */
  check(expr: Expression, env: SubEnv): TypeName {
    const type = this.typeOf(expr, env);
    if (this.recordTypes) this.info.types.set(expr, type);
    return type;
  }

  /** A condition: BOOL, or a STRING tested for being set. */
  checkCondition(expr: Expression, env: SubEnv): void {
    const t = this.check(expr, env);
    if (t !== 'VOID' && !CONDITION_TYPES.has(t)) this.error(expr, 'type-mismatch', `expected a BOOL condition, got ${t}`);
  }

  private typeOf(expr: Expression, env: SubEnv): TypeName {
    switch (expr.kind) {
      case 'Integer': {
        const outOfRange = integerLiteralProblem(expr);
        if (outOfRange) this.error(expr, 'parse', outOfRange);
        return 'INTEGER';
      }
      case 'String':
      case 'Float':
      case 'RTime':
      case 'Bool':
        return LITERAL_TYPES[expr.kind]!;
      case 'Group':
        return this.check(expr.expression, env);
      case 'Identifier':
        return this.identifier(expr, env);
      case 'CallExpr':
        return this.call(expr, env);
      case 'Unary': {
        const t = this.check(expr.operand, env);
        if (expr.operator === '!') {
          if (t !== 'VOID' && !CONDITION_TYPES.has(t)) this.error(expr, 'type-mismatch', `"!" needs a BOOL or STRING, got ${t}`);
          // A string literal is always set: negating one says nothing (falco's prefix-expression table).
          else if (expr.operand.kind === 'String') this.error(expr, 'type-mismatch', 'a string literal cannot be negated');
          return 'BOOL';
        }
        if (t !== 'VOID' && !NUMERIC.has(t)) this.error(expr, 'type-mismatch', `unary "-" needs a number, got ${t}`);
        return t;
      }
      case 'Binary':
        return this.binary(expr, env);
    }
  }

  private binary(expr: Extract<Expression, { kind: 'Binary' }>, env: SubEnv): TypeName {
    const op = expr.operator;
    if (op === '&&' || op === '||') {
      for (const side of [expr.left, expr.right]) {
        this.checkCondition(side, env);
        // A string literal is always set: as an operand it is refused (falco's logical operator tables).
        if (side.kind === 'String') this.error(side, 'type-mismatch', `a string literal cannot be an operand of "${op}"`);
      }
      return operatorType(op);
    }
    if (op === '~' || op === '!~') {
      this.match(expr, env);
      return operatorType(op);
    }
    if ((op === '==' || op === '!=') && this.undeclaredBackendCompared(expr, env)) return operatorType(op);
    const left = this.check(expr.left, env);
    const right = this.check(expr.right, env);
    const type = op === '+' ? plusType(left, right) : operatorType(op);
    if (left === 'VOID' || right === 'VOID') return type;
    if (op === '==' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=') {
      const problem = comparisonProblem(op, expr.left, left, expr.right, right);
      if (problem) this.error(expr, 'type-mismatch', problem);
    } else if (type === 'STRING') {
      this.concatenated(expr.left, left);
      this.concatenated(expr.right, right);
    }
    return type;
  }

  /**
   * `req.backend == F_s3` where no `F_s3` is declared: a backend the service configures outside VCL, reported
   * as such (as `set req.backend = F_s3;` is), not as an unknown variable.
   */
  private undeclaredBackendCompared(expr: Extract<Expression, { kind: 'Binary' }>, env: SubEnv): boolean {
    const bare = (e: Expression) => e.kind === 'Identifier' && !e.name.includes('.') && !this.resolveValue(e, env);
    const name = bare(expr.left) ? expr.left : bare(expr.right) ? expr.right : undefined;
    if (name?.kind !== 'Identifier') return false;
    if (this.check(name === expr.left ? expr.right : expr.left, env) !== 'BACKEND') this.check(name, env);
    else this.error(name, 'unknown-backend', unknownBackendMessage(name.name));
    return true;
  }

  /** One side of a concatenation: anything but an ACL or a regex becomes text. */
  private concatenated(side: Expression, type: TypeName): void {
    if (type === 'ACL' || type === 'REGEX') this.error(side, 'type-mismatch', `a ${type} cannot be concatenated into a string`);
    else this.notAsString(side);
  }

  /** A number literal or a backend's name where a STRING is taken (see literal-rules.ts). */
  notAsString(value: Expression, rule: CoreRuleId = 'type-mismatch'): void {
    const problem = literalProblem(value, 'STRING', value.kind === 'Identifier' && this.info.idents.get(value)?.kind === 'backend');
    if (problem) this.error(value, rule, problem);
  }

  /** `x ~ "regex"` or `client.ip ~ acl_name`. */
  private match(expr: Extract<Expression, { kind: 'Binary' }>, env: SubEnv): void {
    const right = expr.right;
    if (right.kind === 'Identifier' && this.info.symbols.acls.has(right.name)) {
      this.info.idents.set(right, this.shared.named('acl', right.name));
      this.contextType(right, 'ACL');
      this.info.used.acls.add(right.name);
      return this.aclSubject(expr.left, env);
    }
    if (right.kind !== 'String') return this.matchValue(expr, env);
    this.matchSubject(expr.left, env);
    this.contextType(right, 'REGEX');
    this.compileRegexLiteral(right);
  }

  /**
   * The left side of a regex match: a STRING. Other types are not converted here (falco's regex operator
   * table: an INTEGER, a TIME, a BACKEND or an IP against a regex is refused).
   */
  private matchSubject(left: Expression, env: SubEnv): void {
    const type = this.check(left, env);
    if (type !== 'VOID' && type !== 'STRING') this.error(left, 'type-mismatch', `cannot match ${article(type)} ${type} against a regex (a STRING is matched)`);
  }

  /** The left side of an ACL match: an IP, or a STRING read as one (falco's regex operator table). */
  private aclSubject(left: Expression, env: SubEnv): void {
    const type = this.check(left, env);
    if (type !== 'IP' && type !== 'STRING' && type !== 'VOID') this.error(left, 'type-mismatch', `an ACL matches an IP, got ${type}`);
  }

  /** `x ~ var.re` or `client.ip ~ table.lookup_acl(t, key, fallback)`: a REGEX or ACL value on the right. */
  private matchValue(expr: Extract<Expression, { kind: 'Binary' }>, env: SubEnv): void {
    const right = expr.right;
    if (right.kind === 'Identifier' && !right.name.startsWith('var.') && !this.resolveValue(right, env)) {
      this.aclSubject(expr.left, env); // a bare name there is an ACL: `client.ip ~ name` is no regex mismatch
      this.error(right, 'unknown-acl', `unknown ACL "${right.name}": no ACL of that name is declared (one the service configures outside VCL can be declared in .vcl-edge.json "acls")`);
      return;
    }
    const type = this.check(right, env);
    if (type === 'ACL') return this.aclSubject(expr.left, env);
    this.matchSubject(expr.left, env);
    if (type !== 'REGEX' && type !== 'VOID') this.error(right, 'regex', 'the right side of "~" must be a regex literal, a REGEX value or an ACL');
  }

  /** A string literal taken as a pattern (a REGEX local's value): typed REGEX and compiled now. */
  regexLiteral(lit: Extract<Expression, { kind: 'String' }>): void {
    this.contextType(lit, 'REGEX');
    this.compileRegexLiteral(lit);
  }

  compileRegexLiteral(lit: Extract<Expression, { kind: 'String' }>): void {
    try {
      this.info.regexes.set(lit, compileRegex(lit.value));
    } catch (e) {
      this.error(lit, 'regex', `invalid regex: ${(e as Error).message}`);
    }
  }

  /** Resolve a name used as a value. */
  identifier(id: Identifier, env: SubEnv): TypeName {
    const r = this.resolveValue(id, env);
    if (!r) {
      this.error(id, 'unknown-variable', this.undeclaredNames.get(id.name) ?? `unknown variable "${id.name}"`);
      return 'VOID';
    }
    this.info.idents.set(id, r);
    if (r.kind === 'variable') this.checkAccess(id, r.spec.read, env, 'read');
    else if (r.kind === 'header') this.checkAccess(id, r.header.family.read, env, 'read');
    return identifierType(r);
  }

  resolveValue(id: Identifier, env: SubEnv): IdentResolution | undefined {
    const name = id.name;
    if (name.startsWith('var.')) {
      return env.locals.get(name);
    }
    const known = this.resolvedVariables.get(name) ?? this.resolveVariable(name);
    if (known) return known;
    const { symbols } = this.info;
    if (symbols.backends.has(name) || symbols.directors.has(name)) {
      this.info.used.backends.add(name);
      return this.shared.named('backend', name);
    }
    if (symbols.acls.has(name)) {
      this.info.used.acls.add(name);
      return this.shared.named('acl', name);
    }
    if (symbols.tables.has(name)) {
      this.info.used.tables.add(name);
      return this.shared.named('table', name);
    }
    return undefined;
  }

  /**
   * Predefined variables and headers by name, resolved once per check: the same names recur on most lines,
   * and one shared resolution per name keeps the facts stored on the nodes small.
   */
  private readonly resolvedVariables = new Map<string, IdentResolution>();

  /** Family uses whose name is not declared (`backend.F_x.healthy` without backend F_x): the message. */
  private readonly undeclaredNames = new Map<string, string>();

  private resolveVariable(name: string): IdentResolution | undefined {
    const extra = this.extraVariables?.get(name.toLowerCase());
    const v = extra ? undefined : resolveVariable(name);
    if (v?.kind === 'predefined' && v.declared && !this.declaredForFamily(v.declared)) return undefined;
    let r: IdentResolution | undefined;
    if (extra) r = { kind: 'variable', spec: extra };
    else if (v?.kind === 'predefined') r = { kind: 'variable', spec: v.spec };
    else if (v?.kind === 'header') r = { kind: 'header', header: v.header };
    if (r) this.resolvedVariables.set(name, r);
    return r;
  }

  /** Is the name inside a family use (`backend.NAME.healthy`) declared as the family needs? */
  private declaredForFamily(use: NamedVariable): boolean {
    const { symbols } = this.info;
    const tables: Record<DeclaredKind, ReadonlyMap<string, unknown>> = {
      backend: symbols.backends,
      director: symbols.directors,
      ratecounter: symbols.ratecounters,
      penaltybox: symbols.penaltyboxes,
    };
    const kind = use.family.declared.find((k) => tables[k].has(use.name));
    if (kind === undefined) {
      const what = use.family.declared.join(' or ');
      this.undeclaredNames.set(use.spec.name, `unknown variable "${use.spec.name}": no ${what} named "${use.name}" is declared`);
      return false;
    }
    if (kind === 'backend' || kind === 'director') this.info.used.backends.add(use.name);
    return true;
  }

  /** Report a variable used in a subroutine where Fastly does not provide it. */
  checkAccess(id: Identifier, allowed: readonly string[], env: SubEnv, what: 'read' | 'write'): boolean {
    let badScope: Scope | null = null;
    for (const scope of env.scopes) {
      if (!allowed.includes(scope)) {
        badScope = scope;
        break;
      }
    }
    if (badScope === null) return true;
    if (what === 'read' && allowed.length === 0) {
      this.error(id, 'variable-scope', `"${id.name}" can be set but not read`);
    } else if (what === 'write' && allowed.length === 0) {
      this.error(id, 'read-only', `"${id.name}" is read-only`);
    } else {
      const where = allowed.length ? allowed.map((s) => `vcl_${s}`).join(', ') : 'no subroutine';
      this.error(id, 'variable-scope', `"${id.name}" cannot be ${what === 'read' ? 'read' : 'written'} in vcl_${badScope} (available in ${where})`);
    }
    return false;
  }

}

/** A backend VCL names but does not declare: often one the service configures outside VCL. */
export function unknownBackendMessage(name: string): string {
  return `unknown backend "${name}": no backend or director of that name is declared (one configured outside VCL can be declared in .vcl-edge.json "backends")`;
}
