// Typing expressions: resolve every identifier and call, compute each expression's type,
// compile regex literals, and report what does not fit.
import type { CallExpression, Expression, Identifier, SubDeclaration, TypeName } from '../ast/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Scope } from '../values/context.js';
import type { ArgumentFacts, FunctionSpec, ParamType } from '../builtins/functions/types.js';
import { compileRegex } from '../values/regex.js';
import { resolveVariable, type DeclaredKind, type NamedVariable, type VariableSpec } from '../builtins/variables.js';
import type { CheckInfo, IdentResolution } from './info.js';
import { callType, identifierType, operatorType, plusType } from './result-types.js';
import { SharedResolutions } from './shared-resolutions.js';
import { LITERAL_TYPES } from './literals.js';
import { article, comparisonProblem, literalProblem } from './literal-rules.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';
import type { CoreRuleId } from '../rule-ids.js';

/** A local variable: also the resolution of every use of it. */
export type LocalVariable = Extract<IdentResolution, { kind: 'local' }>;

/** What the checker knows while inside one subroutine. */
export interface SubEnv {
  name: string;
  scopes: ReadonlySet<Scope>;
  locals: Map<string, LocalVariable>;
  nextSlot: number;
}

const NUMERIC = new Set<TypeName>(['INTEGER', 'FLOAT', 'RTIME', 'TIME']);
/** The whole-collection variables std.count counts: req.headers, resp.headers, … */
const HEADER_COLLECTION = /^(?:req|bereq|beresp|resp|obj)\.headers$/;
const SCALAR_TO_STRING = new Set<TypeName>(['STRING', 'BOOL', 'INTEGER', 'FLOAT', 'RTIME', 'TIME', 'IP', 'BACKEND', 'ID']);
/**
 * Types whose value can stand in a condition (a STRING is true iff set). Not an IP: falco's logical
 * operator tables refuse one as an operand of "&&" (Fastly's pages are silent).
 */
const CONDITION_TYPES = new Set<TypeName>(['BOOL', 'STRING']);

/** How messages name an argument (built only for a message: this runs for every argument). */
function argumentName(fn: string, index: number): string {
  return `argument ${index + 1} of ${fn}`;
}

/** May a value of type `from` be used where `to` is expected (Fastly's implicit conversions)? */
export function assignable(from: TypeName, to: TypeName): boolean {
  if (from === to) return true;
  if (to === 'STRING') return SCALAR_TO_STRING.has(from);
  if (to === 'FLOAT') return from === 'INTEGER';
  if (to === 'IP') return from === 'STRING';
  return false;
}

/**
 * Conversions Fastly makes into a typed slot beyond `assignable`. Assigning: an INTEGER to an RTIME
 * counts seconds (Fastly's parse_time_delta example sets beresp.ttl from an INTEGER) and an RTIME to a
 * TIME (falco#226, checked on Fastly Fiddle). Passing an argument also: TIME and RTIME for each other
 * (both are 64-bit nanosecond counts; Fastly's own signature of ratelimit.check_rate takes `TIME ttl`
 * and its examples pass `2m`), and a STRING to a TIME, read as a date (falco#5: std.time's fallback).
 * Assigning an RTIME to a FLOAT or an INTEGER gives its seconds (falco's assignment matrix, taken from
 * Fastly; Fastly's Altitude video workshop sets a FLOAT local from time.to_first_byte).
 */
export function convertible(from: TypeName, to: TypeName, slot: 'set' | 'argument'): boolean {
  if (assignable(from, to)) return true;
  if ((to === 'FLOAT' || to === 'INTEGER') && from === 'RTIME') return slot === 'set';
  // Also assigned through seconds (falco's assign table): a FLOAT cut to an INTEGER, a TIME as its Unix
  // seconds, an INTEGER or a FLOAT as that many seconds after the epoch.
  if (slot === 'set' && ((to === 'INTEGER' && (from === 'FLOAT' || from === 'TIME')) || (to === 'FLOAT' && from === 'TIME'))) return true;
  if (slot === 'set' && to === 'TIME' && (from === 'INTEGER' || from === 'FLOAT')) return true;
  if (to === 'RTIME') return from === 'INTEGER' || (slot === 'argument' && from === 'TIME');
  if (to === 'TIME') return from === 'RTIME' || (slot === 'argument' && from === 'STRING');
  return false;
}

export class ExpressionChecker {
  constructor(
    private readonly info: CheckInfo,
    private readonly diagnostics: Diagnostic[],
    private readonly functions: ReadonlyMap<string, FunctionSpec>,
    private readonly extraVariables?: ReadonlyMap<string, VariableSpec>,
    /** Store every expression's type (a test compares them with what the compiler works out). */
    private readonly recordTypes = false,
  ) {}

  /** Resolutions shared by every use of the same function, sub or name: facts on the nodes stay small. */
  private readonly shared = new SharedResolutions();

  /**
   * The type the context gives a node (a regex literal, a bare word, an ACL name), stored only when every
   * type is: result-types.ts works it out from what the node resolves to, and a fact stored costs memory.
   */
  private contextType(node: Expression, type: TypeName): void {
    if (this.recordTypes) this.info.types.set(node, type);
  }

  error(node: { range: Expression['range'] }, rule: CoreRuleId, message: string): void {
    this.diagnostics.push(diagnosticAt(node.range, 'error', rule, message));
  }

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
      case 'String':
      case 'Integer':
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
      this.matchSubject(expr.left, env);
      this.error(right, 'unknown-acl', `unknown ACL "${right.name}"`);
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

  /** Report a function called in a subroutine where Fastly does not allow it. */
  private checkFunctionScope(expr: CallExpression, allowed: readonly Scope[], env: SubEnv): void {
    const bad = [...env.scopes].find((scope) => !allowed.includes(scope));
    if (bad === undefined) return;
    const where = allowed.map((s) => `vcl_${s}`).join(', ');
    this.error(expr.callee, 'function-scope', `${expr.callee.name}() cannot be called in vcl_${bad} (available in ${where})`);
  }

  call(expr: CallExpression, env: SubEnv): TypeName {
    const name = expr.callee.name;
    const spec = this.functions.get(name);
    if (spec) {
      const resolution = this.shared.function(spec);
      this.info.calls.set(expr.callee, resolution);
      if (spec.scopes) this.checkFunctionScope(expr, spec.scopes, env);
      this.arguments(expr, spec, env);
      if (spec.checkArgs) this.checkArgs(expr, spec.checkArgs);
      return callType(resolution, this.info);
    }
    const subs = this.info.symbols.subs.get(name);
    if (subs) {
      const sub = subs[0]!;
      const resolution = this.shared.sub(name);
      this.info.calls.set(expr.callee, resolution);
      this.info.used.subs.add(name);
      this.subArguments(name, sub, expr.args, expr, env);
      return callType(resolution, this.info);
    }
    this.error(expr.callee, 'unknown-function', `unknown function "${name}"`);
    for (const arg of expr.args) this.check(arg, env);
    return 'VOID';
  }

  /** The arguments of a custom subroutine call (`f(a, b)` or `call f(a, b);`), against its parameters. */
  subArguments(name: string, sub: SubDeclaration, args: readonly Expression[], at: { range: Expression['range'] }, env: SubEnv): void {
    if (args.length !== sub.parameters.length) {
      this.error(at, 'argument-count', `${name} takes ${sub.parameters.length} argument(s), got ${args.length}`);
    }
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const t = this.check(arg, env);
      const want = sub.parameters[i]?.type;
      if (want && t !== 'VOID' && !convertible(t, want, 'argument')) this.error(arg, 'argument-type', `${argumentName(name, i)} must be ${want}, got ${t}`);
    }
  }

  private arguments(expr: CallExpression, spec: FunctionSpec, env: SubEnv): void {
    const min = spec.params.length - (spec.optional ?? 0);
    const max = spec.rest ? Infinity : spec.params.length;
    if (expr.args.length < min || expr.args.length > max) {
      const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.error(expr, 'argument-count', `${spec.name} takes ${want} argument(s), got ${expr.args.length}`);
    }
    for (let i = 0; i < expr.args.length; i++) {
      const arg = expr.args[i]!;
      const param = spec.params[i] ?? spec.rest;
      if (param) this.argument(arg, param, spec.name, i, env);
      else this.check(arg, env);
      if (param === 'ID') this.word(arg, spec, i);
    }
  }

  /** A bare-word argument the function accepts only from a fixed set (`crypto.encrypt_hex(aes256, cbc, …)`). */
  private word(arg: Expression, spec: FunctionSpec, index: number): void {
    const words = spec.words?.[index];
    if (!words || arg.kind !== 'Identifier' || words.includes(arg.name)) return;
    this.error(arg, 'argument-type', `${argumentName(spec.name, index)} must be one of ${words.join(', ')}, got ${arg.name}`);
  }

  private argument(arg: Expression, param: ParamType, fn: string, index: number, env: SubEnv): void {
    switch (param) {
      case 'ID':
        if (arg.kind === 'Identifier') {
          this.info.idents.set(arg, this.shared.named('word', arg.name));
          this.contextType(arg, 'ID');
        } else this.error(arg, 'argument-type', `${argumentName(fn, index)} must be a bare word such as req or resp`);
        return;
      case 'COLLECTION':
      case 'HEADER': {
        // A whole collection (std.count(req.headers)) where one is taken; else a single header.
        if (param === 'COLLECTION' && arg.kind === 'Identifier' && HEADER_COLLECTION.test(arg.name) && this.identifier(arg, env) === 'ID') return;
        const r = arg.kind === 'Identifier' ? resolveVariable(arg.name) : undefined;
        if (arg.kind === 'Identifier' && r?.kind === 'header') {
          this.info.idents.set(arg, { kind: 'header', header: r.header });
          this.contextType(arg, 'STRING');
          this.checkAccess(arg, r.header.family.read, env, 'read');
        } else this.error(arg, 'argument-type', `${argumentName(fn, index)} must be a header such as req.http.Cookie`);
        return;
      }
      case 'TABLE':
        return this.named(arg, 'table', this.info.symbols.tables, this.info.used.tables, fn, index);
      case 'ACL':
        return this.named(arg, 'acl', this.info.symbols.acls, this.info.used.acls, fn, index);
      case 'RATECOUNTER':
      case 'PENALTYBOX':
        return this.rateLimitName(arg, param, fn, index);
      case 'REGEX':
        if (arg.kind === 'String') {
          this.contextType(arg, 'REGEX');
          this.compileRegexLiteral(arg);
        } else this.error(arg, 'argument-type', `${argumentName(fn, index)} must be a regex literal`);
        return;
      case 'ANY':
        // A bare word that names nothing is kept as a word (assert.state(upgrade)).
        if (arg.kind === 'Identifier' && !this.resolveValue(arg, env)) {
          this.info.idents.set(arg, this.shared.named('word', arg.name));
          this.contextType(arg, 'ID');
          return;
        }
        this.check(arg, env);
        return;
      case 'BOOL':
        // A condition: `if(req.http.X, "present", "absent")` tests whether X is set.
        this.checkCondition(arg, env);
        return;
      default: {
        const t = this.check(arg, env);
        if (t !== 'VOID' && !convertible(t, param, 'argument')) this.error(arg, 'argument-type', `${argumentName(fn, index)} must be ${param}, got ${t}`);
        else if (param === 'STRING') this.notAsString(arg, 'argument-type');
      }
    }
  }

  /** A function's own load-time checks (FunctionSpec.checkArgs), given what is known of each argument. */
  private checkArgs(expr: CallExpression, check: NonNullable<FunctionSpec['checkArgs']>): void {
    const facts = expr.args.map((arg): ArgumentFacts => {
      if (arg.kind === 'String' || arg.kind === 'Integer' || arg.kind === 'Float' || arg.kind === 'Bool') return { literal: arg.value };
      const table = arg.kind === 'Identifier' ? this.info.symbols.tables.get(arg.name) : undefined;
      return table ? { tableType: table.valueType ?? 'STRING' } : {};
    });
    const fault = check(facts);
    if (fault) this.error(expr.args[fault.index] ?? expr, 'argument-type', `${argumentName(expr.callee.name, fault.index)}: ${fault.message}`);
  }

  /** An argument that must name a declared ratecounter or penaltybox. */
  private rateLimitName(arg: Expression, param: 'RATECOUNTER' | 'PENALTYBOX', fn: string, index: number): void {
    const what = param === 'RATECOUNTER' ? 'ratecounter' : 'penaltybox';
    const declared = param === 'RATECOUNTER' ? this.info.symbols.ratecounters : this.info.symbols.penaltyboxes;
    if (arg.kind === 'Identifier' && declared.has(arg.name)) {
      this.info.idents.set(arg, this.shared.named('word', arg.name));
      this.contextType(arg, 'ID');
    } else this.error(arg, `unknown-${what}`, `${argumentName(fn, index)} must name a declared ${what}`);
  }

  /** An argument that must name a declared ACL or table. */
  private named(arg: Expression, kind: 'acl' | 'table', declared: ReadonlyMap<string, unknown>, used: Set<string>, fn: string, index: number): void {
    if (arg.kind === 'Identifier' && declared.has(arg.name)) {
      this.info.idents.set(arg, this.shared.named(kind, arg.name));
      this.contextType(arg, kind === 'acl' ? 'ACL' : 'ID');
      used.add(arg.name);
    } else this.error(arg, `unknown-${kind}`, `${argumentName(fn, index)} must name a declared ${kind === 'acl' ? 'ACL' : 'table'}`);
  }
}
