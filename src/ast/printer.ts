// Program back to canonical VCL: two-space indent, one statement per line, literals as written.
// Comments are re-emitted where they stood: on their own line before the next node, or after a
// statement that shares their line.

import type { Block, Comment, Declaration, Program, Property, PropertyObject, Statement, SubDeclaration } from './ast.js';
import { printExpression as expr, printTerm } from './print-expression.js';

/** falco's describe hooks are written without `sub`. */
const DESCRIBE_HOOKS = /^(before|after)_(recv|hash|hit|miss|pass|fetch|error|deliver|log|each)$/;

class Printer {
  private readonly lines: string[] = [];
  private readonly comments: Comment[];
  private nextComment = 0;
  private depth = 0;
  /** Source line of what the last output line came from, for trailing comments. */
  private lastSourceLine = -1;

  constructor(comments: Comment[]) {
    this.comments = [...comments].sort((a, b) => a.range.start.offset - b.range.start.offset);
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }

  line(text: string, sourceLine: number): void {
    this.lines.push('  '.repeat(this.depth) + text);
    this.lastSourceLine = sourceLine;
  }

  /** Emit comments that start before `offset`: trailing ones on the previous line, others on their own. */
  commentsBefore(offset: number): void {
    while (this.nextComment < this.comments.length) {
      const comment = this.comments[this.nextComment]!;
      if (comment.range.start.offset >= offset) return;
      this.nextComment++;
      const last = this.lines.length - 1;
      if (comment.range.start.line === this.lastSourceLine && last >= 0 && !comment.text.includes('\n')) {
        this.lines[last] += ' ' + comment.text;
      } else {
        this.line(comment.text, comment.range.end.line);
      }
    }
  }

  // ---------- declarations ----------

  declaration(d: Declaration): void {
    this.commentsBefore(d.range.start.offset);
    const at = d.range.start.line;
    switch (d.kind) {
      case 'Sub':
        return this.sub(d, 'sub ');
      case 'Backend':
        return this.propertyBlock(`backend ${d.name.name}`, d.properties, [], d.range);
      case 'Director':
        return this.propertyBlock(`director ${d.name.name} ${d.directorType.name}`, d.properties, d.members, d.range);
      case 'Penaltybox':
      case 'Ratecounter':
        return this.propertyBlock(`${d.kind.toLowerCase()} ${d.name.name}`, d.properties, [], d.range);
      case 'Acl':
        this.line(`acl ${d.name.name} {`, at);
        this.nested(d.range.end.offset, () => {
          for (const e of d.entries) {
            this.commentsBefore(e.range.start.offset);
            this.line(`${e.negated ? '!' : ''}"${e.address}"${e.prefix === null ? '' : `/${e.prefix}`};`, e.range.end.line);
          }
        });
        return this.line('}', d.range.end.line);
      case 'Table':
        this.line(`table ${d.name.name}${d.valueType ? ` ${d.valueType}` : ''} {`, at);
        this.nested(d.range.end.offset, () => {
          for (const e of d.entries) {
            this.commentsBefore(e.range.start.offset);
            this.line(`${e.key.raw}: ${expr(e.value)},`, e.range.end.line);
          }
        });
        return this.line('}', d.range.end.line);
      case 'Include':
        return this.line(`include ${d.path.raw};`, at);
      case 'Import':
        return this.line(`import ${d.name.name};`, at);
      case 'Pragma':
        return this.line(`pragma ${d.words.join(' ')};`, at);
      case 'Describe':
        this.line(`describe ${d.name.name} {`, at);
        this.nested(d.range.end.offset, () => {
          for (const member of d.members) {
            this.commentsBefore(member.range.start.offset);
            this.sub(member, DESCRIBE_HOOKS.test(member.name.name) ? '' : 'sub ');
          }
        });
        return this.line('}', d.range.end.line);
    }
  }

  private sub(d: SubDeclaration, keyword: string): void {
    const params = d.parameters.length > 0 ? `(${d.parameters.map((p) => `${p.type} ${p.name.name}`).join(', ')})` : '';
    const type = d.returnType ? ` ${d.returnType}` : '';
    this.blockAfter(`${keyword}${d.name.name}${params}${type}`, d.body, d.range.start.line);
  }

  private propertyBlock(header: string, properties: Property[], members: PropertyObject[], range: { start: { line: number }; end: { line: number; offset: number } }): void {
    this.line(`${header} {`, range.start.line);
    this.nested(range.end.offset, () => {
      for (const p of properties) this.property(p);
      for (const m of members) this.propertyObject('', m);
    });
    this.line('}', range.end.line);
  }

  private property(p: Property): void {
    this.commentsBefore(p.range.start.offset);
    if (p.value.kind === 'PropertyObject') this.propertyObject(`.${p.name.name} = `, p.value);
    else this.line(`.${p.name.name} = ${expr(p.value)};`, p.range.end.line);
  }

  private propertyObject(prefix: string, o: PropertyObject): void {
    this.commentsBefore(o.range.start.offset);
    this.line(`${prefix}{`, o.range.start.line);
    this.nested(o.range.end.offset, () => o.properties.forEach((p) => this.property(p)));
    this.line('}', o.range.end.line);
  }

  /** Indent `body`, then flush the comments that stood before the closing brace at `endOffset`. */
  private nested(endOffset: number, body: () => void): void {
    this.depth++;
    body();
    this.commentsBefore(endOffset - 1);
    this.depth--;
  }

  // ---------- statements ----------

  private blockAfter(header: string, block: Block, headerLine: number): void {
    this.line(`${header} {`, headerLine);
    this.nested(block.range.end.offset, () => block.statements.forEach((s) => this.statement(s)));
    this.line('}', block.range.end.line);
  }

  statement(s: Statement): void {
    this.commentsBefore(s.range.start.offset);
    const at = s.range.end.line;
    switch (s.kind) {
      case 'Block':
        return this.blockAfter('', s, s.range.start.line);
      case 'Set':
        return this.line(`set ${s.target.name} ${s.operator} ${expr(s.value)};`, at);
      case 'Unset':
        return this.line(`${s.keyword} ${s.target.name};`, at);
      case 'Add':
        return this.line(`add ${s.target.name} = ${expr(s.value)};`, at);
      case 'Declare':
        return this.line(`declare ${s.scope ?? 'local'} ${s.name.name} ${s.type}${s.init ? ` = ${expr(s.init)}` : ''};`, at);
      case 'If':
        return this.ifStatement(s);
      case 'Return':
        return this.line(returnText(s), at);
      case 'Call':
        return this.line(`call ${s.name.name}${s.args?.length ? `(${s.args.map(expr).join(', ')})` : ''};`, at);
      case 'Error': {
        const status = s.status ? ` ${printTerm(s.status)}` : '';
        const response = s.response ? ` ${expr(s.response)}` : '';
        return this.line(`error${status}${response};`, at);
      }
      case 'Restart':
        return this.line('restart;', at);
      case 'Synthetic':
        return this.line(`${s.base64 ? 'synthetic.base64' : 'synthetic'} ${expr(s.value)};`, at);
      case 'Log':
        return this.line(`log ${expr(s.value)};`, at);
      case 'Esi':
        return this.line('esi;', at);
      case 'Goto':
        return this.line(`goto ${s.label.name};`, at);
      case 'Label':
        return this.line(`${s.name.name}:`, at);
      case 'Include':
        return this.line(`include ${s.path.raw};`, at);
      case 'Break':
        return this.line('break;', at);
      case 'Fallthrough':
        return this.line('fallthrough;', at);
      case 'ExpressionStatement':
        return this.line(`${expr(s.expression)};`, at);
      case 'Switch':
        this.line(`switch (${expr(s.subject)}) {`, s.range.start.line);
        this.nested(s.range.end.offset, () => {
          for (const c of s.cases) {
            this.commentsBefore(c.range.start.offset);
            const test = c.test ? `case ${c.test.regex ? '~ ' : ''}${expr(c.test.value)}:` : 'default:';
            this.line(test, c.range.start.line);
            this.nested(c.range.end.offset + 1, () => c.statements.forEach((st) => this.statement(st)));
          }
        });
        return this.line('}', s.range.end.line);
    }
  }

  private ifStatement(s: Extract<Statement, { kind: 'If' }>): void {
    s.branches.forEach((branch, i) => {
      const header = `if (${expr(branch.condition)})`;
      if (i === 0) return this.blockAfter(header, branch.body, branch.range.start.line);
      // `} else if (…) {` continues the closing line of the previous branch.
      const close = this.lines.pop()!;
      this.lines.push(`${close} ${branch.keyword === 'if' ? 'else if' : branch.keyword} (${expr(branch.condition)}) {`);
      this.lastSourceLine = branch.range.start.line;
      this.nested(branch.body.range.end.offset, () => branch.body.statements.forEach((st) => this.statement(st)));
      this.line('}', branch.body.range.end.line);
    });
    if (s.otherwise) {
      const close = this.lines.pop()!;
      this.lines.push(`${close} else {`);
      this.lastSourceLine = s.otherwise.range.start.line;
      this.nested(s.otherwise.range.end.offset, () => s.otherwise!.statements.forEach((st) => this.statement(st)));
      this.line('}', s.otherwise.range.end.line);
    }
  }
}

function returnText(s: Extract<Statement, { kind: 'Return' }>): string {
  const inner = s.state ? s.state.name : s.value ? expr(s.value) : null;
  if (inner === null) return 'return;';
  return s.parenthesized ? `return(${inner});` : `return ${inner};`;
}

export function print(program: Program): string {
  const printer = new Printer(program.comments);
  program.declarations.forEach((d, i) => {
    if (i > 0) printer.line('', -1);
    printer.declaration(d);
  });
  printer.commentsBefore(Number.POSITIVE_INFINITY);
  return printer.text();
}
