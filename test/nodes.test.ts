// The parser's nodes (src/ast/nodes.ts): one object each, holding its place as offsets and making its
// range when asked. Both parsers must build them, or a tree would mix two shapes and lose the memory saving.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWithChevrotain, parseWithDiagnostics } from '../src/parser/parse.js';
import { SyntaxNode } from '../src/ast/nodes.js';
import type { Program, SetStatement, SubDeclaration } from '../src/ast/ast.js';
import type { SourceRange } from '../src/lexer/source-range.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** Every object with a `kind` in the tree, comments left out (made apart, from the lexer's comment list). */
function nodes(program: Program): object[] {
  const found: object[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    if ('kind' in value && value.kind === 'Comment') return;
    if ('kind' in value) found.push(value);
    for (const [key, child] of Object.entries(value)) if (key !== 'lines') visit(child);
  };
  visit(program.declarations);
  return found;
}

describe('AST nodes', () => {
  it('are SyntaxNodes from the direct parser and from the grammar, also after error recovery', () => {
    const main = fixture('main.vcl');
    const trees = [parseWithDiagnostics(main).program, parseWithChevrotain(main).program, parseWithDiagnostics(fixture('syntax/three-errors.vcl')).program];
    for (const tree of trees) {
      const all = nodes(tree);
      expect(all.length).toBeGreaterThan(20);
      expect(all.filter((n) => !(n instanceof SyntaxNode))).toEqual([]);
      expect(tree).toBeInstanceOf(SyntaxNode);
    }
    expect(nodes(trees[0]!).length).toBe(nodes(trees[1]!).length);
  });

  it('keep two offsets and make their range, with line and column, when asked', () => {
    const { program } = parseWithDiagnostics('sub f {\n  set req.http.X = "a";\n}\n', 'n.vcl');
    const set = (program.declarations[0] as SubDeclaration).body.statements[0] as SetStatement;
    expect(Object.keys(set)).not.toContain('range');
    expect((set.range as SourceRange).toJSON()).toEqual({ file: 'n.vcl', start: { line: 2, column: 3, offset: 10 }, end: { line: 2, column: 24, offset: 31 } });
    expect(set.value.range.start).toEqual({ line: 2, column: 20, offset: 27 });
  });

  it('turn into JSON as a tree of plain objects with ranges, without the line index', () => {
    const { program } = parseWithDiagnostics('sub f { return(pass); }', 'j.vcl');
    const json = JSON.parse(JSON.stringify(program.declarations[0]));
    expect(json.range).toEqual({ file: 'j.vcl', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 24, offset: 23 } });
    expect(json.body.statements[0]).toEqual({
      kind: 'Return',
      state: { kind: 'Identifier', name: 'pass', range: { file: 'j.vcl', start: { line: 1, column: 16, offset: 15 }, end: { line: 1, column: 20, offset: 19 } } },
      value: null,
      parenthesized: true,
      range: { file: 'j.vcl', start: { line: 1, column: 9, offset: 8 }, end: { line: 1, column: 22, offset: 21 } },
    });
    expect(JSON.stringify(program.declarations[0])).not.toMatch(/lineStarts|startOffset|"lines"/);
  });
});
