// Statements for the direct parser: the grammar of statement-rules.ts, one method per statement.

import type { TokenType } from '../../lexer/chevrotain.js';
import * as T from '../../lexer/tokens.js';
import type { AssignOperator, Block, Expression, Identifier, IfBranch, ReturnStatement, Statement, SwitchCase } from '../../ast/ast.js';
import {
  AddNode, BlockNode, CallStatementNode, DeclareNode, ErrorNode, ExpressionStatementNode, GotoNode, IfBranchNode, IfNode, KeywordStatementNode,
  IncludeNode, LabelNode, LogNode, ReturnNode, SetNode, SwitchCaseNode, SwitchNode, SyntheticNode, UnsetNode,
} from '../../ast/nodes.js';
import { classifyReturn } from '../node-builders.js';
import { ExpressionReader } from './expressions.js';
import { Unparsable } from './token-reader.js';

export class StatementReader extends ExpressionReader {
  protected block(): Block {
    this.enterNesting();
    const start = this.take(T.LBrace);
    const statements = this.statementList();
    this.take(T.RBrace);
    this.leaveNesting();
    return new BlockNode(statements, this.spanFrom(start));
  }

  /** Statements up to the first token that cannot start one (`}`, `case`, `default`). */
  protected statementList(): Statement[] {
    const statements = this.openList();
    for (;;) {
      const statement = this.statement();
      if (statement === undefined) return this.closeList(statements);
      this.addToList(statement);
    }
  }

  /** The next statement, or undefined (nothing consumed) when the next token cannot start one. */
  private statement(): Statement | undefined {
    switch (this.peek()) {
      case T.LBrace:
        return this.block();
      case T.Set:
        return this.setStatement();
      case T.Unset:
      case T.Remove:
        return this.unsetStatement();
      case T.Add:
        return this.addStatement();
      case T.Declare:
        return this.declareStatement();
      case T.If:
        return this.ifStatement();
      case T.Return:
        return this.returnStatement();
      case T.Call:
        return this.callStatement();
      case T.Goto:
        return this.gotoStatement();
      case T.ErrorKw:
        return this.errorStatement();
      case T.Synthetic:
      case T.SyntheticBase64:
        return this.syntheticStatement();
      case T.Log:
        return this.logStatement();
      case T.Include:
        return this.includeStatement();
      case T.Switch:
        return this.switchStatement();
      case T.Restart:
      case T.Esi:
      case T.Break:
      case T.Fallthrough:
        return this.bareKeywordStatement();
      case T.Identifier:
        return this.peekIs(T.Colon, 2) ? this.labelStatement() : this.expressionStatement();
      default:
        return undefined;
    }
  }

  /** `include "name";` in a subroutine (Fastly: "available in all subroutines"); the `;` may be left out, as falco takes it. */
  private includeStatement(): Statement {
    const start = this.take(T.Include);
    const path = this.stringLiteral();
    this.takeIf(T.Semicolon);
    return new IncludeNode(path, this.spanFrom(start));
  }

  private setStatement(): Statement {
    const start = this.take(T.Set);
    const target = this.identifier();
    this.take(T.AssignOperator);
    const operator = this.last.image as AssignOperator;
    const value = this.expression();
    this.take(T.Semicolon);
    return new SetNode(target, operator, value, this.spanFrom(start));
  }

  private unsetStatement(): Statement {
    const start = this.take(T.UnsetKeyword);
    const keyword = this.last.image === 'remove' ? 'remove' : 'unset';
    const target = this.identifier();
    this.take(T.Semicolon);
    return new UnsetNode(keyword, target, this.spanFrom(start));
  }

  private addStatement(): Statement {
    const start = this.take(T.Add);
    const target = this.identifier();
    this.take(T.Assign);
    const value = this.expression();
    this.take(T.Semicolon);
    return new AddNode(target, value, this.spanFrom(start));
  }

  /** `declare local var.x TYPE [= expr];` or `declare block var.x TYPE [= expr];` */
  private declareStatement(): Statement {
    const start = this.take(T.Declare);
    this.take(T.Identifier);
    const scope = this.last.image;
    if (scope !== 'local' && scope !== 'block') throw Unparsable.instance;
    const name = this.identifier();
    this.take(T.Identifier);
    const type = this.lastTypeName();
    const init = this.takeIf(T.Assign) ? this.expression() : null;
    this.take(T.Semicolon);
    return new DeclareNode(scope, name, type, init, this.spanFrom(start));
  }

  private ifStatement(): Statement {
    const start = this.take(T.If);
    const branches = this.openList();
    this.addToList(this.condition(start, 'if'));
    for (;;) {
      const next = this.peek();
      if (next === T.Else && this.peekIs(T.If, 2)) {
        const elseStart = this.take(T.Else);
        this.take(T.If);
        this.addToList(this.condition(elseStart, 'else if'));
      } else if (next === T.ElseIf) this.addToList(this.condition(this.take(T.ElseIf), 'elseif'));
      else if (next === T.Elsif) this.addToList(this.condition(this.take(T.Elsif), 'elsif'));
      else break;
    }
    const otherwise = this.takeIf(T.Else) ? this.block() : null;
    return new IfNode(this.closeList<IfBranch>(branches), otherwise, this.spanFrom(start));
  }

  /** `(condition) { … }` after an if / else-if keyword, which the caller has consumed. */
  private condition(start: number, keyword: IfBranch['keyword']): IfBranch {
    this.take(T.LParen);
    const condition = this.expression();
    this.take(T.RParen);
    const body = this.block();
    return new IfBranchNode(keyword, condition, body, this.spanFrom(start));
  }

  /** `return;` `return(state);` `return state;` `return expr;` */
  private returnStatement(): Statement {
    const start = this.take(T.Return);
    let state: Identifier | null = null;
    let parenthesized = false;
    let value: Expression | undefined;
    if (this.peekIs(T.LParen) && isStateKeyword(this.peek(2))) {
      this.take(T.LParen);
      state = this.stateKeyword();
      this.take(T.RParen);
      parenthesized = true;
    } else if (isStateKeyword(this.peek())) {
      state = this.stateKeyword();
    } else if (this.startsExpression()) {
      value = this.expression();
    }
    this.take(T.Semicolon);
    const node: ReturnStatement = new ReturnNode(null, null, parenthesized, this.spanFrom(start));
    if (state !== null) node.state = state;
    else if (value !== undefined) classifyReturn(node, value);
    return node;
  }

  /** `error` or `restart` as a return state. */
  private stateKeyword(): Identifier {
    this.advance();
    return this.lastIdentifier();
  }

  private callStatement(): Statement {
    const start = this.take(T.Call);
    const name = this.identifier();
    this.noteCall(name.name);
    const args = this.peekIs(T.LParen) ? this.argumentList() : [];
    this.take(T.Semicolon);
    return new CallStatementNode(name, args, this.spanFrom(start));
  }

  private gotoStatement(): Statement {
    const start = this.take(T.Goto);
    const label = this.identifier();
    this.take(T.Semicolon);
    return new GotoNode(label, this.spanFrom(start));
  }

  /** `error;` `error 404;` `error 404 "Not Found";` */
  private errorStatement(): Statement {
    const start = this.take(T.ErrorKw);
    let status: Expression | null = null;
    let response: Expression | null = null;
    if (this.startsUnary()) {
      status = this.unary();
      if (this.startsExpression()) response = this.expression();
    }
    this.take(T.Semicolon);
    return new ErrorNode(status, response, this.spanFrom(start));
  }

  private syntheticStatement(): Statement {
    const start = this.take(T.SyntheticKeyword);
    const base64 = this.last.type === T.SyntheticBase64;
    const value = this.expression();
    this.take(T.Semicolon);
    return new SyntheticNode(base64, value, this.spanFrom(start));
  }

  private logStatement(): Statement {
    const start = this.take(T.Log);
    const value = this.expression();
    this.take(T.Semicolon);
    return new LogNode(value, this.spanFrom(start));
  }

  /** `restart;` `esi;` `break;` `fallthrough;` */
  private bareKeywordStatement(): Statement {
    const start = this.take(T.BareStatementKeyword);
    const keyword = this.last.type;
    this.take(T.Semicolon);
    const kind = keyword === T.Restart ? 'Restart' : keyword === T.Esi ? 'Esi' : keyword === T.Break ? 'Break' : 'Fallthrough';
    return new KeywordStatementNode(kind, this.spanFrom(start));
  }

  private labelStatement(): Statement {
    const name = this.identifier();
    this.take(T.Colon);
    return new LabelNode(name, this.spanFromNode(name));
  }

  private expressionStatement(): Statement {
    const expression = this.callExpression();
    this.take(T.Semicolon);
    return new ExpressionStatementNode(expression, this.spanFromNode(expression));
  }

  private switchStatement(): Statement {
    const start = this.take(T.Switch);
    this.take(T.LParen);
    const subject = this.expression();
    this.take(T.RParen);
    this.take(T.LBrace);
    const cases = this.openList();
    while (this.peekIs(T.Case) || this.peekIs(T.Default)) this.addToList(this.switchCase());
    this.take(T.RBrace);
    return new SwitchNode(subject, this.closeList<SwitchCase>(cases), this.spanFrom(start));
  }

  /** `case "a":` `case ~ "re":` `case 1:` `default:` followed by statements. */
  private switchCase(): SwitchCase {
    let test: SwitchCase['test'] = null;
    const isDefault = this.peekIs(T.Default);
    const start = this.take(isDefault ? T.Default : T.Case);
    if (!isDefault) {
      const regex = this.takeIf(T.Match);
      const value = this.peekIn(T.AnyString) ? this.stringLiteral() : this.integerLiteral();
      test = { regex, value };
    }
    this.take(T.Colon);
    const statements = this.statementList();
    return new SwitchCaseNode(test, statements, this.spanFrom(start));
  }
}

function isStateKeyword(type: TokenType): boolean {
  return type === T.ErrorKw || type === T.Restart;
}
