// One ordered walk over every subroutine, feeding all lint checks at once, so linting costs one pass
// however many checks there are. Statements and expressions are visited in source (execution) order;
// `if` statements also announce their branches, for checks that follow the flow through them.
import type { Expression, Identifier, IfStatement, Statement } from '../ast/ast.js';
import type { CheckInfo } from '../check/info.js';
import type { SubContext } from './context.js';
import { isGeneratedFile } from '../project/fastly-macros.js';

export interface Visitor {
  enterSub?(sub: SubContext): void;
  leaveSub?(sub: SubContext): void;
  /** A statement list (a subroutine body, a block, a branch, a switch case), before its statements. */
  statementList?(statements: readonly Statement[]): void;
  /** Every statement, before its expressions and nested statements. */
  statement?(s: Statement): void;
  /** Every expression that is read, pre-order. Assignment targets are not reads and are not visited. */
  expression?(e: Expression): void;
  /** A call of a custom subroutine, after its arguments. */
  call?(callee: string, node: Identifier): void;
  /** Branch `index` of an if (index === branches.length for the `else`), after its condition. */
  enterBranch?(s: IfStatement, index: number): void;
  leaveBranch?(s: IfStatement, index: number): void;
  /** After the whole if statement. */
  leaveIf?(s: IfStatement): void;
  /** After every subroutine was walked. */
  finish?(): void;
}

export function walkProgram(info: CheckInfo, visitors: readonly Visitor[]): void {
  const walker = new Walker(info, visitors);
  for (const [name, parts] of info.symbols.subs) {
    const scopes = info.subScopes.get(name) ?? new Set();
    parts.forEach((sub, part) => walker.sub({ sub, name, scopes, part }));
  }
  walker.finish();
}

type Hooks = { [K in keyof Visitor]-?: NonNullable<Visitor[K]>[] };

/**
 * Each hook's implementations, gathered once, so visiting a node calls only the checks that want it.
 * Checks are closures over their own state and do not use `this`.
 */
function gather(visitors: readonly Visitor[]): Hooks {
  const pick = <K extends keyof Visitor>(k: K) => visitors.flatMap((v) => (v[k] ? [v[k]] : [])) as NonNullable<Visitor[K]>[];
  return {
    enterSub: pick('enterSub'),
    leaveSub: pick('leaveSub'),
    statementList: pick('statementList'),
    statement: pick('statement'),
    expression: pick('expression'),
    call: pick('call'),
    enterBranch: pick('enterBranch'),
    leaveBranch: pick('leaveBranch'),
    leaveIf: pick('leaveIf'),
    finish: pick('finish'),
  };
}

const isGenerated = (s: Statement) => isGeneratedFile(s.range.file);

class Walker {
  private readonly hooks: Hooks;

  constructor(
    private readonly info: CheckInfo,
    visitors: readonly Visitor[],
  ) {
    this.hooks = gather(visitors);
  }

  sub(ctx: SubContext): void {
    for (const h of this.hooks.enterSub) h(ctx);
    this.list(ctx.sub.body.statements);
    for (const h of this.hooks.leaveSub) h(ctx);
  }

  finish(): void {
    for (const h of this.hooks.finish) h();
  }

  private list(written: readonly Statement[]): void {
    // The code Fastly generates at a #FASTLY line is not the user's to fix: lint's rules see only theirs.
    const statements = written.some(isGenerated) ? written.filter((s) => !isGenerated(s)) : written;
    for (const h of this.hooks.statementList) h(statements);
    for (const s of statements) this.statement(s);
  }

  private call(callee: string, node: Identifier): void {
    for (const h of this.hooks.call) h(callee, node);
  }

  private statement(s: Statement): void {
    for (const h of this.hooks.statement) h(s);
    switch (s.kind) {
      case 'Block':
        return this.list(s.statements);
      case 'Set':
      case 'Add':
      case 'Log':
      case 'Synthetic':
        return this.expression(s.value);
      case 'Declare':
        if (s.init) this.expression(s.init);
        return;
      case 'If':
        return this.ifStatement(s);
      case 'Return':
        if (s.value) this.expression(s.value);
        return;
      case 'Call':
        for (const a of s.args ?? []) this.expression(a);
        if (this.info.symbols.subs.has(s.name.name)) this.call(s.name.name, s.name);
        return;
      case 'Error':
        if (s.status) this.expression(s.status);
        if (s.response) this.expression(s.response);
        return;
      case 'Switch':
        this.expression(s.subject);
        for (const c of s.cases) this.list(c.statements);
        return;
      case 'ExpressionStatement':
        return this.expression(s.expression);
      default:
        return;
    }
  }

  private ifStatement(s: IfStatement): void {
    for (let i = 0; i < s.branches.length; i++) {
      const b = s.branches[i]!;
      this.expression(b.condition);
      this.branch(s, i, b.body.statements);
    }
    if (s.otherwise) this.branch(s, s.branches.length, s.otherwise.statements);
    for (const h of this.hooks.leaveIf) h(s);
  }

  private branch(s: IfStatement, index: number, statements: readonly Statement[]): void {
    for (const h of this.hooks.enterBranch) h(s, index);
    this.list(statements);
    for (const h of this.hooks.leaveBranch) h(s, index);
  }

  private expression(e: Expression): void {
    for (const h of this.hooks.expression) h(e);
    switch (e.kind) {
      case 'Unary':
        return this.expression(e.operand);
      case 'Group':
        return this.expression(e.expression);
      case 'Binary':
        this.expression(e.left);
        return this.expression(e.right);
      case 'CallExpr':
        for (const a of e.args) this.expression(a);
        if (this.info.calls.get(e)?.kind === 'sub') this.call(e.callee.name, e.callee);
        return;
      default:
        return;
    }
  }
}
