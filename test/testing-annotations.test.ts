// Annotation comments, falco's tag table, and the glob matcher behind test globs and --filter.
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parser/index.js';
import type { SubDeclaration } from '../src/ast/ast.js';
import { leadingComments, parseTags, readMetadata, tagsAllow } from '../src/testing/annotations.js';
import { globToRegExp } from '../src/files/glob.js';
import { planTests } from '../src/testing/plan.js';

function metaOf(source: string) {
  const program = parse(source, 'x.test.vcl');
  const sub = program.declarations.find((d): d is SubDeclaration => d.kind === 'Sub')!;
  return readMetadata(sub, leadingComments(sub, program.comments, 0));
}

describe('annotations', () => {
  it('reads @scope lists, @suite, @skip and @tag from the comments before a sub', () => {
    const meta = metaOf('// @scope: recv, fetch\n# @suite: my suite\n// @skip\n// @tag: prod, !dev\nsub t { }');
    expect(meta).toEqual({ name: 'my suite', scopes: ['recv', 'fetch'], skip: true, tags: [{ name: 'prod', inverse: false }, { name: 'dev', inverse: true }] });
  });

  it('takes the scope from the name when there is no @scope, else recv', () => {
    expect(metaOf('sub test_headers_deliver { }').scopes).toEqual(['deliver']);
    expect(metaOf('sub test_anything { }').scopes).toEqual(['recv']);
    expect(metaOf('// @hit,miss\nsub t { }').scopes).toEqual(['hit', 'miss']);
  });

  it('does not take annotations from comments before an earlier sub', () => {
    const program = parse('// @skip\nsub a { }\nsub b { }', 'x.test.vcl');
    const plan = planTests(program);
    expect(plan.groups.map((g) => [g.tests[0]!.name, g.tests[0]!.skip])).toEqual([['a', true], ['b', false]]);
  });

  it('treats subs named by testing.mock / call_subroutine and typed subs as helpers, not tests', () => {
    const program = parse('sub helper { }\nsub f BOOL { return true; }\nsub t { testing.call_subroutine("helper"); }', 'x.test.vcl');
    expect(planTests(program).groups.map((g) => g.tests[0]!.sub)).toEqual(['t']);
  });

  it('flattens describe members into uniquely named subs with hooks checked in their scope', () => {
    const program = parse('describe g {\n before_fetch { }\n before_each { }\n // @scope: fetch\n sub t { }\n}', 'x.test.vcl');
    const plan = planTests(program);
    // Still VCL names (letters, digits, _), so the checker takes them as it takes any sub.
    expect(plan.declarations.map((d) => (d.kind === 'Sub' ? d.name.name : d.kind))).toEqual(['g__before_fetch', 'g__before_each', 'g__t']);
    expect(Object.fromEntries(plan.scopeOverrides)).toEqual({ g__before_fetch: ['fetch'], g__before_each: ['fetch'], g__t: ['fetch'] });
    expect([...plan.groups[0]!.hooks.keys()]).toEqual(['before_fetch', 'before_each']);
  });
});

describe('falco tag rules', () => {
  // The table in falco's docs/testing.md.
  it.each([
    ['prod', [], false],
    ['prod', ['prod'], true],
    ['prod', ['dev'], false],
    ['!prod', [], true],
    ['!prod', ['prod'], false],
    ['!prod', ['dev'], true],
    ['', [], true],
    ['', ['prod'], true],
  ] as const)('@tag: %s with --tag %j runs: %s', (spec, cli, runs) => {
    expect(tagsAllow(parseTags(spec), cli)).toBe(runs);
  });
});

describe('globs', () => {
  it.each([
    ['**/*.test.vcl', 'a/b/c.test.vcl', true],
    ['**/*.test.vcl', 'c.test.vcl', true],
    ['a/*.test.vcl', 'a/b/c.test.vcl', false],
    ['test_?', 'test_1', true],
    ['{a,b}.vcl', 'b.vcl', true],
    ['x.vcl', 'xxvcl', false],
  ])('%s matches %s: %s', (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });
});
