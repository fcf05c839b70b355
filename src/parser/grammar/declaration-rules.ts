// Top-level declarations, and the finished parser (the grammar is analysed once, in the constructor).

import type { IToken } from '../../lexer/chevrotain.js';
import type { LineIndex } from '../../lexer/source-range.js';
import * as T from '../../lexer/tokens.js';
import { decodeStringToken } from '../../lexer/strings.js';
import type {
  AclEntry,
  Block,
  Declaration,
  Expression,
  Parameter,
  Property,
  PropertyObject,
  Statement,
  SubDeclaration,
  TableEntry,
} from '../../ast/ast.js';
import { RECORDING, isPresent } from './base-parser.js';
import {
  AclEntryNode, AclNode, DescribeNode, DirectorNode, ImportNode, IncludeNode, NamedObjectNode, ParameterNode, PragmaNode, PropertyNode,
  PropertyObjectNode, SubNode, TableEntryNode, TableNode,
} from '../../ast/nodes.js';
import { propertyName } from '../node-builders.js';
import { StatementParser } from './statement-rules.js';

export class VclParser extends StatementParser {
  /**
   * Declarations until the parser meets something that is not one (the caller skips it and resumes).
   * They are collected in `parsed` rather than returned: when recovery gives up, the rule returns nothing,
   * but what was parsed before the failure is kept.
   */
  readonly declarations = this.RULE('declarations', (): void => {
    this.MANY(() => {
      const declaration = this.SUBRULE(this.declaration);
      if (!this.RECORDING_PHASE && declaration !== undefined) this.parsed.push(declaration);
    });
  });

  /** The token the last `declarations()` run stopped at (EOF when it read everything). */
  stoppedAt(): IToken {
    return this.LA(1);
  }

  /** The declarations of the current `declarations()` run. */
  parsed: Declaration[] = [];

  /**
   * A snippet's body: statements until the parser meets something that is not one. Like `declarations`,
   * they are collected (in `parsedStatements`) so what was parsed before a failure is kept.
   */
  readonly statements = this.RULE('statements', (): void => {
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      if (!this.RECORDING_PHASE && statement !== undefined) this.parsedStatements.push(statement);
    });
  });

  /** The statements of the current `statements()` run. */
  parsedStatements: Statement[] = [];

  override prepare(tokens: IToken[], lines: LineIndex): void {
    super.prepare(tokens, lines);
    this.parsed = [];
    this.parsedStatements = [];
  }

  override release(): void {
    super.release();
    this.parsed = [];
    this.parsedStatements = [];
  }

  private readonly declaration: () => Declaration = this.RULE('declaration', (): Declaration => {
    return this.OR({
      ERR_MSG: 'a declaration',
      DEF: [
        { ALT: () => this.SUBRULE(this.subDeclaration) },
        { ALT: () => this.SUBRULE(this.backendDeclaration) },
        { ALT: () => this.SUBRULE(this.directorDeclaration) },
        { ALT: () => this.SUBRULE(this.aclDeclaration) },
        { ALT: () => this.SUBRULE(this.tableDeclaration) },
        { ALT: () => this.SUBRULE(this.includeDeclaration) },
        { ALT: () => this.SUBRULE(this.importDeclaration) },
        { ALT: () => this.SUBRULE(this.propertyBlockDeclaration) },
        { ALT: () => this.SUBRULE(this.pragmaDeclaration) },
        { ALT: () => this.SUBRULE(this.describeDeclaration) },
      ],
    });
  });

  /** `sub name [TYPE] [(TYPE var.a, …)] [TYPE] { … }` */
  private readonly subDeclaration = this.RULE('subDeclaration', (): SubDeclaration => {
    const keyword = this.CONSUME(T.Sub);
    const name = this.SUBRULE(this.identifier);
    let returnType: IToken | undefined;
    const parameters: Parameter[] = [];
    this.OPTION(() => (returnType = this.CONSUME(T.Identifier)));
    this.OPTION2(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => parameters.push(this.SUBRULE(this.parameter)) });
      this.CONSUME(T.RParen, { ERR_MSG: 'expected ")" after the parameters' });
    });
    this.OPTION3(() => (returnType = this.CONSUME2(T.Identifier)));
    const body = this.SUBRULE(this.block);
    if (this.RECORDING_PHASE) return RECORDING;
    return new SubNode(name, returnType === undefined ? null : this.typeName(returnType), parameters.filter(isPresent), body, this.rangeFrom(keyword));
  });

  private readonly parameter = this.RULE('parameter', (): Parameter => {
    const type = this.CONSUME(T.Identifier, { ERR_MSG: 'expected a parameter type (STRING, INTEGER, …)' });
    const name = this.SUBRULE(this.identifier);
    if (this.RECORDING_PHASE) return RECORDING;
    return new ParameterNode(this.typeName(type), name, this.rangeFrom(type));
  });

  private readonly backendDeclaration = this.RULE('backendDeclaration', (): Declaration => {
    const keyword = this.CONSUME(T.Backend);
    // `backend default { … }`, Varnish's usual name, deploys on Fastly too (a service in public Terraform).
    const name = this.OR([{ ALT: () => this.SUBRULE(this.identifier) }, { ALT: () => this.identifierNode(this.CONSUME(T.Default)) }]);
    const object = this.SUBRULE(this.propertyObject);
    if (this.RECORDING_PHASE) return RECORDING;
    return new NamedObjectNode('Backend', name, object?.properties ?? [], this.rangeFrom(keyword));
  });

  /** `director name random { .quorum = 50%; { .backend = F_a; .weight = 1; } }` */
  private readonly directorDeclaration = this.RULE('directorDeclaration', (): Declaration => {
    const keyword = this.CONSUME(T.Director);
    const name = this.SUBRULE(this.identifier);
    const directorType = this.SUBRULE2(this.identifier);
    const properties: Property[] = [];
    const members: PropertyObject[] = [];
    this.CONSUME(T.LBrace, { ERR_MSG: 'expected "{" to open the director body' });
    this.MANY(() => {
      this.OR([
        { ALT: () => properties.push(this.SUBRULE(this.property)) },
        { ALT: () => members.push(this.SUBRULE(this.propertyObject)) },
      ]);
    });
    this.CONSUME(T.RBrace, { ERR_MSG: 'expected "}" to close the director body' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new DirectorNode(name, directorType, properties.filter(isPresent), members.filter(isPresent), this.rangeFrom(keyword));
  });

  /** `{ .name = value; … }` — a backend body, a probe, a director member. */
  private readonly propertyObject = this.RULE('propertyObject', (): PropertyObject => {
    const open = this.CONSUME(T.LBrace);
    const properties: Property[] = [];
    this.MANY(() => properties.push(this.SUBRULE(this.property)));
    this.CONSUME(T.RBrace, { ERR_MSG: 'expected "}" after the properties' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new PropertyObjectNode(properties.filter(isPresent), this.rangeFrom(open));
  });

  /** `.name = expression;` or `.probe = { … }` (the `;` after an object is optional). */
  private readonly property: () => Property = this.RULE('property', (): Property => {
    const nameToken = this.CONSUME(T.PropertyName);
    this.CONSUME(T.Assign, { ERR_MSG: `expected "=" after ${nameToken.image}` });
    const value = this.OR([
      {
        ALT: () => {
          const object = this.SUBRULE(this.propertyObject);
          this.OPTION(() => this.CONSUME(T.Semicolon));
          return object;
        },
      },
      {
        ALT: () => {
          const expression = this.SUBRULE(this.expression);
          this.CONSUME2(T.Semicolon, { ERR_MSG: `expected ";" after the ${nameToken.image} value` });
          return expression;
        },
      },
    ]);
    if (this.RECORDING_PHASE) return RECORDING;
    const name = propertyName(this.lines, nameToken.startOffset, nameToken.image);
    return new PropertyNode(name, value as Expression | PropertyObject, this.rangeFrom(nameToken));
  });

  private readonly aclDeclaration = this.RULE('aclDeclaration', (): Declaration => {
    const keyword = this.CONSUME(T.Acl);
    const name = this.SUBRULE(this.identifier);
    const entries: AclEntry[] = [];
    this.CONSUME(T.LBrace, { ERR_MSG: 'expected "{" to open the acl body' });
    this.MANY(() => entries.push(this.SUBRULE(this.aclEntry)));
    this.CONSUME(T.RBrace, { ERR_MSG: 'expected "}" to close the acl body' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new AclNode(name, entries.filter(isPresent), this.rangeFrom(keyword));
  });

  /** `"192.0.2.0"/24;` or `! "192.0.2.13";` */
  private readonly aclEntry = this.RULE('aclEntry', (): AclEntry => {
    const first = this.LA(1);
    let negated = false;
    let prefix: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Bang);
      negated = true;
    });
    const address = this.CONSUME(T.AnyString, { ERR_MSG: 'expected an address string in the acl' });
    this.OPTION2(() => {
      this.CONSUME(T.Slash);
      prefix = this.CONSUME(T.Integer, { ERR_MSG: 'expected a prefix length after "/"' });
    });
    this.CONSUME(T.Semicolon, { ERR_MSG: 'expected ";" after the acl entry' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new AclEntryNode(negated, decodeStringToken(address.image).value, prefix === undefined ? null : Number(prefix.image), this.rangeFrom(first));
  });

  /** `table name [TYPE] { "key": value, … }` with an optional trailing comma. */
  private readonly tableDeclaration = this.RULE('tableDeclaration', (): Declaration => {
    const keyword = this.CONSUME(T.Table);
    const name = this.SUBRULE(this.identifier);
    let valueType: IToken | undefined;
    const entries: TableEntry[] = [];
    this.OPTION(() => (valueType = this.CONSUME(T.Identifier)));
    this.CONSUME(T.LBrace, { ERR_MSG: 'expected "{" to open the table body' });
    this.OPTION2(() => {
      entries.push(this.SUBRULE(this.tableEntry));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        entries.push(this.SUBRULE2(this.tableEntry));
      });
      this.OPTION3(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBrace, { ERR_MSG: 'expected "," or "}" after the table entry' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new TableNode(name, valueType === undefined ? null : this.typeName(valueType), entries.filter(isPresent), this.rangeFrom(keyword));
  });

  private readonly tableEntry = this.RULE('tableEntry', (): TableEntry => {
    const key = this.SUBRULE(this.stringLiteral);
    this.CONSUME(T.Colon, { ERR_MSG: 'expected ":" after the table key' });
    const value = this.SUBRULE(this.expression);
    if (this.RECORDING_PHASE) return RECORDING;
    return new TableEntryNode(key, value, this.rangeFromNode(key));
  });

  /** `include "name";` — the `;` is optional. */
  private readonly includeDeclaration = this.RULE('includeDeclaration', (): Declaration => {
    const keyword = this.CONSUME(T.Include);
    const path = this.SUBRULE(this.stringLiteral);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    if (this.RECORDING_PHASE) return RECORDING;
    return new IncludeNode(path, this.rangeFrom(keyword));
  });

  private readonly importDeclaration = this.RULE('importDeclaration', (): Declaration => {
    const keyword = this.CONSUME(T.Import);
    const name = this.SUBRULE(this.identifier);
    this.CONSUME(T.Semicolon, { ERR_MSG: 'expected ";" after import' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new ImportNode(name, this.rangeFrom(keyword));
  });

  /** `penaltybox name { … }` / `ratecounter name { … }` */
  private readonly propertyBlockDeclaration = this.RULE('propertyBlockDeclaration', (): Declaration => {
    const keyword = this.OR([{ ALT: () => this.CONSUME(T.Penaltybox) }, { ALT: () => this.CONSUME(T.Ratecounter) }]);
    const name = this.SUBRULE(this.identifier);
    const object = this.SUBRULE(this.propertyObject);
    if (this.RECORDING_PHASE) return RECORDING;
    return new NamedObjectNode(keyword.image === 'penaltybox' ? 'Penaltybox' : 'Ratecounter', name, object?.properties ?? [], this.rangeFrom(keyword));
  });

  /** `pragma optional_param geoip_opt_in true;` — the words are kept as written. */
  private readonly pragmaDeclaration = this.RULE('pragmaDeclaration', (): Declaration => {
    const keyword = this.CONSUME(T.Pragma);
    const words: string[] = [];
    this.AT_LEAST_ONE({
      ERR_MSG: 'a pragma word',
      DEF: () => {
        const word = this.OR([
          { ALT: () => this.CONSUME(T.Identifier) },
          { ALT: () => this.CONSUME(T.True) },
          { ALT: () => this.CONSUME(T.False) },
          { ALT: () => this.CONSUME(T.Integer) },
          { ALT: () => this.CONSUME(T.StringLiteral) },
        ]);
        words.push(word.image);
      },
    });
    this.CONSUME(T.Semicolon, { ERR_MSG: 'expected ";" after pragma' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new PragmaNode(words, this.rangeFrom(keyword));
  });

  /** falco's test grouping: `describe name { before_recv { … } sub test_x { … } }` */
  private readonly describeDeclaration = this.RULE('describeDeclaration', (): Declaration => {
    const keyword = this.CONSUME(T.Describe);
    const name = this.SUBRULE(this.identifier);
    const members: SubDeclaration[] = [];
    this.CONSUME(T.LBrace, { ERR_MSG: 'expected "{" to open the describe body' });
    this.MANY(() => {
      this.OR([
        { ALT: () => members.push(this.SUBRULE(this.subDeclaration)) },
        { ALT: () => members.push(this.SUBRULE(this.hook)) },
      ]);
    });
    this.CONSUME(T.RBrace, { ERR_MSG: 'expected "}" to close the describe body' });
    if (this.RECORDING_PHASE) return RECORDING;
    return new DescribeNode(name, members.filter(isPresent), this.rangeFrom(keyword));
  });

  /** `before_recv { … }` inside describe: a sub named after its hook. */
  private readonly hook = this.RULE('hook', (): SubDeclaration => {
    const name = this.SUBRULE(this.identifier);
    const body: Block = this.SUBRULE(this.block);
    if (this.RECORDING_PHASE) return RECORDING;
    return new SubNode(name, null, [], body, this.rangeFromNode(name));
  });

  constructor() {
    super();
    this.performSelfAnalysis();
  }
}
