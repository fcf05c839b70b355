// A checked program compiled once into closures, plus its backends, ACLs and tables as runtime
// objects. `runBuiltin` runs one built-in subroutine and says how it ended.
import type { SubDeclaration } from '../ast/ast.js';
import { buildAcl, type AclMatcher } from '../values/acl.js';
import type { CheckInfo } from '../check/info.js';
import { PIPE_SCOPE, SCOPES, type RequestContext, type Scope } from '../values/context.js';
import type { VclTable } from '../values/function-context.js';
import { SUB_RULES } from '../builtins/subroutines.js';
import type { Value } from '../values/values.js';
import { readBackends, readDirectors, readTable, type BackendConfig, type DirectorConfig } from './declarations.js';
import type { CompileEnv } from './env.js';
import { BARE_RETURN, type Signal } from './signals.js';
import { compileBlock, type Exec } from './statements.js';

export type SubOutcome =
  | { kind: 'state'; state: string; explicit: boolean }
  | { kind: 'error'; status: number; response: string | null }
  | { kind: 'restart' };

interface CompiledPart {
  body: Exec;
  frameSize: number;
  params: number;
}

const BUILTIN_NAMES = Object.fromEntries([...SCOPES, PIPE_SCOPE].map((s) => [s, `vcl_${s}`])) as Record<Scope, string>;

/** Fastly's built-in default when a subroutine is absent or ends without a return. */
function defaultState(scope: Scope, ctx: RequestContext): string {
  if (scope === 'recv') return ctx.req.method === 'GET' || ctx.req.method === 'HEAD' ? 'lookup' : 'pass';
  return SUB_RULES[scope].defaultState;
}

export class CompiledProgram {
  readonly backends: ReadonlyMap<string, BackendConfig>;
  readonly directors: ReadonlyMap<string, DirectorConfig>;
  /** The first declared backend or director: req.backend's initial value. */
  readonly defaultBackend: string | null;
  readonly acls: ReadonlyMap<string, AclMatcher>;
  readonly tables: ReadonlyMap<string, VclTable>;
  /** The declared ratecounters and penalty boxes, by name (the engine keeps their counts). */
  readonly ratecounters: readonly string[];
  readonly penaltyboxes: readonly string[];
  private readonly subs = new Map<string, CompiledPart[]>();
  /** Subroutines standing in for others, by the replaced name (the test runner's testing.mock). */
  readonly substitutes = new Map<string, string>();

  constructor(info: CheckInfo) {
    const { symbols } = info;
    this.acls = new Map([...symbols.acls].map(([name, d]) => [name, buildAcl(name, d.entries)]));
    this.tables = new Map([...symbols.tables].map(([name, d]) => [name, readTable(d)]));
    this.backends = readBackends(symbols.backends);
    this.directors = readDirectors(symbols.directors);
    this.defaultBackend = symbols.backendOrder[0] ?? null;
    this.ratecounters = [...symbols.ratecounters.keys()];
    this.penaltyboxes = [...symbols.penaltyboxes.keys()];

    const env: CompileEnv = {
      info,
      acls: this.acls,
      tables: this.tables,
      callSub: (name, ctx, args) => this.runSub(name, ctx, args),
      callTypedSub: (name, ctx, args) => this.runTypedSub(name, ctx, args),
      constants: new Map(),
      constantValues: new Map(),
      headerReads: new Map(),
      headerIsSet: new Map(),
      headerIsNotSet: new Map(),
      headerUnsets: new Map(),
      headerLower: new Map(),
    };
    for (const [name, parts] of symbols.subs) {
      this.subs.set(
        name,
        parts.map((sub: SubDeclaration) => ({
          body: compileBlock(env, sub.body.statements),
          frameSize: info.frameSize.get(sub) ?? 0,
          params: sub.parameters.length,
        })),
      );
    }
  }

  hasSub(name: string): boolean {
    return this.subs.has(name);
  }

  subNames(): string[] {
    return [...this.subs.keys()];
  }

  /** Run a subroutine's parts in order with fresh locals; the first signal ends it. */
  runSub(name: string, ctx: RequestContext, args: Value[] = []): Signal | undefined {
    const parts = this.subs.get(this.substitutes.size === 0 ? name : (this.substitutes.get(name) ?? name));
    if (!parts) return undefined;
    ctx.called.push(name);
    const saved = ctx.frame;
    try {
      for (const part of parts) {
        const frame: Value[] = part.frameSize === 0 ? NO_LOCALS : new Array(part.frameSize);
        for (let i = 0; i < part.params; i++) frame[i] = args[i] ?? null;
        ctx.frame = frame;
        const signal = part.body(ctx);
        if (signal !== undefined) return signal;
      }
      return undefined;
    } finally {
      ctx.frame = saved;
    }
  }

  private runTypedSub(name: string, ctx: RequestContext, args: Value[]): Value {
    const signal = this.runSub(name, ctx, args);
    return signal?.kind === 'return' && signal.value !== undefined ? signal.value : null;
  }

  /** Run `vcl_<scope>` (or its built-in default), say how it ended and note it in ctx.steps. */
  runBuiltin(scope: Scope, ctx: RequestContext): SubOutcome {
    const outcome = this.runScope(scope, ctx);
    const state = outcome.kind === 'state' ? outcome.state : outcome.kind;
    const sub = BUILTIN_NAMES[scope];
    ctx.steps.push(outcome.kind === 'error' ? { sub, state, error: { status: outcome.status, response: outcome.response } } : { sub, state });
    return outcome;
  }

  private runScope(scope: Scope, ctx: RequestContext): SubOutcome {
    ctx.scope = scope;
    const signal = this.runSub(BUILTIN_NAMES[scope], ctx);
    if (signal === undefined || signal === BARE_RETURN) return stateOutcome(defaultState(scope, ctx), false);
    switch (signal.kind) {
      case 'return':
        // `return(restart)` is the restart statement in return form (Fastly's lifecycle table lists restart
        // among the states of recv, hit, fetch, error and deliver).
        if (signal.state === 'restart') return RESTART_OUTCOME;
        return signal.state ? stateOutcome(signal.state, true) : stateOutcome(defaultState(scope, ctx), false);
      case 'error':
        return { kind: 'error', status: signal.status, response: signal.response };
      case 'restart':
        return RESTART_OUTCOME;
      default:
        // A stray goto/break outside its target: treat as the end of the subroutine.
        return stateOutcome(defaultState(scope, ctx), false);
    }
  }
}

// Outcomes are read, never changed: one per state, shared by every request (a request runs several).
const RESTART_OUTCOME: SubOutcome = Object.freeze({ kind: 'restart' });
const explicitOutcomes = new Map<string, SubOutcome>();
const defaultOutcomes = new Map<string, SubOutcome>();

function stateOutcome(state: string, explicit: boolean): SubOutcome {
  const known = explicit ? explicitOutcomes : defaultOutcomes;
  let outcome = known.get(state);
  if (outcome === undefined) known.set(state, (outcome = Object.freeze({ kind: 'state', state, explicit })));
  return outcome;
}

/** The locals of a subroutine that has none: each run of one with locals makes its own. */
const NO_LOCALS: Value[] = Object.freeze([]) as unknown as Value[];
