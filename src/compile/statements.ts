// Compiling statements into closures `(ctx) => Signal | undefined`.
import type { Expression, Identifier, Statement, TypeName } from '../ast/ast.js';
import type { RequestContext } from '../values/context.js';
import type { HeaderScope } from '../values/function-context.js';
import type { CompiledRegex } from '../values/regex.js';
import { parseLogStatement } from '../builtins/log-statement.js';
import { NULL_TEXT, truthy, zeroValue, type Value } from '../values/values.js';
import { concatBytes, fromBytes } from '../values/bytes.js';
import type { CompileEnv } from './env.js';
import { compileCondition, compileConverted, compileExpression, compileString, compileSubArguments, type BoolEval, type Eval, type StringEval } from './expressions.js';
import { localReader, localWriter, resetLocal } from './locals.js';
import { constant } from './constants.js';
import { assignHeader, headerUnset, readHeader, writeHeader } from './headers.js';
import { numericOperation } from './arithmetic.js';
import { integerLiteralValue, intToNumber, intToString, type Int } from '../values/int64.js';
import { BARE_RETURN, BREAK, FALLTHROUGH, RESTART, returnState, type Signal } from './signals.js';

export type Exec = (ctx: RequestContext) => Signal | undefined;

/** Bound on jumps per block run, so a backward `goto` cannot spin forever. */
const MAX_GOTOS = 10_000;

// As in expressions.ts, a closure a request runs is made where neither the compile env nor a tree node is
// in scope: by a small function given only what it needs, or (when it needs nothing) once, as a constant.

const NOTHING: Exec = () => undefined;
const RESTARTS: Exec = () => RESTART;
const BREAKS: Exec = () => BREAK;
const FALLS_THROUGH: Exec = () => FALLTHROUGH;
const RETURNS: Exec = () => BARE_RETURN;
const NO_RESPONSE = () => null;
const ESI: Exec = (ctx) => {
  if (ctx.beresp) ctx.beresp.doEsi = true;
  return undefined;
};
/** One `return(state)` closure per state, shared by every program. */
const returnsState = new Map<Signal, Exec>();

export function compileBlock(env: CompileEnv, statements: readonly Statement[]): Exec {
  // Arrays of exactly their length (an array grown by `push` keeps room for 17 items, which a loaded service
  // would keep), filled by loops (an arrow given to `map` that uses `env` is a closure made per call).
  const execs = new Array<Exec>(statements.length);
  let labels: Map<string, number> | null = null;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    execs[i] = compileStatement(env, s);
    if (s.kind === 'Label') (labels ??= new Map()).set(s.name.name, i);
  }
  if (labels !== null) return withLabels(execs, labels);
  if (execs.length === 0) return NOTHING;
  if (execs.length === 1) return execs[0]!;
  return sequence(execs);
}

function sequence(execs: readonly Exec[]): Exec {
  return (ctx) => {
    for (let i = 0; i < execs.length; i++) {
      const signal = execs[i]!(ctx);
      if (signal !== undefined) return signal;
    }
    return undefined;
  };
}

function withLabels(execs: readonly Exec[], labels: ReadonlyMap<string, number>): Exec {
  return (ctx) => {
    let jumps = 0;
    for (let i = 0; i < execs.length; i++) {
      const signal = execs[i]!(ctx);
      if (signal === undefined) continue;
      if (signal.kind === 'goto' && labels.has(signal.label) && jumps++ < MAX_GOTOS) {
        i = labels.get(signal.label)!;
        continue;
      }
      return signal;
    }
    return undefined;
  };
}

function compileStatement(env: CompileEnv, s: Statement): Exec {
  switch (s.kind) {
    case 'Block':
      return compileBlock(env, s.statements);
    case 'Set':
      return compileSet(env, s.target, s.operator, s.value);
    case 'Add': {
      const r = env.info.idents.get(s.target);
      const value = compileString(env, s.value);
      return r?.kind === 'header' ? addHeader(r.header.family.scope, r.header.header, value) : NOTHING;
    }
    case 'Unset':
      return compileUnset(env, s.target);
    case 'Declare': {
      const local = env.info.idents.get(s.name);
      if (local?.kind !== 'local') throw new Error(`internal: local ${s.name.name} has no slot`);
      return s.init ? storeLocal(local.slot, convertTo(env, s.init, s.type, '')) : resetLocal(local.slot, zeroValue(s.type));
    }
    case 'If': {
      const conditions = new Array<BoolEval>(s.branches.length);
      const bodies = new Array<Exec>(s.branches.length);
      for (let i = 0; i < s.branches.length; i++) {
        conditions[i] = compileCondition(env, s.branches[i]!.condition);
        bodies[i] = compileBlock(env, s.branches[i]!.body.statements);
      }
      return branches(conditions, bodies, s.otherwise ? compileBlock(env, s.otherwise.statements) : null);
    }
    case 'Return':
      if (s.state) return returning(returnState(s.state.name));
      return s.value ? returningValue(compileExpression(env, s.value)) : RETURNS;
    case 'Call':
      return callStatement(env.callSub, s.name.name, compileSubArguments(env, s.name.name, s.args ?? []));
    case 'Error': {
      const status = s.status ? (compileExpression(env, s.status) as (c: RequestContext) => Int) : constant(env, 503);
      return raiseError(status, s.response ? compileString(env, s.response) : NO_RESPONSE);
    }
    case 'Restart':
      return RESTARTS;
    case 'Synthetic':
      return synthetic(compileString(env, s.value, ''), s.base64);
    case 'Log':
      return logStatement(compileString(env, s.value, NULL_TEXT));
    case 'Esi':
      return ESI;
    case 'Goto':
      return returning({ kind: 'goto', label: s.label.name });
    case 'Label':
    case 'Include': // spliced away by the loader; one left (a program not loaded from files) does nothing
      return NOTHING;
    case 'Break':
      return BREAKS;
    case 'Fallthrough':
      return FALLS_THROUGH;
    case 'Switch':
      return compileSwitch(env, s);
    case 'ExpressionStatement':
      return evaluate(compileExpression(env, s.expression));
  }
}

function addHeader(scope: HeaderScope, name: string, value: StringEval): Exec {
  return (ctx) => {
    const v = value(ctx);
    if (v !== null) ctx.headers(scope)?.add(name, v);
    return undefined;
  };
}

function storeLocal(slot: number, value: Eval): Exec {
  return (ctx) => {
    ctx.frame[slot] = value(ctx);
    return undefined;
  };
}

/** `if … else if … else`: the first branch whose condition holds runs. */
function branches(conditions: readonly BoolEval[], bodies: readonly Exec[], otherwise: Exec | null): Exec {
  if (conditions.length === 1) {
    const condition = conditions[0]!;
    const body = bodies[0]!;
    return otherwise ? (ctx) => (condition(ctx) ? body(ctx) : otherwise(ctx)) : (ctx) => (condition(ctx) ? body(ctx) : undefined);
  }
  return (ctx) => {
    for (let i = 0; i < conditions.length; i++) if (conditions[i]!(ctx)) return bodies[i]!(ctx);
    return otherwise ? otherwise(ctx) : undefined;
  };
}

/** A statement that always ends its block with the same signal. */
function returning(signal: Signal): Exec {
  if (signal.kind !== 'return') return () => signal;
  let exec = returnsState.get(signal);
  if (exec === undefined) returnsState.set(signal, (exec = () => signal));
  return exec;
}

function returningValue(value: Eval): Exec {
  return (ctx) => ({ kind: 'return', state: null, value: value(ctx) });
}

function callStatement(callSub: CompileEnv['callSub'], name: string, args: readonly Eval[]): Exec {
  return (ctx) => {
    const signal = callSub(name, ctx, args.length === 0 ? undefined : args.map((a) => a(ctx)));
    // `return;` in the callee returns to us; a state, error or restart ends the chain.
    return signal === BARE_RETURN || signal === undefined ? undefined : signal;
  };
}

function raiseError(status: (ctx: RequestContext) => Int, response: StringEval): Exec {
  return (ctx) => ({ kind: 'error', status: intToNumber(status(ctx)), response: response(ctx) });
}

function synthetic(value: StringEval, base64: boolean): Exec {
  return (ctx) => {
    const v = value(ctx) ?? '';
    ctx.syntheticBody = base64 ? fromBytes(Buffer.from(v, 'base64')) : v;
    return undefined;
  };
}

function logStatement(value: StringEval): Exec {
  return (ctx) => {
    const { endpoint, message } = parseLogStatement(value(ctx) ?? NULL_TEXT);
    ctx.logs.push({ endpoint, message, scope: ctx.scope });
    return undefined;
  };
}

function evaluate(expression: Eval): Exec {
  return (ctx) => {
    expression(ctx);
    return undefined;
  };
}

/** An expression converted to a target type (`nullMode` for STRING concatenation). */
function convertTo(env: CompileEnv, expr: Expression, target: TypeName, nullMode: '' | typeof NULL_TEXT): Eval {
  if (target === 'STRING') {
    const s = compileString(env, expr, nullMode);
    // A STRING local assigned "not set" holds "" (Fastly: locals render not set as empty).
    return nullMode === '' ? (ctx) => s(ctx) ?? '' : s;
  }
  return compileConverted(env, expr, target);
}

function compileSet(env: CompileEnv, target: Identifier, op: string, valueExpr: Expression): Exec {
  const r = env.info.idents.get(target);
  if (!r) throw new Error(`internal: set target ${target.name} not resolved`);
  if (r.kind === 'header') {
    const value = compileString(env, valueExpr, NULL_TEXT);
    // `+=` reads the subfield itself for `Header:key`.
    return op === '+=' ? appendToHeader(readHeader(r.header), writeHeader(r.header), value) : assignHeader(env, r.header, value);
  }
  if (r.kind === 'local') {
    const value = convertTo(env, valueExpr, r.type, '');
    return op === '=' ? storeLocal(r.slot, value) : update(op, r.type, localReader(r.slot), localWriter(r.slot), value);
  }
  if (r.kind !== 'variable' || !r.spec.set) return NOTHING; // the checker reported it
  const { spec } = r;
  if (spec.name === 'req.hash' && op === '+=') return addToHash(compileString(env, valueExpr, ''));
  const value = convertTo(env, valueExpr, spec.type, NULL_TEXT);
  return op === '=' ? assignVariable(spec.set!, value) : update(op, spec.type, spec.get, spec.set!, value);
}

type Put = (ctx: RequestContext, v: Value) => void;

function appendToHeader(read: StringEval, write: (ctx: RequestContext, value: string | null) => void, value: StringEval): Exec {
  return (ctx) => {
    const add = value(ctx);
    if (add !== null) write(ctx, concatBytes(read(ctx) ?? '', add));
    return undefined;
  };
}

function addToHash(value: StringEval): Exec {
  return (ctx) => {
    ctx.req.hash.push(value(ctx) ?? '');
    return undefined;
  };
}

function assignVariable(put: Put, value: Eval): Exec {
  return (ctx) => {
    put(ctx, value(ctx));
    return undefined;
  };
}

/** `+=`, `-=`, `&&=` …: the new value from the old one and the operand. */
function update(op: string, type: TypeName, get: Eval, put: Put, value: Eval): Exec {
  if (type === 'STRING') {
    return (ctx) => {
      put(ctx, concatBytes(String(get(ctx) ?? ''), String(value(ctx) ?? '')));
      return undefined;
    };
  }
  if (type === 'BOOL') {
    const and = op === '&&=';
    return (ctx) => {
      const a = truthy('BOOL', get(ctx));
      const b = value(ctx) === true;
      put(ctx, and ? a && b : a || b);
      return undefined;
    };
  }
  const operation = numericOperation(op, type === 'INTEGER');
  return (ctx) => {
    put(ctx, operation(get(ctx) as Int, value(ctx) as Int));
    return undefined;
  };
}

function compileUnset(env: CompileEnv, target: Identifier): Exec {
  const r = env.info.idents.get(target);
  if (r?.kind === 'header') return headerUnset(env, r.header);
  if (r?.kind === 'local') return resetLocal(r.slot, zeroValue(r.type));
  if (r?.kind === 'variable' && r.spec.unset) return unsetVariable(r.spec.unset);
  if (r?.kind === 'variable' && r.spec.set) return assignVariable(r.spec.set, constant(env, zeroValue(r.spec.type)));
  return NOTHING;
}

function unsetVariable(unset: (ctx: RequestContext) => void): Exec {
  return (ctx) => {
    unset(ctx);
    return undefined;
  };
}

type CaseTest = ((v: string, ctx: RequestContext) => boolean) | null;

function compileSwitch(env: CompileEnv, s: Extract<Statement, { kind: 'Switch' }>): Exec {
  const tests = s.cases.map((c): CaseTest => {
    const literal = c.test?.value;
    if (!literal) return null;
    if (literal.kind === 'Integer') return equals(intToString(integerLiteralValue(literal)));
    return c.test!.regex ? matchesRegex(env.info.regexes.get(literal)!) : equals(literal.value);
  });
  return switchOf(
    compileString(env, s.subject),
    tests,
    s.cases.map((c) => compileBlock(env, c.statements)),
    s.cases.findIndex((c) => c.test === null),
  );
}

function matchesRegex(regex: CompiledRegex): CaseTest {
  return (v, ctx) => regex.test(v, ctx);
}

function equals(want: string): CaseTest {
  return (v) => v === want;
}

function switchOf(subject: StringEval, tests: readonly CaseTest[], bodies: readonly Exec[], defaultIndex: number): Exec {
  return (ctx) => {
    const v = subject(ctx) ?? '';
    let start = tests.findIndex((t) => t !== null && t(v, ctx));
    if (start < 0) start = defaultIndex;
    if (start < 0) return undefined;
    for (let i = start; i < bodies.length; i++) {
      const signal = bodies[i]!(ctx);
      if (signal === FALLTHROUGH) continue;
      if (signal === BREAK || signal === undefined) return undefined;
      return signal;
    }
    return undefined;
  };
}
