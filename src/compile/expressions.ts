// Compiling checked expressions into closures. Every name, type and regex was resolved by the
// checker, so a closure does no lookup, no type test and no regex compilation per request.
//
// A closure keeps its whole scope alive. So no closure a request runs is made where the compile env or a
// tree node is in a closure's scope (an arrow that uses `env` puts it there): such a closure is made by a
// small function given only the values it needs, and a loaded service keeps no tree.
import type { Expression, StringLiteral, TypeName } from '../ast/ast.js';
import type { RequestContext } from '../values/context.js';
import type { FunctionSpec, ParamType } from '../builtins/functions/types.js';
import type { HeaderRef, TypedValue } from '../values/function-context.js';
import type { AclMatcher } from '../values/acl.js';
import { NULL_TEXT, toVclString, truthy, type Value } from '../values/values.js';
import { expressionType } from '../check/result-types.js';
import type { CompileEnv } from './env.js';
import { headerReader, headerTest } from './headers.js';
import { constant, constantValue, foldedCall, foldedConcatenation, isConstant } from './constants.js';
import { concatenation } from './concatenation.js';
import { fewArgumentsCall, functionCall, typedSubCall, type ArgumentEval } from './calls.js';
import { compileRegex, type CompiledRegex } from '../values/regex.js';
import { conversion } from './conversions.js';
import { localReader } from './locals.js';
import { integerLiteralValue, intNeg, intToNumber, type Int } from '../values/int64.js';
import type { BoolEval, Eval, StringEval } from './evals.js';

export type { BoolEval, Eval, StringEval } from './evals.js';

/** How a not-set part renders inside a concatenation: "(null)" for headers and logs, "" for locals. */
export type NullMode = typeof NULL_TEXT | '';

export function typeOf(env: CompileEnv, expr: Expression): TypeName {
  return expressionType(expr, env.info);
}

export function compileExpression(env: CompileEnv, expr: Expression): Eval {
  switch (expr.kind) {
    case 'String':
    case 'Float':
    case 'Bool':
      return constant(env, expr.value);
    case 'Integer': // exact from its text: past 2^53 the parsed double rounds (the checker refused any past int64)
      return constant(env, integerLiteralValue(expr));
    case 'RTime':
      return constant(env, expr.milliseconds);
    case 'Group':
      return compileExpression(env, expr.expression);
    case 'Identifier':
      return compileIdentifier(env, expr);
    case 'Unary': {
      if (expr.operator === '!') return compileCondition(env, expr.operand, true);
      return negated(compileExpression(env, expr.operand));
    }
    case 'Binary':
      return compileBinary(env, expr);
    case 'CallExpr':
      return compileCall(env, expr);
  }
}

function negated(inner: Eval): Eval {
  return (ctx) => {
    const v = inner(ctx) as Int;
    return typeof v === 'bigint' ? intNeg(v) : -v;
  };
}

function compileIdentifier(env: CompileEnv, id: Extract<Expression, { kind: 'Identifier' }>): Eval {
  const r = env.info.idents.get(id);
  if (!r) throw new Error(`internal: identifier ${id.name} was not resolved`);
  switch (r.kind) {
    case 'local':
      return localReader(r.slot);
    case 'variable':
      return r.spec.get;
    case 'header':
      return headerReader(env, r.header);
    case 'backend':
    case 'acl':
    case 'table':
    case 'word':
      return constant(env, r.name);
  }
}

/** A condition: BOOL as is; a STRING or IP is true iff set. `negate`: the condition of `!expr`. */
export function compileCondition(env: CompileEnv, expr: Expression, negate = false): BoolEval {
  const type = typeOf(env, expr);
  if (type === 'STRING' || type === 'IP') {
    const r = expr.kind === 'Identifier' ? env.info.idents.get(expr) : undefined;
    return r?.kind === 'header' ? headerTest(env, r.header, negate) : isSet(compileExpression(env, expr), negate);
  }
  const inner = compileExpression(env, expr) as BoolEval;
  if (type === 'BOOL') return negate ? not(inner) : inner;
  return truthyAs(type, inner, negate);
}

function isSet(inner: Eval, negate: boolean): BoolEval {
  return negate ? (ctx) => inner(ctx) === null : (ctx) => inner(ctx) !== null;
}

function not(inner: BoolEval): BoolEval {
  return (ctx) => !inner(ctx);
}

function truthyAs(type: TypeName, inner: Eval, negate: boolean): BoolEval {
  return negate ? (ctx) => !truthy(type, inner(ctx)) : (ctx) => truthy(type, inner(ctx));
}

/** Whether `expr` joins strings (`a + b`, `a b`, or either in parentheses). */
function isConcatenation(env: CompileEnv, expr: Expression): boolean {
  if (expr.kind === 'Binary') return (expr.operator === 'concat' || expr.operator === '+') && typeOf(env, expr) === 'STRING';
  return expr.kind === 'Group' && typeOf(env, expr.expression) === 'STRING';
}

/** How many parts `concatParts` finds. */
function countParts(env: CompileEnv, expr: Expression): number {
  if (!isConcatenation(env, expr)) return 1;
  if (expr.kind === 'Group') return countParts(env, expr.expression);
  return expr.kind === 'Binary' ? countParts(env, expr.left) + countParts(env, expr.right) : 1;
}

/** Flatten `a + b c` into its parts from `at` on, so a concatenation is one loop; the index after them. */
function concatParts(env: CompileEnv, expr: Expression, out: Expression[], at: number): number {
  if (!isConcatenation(env, expr)) {
    out[at] = expr;
    return at + 1;
  }
  if (expr.kind === 'Group') return concatParts(env, expr.expression, out, at);
  if (expr.kind === 'Binary') return concatParts(env, expr.right, out, concatParts(env, expr.left, out, at));
  return at;
}

/**
 * An expression as STRING. A lone not-set value stays null (so `set req.http.X = req.http.Y` copies
 * "not set"); inside a concatenation it renders per `nullMode`, and a concatenation of nothing but
 * not-set parts is itself not set (Fastly/falco behaviour).
 */
export function compileString(env: CompileEnv, expr: Expression, nullMode: NullMode = NULL_TEXT): StringEval {
  if (!isConcatenation(env, expr)) return compileStringPart(env, expr);
  const parts = new Array<Expression>(countParts(env, expr));
  concatParts(env, expr, parts, 0);
  if (parts.length === 1) return compileStringPart(env, parts[0]!);
  const evals = new Array<StringEval>(parts.length); // exactly as long (see compileBlock)
  for (let i = 0; i < parts.length; i++) evals[i] = compileStringPart(env, parts[i]!);
  return foldedConcatenation(env, evals) ?? concatenation(env, evals, nullMode);
}

function compileStringPart(env: CompileEnv, expr: Expression): StringEval {
  const type = typeOf(env, expr);
  const inner = compileExpression(env, expr);
  if (type === 'STRING' || type === 'IP' || type === 'BACKEND' || type === 'ID') return inner as StringEval;
  if (isConstant(env, inner)) return constant(env, toVclString(type, constantValue(env, inner) as Value));
  return asString(type, inner);
}

function asString(type: TypeName, inner: Eval): StringEval {
  return (ctx) => toVclString(type, inner(ctx));
}

function compileBinary(env: CompileEnv, expr: Extract<Expression, { kind: 'Binary' }>): Eval {
  const op = expr.operator;
  switch (op) {
    case '&&': {
      const l = compileCondition(env, expr.left);
      const r = compileCondition(env, expr.right);
      return (ctx) => l(ctx) && r(ctx);
    }
    case '||': {
      const l = compileCondition(env, expr.left);
      const r = compileCondition(env, expr.right);
      return (ctx) => l(ctx) || r(ctx);
    }
    case '~':
    case '!~': {
      const m = compileMatch(env, expr);
      return op === '~' ? m : (ctx) => !m(ctx);
    }
    case '==':
    case '!=': {
      const eq = compileEquality(env, expr);
      return op === '==' ? eq : (ctx) => !eq(ctx);
    }
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const l = compileOrdered(env, expr.left, expr.right);
      const r = compileOrdered(env, expr.right, expr.left);
      if (op === '<') return (ctx) => l(ctx) < r(ctx);
      if (op === '>') return (ctx) => l(ctx) > r(ctx);
      if (op === '<=') return (ctx) => l(ctx) <= r(ctx);
      return (ctx) => l(ctx) >= r(ctx);
    }
    case '+':
    case 'concat': {
      const type = typeOf(env, expr);
      if (type === 'TIME') {
        const l = compileExpression(env, expr.left) as (c: RequestContext) => number;
        const r = compileExpression(env, expr.right) as (c: RequestContext) => number;
        return (ctx) => l(ctx) + r(ctx);
      }
      return compileString(env, expr);
    }
  }
}

/**
 * One side of `<`, `>`, `<=`, `>=`. An RTIME against an INTEGER or a FLOAT counts its seconds, as assigning
 * it to one would (check/literal-rules.ts lists the pairs the checker lets through).
 */
function compileOrdered(env: CompileEnv, side: Expression, other: Expression): (c: RequestContext) => number {
  const otherType = typeOf(env, other);
  if (typeOf(env, side) === 'RTIME' && (otherType === 'INTEGER' || otherType === 'FLOAT')) {
    return compileConverted(env, side, otherType) as (c: RequestContext) => number;
  }
  return compileExpression(env, side) as (c: RequestContext) => number;
}

function compileEquality(env: CompileEnv, expr: Extract<Expression, { kind: 'Binary' }>): BoolEval {
  const lt = typeOf(env, expr.left);
  const rt = typeOf(env, expr.right);
  if (lt === rt || (lt !== 'STRING' && rt !== 'STRING' && lt !== 'INTEGER' && rt !== 'INTEGER')) return same(compileExpression(env, expr.left), compileExpression(env, expr.right));
  // An INTEGER against another number type: an int64 past 2^53 is a bigint, compared by its double.
  if (lt !== 'STRING' && rt !== 'STRING') return sameNumber(compileExpression(env, expr.left), compileExpression(env, expr.right));
  // One side is a STRING: the other compares as its text, as a header holds it (`req.http.S == var.I`).
  return same(compileString(env, expr.left), compileString(env, expr.right));
}

/** Equal values; a not-set one equals nothing, another not-set one neither (Fastly Fiddle 6c2ac451). */
function same(l: Eval, r: Eval): BoolEval {
  return (ctx) => {
    const left = l(ctx);
    return left !== null && left === r(ctx);
  };
}

function asFloat(inner: Eval): Eval {
  return (ctx) => intToNumber(inner(ctx) as Int);
}

function sameNumber(l: Eval, r: Eval): BoolEval {
  return (ctx) => intToNumber(l(ctx) as Int) === intToNumber(r(ctx) as Int);
}

function compileMatch(env: CompileEnv, expr: Extract<Expression, { kind: 'Binary' }>): BoolEval {
  const right = expr.right;
  const resolved = right.kind === 'Identifier' ? env.info.idents.get(right) : undefined;
  if (resolved?.kind === 'acl') return aclMatch(env.acls.get(resolved.name)!, compileString(env, expr.left));
  if (right.kind !== 'String') return compileValueMatch(env, expr);
  const regex = env.info.regexes.get(right);
  if (!regex) throw new Error('internal: regex was not compiled');
  return regexMatch(regex, compileString(env, expr.left));
}

function aclMatch(acl: AclMatcher, ip: StringEval): BoolEval {
  return (ctx) => acl.match(ip(ctx));
}

function regexMatch(regex: CompiledRegex, subject: StringEval): BoolEval {
  return (ctx) => {
    // A not-set subject matches as "" (so `!beresp.http.X ~ "re"` holds when X is absent).
    const groups = regex.exec(subject(ctx) ?? '', ctx); // a match that gives up sets fastly.error
    if (groups === null) return false;
    ctx.reGroups = groups;
    return true;
  };
}

/**
 * A REGEX or ACL value on the right of `~` (a REGEX local, table.lookup_regex, table.lookup_acl). A REGEX
 * value is its pattern, which the checker compiled when it read the table (compileRegex keeps it); an ACL
 * value is the ACL's name. Anything else (a never-set REGEX local, an absent key) matches nothing.
 */
function compileValueMatch(env: CompileEnv, expr: Extract<Expression, { kind: 'Binary' }>): BoolEval {
  const value = compileExpression(env, expr.right);
  if (typeOf(env, expr.right) === 'ACL') return aclValueMatch(env.acls, compileString(env, expr.left), value);
  const subject = compileString(env, expr.left);
  return (ctx) => {
    const pattern = value(ctx);
    if (typeof pattern !== 'string') return false;
    const groups = compileRegex(pattern).exec(subject(ctx) ?? '', ctx); // a step-limit overrun sets fastly.error
    if (groups === null) return false;
    ctx.reGroups = groups;
    return true;
  };
}

/** `ip ~ table.lookup_acl(…)`: the ACL named by a value. A function of its own: the closure keeps the ACLs, not the compile env. */
function aclValueMatch(acls: ReadonlyMap<string, AclMatcher>, ip: StringEval, value: Eval): BoolEval {
  return (ctx) => {
    const name = value(ctx);
    const acl = typeof name === 'string' ? acls.get(name) : undefined;
    return acl !== undefined && acl.match(ip(ctx));
  };
}

/** Prepare one argument per the function's parameter kind; constants are computed once. */
function compileArgument(env: CompileEnv, arg: Expression, param: ParamType): ArgumentEval {
  const r = arg.kind === 'Identifier' ? env.info.idents.get(arg) : undefined;
  switch (param) {
    case 'ID':
    case 'RATECOUNTER':
    case 'PENALTYBOX':
      return constant(env, (arg as { name: string }).name);
    case 'COLLECTION':
    case 'HEADER': {
      // A whole collection (std.count(req.headers)) is passed as its scope word.
      if (param === 'COLLECTION' && r?.kind === 'variable') return constant(env, r.spec.name.slice(0, r.spec.name.indexOf('.')));
      if (r?.kind !== 'header') throw new Error('internal: HEADER argument not resolved');
      const ref: HeaderRef = { scope: r.header.family.scope, name: r.header.header };
      return () => ref;
    }
    case 'TABLE':
      return constant(env, env.tables.get((arg as { name: string }).name)!);
    case 'ACL':
      return constant(env, env.acls.get((arg as { name: string }).name)!);
    case 'REGEX':
      return constant(env, env.info.regexes.get(arg as StringLiteral)!);
    case 'ANY': {
      const type = typeOf(env, arg);
      const inner = compileExpression(env, arg);
      return (ctx): TypedValue => ({ type, value: inner(ctx) });
    }
    case 'STRING': // a not-set part of a concatenation is "" there (falco's not_set example: json.escape(var.unset + "foo") is "foo")
      return compileString(env, arg, '');
    case 'BOOL':
      return compileCondition(env, arg);
    case 'TIME':
    case 'RTIME':
    case 'FLOAT': // an INTEGER given for a FLOAT arrives as its double
      return compileConverted(env, arg, param);
    default:
      return compileExpression(env, arg);
  }
}

/**
 * An expression as a value of type `to`, with the conversions the checker allowed (check/expressions.ts
 * `convertible`): INTEGER seconds to RTIME, a STRING date to TIME; TIME and RTIME are both milliseconds.
 */
export function compileConverted(env: CompileEnv, expr: Expression, to: TypeName | undefined): Eval {
  const value = compileExpression(env, expr);
  const from = to === 'RTIME' || to === 'TIME' || to === 'FLOAT' || to === 'INTEGER' || to === 'IP' ? typeOf(env, expr) : to;
  if (from === undefined || to === undefined || from === to) return value;
  const converted = conversion(value, from, to);
  if (!converted) return value;
  // A constant converts once, here (a conversion reads nothing but its value).
  return isConstant(env, value) ? constant(env, converted(undefined as unknown as RequestContext)) : converted;
}

/** A custom subroutine's arguments, each converted to its parameter's type (STRING: text, as a builtin's). */
export function compileSubArguments(env: CompileEnv, name: string, args: readonly Expression[]): Eval[] {
  if (args.length === 0) return NO_ARGUMENTS;
  const params = env.info.symbols.subs.get(name)?.[0]?.parameters ?? [];
  const evals = new Array<Eval>(args.length);
  for (let i = 0; i < args.length; i++) evals[i] = params[i]?.type === 'STRING' ? compileString(env, args[i]!, '') : compileConverted(env, args[i]!, params[i]?.type);
  return evals;
}

const NO_ARGUMENTS: Eval[] = Object.freeze([]) as unknown as Eval[];

function compileCall(env: CompileEnv, expr: Extract<Expression, { kind: 'CallExpr' }>): Eval {
  const call = env.info.calls.get(expr);
  if (!call) throw new Error(`internal: call ${expr.callee.name} was not resolved`);
  if (call.kind === 'sub') {
    const result = typedSubCall(env.callTypedSub, call.name, compileSubArguments(env, call.name, expr.args));
    // `return` gives its expression as is: an int64 a FLOAT subroutine returns becomes its double here.
    return env.info.symbols.subs.get(call.name)?.[0]?.returnType === 'FLOAT' ? asFloat(result) : result;
  }
  const { spec } = call;
  const site = spec.callSite ? 1 : 0; // the call's source range comes first
  const count = site + expr.args.length;
  // Up to three arguments (nearly every call) go to the call's closure one by one: an array of their
  // closures would be garbage once made, thousands per load. Only folding a pure call needs them together.
  if (count <= 3 && !spec.pure) {
    const a = count > 0 ? callArgument(env, expr, spec, site, 0) : undefined;
    const b = count > 1 ? callArgument(env, expr, spec, site, 1) : undefined;
    const c = count > 2 ? callArgument(env, expr, spec, site, 2) : undefined;
    return fewArgumentsCall(spec.impl, count, a, b, c);
  }
  const args = new Array<ArgumentEval>(count);
  for (let i = 0; i < count; i++) args[i] = callArgument(env, expr, spec, site, i);
  return foldedCall<Value>(env, spec, args) ?? functionCall(spec.impl, args);
}

/** Argument `i` of a built-in function's call: the call's source range first when the function asks for it. */
function callArgument(env: CompileEnv, expr: Extract<Expression, { kind: 'CallExpr' }>, spec: FunctionSpec, site: number, i: number): ArgumentEval {
  if (i < site) return constant(env, expr.range);
  return compileArgument(env, expr.args[i - site]!, spec.params[i - site] ?? spec.rest ?? 'ANY');
}
