// A reader of the HCL native syntax (Terraform's .tf files), the subset a Fastly service is written in:
// blocks with labels, attributes, expressions (literals, templates with `${…}` and heredocs, tuples,
// objects, references, index and splat, function calls, `for` expressions, operators, conditionals) and
// the three comment styles. It builds a tree of expressions and evaluates nothing: terraform-hcl.ts does.
// `%{…}` template directives are kept as text and marked, so the evaluator can decline them.
// The first error stops it, as an HclError naming file:line:col. Our own rather than a dependency: the npm
// HCL2 readers are HashiCorp's Go parser compiled to JS/wasm (large, MPL-2.0) or HCL1-era and unmaintained.
import { MAX_NESTING, Scanner } from './hcl-scanner.js';
import type { Block, Body, Expr, HclFile } from './hcl-tree.js';

export { HclError, placeOf, type Attribute, type Block, type Body, type Expr, type HclFile, type Literal, type Span } from './hcl-tree.js';

/** Parse a whole .tf (or .tfvars) file. */
export function parseHcl(path: string, text: string): HclFile {
  const parser = new Parser(path, text);
  return { path, text, lines: parser.lines, body: parser.body(false) };
}

/** Parse a template file (templatefile()): all of `text` is template, as a heredoc's content is. */
export function parseTemplate(path: string, text: string): Expr {
  return new Parser(path, text).template(text.length, 0, false, 0);
}

const NUMBER = /\d+(\.\d+)?([eE][+-]?\d+)?/y;
/** Binary operators by precedence, loosest first. */
const LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['>=', '<=', '>', '<'], ['+', '-'], ['*', '/', '%']];

class Parser extends Scanner {
  /** Blocks open around the current point. */
  private blocks = 0;

  body(closed: boolean): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (;;) {
      this.skip(true);
      if (this.pos >= this.src.length) {
        if (closed) this.fail('expected "}" to close the block, found the end of the file');
        return body;
      }
      if (this.src[this.pos] === '}') {
        if (!closed) this.fail('unexpected "}": no block is open');
        this.pos++;
        return body;
      }
      const start = this.pos;
      const name = this.identifier('an attribute name or a block type');
      this.skip(false);
      if (this.src[this.pos] === '=' && this.src[this.pos + 1] !== '=') {
        this.pos++;
        const expr = this.expression();
        if (body.attributes.some((a) => a.name === name)) this.fail(`attribute "${name}" is set twice in this block`, start);
        body.attributes.push({ name, expr, start, end: this.pos });
        this.endOfItem();
      } else body.blocks.push(this.block(name, start));
    }
  }

  private block(type: string, start: number): Block {
    const labels: string[] = [];
    for (;;) {
      this.skip(false);
      const c = this.src[this.pos];
      if (c === '{') break;
      if (c === '"') {
        const at = this.pos;
        const label = this.quoted();
        if (label.kind !== 'template' || label.parts.some((p) => typeof p !== 'string')) this.fail('a block label is a plain string, without ${…}', at);
        labels.push((label.parts as string[]).join(''));
      } else if (c !== undefined && /[\p{L}_]/u.test(c)) labels.push(this.identifier('a block label'));
      else this.fail(`expected "=" (an attribute) or "{" (a block) after "${type}", found ${this.found()}`);
    }
    this.pos++;
    if (++this.blocks > MAX_NESTING) this.fail(`blocks nested more than ${MAX_NESTING} levels deep`, start);
    const saved = this.brackets;
    this.brackets = 0; // a block's body is lines again, however deep the block
    try {
      const body = this.body(true);
      return { type, labels, body, start, end: this.pos };
    } finally {
      this.brackets = saved;
      this.blocks--;
    }
  }

  /** After an attribute: a new line, the block's `}`, the end, or (leniently) the next attribute on the same line. */
  private endOfItem(): void {
    this.skip(false);
    const c = this.src[this.pos];
    if (c === undefined || c === '\n' || c === '}' || /[\p{L}_]/u.test(c)) return;
    this.fail(`expected a new line after the attribute, found ${this.found()}`);
  }

  expression(): Expr {
    return this.deeper(() => {
      this.skip();
      const start = this.pos;
      const cond = this.binary(0);
      this.skip();
      if (this.src[this.pos] !== '?') return cond;
      this.pos++;
      const then = this.expression();
      this.expect(':', 'between the two results of a conditional');
      const otherwise = this.expression();
      return { kind: 'conditional', cond, then, else: otherwise, start, end: this.pos };
    });
  }

  private binary(level: number): Expr {
    if (level === LEVELS.length) return this.unary();
    const start = this.pos;
    let left = this.binary(level + 1);
    for (;;) {
      this.skip();
      const op = LEVELS[level]!.find((o) => this.src.startsWith(o, this.pos));
      if (op === undefined) return left;
      this.pos += op.length;
      this.skip();
      const right = this.deeper(() => this.binary(level + 1));
      left = { kind: 'binary', op, left, right, start, end: this.pos };
    }
  }

  private unary(): Expr {
    this.skip();
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === '!' || (c === '-' && !/\d/.test(this.src[this.pos + 1] ?? ''))) {
      this.pos++;
      const operand = this.deeper(() => this.unary());
      return { kind: 'unary', op: c, operand, start, end: this.pos };
    }
    return this.postfix(this.primary());
  }

  /** `.name`, `.0`, `[key]`, `[*]` and `.*` after a value. */
  private postfix(expr: Expr): Expr {
    const start = expr.start;
    for (;;) {
      this.skip(false);
      const c = this.src[this.pos];
      if (this.src.startsWith('...', this.pos)) return expr;
      if (c === '.' && this.src[this.pos + 1] === '*') {
        this.pos += 2;
        expr = { kind: 'splat', target: expr, names: this.splatNames(), start, end: this.pos };
      } else if (c === '.') {
        this.pos++;
        const digits = /\d/.test(this.src[this.pos] ?? '') ? /\d+/y : null;
        if (digits) {
          digits.lastIndex = this.pos;
          const n = digits.exec(this.src)![0];
          this.pos += n.length;
          expr = { kind: 'index', target: expr, key: { kind: 'literal', value: Number(n), start: this.pos - n.length, end: this.pos }, start, end: this.pos };
        } else expr = { kind: 'attr', target: expr, name: this.identifier('an attribute name after "."'), start, end: this.pos };
      } else if (c === '[') {
        this.pos++;
        this.skip(true);
        if (this.eat('*')) {
          this.expect(']', 'after "[*"');
          expr = { kind: 'splat', target: expr, names: this.splatNames(), start, end: this.pos };
        } else {
          const key = this.inside(() => this.expression());
          this.skip(true);
          if (!this.eat(']')) this.fail(`expected "]" after the index, found ${this.found()}`);
          expr = { kind: 'index', target: expr, key, start, end: this.pos };
        }
      } else return expr;
    }
  }

  private splatNames(): string[] {
    const names: string[] = [];
    while (this.src[this.pos] === '.' && /[\p{L}_]/u.test(this.src[this.pos + 1] ?? '')) {
      this.pos++;
      names.push(this.identifier('an attribute name'));
    }
    return names;
  }

  private primary(): Expr {
    const start = this.pos;
    const c = this.src[this.pos];
    if (c === '"') return this.quoted();
    if (c === '<' && this.src[this.pos + 1] === '<') return this.heredoc();
    if (c === '(') {
      this.pos++;
      const inner = this.inside(() => this.expression());
      this.skip(true);
      if (!this.eat(')')) this.fail(`expected ")", found ${this.found()}`);
      return { ...inner, start, end: this.pos };
    }
    if (c === '[') return this.inside(() => this.tuple());
    if (c === '{') return this.inside(() => this.object());
    if (c === '-' || (c !== undefined && /\d/.test(c))) {
      NUMBER.lastIndex = c === '-' ? this.pos + 1 : this.pos;
      const m = NUMBER.exec(this.src);
      if (!m) this.fail(`expected a number, found ${this.found()}`);
      this.pos = NUMBER.lastIndex;
      return { kind: 'literal', value: Number(this.src.slice(start, this.pos)), start, end: this.pos };
    }
    if (c === undefined || !/[\p{L}_]/u.test(c)) this.fail(`expected an expression, found ${this.found()}`);
    const name = this.identifier('an expression');
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', start, end: this.pos };
    if (name === 'null') return { kind: 'literal', value: null, start, end: this.pos };
    if (this.src[this.pos] === '(') return this.inside(() => this.call(name, start));
    return { kind: 'variable', name, start, end: this.pos };
  }

  private call(name: string, start: number): Expr {
    this.pos++;
    const args: Expr[] = [];
    let expand = false;
    for (;;) {
      this.skip(true);
      if (this.eat(')')) break;
      if (expand) this.fail('"..." expands only the last argument');
      args.push(this.expression());
      this.skip(true);
      if (this.eat('...')) {
        expand = true;
        this.skip(true);
      }
      if (this.eat(')')) break;
      if (!this.eat(',')) this.fail(`expected "," or ")" in the arguments of ${name}(), found ${this.found()}`);
    }
    return { kind: 'call', name, args, expand, start, end: this.pos };
  }

  private startsFor(): boolean {
    this.skip(true);
    return /^for[ \t\r\n]/.test(this.src.slice(this.pos, this.pos + 4));
  }

  private tuple(): Expr {
    const start = this.pos++;
    if (this.startsFor()) return this.forExpr(start, ']');
    const items: Expr[] = [];
    for (;;) {
      this.skip(true);
      if (this.eat(']')) return { kind: 'tuple', items, start, end: this.pos };
      items.push(this.expression());
      this.skip(true);
      if (this.eat(']')) return { kind: 'tuple', items, start, end: this.pos };
      if (!this.eat(',')) this.fail(`expected "," or "]" in a list, found ${this.found()}`);
    }
  }

  private object(): Expr {
    const start = this.pos++;
    if (this.startsFor()) return this.forExpr(start, '}');
    const items: { key: Expr; value: Expr }[] = [];
    for (;;) {
      this.skip(true);
      if (this.eat('}')) return { kind: 'object', items, start, end: this.pos };
      let key = this.expression();
      // A bare name as a key is that name (`{ a = 1 }`); `(var.a)` would be evaluated.
      if (key.kind === 'variable' && this.src[key.start] !== '(') key = { kind: 'literal', value: key.name, start: key.start, end: key.end };
      this.skip(true);
      if (!this.eat('=') && !this.eat(':')) this.fail(`expected "=" or ":" after an object key, found ${this.found()}`);
      items.push({ key, value: this.expression() });
      this.skip(true);
      this.eat(',');
    }
  }

  /** `[for v in coll : expr if cond]`, `{for k, v in coll : key => value... if cond}`. */
  private forExpr(start: number, close: ']' | '}'): Expr {
    this.pos += 3;
    this.skip(true);
    const first = this.identifier('a variable name after "for"');
    this.skip(true);
    const second = this.eat(',') ? (this.skip(true), this.identifier('a second variable name')) : null;
    this.skip(true);
    if (!this.eat('in')) this.fail(`expected "in" in a for expression, found ${this.found()}`);
    const collection = this.expression();
    this.expect(':', 'after the collection of a for expression');
    let key: Expr | null = null;
    let value = this.expression();
    let group = false;
    if (close === '}') {
      this.expect('=>', 'between the key and the value of a for expression');
      key = value;
      value = this.expression();
      this.skip(true);
      group = this.eat('...');
    }
    this.skip(true);
    const cond = /^if[ \t\r\n(!]/.test(this.src.slice(this.pos, this.pos + 3)) ? ((this.pos += 2), this.expression()) : null;
    this.skip(true);
    if (!this.eat(close)) this.fail(`expected "${close}" to end the for expression, found ${this.found()}`);
    return { kind: 'for', keyVar: second === null ? null : first, valueVar: second ?? first, collection, key, value, cond, group, start, end: this.pos };
  }
}
