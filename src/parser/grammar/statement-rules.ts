// Statements inside a sub body. Each rule ends with its own `;` so a missing one is reported by name:
// `expected ";" after set statement`.

import { tokenMatcher, type IOrAlt, type IToken } from '../../lexer/chevrotain.js';
import * as T from '../../lexer/tokens.js';
import type {
  AssignOperator,
  Block,
  Expression,
  IfBranch,
  IntegerLiteral,
  ReturnStatement,
  Statement,
  StringLiteral,
  SwitchCase,
} from '../../ast/ast.js';
import { RECORDING, isPresent } from './base-parser.js';
import { ExpressionParser } from './expression-rules.js';
import {
  AddNode, BlockNode, CallStatementNode, DeclareNode, ErrorNode, ExpressionStatementNode, GotoNode, IfBranchNode, IfNode, KeywordStatementNode,
  IncludeNode, LabelNode, LogNode, ReturnNode, SetNode, SwitchCaseNode, SwitchNode, SyntheticNode, UnsetNode,
} from '../../ast/nodes.js';
import { classifyReturn } from '../node-builders.js';

export class StatementParser extends ExpressionParser {
  readonly block = this.RULE('block', (): Block => {
    const open = this.CONSUME(T.LBrace);
    const statements = this.SUBRULE(this.statementList);
    this.CONSUME(T.RBrace, { ERR_MSG: 'expected "}" to close the block' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new BlockNode(statements, this.rangeFrom(open));
  });

  protected readonly statementList = this.RULE('statementList', (): Statement[] => {
    const statements: Statement[] = [];
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      if (statement !== undefined) statements.push(statement);
    });
    return statements;
  });

  protected readonly statement = this.RULE('statement', (): Statement =>
    this.OR({ ERR_MSG: 'a statement', DEF: this.statementAlternatives }),
  );

  // Built once: allocating the alternatives on every call would dominate the parse time.
  private readonly statementAlternatives: IOrAlt<Statement>[] = [
    { ALT: () => this.SUBRULE(this.block) },
    { ALT: () => this.SUBRULE(this.setStatement) },
    { ALT: () => this.SUBRULE(this.unsetStatement) },
    { ALT: () => this.SUBRULE(this.addStatement) },
    { ALT: () => this.SUBRULE(this.declareStatement) },
    { ALT: () => this.SUBRULE(this.ifStatement) },
    { ALT: () => this.SUBRULE(this.returnStatement) },
    { ALT: () => this.SUBRULE(this.callStatement) },
    { ALT: () => this.SUBRULE(this.errorStatement) },
    { ALT: () => this.SUBRULE(this.synthetic) },
    { ALT: () => this.SUBRULE(this.logStatement) },
    { ALT: () => this.SUBRULE(this.includeStatement) },
    { ALT: () => this.SUBRULE(this.gotoStatement) },
    { ALT: () => this.SUBRULE(this.switchStatement) },
    { ALT: () => this.SUBRULE(this.bareKeywordStatement) },
    { ALT: () => this.SUBRULE(this.labelStatement) },
    { ALT: () => this.SUBRULE(this.expressionStatement) },
  ];

  private readonly setStatement = this.RULE('setStatement', (): Statement => {
    const keyword = this.CONSUME(T.Set);
    const target = this.SUBRULE(this.identifier);
    const operator = this.CONSUME(T.AssignOperator);
    const value = this.SUBRULE(this.expression);
    this.endOf('set statement');
    if (this.RECORDING_PHASE) return RECORDING;
    return new SetNode(target, operator.image as AssignOperator, value, this.rangeFrom(keyword));
  });

  private readonly unsetStatement = this.RULE('unsetStatement', (): Statement => {
    const keyword = this.CONSUME(T.UnsetKeyword);
    const target = this.SUBRULE(this.identifier);
    this.endOf(`${keyword.image} statement`);
    if (this.RECORDING_PHASE) return RECORDING;
    return new UnsetNode(keyword.image === 'remove' ? 'remove' : 'unset', target, this.rangeFrom(keyword));
  });

  private readonly addStatement = this.RULE('addStatement', (): Statement => {
    const keyword = this.CONSUME(T.Add);
    const target = this.SUBRULE(this.identifier);
    this.CONSUME(T.Assign, { ERR_MSG: 'expected "=" in add statement' });
    const value = this.SUBRULE(this.expression);
    this.endOf('add statement');
    if (this.RECORDING_PHASE) return RECORDING;
    return new AddNode(target, value, this.rangeFrom(keyword));
  });

  /** `declare local var.x TYPE [= expr];` */
  private readonly declareStatement = this.RULE('declareStatement', (): Statement => {
    const keyword = this.CONSUME(T.Declare);
    const scope = this.CONSUME(T.Identifier, { ERR_MSG: 'expected "local" or "block" after declare' });
    const name = this.SUBRULE(this.identifier);
    const type = this.CONSUME2(T.Identifier, { ERR_MSG: 'expected a type name (STRING, INTEGER, …)' });
    let init: Expression | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Assign);
      init = this.SUBRULE(this.expression);
    });
    this.endOf('declare statement');
    if (this.RECORDING_PHASE) return RECORDING;
    const kind = scope.image === 'block' ? 'block' : 'local';
    if (scope.image !== kind) this.report(this.tokenRange(scope), `expected "local" or "block" after declare, found "${scope.image}"`);
    return new DeclareNode(kind, name, this.typeName(type), init, this.rangeFrom(keyword));
  });

  private readonly ifStatement = this.RULE('ifStatement', (): Statement => {
    const keyword = this.CONSUME(T.If);
    const branches: IfBranch[] = [this.SUBRULE(this.condition, { ARGS: [keyword, 'if'] })];
    this.MANY(() => branches.push(this.OR(this.elseIfAlternatives)));
    const otherwise = this.OPTION(() => {
      this.CONSUME(T.Else);
      return this.SUBRULE(this.block);
    });
    if (this.RECORDING_PHASE) return RECORDING;
    return new IfNode(branches.filter(isPresent), otherwise ?? null, this.rangeFrom(keyword));
  });

  private readonly elseIfAlternatives: IOrAlt<IfBranch>[] = [
    { ALT: () => this.SUBRULE2(this.condition, { ARGS: [this.consumeElseIf(), 'else if'] }) },
    { ALT: () => this.SUBRULE3(this.condition, { ARGS: [this.CONSUME(T.ElseIf), 'elseif'] }) },
    { ALT: () => this.SUBRULE4(this.condition, { ARGS: [this.CONSUME(T.Elsif), 'elsif'] }) },
  ];

  /** `else if`: two tokens; the branch starts at `else`. */
  private consumeElseIf(): IToken {
    const elseToken = this.CONSUME2(T.Else);
    this.CONSUME2(T.If);
    return elseToken;
  }

  /** `(condition) { … }` after an if / else-if keyword, which the caller has consumed. */
  private readonly condition = this.RULE('condition', (start: IToken, keyword: IfBranch['keyword']): IfBranch => {
    this.CONSUME(T.LParen, { ERR_MSG: `expected "(" after ${keyword}` });
    const condition = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen, { ERR_MSG: `expected ")" after the ${keyword} condition` });
    const body = this.SUBRULE(this.block);
    if (this.RECORDING_PHASE) return RECORDING;
    return new IfBranchNode(keyword, condition, body, this.rangeFrom(start));
  });

  /** `return;` `return(state);` `return state;` `return expr;` — `error` / `restart` states are keywords. */
  private readonly returnStatement = this.RULE('returnStatement', (): Statement => {
    const keyword = this.CONSUME(T.Return);
    let state: IToken | undefined;
    let parenthesized = false;
    let value: Expression | undefined;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            state = this.OR2([{ ALT: () => this.CONSUME(T.ErrorKw) }, { ALT: () => this.CONSUME(T.Restart) }]);
            this.CONSUME(T.RParen);
            parenthesized = true;
          },
        },
        { ALT: () => (state = this.OR3([{ ALT: () => this.CONSUME2(T.ErrorKw) }, { ALT: () => this.CONSUME2(T.Restart) }])) },
        { ALT: () => (value = this.SUBRULE(this.expression)) },
      ]);
    });
    this.endOf('return statement');
    if (this.RECORDING_PHASE) return RECORDING;
    const node: ReturnStatement = new ReturnNode(null, null, parenthesized, this.rangeFrom(keyword));
    if (state !== undefined) node.state = this.identifierNode(state);
    else if (value !== undefined) classifyReturn(node, value);
    return node;
  });

  private readonly callStatement = this.RULE('callStatement', (): Statement => {
    const keyword = this.CONSUME(T.Call);
    const name = this.SUBRULE(this.identifier);
    const args = this.OPTION(() => this.SUBRULE(this.argumentList)) ?? [];
    this.endOf('call statement');
    if (this.RECORDING_PHASE) return RECORDING;
    return new CallStatementNode(name, args.filter((a) => a !== undefined), this.rangeFrom(keyword));
  });

  /** `error;` `error 404;` `error 404 "Not Found";` — the status is a single term so the response can follow it. */
  private readonly errorStatement = this.RULE('errorStatement', (): Statement => {
    const keyword = this.CONSUME(T.ErrorKw);
    let status: Expression | null = null;
    let response: Expression | null = null;
    this.OPTION(() => {
      status = this.SUBRULE(this.unary);
      this.OPTION2(() => (response = this.SUBRULE(this.expression)));
    });
    this.endOf('error statement');
    if (this.RECORDING_PHASE) return RECORDING;
    return new ErrorNode(status, response, this.rangeFrom(keyword));
  });

  private readonly synthetic = this.RULE('synthetic', (): Statement => {
    const keyword = this.CONSUME(T.SyntheticKeyword);
    const value = this.SUBRULE(this.expression);
    this.endOf(`${keyword.image} statement`);
    if (this.RECORDING_PHASE) return RECORDING;
    return new SyntheticNode(keyword.image === 'synthetic.base64', value, this.rangeFrom(keyword));
  });

  private readonly logStatement = this.RULE('logStatement', (): Statement => {
    const keyword = this.CONSUME(T.Log);
    const value = this.SUBRULE(this.expression);
    this.endOf('log statement');
    if (this.RECORDING_PHASE) return RECORDING;
    return new LogNode(value, this.rangeFrom(keyword));
  });

  /** `include "name";` in a subroutine: the loader splices the file's statements here. */
  private readonly includeStatement = this.RULE('includeStatement', (): Statement => {
    const keyword = this.CONSUME(T.Include);
    const path = this.SUBRULE(this.stringLiteral);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    if (this.RECORDING_PHASE) return RECORDING;
    return new IncludeNode(path, this.rangeFrom(keyword));
  });

  private readonly gotoStatement = this.RULE('gotoStatement', (): Statement => {
    const keyword = this.CONSUME(T.Goto);
    const label = this.SUBRULE(this.identifier);
    this.endOf('goto statement');
    if (this.RECORDING_PHASE) return RECORDING;
    return new GotoNode(label, this.rangeFrom(keyword));
  });

  /** `restart;` `esi;` `break;` `fallthrough;` */
  private readonly bareKeywordStatement = this.RULE('bareKeywordStatement', (): Statement => {
    const keyword = this.CONSUME(T.BareStatementKeyword);
    this.endOf(`${keyword.image} statement`);
    if (this.RECORDING_PHASE) return RECORDING;
    const range = this.rangeFrom(keyword);
    if (tokenMatcher(keyword, T.Restart)) return new KeywordStatementNode('Restart', range);
    if (tokenMatcher(keyword, T.Esi)) return new KeywordStatementNode('Esi', range);
    if (tokenMatcher(keyword, T.Break)) return new KeywordStatementNode('Break', range);
    return new KeywordStatementNode('Fallthrough', range);
  });

  private readonly labelStatement = this.RULE('labelStatement', (): Statement => {
    const name = this.SUBRULE(this.identifier);
    this.CONSUME(T.Colon);
    if (this.RECORDING_PHASE) return RECORDING;
    return new LabelNode(name, this.rangeFromNode(name));
  });

  private readonly expressionStatement = this.RULE('expressionStatement', (): Statement => {
    const expression = this.SUBRULE(this.callExpression);
    this.endOf('function call');
    if (this.RECORDING_PHASE) return RECORDING;
    return new ExpressionStatementNode(expression, this.rangeFromNode(expression));
  });

  private readonly switchStatement = this.RULE('switchStatement', (): Statement => {
    const keyword = this.CONSUME(T.Switch);
    this.CONSUME(T.LParen, { ERR_MSG: 'expected "(" after switch' });
    const subject = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen, { ERR_MSG: 'expected ")" after the switch subject' });
    this.CONSUME(T.LBrace, { ERR_MSG: 'expected "{" to open the switch body' });
    const cases: SwitchCase[] = [];
    this.MANY(() => cases.push(this.SUBRULE(this.switchCase)));
    this.CONSUME(T.RBrace, { ERR_MSG: 'expected "}" to close the switch body' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new SwitchNode(subject, cases.filter(isPresent), this.rangeFrom(keyword));
  });

  /** `case "a":` `case ~ "re":` `case 1:` `default:` followed by statements. */
  private readonly switchCase = this.RULE('switchCase', (): SwitchCase => {
    let test: SwitchCase['test'] = null;
    const keyword = this.OR([
      {
        ALT: () => {
          const token = this.CONSUME(T.Case);
          let regex = false;
          this.OPTION(() => {
            this.CONSUME(T.Match);
            regex = true;
          });
          const value: StringLiteral | IntegerLiteral = this.OR2([
            { ALT: () => this.SUBRULE(this.stringLiteral) },
            { ALT: () => this.SUBRULE(this.integerLiteral) },
          ]);
          test = { regex, value };
          return token;
        },
      },
      { ALT: () => this.CONSUME(T.Default) },
    ]);
    this.CONSUME(T.Colon, { ERR_MSG: 'expected ":" after the case' });
    const statements = this.SUBRULE(this.statementList);
    if (this.RECORDING_PHASE) return RECORDING;
    return new SwitchCaseNode(test, statements, this.rangeFrom(keyword));
  });

  /** The `;` that ends a statement, with a message naming the statement. */
  private endOf(what: string): void {
    this.CONSUME(T.Semicolon, { ERR_MSG: `expected ";" after ${what}` });
  }
}
