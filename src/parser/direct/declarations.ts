// Declarations for the direct parser (the grammar of declaration-rules.ts), and its entry point.

import type { TokenStream } from '../../lexer/lexer.js';
import * as T from '../../lexer/tokens.js';
import { decodeStringToken } from '../../lexer/strings.js';
import type { AclEntry, Block, Declaration, Parameter, Property, PropertyObject, SubDeclaration, TableEntry } from '../../ast/ast.js';
import {
  AclEntryNode, AclNode, DescribeNode, DirectorNode, ImportNode, IncludeNode, NamedObjectNode, ParameterNode, PragmaNode, PropertyNode,
  PropertyObjectNode, SubNode, TableEntryNode, TableNode,
} from '../../ast/nodes.js';
import { SubBodyNode } from '../../ast/recorded-calls.js';
import { propertyName } from '../node-builders.js';
import { StatementReader } from './statements.js';
import { checkedTypeName, Unparsable } from './token-reader.js';

class DeclarationReader extends StatementReader {
  declarations(): Declaration[] {
    const declarations: Declaration[] = [];
    while (!this.atEnd) declarations.push(this.declaration());
    return declarations;
  }

  private declaration(): Declaration {
    switch (this.peek()) {
      case T.Sub:
        return this.subDeclaration();
      case T.Backend:
        return this.namedObject('Backend', this.take(T.Backend));
      case T.Penaltybox:
        return this.namedObject('Penaltybox', this.take(T.Penaltybox));
      case T.Ratecounter:
        return this.namedObject('Ratecounter', this.take(T.Ratecounter));
      case T.Director:
        return this.directorDeclaration();
      case T.Acl:
        return this.aclDeclaration();
      case T.Table:
        return this.tableDeclaration();
      case T.Include: {
        const start = this.take(T.Include);
        const path = this.stringLiteral();
        this.takeIf(T.Semicolon);
        return new IncludeNode(path, this.spanFrom(start));
      }
      case T.Import: {
        const start = this.take(T.Import);
        const name = this.identifier();
        this.take(T.Semicolon);
        return new ImportNode(name, this.spanFrom(start));
      }
      case T.Pragma:
        return this.pragmaDeclaration();
      case T.Describe:
        return this.describeDeclaration();
      default:
        throw Unparsable.instance;
    }
  }

  /** `sub name [TYPE] [(TYPE var.a, …)] [TYPE] { … }` */
  private subDeclaration(): SubDeclaration {
    const start = this.take(T.Sub);
    const name = this.identifier();
    // As in the grammar, a type name written both before and after the parameters: the last one counts.
    let returnType = this.optionalTypeName();
    let parameters: Parameter[] = [];
    if (this.takeIf(T.LParen)) {
      const list = this.openList();
      if (this.peekIs(T.Identifier)) {
        this.addToList(this.parameter());
        while (this.takeIf(T.Comma)) this.addToList(this.parameter());
      }
      this.take(T.RParen);
      parameters = this.closeList(list);
    }
    returnType = this.optionalTypeName() ?? returnType;
    const body = this.subBody();
    return new SubNode(name, returnType === null ? null : checkedTypeName(returnType), parameters, body, this.spanFrom(start));
  }

  /** The next token's text, if it is a name (unchecked: a type name to be). */
  private optionalTypeName(): string | null {
    return this.takeIf(T.Identifier) ? this.last.image : null;
  }

  private parameter(): Parameter {
    const start = this.take(T.Identifier);
    const type = this.lastTypeName();
    const name = this.identifier();
    return new ParameterNode(type, name, this.spanFrom(start));
  }

  /** `backend name { … }`, `penaltybox name { … }`, `ratecounter name { … }` */
  private namedObject(kind: 'Backend' | 'Penaltybox' | 'Ratecounter', start: number): Declaration {
    // `backend default { … }`, Varnish's usual name, deploys on Fastly too (a service in public Terraform).
    const name = kind === 'Backend' && this.takeIf(T.Default) ? this.lastIdentifier() : this.identifier();
    const { properties } = this.propertyObject();
    return new NamedObjectNode(kind, name, properties, this.spanFrom(start));
  }

  private directorDeclaration(): Declaration {
    const start = this.take(T.Director);
    const name = this.identifier();
    const directorType = this.identifier();
    const properties: Property[] = [];
    const members: PropertyObject[] = [];
    this.take(T.LBrace); // directors are few: plain arrays
    for (;;) {
      if (this.peekIs(T.PropertyName)) properties.push(this.property());
      else if (this.peekIs(T.LBrace)) members.push(this.propertyObject());
      else break;
    }
    this.take(T.RBrace);
    return new DirectorNode(name, directorType, properties, members, this.spanFrom(start));
  }

  /** `{ .name = value; … }` */
  private propertyObject(): PropertyObject {
    const start = this.take(T.LBrace);
    const properties = this.openList();
    while (this.peekIs(T.PropertyName)) this.addToList(this.property());
    this.take(T.RBrace);
    return new PropertyObjectNode(this.closeList<Property>(properties), this.spanFrom(start));
  }

  /** `.name = expression;` or `.probe = { … }` (the `;` after an object is optional). */
  private property(): Property {
    const start = this.take(T.PropertyName);
    const name = propertyName(this.lines, start, this.last.image);
    this.take(T.Assign);
    let value: Property['value'];
    if (this.peekIs(T.LBrace)) {
      value = this.propertyObject();
      this.takeIf(T.Semicolon);
    } else {
      value = this.expression();
      this.take(T.Semicolon);
    }
    return new PropertyNode(name, value, this.spanFrom(start));
  }

  private aclDeclaration(): Declaration {
    const start = this.take(T.Acl);
    const name = this.identifier();
    const entries = this.openList();
    this.take(T.LBrace);
    while (this.peekIs(T.Bang) || this.peekIn(T.AnyString)) this.addToList(this.aclEntry());
    this.take(T.RBrace);
    return new AclNode(name, this.closeList<AclEntry>(entries), this.spanFrom(start));
  }

  /** `"192.0.2.0"/24;` or `! "192.0.2.13";` (a long string `{"…"}` too, as falco reads it) */
  private aclEntry(): AclEntry {
    const negated = this.takeIf(T.Bang);
    const start = negated ? this.last.start : this.take(T.AnyString);
    if (negated) this.take(T.AnyString);
    const address = decodeStringToken(this.last.image).value;
    let prefix: number | null = null;
    if (this.takeIf(T.Slash)) {
      this.take(T.Integer);
      prefix = Number(this.last.image);
    }
    this.take(T.Semicolon);
    return new AclEntryNode(negated, address, prefix, this.spanFrom(start));
  }

  /** `table name [TYPE] { "key": value, … }` with an optional trailing comma. */
  private tableDeclaration(): Declaration {
    const start = this.take(T.Table);
    const name = this.identifier();
    const valueType = this.optionalTypeName();
    const entries = this.openList();
    this.take(T.LBrace);
    if (this.peekIn(T.AnyString)) {
      this.addToList(this.tableEntry());
      while (this.peekIs(T.Comma) && this.peekIn(T.AnyString, 2)) {
        this.take(T.Comma);
        this.addToList(this.tableEntry());
      }
      this.takeIf(T.Comma);
    }
    this.take(T.RBrace);
    return new TableNode(name, valueType === null ? null : checkedTypeName(valueType), this.closeList<TableEntry>(entries), this.spanFrom(start));
  }

  private tableEntry(): TableEntry {
    const key = this.stringLiteral();
    this.take(T.Colon);
    const value = this.expression();
    return new TableEntryNode(key, value, this.spanFromNode(key));
  }

  /** `pragma optional_param geoip_opt_in true;` */
  private pragmaDeclaration(): Declaration {
    const start = this.take(T.Pragma);
    const words: string[] = [];
    do {
      this.take(T.PragmaWord);
      words.push(this.last.image);
    } while (this.peekIn(T.PragmaWord));
    this.take(T.Semicolon);
    return new PragmaNode(words, this.spanFrom(start));
  }

  /** `describe name { before_recv { … } sub test_x { … } }` */
  private describeDeclaration(): Declaration {
    const start = this.take(T.Describe);
    const name = this.identifier();
    const members: SubDeclaration[] = [];
    this.take(T.LBrace);
    for (;;) {
      if (this.peekIs(T.Sub)) members.push(this.subDeclaration());
      else if (this.peekIs(T.Identifier)) members.push(this.hook());
      else break;
    }
    this.take(T.RBrace);
    return new DescribeNode(name, members, this.spanFrom(start));
  }

  /** `before_recv { … }` inside describe: a sub named after its hook. */
  private hook(): SubDeclaration {
    const name = this.identifier();
    const body = this.subBody();
    return new SubNode(name, null, [], body, this.spanFromNode(name));
  }

  /** A subroutine's body, with the names it calls recorded for the checker's call graph. */
  private subBody(): Block {
    const names: string[] = [];
    this.calledNames = names;
    const body = this.block();
    this.calledNames = null;
    // The names are recorded each once (see noteCall; the order does not matter).
    return new SubBodyNode(body.statements, this.spanFromNode(body), names);
  }
}

/**
 * The declarations of the text `stream` scans, or undefined when the text has any problem to report;
 * the Chevrotain grammar then parses it, recovering and describing every problem. On valid VCL both
 * build the same AST (test/direct-parser.test.ts checks it); this one is several times faster.
 */
export function parseDirect(stream: TokenStream): Declaration[] | undefined {
  try {
    const declarations = new DeclarationReader(stream).declarations();
    return stream.scanner.errors.length === 0 ? declarations : undefined;
  } catch {
    // Unparsable, a text nested past the call stack, or a bug here: the grammar parses the text instead
    // (test/direct-parser.test.ts fails if valid VCL ever takes that way).
    return undefined;
  }
}
