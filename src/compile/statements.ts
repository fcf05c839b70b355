// Compiling statements into closures `(ctx) => Signal | undefined`.
import type { Expression, Identifier, Statement, TypeName } from '../ast/ast.js';
import type { RequestContext } from '../values/context.js';
import { parseLogStatement } from '../builtins/log-statement.js';
import { NULL_TEXT, truthy, zeroValue, type Value } from '../values/values.js';
import { concatBytes, fromBytes } from '../values/bytes.js';
import type { CompileEnv } from './env.js';
import { compileCondition, compileConverted, compileExpression, compileString, compileSubArguments, type Eval } from './expressions.js';
import { readHeader, unsetHeader, writeHeader } from './headers.js';
import { BARE_RETURN, BREAK, FALLTHROUGH, RESTART, returnState, type Signal } from './signals.js';

export type Exec = (ctx: RequestContext) => Signal | undefined;

/** Bound on jumps per block run, so a backward `goto` cannot spin forever. */
const MAX_GOTOS = 10_000;

export function compileBlock(env: CompileEnv, statements: readonly Statement[]): Exec {
  const execs = statements.map((s) => compileStatement(env, s));
  const labels = new Map<string, number>();
  statements.forEach((s, i) => s.kind === 'Label' && labels.set(s.name.name, i));
  if (labels.size === 0) {
    if (execs.length === 1) return execs[0]!;
    return (ctx) => {
      for (let i = 0; i < execs.length; i++) {
        const signal = execs[i]!(ctx);
        if (signal !== undefined) return signal;
      }
      return undefined;
    };
  }
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
      if (r?.kind !== 'header') return () => undefined;
      const { scope } = r.header.family;
      const name = r.header.header;
      return (ctx) => {
        const v = value(ctx);
        if (v !== null) ctx.headers(scope)?.add(name, v);
        return undefined;
      };
    }
    case 'Unset':
      return compileUnset(env, s.target);
    case 'Declare': {
      const local = env.info.idents.get(s.name);
      if (local?.kind !== 'local') throw new Error(`internal: local ${s.name.name} has no slot`);
      const slot = local.slot;
      const init = s.init ? convertTo(env, s.init, s.type, '') : () => zeroValue(s.type);
      return (ctx) => {
        ctx.frame[slot] = init(ctx);
        return undefined;
      };
    }
    case 'If': {
      const conditions = s.branches.map((b) => compileCondition(env, b.condition));
      const bodies = s.branches.map((b) => compileBlock(env, b.body.statements));
      const otherwise = s.otherwise ? compileBlock(env, s.otherwise.statements) : null;
      return (ctx) => {
        for (let i = 0; i < conditions.length; i++) if (conditions[i]!(ctx)) return bodies[i]!(ctx);
        return otherwise ? otherwise(ctx) : undefined;
      };
    }
    case 'Return': {
      if (s.state) {
        const signal = returnState(s.state.name);
        return () => signal;
      }
      if (s.value) {
        const value = compileExpression(env, s.value);
        return (ctx) => ({ kind: 'return', state: null, value: value(ctx) });
      }
      return () => BARE_RETURN;
    }
    case 'Call': {
      const name = s.name.name;
      const args = compileSubArguments(env, name, s.args ?? []);
      return (ctx) => {
        const signal = env.callSub(name, ctx, args.length === 0 ? undefined : args.map((a) => a(ctx)));
        // `return;` in the callee returns to us; a state, error or restart ends the chain.
        return signal === BARE_RETURN || signal === undefined ? undefined : signal;
      };
    }
    case 'Error': {
      const status = s.status ? (compileExpression(env, s.status) as (c: RequestContext) => number) : () => 503;
      const response = s.response ? compileString(env, s.response) : () => null;
      return (ctx) => ({ kind: 'error', status: status(ctx), response: response(ctx) });
    }
    case 'Restart':
      return () => RESTART;
    case 'Synthetic': {
      const value = compileString(env, s.value, '');
      const base64 = s.base64;
      return (ctx) => {
        const v = value(ctx) ?? '';
        ctx.syntheticBody = base64 ? fromBytes(Buffer.from(v, 'base64')) : v;
        return undefined;
      };
    }
    case 'Log': {
      const value = compileString(env, s.value, NULL_TEXT);
      return (ctx) => {
        const { endpoint, message } = parseLogStatement(value(ctx) ?? NULL_TEXT);
        ctx.logs.push({ endpoint, message, scope: ctx.scope });
        return undefined;
      };
    }
    case 'Esi':
      return (ctx) => {
        if (ctx.beresp) ctx.beresp.doEsi = true;
        return undefined;
      };
    case 'Goto': {
      const signal: Signal = { kind: 'goto', label: s.label.name };
      return () => signal;
    }
    case 'Label':
      return () => undefined;
    case 'Break':
      return () => BREAK;
    case 'Fallthrough':
      return () => FALLTHROUGH;
    case 'Switch':
      return compileSwitch(env, s);
    case 'ExpressionStatement': {
      const e = compileExpression(env, s.expression);
      return (ctx) => {
        e(ctx);
        return undefined;
      };
    }
  }
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

function numericUpdate(op: string, a: number, b: number, integer: boolean): number {
  switch (op) {
    case '+=':
      return a + b;
    case '-=':
      return a - b;
    case '*=':
      return a * b;
    case '/=':
      return b === 0 ? a : integer ? Math.trunc(a / b) : a / b;
    case '%=':
      return b === 0 ? a : a % b;
    case '|=':
    case '&=':
    case '^=':
    case '<<=':
    case '>>=':
    case 'rol=':
    case 'ror=':
      return bitwise(op, a, b);
    default:
      return b;
  }
}

/** VCL INTEGERs are 64-bit: bit operations go through BigInt (JS numbers' own are 32-bit). */
function bitwise(op: string, a: number, b: number): number {
  const x = BigInt.asIntN(64, BigInt(Math.trunc(a)));
  const y = BigInt(Math.trunc(b));
  const bits = BigInt.asUintN(64, x);
  const n = ((y % 64n) + 64n) % 64n;
  let r: bigint;
  switch (op) {
    case '|=':
      r = x | y;
      break;
    case '&=':
      r = x & y;
      break;
    case '^=':
      r = x ^ y;
      break;
    case '<<=':
      r = x << n;
      break;
    case '>>=':
      r = x >> n;
      break;
    case 'rol=':
      r = (bits << n) | (bits >> ((64n - n) % 64n));
      break;
    default: // ror=
      r = (bits >> n) | (bits << ((64n - n) % 64n));
      break;
  }
  return Number(BigInt.asIntN(64, r));
}

function compileSet(env: CompileEnv, target: Identifier, op: string, valueExpr: Expression): Exec {
  const r = env.info.idents.get(target);
  if (!r) throw new Error(`internal: set target ${target.name} not resolved`);
  if (r.kind === 'header') {
    const write = writeHeader(r.header);
    const value = compileString(env, valueExpr, NULL_TEXT);
    if (op === '+=') {
      const read = readHeader(r.header); // the subfield itself for `Header:key`
      return (ctx) => {
        const add = value(ctx);
        if (add !== null) write(ctx, concatBytes(read(ctx) ?? '', add));
        return undefined;
      };
    }
    return (ctx) => {
      write(ctx, value(ctx));
      return undefined;
    };
  }
  let get: Eval;
  let put: (ctx: RequestContext, v: Value) => void;
  let type: TypeName;
  if (r.kind === 'local') {
    const slot = r.slot;
    type = r.type;
    get = (ctx) => ctx.frame[slot] as Value;
    put = (ctx, v) => {
      ctx.frame[slot] = v;
    };
  } else if (r.kind === 'variable' && r.spec.set) {
    type = r.spec.type;
    get = r.spec.get;
    put = r.spec.set;
    if (r.spec.name === 'req.hash' && op === '+=') {
      const value = compileString(env, valueExpr, '');
      return (ctx) => {
        ctx.req.hash.push(value(ctx) ?? '');
        return undefined;
      };
    }
  } else {
    return () => undefined; // the checker reported it
  }
  const nullMode = r.kind === 'local' ? '' : NULL_TEXT;
  const value = convertTo(env, valueExpr, type, nullMode);
  if (op === '=') {
    return (ctx) => {
      put(ctx, value(ctx));
      return undefined;
    };
  }
  if (type === 'STRING') {
    return (ctx) => {
      put(ctx, concatBytes(String(get(ctx) ?? ''), String(value(ctx) ?? '')));
      return undefined;
    };
  }
  if (type === 'BOOL') {
    return (ctx) => {
      const a = truthy('BOOL', get(ctx));
      const b = value(ctx) === true;
      put(ctx, op === '&&=' ? a && b : a || b);
      return undefined;
    };
  }
  const integer = type === 'INTEGER';
  return (ctx) => {
    put(ctx, numericUpdate(op, get(ctx) as number, value(ctx) as number, integer));
    return undefined;
  };
}

function compileUnset(env: CompileEnv, target: Identifier): Exec {
  const r = env.info.idents.get(target);
  if (r?.kind === 'header') {
    const unset = unsetHeader(r.header);
    return (ctx) => {
      unset(ctx);
      return undefined;
    };
  }
  if (r?.kind === 'local') {
    const { slot, type } = r;
    return (ctx) => {
      ctx.frame[slot] = zeroValue(type);
      return undefined;
    };
  }
  if (r?.kind === 'variable' && r.spec.unset) {
    const unset = r.spec.unset;
    return (ctx) => {
      unset(ctx);
      return undefined;
    };
  }
  if (r?.kind === 'variable' && r.spec.set) {
    const { set, type } = r.spec;
    return (ctx) => {
      set(ctx, zeroValue(type));
      return undefined;
    };
  }
  return () => undefined;
}

function compileSwitch(env: CompileEnv, s: Extract<Statement, { kind: 'Switch' }>): Exec {
  const subject = compileString(env, s.subject);
  const tests = s.cases.map((c) => {
    if (!c.test) return null;
    const literal = c.test.value;
    if (c.test.regex && literal.kind === 'String') {
      const regex = env.info.regexes.get(literal)!;
      return (v: string, ctx: RequestContext) => regex.test(v, ctx);
    }
    const want = String(literal.value);
    return (v: string) => v === want;
  });
  const bodies = s.cases.map((c) => compileBlock(env, c.statements));
  const defaultIndex = s.cases.findIndex((c) => c.test === null);
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
