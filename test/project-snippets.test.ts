// Snippets as Fastly places them: parsed as statements with their own positions (both parsers agree),
// spliced at `#FASTLY <type>` by priority, init snippets at the top level, none snippets by include, a
// missing macro reported, and a snippet file linted alone as the body of its subroutine.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { statement } from './helpers/vcl-programs.js';
import { print } from '../src/parser/index.js';
import { parseStatementsWithChevrotain, parseStatementsWithDiagnostics } from '../src/parser/parse-statements.js';
import { stripRanges } from '../src/ast/strip.js';
import { assembleService, loadProject } from '../src/project/index.js';
import { compileProject } from '../src/engine/project-service.js';
import { VclError } from '../src/diagnostics.js';
import { allDiagnostics, lint } from '../src/lint/index.js';
import { projectDir } from './helpers/project-dirs.js';

const MAIN = 'sub vcl_recv {\n#FASTLY recv\n  return(lookup);\n}\n\nsub vcl_deliver {\n#FASTLY deliver\n  return(deliver);\n}\n';

describe('parsing a snippet', () => {
  const text = '# a comment\nset req.http.A = "1";\nif (req.url ~ "^/x") {\n  set req.http.B = "2";\n} else {\n  unset req.http.B;\n}\n';

  test('gives statements with the snippet file’s own lines and columns', () => {
    const parsed = parseStatementsWithDiagnostics(text, 'snippets/a.vcl');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.statements.map((s) => [s.kind, s.range.file, s.range.start.line, s.range.start.column])).toEqual([
      ['Set', 'snippets/a.vcl', 2, 1],
      ['If', 'snippets/a.vcl', 3, 1],
    ]);
    expect(parsed.comments.map((c) => c.text)).toEqual(['# a comment']);
  });

  test('the direct parser and the grammar build the same statements', () => {
    const direct = parseStatementsWithDiagnostics(text, 'a.vcl');
    const grammar = parseStatementsWithChevrotain(text, 'a.vcl');
    expect(JSON.parse(JSON.stringify(grammar.statements))).toEqual(JSON.parse(JSON.stringify(direct.statements)));
    expect(stripRanges(grammar.statements)).toEqual(stripRanges(direct.statements));
  });

  test('the two parsers agree on generated statement lists (a property)', () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 5 }), (list) => {
        const source = list.join('\n');
        const direct = parseStatementsWithDiagnostics(source, 's.vcl');
        const grammar = parseStatementsWithChevrotain(source, 's.vcl');
        expect(direct.diagnostics).toEqual(grammar.diagnostics);
        // As JSON text: a deep toEqual of trees this size took most of the run (over 30 s on a loaded machine).
        if (grammar.diagnostics.length === 0) expect(JSON.stringify(direct.statements)).toBe(JSON.stringify(grammar.statements));
      }),
      { numRuns: 200 },
    );
  });

  test('reports every syntax error, a declaration or a stray brace included, and keeps what parsed', () => {
    const parsed = parseStatementsWithDiagnostics('set req.http.A = "1"\nset req.http.B = "2";\n}\nset req.http.C = "3";\nsub x {}\n', 'bad.vcl');
    expect(parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '1:21 expected ";" after set statement',
      '3:1 expected a statement (set, if, return, …) but found "}"',
      '5:1 expected a statement (set, if, return, …) but found "sub": a snippet of this type holds statements, not declarations',
    ]);
    expect(parsed.statements.map((s) => s.range.start.line)).toEqual([1, 2, 4]);
  });
});

function service(snippets: object[], files: Record<string, string>, extra: object = {}) {
  const dir = projectDir({ '.vcl-edge.json': JSON.stringify({ main: 'main.vcl', snippets, ...extra }), 'main.vcl': MAIN, ...files });
  const project = loadProject({ cwd: dir });
  return { dir, project, assembled: assembleService(project) };
}

describe('splicing', () => {
  test('snippets go to their #FASTLY line, lower priority first, ties by name', () => {
    const { assembled } = service(
      [
        { file: 'late.vcl', type: 'recv', priority: 200 },
        { file: 'b.vcl', type: 'recv', priority: 5 },
        { file: 'a.vcl', type: 'recv', priority: 5 },
        { file: 'first.vcl', type: 'recv', priority: 1 },
        { file: 'deliver.vcl', type: 'deliver' },
      ],
      {
        'late.vcl': 'set req.http.Order = req.http.Order "late";\n',
        'b.vcl': 'set req.http.Order = req.http.Order "b,";\n',
        'a.vcl': 'set req.http.Order = req.http.Order "a,";\n',
        'first.vcl': 'set req.http.Order = "first,";\n',
        'deliver.vcl': 'set resp.http.Order = req.http.Order;\n',
      },
    );
    expect(assembled.load.diagnostics).toEqual([]);
    const printed = print(assembled.load.program);
    expect(printed.indexOf('"first,"')).toBeLessThan(printed.indexOf('"a,"'));
    expect(printed.indexOf('"a,"')).toBeLessThan(printed.indexOf('"b,"'));
    expect(printed.indexOf('"b,"')).toBeLessThan(printed.indexOf('"late"'));
    // Spliced before the subroutine's own statements, which follow the macro line.
    expect(printed.indexOf('"late"')).toBeLessThan(printed.search(/return\s*\(lookup\)/));
    const svc = compileProject(assembled.load, loadProject({ cwd: projectDir({}) }));
    expect(svc.recv().req.headers.get('Order')).toBe('first,a,b,late');
  });

  test('a snippet placed inside a block, where the macro is', () => {
    const { assembled } = service([{ file: 's.vcl', type: 'recv' }], { 'main.vcl': 'sub vcl_recv {\n  if (req.http.X) {\n    #FASTLY recv\n    set req.http.Y = "after";\n  }\n}\n', 's.vcl': 'set req.http.Y = "snippet";\n' });
    const svc = compileProject(assembled.load, loadProject({ cwd: projectDir({}) }));
    expect(svc.recv({ headers: { X: '1' } }).req.headers.get('Y')).toBe('after');
    expect(svc.recv().req.headers.get('Y')).toBeNull();
  });

  test('init snippets are declarations above the subroutines; none snippets go where include names them', () => {
    const { assembled } = service(
      [
        { file: 'helpers.vcl', type: 'init' },
        { file: 'lib.vcl', type: 'none', name: 'lib' },
        { file: 'recv.vcl', type: 'recv' },
      ],
      {
        'main.vcl': `include "snippet::lib";\n${MAIN}`,
        'helpers.vcl': 'sub set_a { set req.http.A = "from init"; }\n',
        'lib.vcl': 'sub set_b { set req.http.B = "from none"; }\n',
        'recv.vcl': 'call set_a;\ncall set_b;\n',
      },
    );
    expect(assembled.load.diagnostics).toEqual([]);
    const names = assembled.load.program.declarations.map((d) => (d.kind === 'Sub' ? d.name.name : d.kind));
    // The included none snippet stands where the include was; the init snippet goes above every subroutine.
    expect(names).toEqual(['set_a', 'set_b', 'vcl_recv', 'vcl_deliver']);
    const svc = compileProject(assembled.load, loadProject({ cwd: projectDir({}) }));
    expect([svc.recv().req.headers.get('A'), svc.recv().req.headers.get('B')]).toEqual(['from init', 'from none']);
  });

  test('a diagnostic inside a snippet is reported at the snippet file’s own line', () => {
    const { dir, assembled } = service([{ file: 'snippets/recv.vcl', type: 'recv' }], { 'snippets/recv.vcl': '# line 1\nset req.http.A = "1";\nset req.http.B = no.such.variable;\n' });
    try {
      compileProject(assembled.load, loadProject({ cwd: projectDir({}) }));
      expect.unreachable('the snippet has an error');
    } catch (e) {
      expect((e as VclError).diagnostics).toEqual([expect.objectContaining({ file: join(dir, 'snippets/recv.vcl'), line: 3, column: 18, rule: 'unknown-variable' })]);
      // The code frame shows the snippet's own line.
      expect((e as VclError).message).toContain('3 | set req.http.B = no.such.variable;');
    }
  });

  test('a subroutine without its #FASTLY line, or missing altogether, is a clear error', () => {
    const noMacro = service([{ file: 's.vcl', type: 'recv' }], { 'main.vcl': 'sub vcl_recv {\n  return(lookup);\n}\n', 's.vcl': 'set req.http.A = "1";\n' });
    expect(noMacro.assembled.load.diagnostics).toEqual([
      expect.objectContaining({ file: join(noMacro.dir, 'main.vcl'), line: 1, column: 5, rule: 'snippet', message: expect.stringContaining('vcl_recv has no "#FASTLY recv" line, so the recv snippet "s" cannot be placed') }),
    ]);
    const noSub = service([{ file: 's.vcl', type: 'fetch' }], { 's.vcl': 'set beresp.http.A = "1";\n' });
    expect(noSub.assembled.load.diagnostics).toEqual([
      expect.objectContaining({ file: join(noSub.dir, 's.vcl'), line: 1, rule: 'snippet', message: 'snippet "s" is of type fetch, but the main VCL has no sub vcl_fetch with a "#FASTLY fetch" line to splice it into' }),
    ]);
  });
});

describe('linting snippets', () => {
  test('the service is linted as one: a snippet finding is reported under the snippet file, nothing "unused" about config declarations', () => {
    const { dir, project } = service(
      [{ file: 'recv.vcl', type: 'recv' }],
      { 'recv.vcl': 'declare local var.unused STRING;\nset req.http.X = table.lookup(flags, "beta", "off");\n# vcl-edge-disable-next-line unused-variable\ndeclare local var.quiet STRING;\n' },
      { dictionaries: { flags: { beta: 'on' }, spare: { a: 'b' } }, acls: { office: ['192.0.2.0/24'] } },
    );
    const result = lint([], { project, service: true, includePaths: project.includePaths });
    expect(allDiagnostics(result).map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.column} ${d.rule}`)).toEqual(['recv.vcl:1:15 unused-variable']);
  });

  test('--snippet TYPE lints statements as the body of that subroutine, with its scopes and the config’s declarations', () => {
    const dir = projectDir({ '.vcl-edge.json': JSON.stringify({ dictionaries: { flags: {} } }), 'fetch.vcl': 'set beresp.ttl = 60s;\nset req.http.X = table.lookup(flags, "a");\n', 'recv.vcl': 'set beresp.ttl = 60s;\n' });
    const project = loadProject({ cwd: dir });
    expect(allDiagnostics(lint([join(dir, 'fetch.vcl')], { project, snippet: 'fetch' }))).toEqual([]);
    const inRecv = allDiagnostics(lint([join(dir, 'recv.vcl')], { project, snippet: 'recv' }));
    expect(inRecv.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['1:5 variable-scope']);
  });

  test('a configured snippet file named alone is linted by its configured type', () => {
    const { dir, project } = service([{ file: 'deliver.vcl', type: 'deliver' }], { 'deliver.vcl': 'set resp.http.A = "1";\n' });
    expect(allDiagnostics(lint([join(dir, 'deliver.vcl')], { project }))).toEqual([]);
  });
});
