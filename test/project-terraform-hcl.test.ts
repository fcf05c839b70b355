// A Fastly service's Terraform read as written (`--terraform main.tf` or a folder of .tf files): the HCL
// reader (src/project/hcl.ts) on every syntax form it takes, its errors at file:line:col, the evaluation of
// what a service needs (file(), templatefile(), var, local, for_each…), notes for what it cannot evaluate,
// and the fixture service written as .tf (fixtures/service/tf) giving what its plan.json gives.
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { assembleService, loadProject, type ProjectConfig } from '../src/project/index.js';
import { parseHcl, HclError } from '../src/project/hcl.js';
import { evaluate, Unevaluable, type Scope, type Value } from '../src/project/hcl-eval.js';
import { callFunction } from '../src/project/hcl-functions.js';
import { compileProject } from '../src/engine/project-service.js';
import { print } from '../src/parser/index.js';
import { withFields } from '../src/ast/nodes.js';
import { allDiagnostics, lint } from '../src/lint/index.js';
import { runTests } from '../src/testing/runner.js';
import { startEdge } from '../src/index.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { projectDir } from './helpers/project-dirs.js';

const SERVICE = resolve('fixtures/service');
const fromPlan = () => loadProject({ cwd: SERVICE, terraform: 'plan.json' });
const fromTf = () => loadProject({ cwd: SERVICE, terraform: 'tf' });

/** The value of the attribute `name` of a one-attribute-per-line HCL text, evaluated with no names in scope. */
function valueOf(text: string, name = 'v'): Value {
  const file = parseHcl('t.tf', text);
  const attr = file.body.attributes.find((a) => a.name === name)!;
  const scope: Scope = {
    variable: (n, at) => {
      if (n === 'names') return { a: 'x', list: [{ id: 1 }, { id: 2 }] };
      throw new Unevaluable(at.start, `unknown ${n}`);
    },
    call: (n, args) => (n === 'upper' ? String(args[0]).toUpperCase() : null),
  };
  return evaluate(attr.expr, scope);
}

const fail = (text: string) => {
  try {
    parseHcl('bad.tf', text);
  } catch (e) {
    expect(e).toBeInstanceOf(HclError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('the HCL reader', () => {
  test('blocks with labels (quoted or bare), attributes, nested and one-line blocks', () => {
    const file = parseHcl('t.tf', 'resource "fastly_service_vcl" "x" {\n  name = "shop"\n  vcl { name = "main" }\n}\nlocals {\n  a = 1\n}\nblock bare label {}\n');
    expect(file.body.blocks.map((b) => [b.type, b.labels])).toEqual([
      ['resource', ['fastly_service_vcl', 'x']],
      ['locals', []],
      ['block', ['bare', 'label']],
    ]);
    const service = file.body.blocks[0]!.body;
    expect([service.attributes.map((a) => a.name), service.blocks.map((b) => [b.type, b.body.attributes[0]!.name])]).toEqual([['name'], [['vcl', 'name']]]);
  });

  test('literals: strings with escapes, numbers, booleans, null', () => {
    expect(valueOf('v = "a\\tb\\n\\"q\\" \\\\ \\u00e9 \\U0001F600"')).toBe('a\tb\n"q" \\ é 😀');
    expect(['v = 443', 'v = 1.5', 'v = 1e3', 'v = -2', 'v = true', 'v = false', 'v = null'].map((t) => valueOf(t))).toEqual([443, 1.5, 1000, -2, true, false, null]);
  });

  test('templates: ${…} interpolated, $${ and %%{ literal, %{…} directives kept as text and not evaluated', () => {
    expect(valueOf('v = "a-${names.a}-${1 + 2}"')).toBe('a-x-3');
    expect(valueOf('v = "${names.list}"')).toEqual([{ id: 1 }, { id: 2 }]); // one interpolation: its value as is
    expect(valueOf('v = "$${x} %%{y}"')).toBe('${x} %{y}');
    expect(valueOf('v = "a ${~ "b" ~} c"')).toBe('abc');
    const file = parseHcl('t.tf', 'v = "%{ if true }yes%{ endif }"');
    expect(file.body.attributes[0]!.expr).toMatchObject({ kind: 'template', directive: true, parts: ['%{ if true }yes%{ endif }'] });
    expect(() => valueOf('v = "%{ if true }yes%{ endif }"')).toThrow(/template directives/);
  });

  test('heredocs: <<EOT as written, <<-EOT with the lines’ common indent removed, both interpolated', () => {
    expect(valueOf('v = <<EOT\n  if (req.url) {\n    set req.http.X = "1";\n  }\nEOT\n')).toBe('  if (req.url) {\n    set req.http.X = "1";\n  }\n');
    expect(valueOf('  v = <<-EOT\n    if (req.url) {\n\n      set req.http.X = "${names.a}";\n    }\n    EOT\n')).toBe('if (req.url) {\n\nset req.http.X = "x";\n}\n'.replace('set', '  set'));
    expect(valueOf('v = <<EOT\n"quotes" and \\n stay\nEOT')).toBe('"quotes" and \\n stay\n');
  });

  test('lists, objects with = or :, comments of three kinds, newlines inside brackets', () => {
    const text = ['# a comment', 'v = [ // another', '  1, "two", /* inline */ [3],', '  { a = 1, "b": 2, c = { d = [] } },', ']', '/* a', 'block comment */'].join('\n');
    expect(valueOf(text)).toEqual([1, 'two', [3], { a: 1, b: 2, c: { d: [] } }]);
    expect(valueOf('v = {\n  key1: "value1"\n  key2: "value2"\n}')).toEqual({ key1: 'value1', key2: 'value2' });
    expect(valueOf('v = { (names.a) = 1 }')).toEqual({ x: 1 }); // a key in parentheses is evaluated
  });

  test('references, attributes, index, legacy .0 index, splat', () => {
    expect(valueOf('v = names.list[1].id')).toBe(2);
    expect(valueOf('v = names.list.0.id')).toBe(1);
    expect(valueOf('v = names.list[*].id')).toEqual([1, 2]);
    expect(valueOf('v = names.list.*.id')).toEqual([1, 2]);
    expect(valueOf('v = names["a"]')).toBe('x');
  });

  test('element() wraps a large index round the list and refuses a negative one (it would read no element)', () => {
    const at = parseHcl('t.tf', 'v = 1').body.attributes[0]!.expr;
    const noFiles = { read: () => '', readBase64: () => '', listFiles: () => [], template: () => null };
    expect(callFunction('element', [['a', 'b', 'c'], 4], at, noFiles)).toBe('b');
    expect(() => callFunction('element', [['a', 'b', 'c'], -1], at, noFiles)).toThrow(/negative index -1/);
  });

  test('fileset() takes {a,b} alternatives; an unbalanced brace is Unevaluable, not a crash', () => {
    const at = parseHcl('t.tf', 'v = 1').body.attributes[0]!.expr;
    const files = { read: () => '', readBase64: () => '', listFiles: () => ['a.vcl', 'b.vcl', 'c,d.vcl', 'e}.vcl', 'sub/f.vcl'], template: () => null };
    const fileset = (pattern: string) => callFunction('fileset', ['.', pattern], at, files);
    expect([fileset('{a,b}.vcl'), fileset('c,d.vcl'), fileset('e}.vcl'), fileset('**/*.vcl')]).toEqual([['a.vcl', 'b.vcl'], ['c,d.vcl'], ['e}.vcl'], ['a.vcl', 'b.vcl', 'c,d.vcl', 'e}.vcl', 'sub/f.vcl']]);
    expect(() => fileset('{a')).toThrow(Unevaluable);
  });

  test('an object key named __proto__ or constructor is a key like any other', () => {
    expect(valueOf('v = { for x in ["constructor", "constructor"] : x => x... }')).toEqual({ constructor: ['constructor', 'constructor'] });
    const proto = valueOf('v = { "__proto__" = { a = 1 } }') as Record<string, Value>;
    expect([Object.keys(proto), Object.getPrototypeOf(proto) === Object.prototype, JSON.stringify(proto)]).toEqual([['__proto__'], true, '{"__proto__":{"a":1}}']);
  });

  test('a value that keeps doubling is Unevaluable at a bound, before it takes all memory', () => {
    let shared: Value = ['x'];
    for (let i = 0; i < 40; i++) shared = [shared, shared]; // 2^40 elements written out, 41 arrays held
    const half = Array.from({ length: 600_000 }, () => 'x');
    const scope: Scope = {
      variable: (n) => (n === 'shared' ? shared : half),
      call: (n, args) => (n === 'concat' ? (args as Value[][]).flat(1) : null),
    };
    const valueIn = (text: string) => evaluate(parseHcl('t.tf', text).body.attributes[0]!.expr, scope);
    expect(() => valueIn('v = [shared]')).toThrow(/more than 1000000 elements/);
    expect(() => valueIn('v = concat(half, half)')).toThrow(/more than 1000000 elements/);
    expect((valueIn('v = concat(half, ["y"])') as Value[]).length).toBe(600_001);
  });

  test('function calls (with "..." expansion), operators by precedence, conditionals', () => {
    expect(valueOf('v = upper("a")')).toBe('A');
    expect(parseHcl('t.tf', 'v = merge(a, b...)').body.attributes[0]!.expr).toMatchObject({ kind: 'call', name: 'merge', expand: true });
    expect(valueOf('v = 1 + 2 * 3 - 4 / 2 % 3')).toBe(5);
    expect(valueOf('v = !false && (1 < 2 || false) && "a" == "a" && 2 >= 2 && 1 != 2')).toBe(true);
    expect(valueOf('v = 1 > 2 ? "yes" : "no"')).toBe('no');
    expect(valueOf('v = -(3)')).toBe(-3);
  });

  test('for expressions: lists, objects, conditions, grouping', () => {
    expect(valueOf('v = [for x in names.list : x.id * 10 if x.id > 1]')).toEqual([20]);
    expect(valueOf('v = [for i, x in ["a", "b"] : "${i}${x}"]')).toEqual(['0a', '1b']);
    expect(valueOf('v = {\n  for x in names.list : "k${x.id}" => x.id\n}')).toEqual({ k1: 1, k2: 2 });
    expect(valueOf('v = { for x in ["a", "b", "a"] : x => x... }')).toEqual({ a: ['a', 'a'], b: ['b'] });
    expect(valueOf('v = { for k, v in { b = 2, a = 1 } : v => k }')).toEqual({ 1: 'a', 2: 'b' }); // an object's keys in order
  });

  test('syntax errors name file:line:col and what was expected', () => {
    expect(fail('a = 1\nb = \n')).toBe('bad.tf:2:5: expected an expression, found a new line');
    expect(fail('resource "x" "y" {\n  name = "shop"\n')).toBe('bad.tf:3:1: expected "}" to close the block, found the end of the file');
    expect(fail('a = "unclosed\n')).toBe('bad.tf:1:5: a quoted string cannot span lines (use a heredoc: <<-EOT)');
    expect(fail('a = <<EOT\ntext\n')).toBe('bad.tf:1:5: the heredoc <<EOT has no closing line "EOT"');
    expect(fail('a = "\\q"')).toBe('bad.tf:1:6: unknown escape \\q in a string (known: \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN)');
    expect(fail('a = [1, 2\nb = 3')).toBe('bad.tf:2:1: expected "," or "]" in a list, found "b"');
    expect(fail('a = 1\na = 2')).toBe('bad.tf:2:1: attribute "a" is set twice in this block');
    expect(fail('block "x" = {}')).toBe('bad.tf:1:11: expected "=" (an attribute) or "{" (a block) after "block", found "="');
    expect(fail('/* never closed')).toBe('bad.tf:1:1: a /* comment is not closed');
    expect(fail('a = 1 2')).toBe('bad.tf:1:7: expected a new line after the attribute, found "2"');
    expect(fail('}')).toBe('bad.tf:1:1: unexpected "}": no block is open');
    expect(fail(`a = ${'['.repeat(200)}`)).toMatch(/^bad\.tf:1:\d+: nested more than 100 levels deep$/);
  });

  test('throws only its own error on any input', () => {
    const pieces = fc.constantFrom('resource', '"x"', '{', '}', '[', ']', '(', ')', '=', ':', ',', '.', '*', '${', '%{', '<<EOT\n', '<<-EOT\n', 'EOT', '\n', ' ', '#', '//', '/*', '*/', '\\', '"', 'for', 'in', '=>', '...', '?', '1', '-', '!', 'a');
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')));
    fc.assert(
      fc.property(text, (source) => {
        try {
          parseHcl('r.tf', source);
        } catch (e) {
          if (!(e instanceof HclError)) throw e;
          expect((e as Error).message).toMatch(/^r\.tf:\d+:\d+: /);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the fixture service written as .tf files', () => {
  test('gives what its plan.json gives: main VCL and snippets at their files, dictionaries, ACL entries, backend', () => {
    const [tf, plan] = [fromTf(), fromPlan()];
    expect(tf.mainText!.file).toBe(join(SERVICE, 'vcl/main.vcl'));
    expect(tf.mainText!.text).toBe(plan.mainText!.text);
    const snippets = (p: ProjectConfig) => p.snippets.map((s) => [s.name, s.type, s.priority, s.file, s.text]);
    expect(snippets(tf)).toEqual(snippets(plan));
    const dictionaries = (p: ProjectConfig) => [...p.dictionaries.values()].map((d) => [d.name, d.external, d.items.map((i) => [i.key, i.value])]);
    expect(dictionaries(tf)).toEqual(dictionaries(plan));
    const acls = (p: ProjectConfig) => [...p.acls.values()].map((a) => [a.name, a.external, a.entries.map((e) => [e.negated, e.address, e.prefix])]);
    expect(acls(tf)).toEqual(acls(plan));
    const backends = (p: ProjectConfig) => [...p.backends].map(([name, { at: _, ...setting }]) => [name, setting]);
    expect(backends(tf)).toEqual(backends(plan));
    expect(tf.notes).toEqual([`${join('tf', 'main.tf')}: fastly_service_vcl.shop: ignored logging_https (configuration Fastly turns into VCL; vcl-edge runs only the VCL, snippets, dictionaries, ACLs and backends)`]);
    // Every file read is watched (serve --watch) and kept for code frames.
    expect(tf.files.map((f) => f.slice(SERVICE.length + 1)).sort()).toEqual(['data/redirects.json', 'tf/data.tf', 'tf/main.tf', 'tf/variables.tf', 'vcl/main.vcl', ...['headers', 'helpers', 'internal', 'redirects'].map((s) => `vcl/snippets/${s}.vcl`)].sort());
  });

  test('a declaration made from a block points at its line in the .tf file; a single .tf file is read alone', () => {
    const acl = fromTf().acls.get('internal')!;
    expect([acl.at.lines.file, acl.at.lines.position(acl.at.offset).line]).toEqual([join(SERVICE, 'tf/main.tf'), 64]);
    expect(() => loadProject({ cwd: SERVICE, terraform: 'tf/data.tf' })).toThrow(/tf\/data\.tf: the \.tf files have no fastly_service_vcl resource/);
  });

  test('lint finds nothing and the service’s tests pass, as from the plan', () => {
    for (const project of [fromTf(), fromPlan()]) {
      expect(allDiagnostics(lint([], { project, service: true, includePaths: project.includePaths }))).toEqual([]);
      const assembled = assembleService(project);
      const report = runTests(assembled.load.files[0]!, [join(SERVICE, 'vcl/service.test.vcl')], { loadMain: () => assembled.load, compile: (load, options) => compileProject(load, project, options) });
      expect(report.results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    }
    // The same program; only the comments' places differ (a declaration made from config sits where it was written).
    const program = (p: ProjectConfig) => print(withFields(assembleService(p).load.program, { comments: [] }));
    expect(program(fromTf())).toBe(program(fromPlan()));
  });

  test('serve: over a real socket, a redirect from the dictionary, the snippets, the origin behind the backend', async () => {
    const origin = await startHttpOrigin((req, res) => res.end(`origin saw ${req.url}`));
    const project = fromTf();
    const edge = await startEdge({ vcl: compileProject(assembleService(project).load, project), port: 0, backends: { F_origin: `http://127.0.0.1:${origin.port}` }, accessLog: null });
    try {
      const redirect = await fetch(`${edge.url}/blog`, { redirect: 'manual' });
      expect([redirect.status, redirect.headers.get('location')]).toEqual([301, 'https://blog.example.com/']);
      const page = await fetch(`${edge.url}/page`);
      expect([await page.text(), page.headers.get('x-snippets'), page.headers.get('x-served-by')]).toEqual(['origin saw /page', 'internal,redirects', 'vcl-edge unknown']);
    } finally {
      await edge.close();
      await origin.close();
    }
  });
});

describe('evaluating a module’s .tf files', () => {
  const SERVICE_TF = [
    'variable "env" {',
    '  default = "dev"',
    '}',
    'variable "origin" {}',
    'variable "extra_items" {',
    '  default = {}',
    '}',
    'locals {',
    '  vcl   = "${path.module}/vcl"',
    '  names = merge({ a = "1" }, { b = "2" })',
    '}',
    'resource "fastly_service_vcl" "svc" {',
    '  name = "svc-${var.env}"',
    '  vcl {',
    '    name    = "main"',
    '    content = templatefile("${local.vcl}/main.vcl.tpl", { env = var.env, greeting = trimspace("  hi  ") })',
    '    main    = true',
    '  }',
    '  vcl {',
    '    name    = "lib"',
    '    content = chomp(file("./vcl/lib.vcl"))',
    '  }',
    '  snippet {',
    '    name     = "s"',
    '    type     = "recv"',
    '    priority = "20"',
    '    content  = <<-EOT',
    '      set req.http.X-Env = "${var.env}";',
    '    EOT',
    '  }',
    '  dynamicsnippet {',
    '    name = "dyn"',
    '    type = "deliver"',
    '  }',
    '  dictionary {',
    '    name = "flags"',
    '  }',
    '  dictionary {',
    '    name = "yaml"',
    '  }',
    '  acl {',
    '    name = "office"',
    '  }',
    '  backend {',
    '    name    = "origin"',
    '    address = var.origin',
    '    port    = 8080',
    '  }',
    '}',
    '# The provider’s documented ways to link: an id picked from a for expression, for_each with each.key, count.',
    'resource "fastly_service_dictionary_items" "flags" {',
    '  service_id    = fastly_service_vcl.svc.id',
    '  dictionary_id = { for d in fastly_service_vcl.svc.dictionary : d.name => d.dictionary_id }["flags"]',
    '  items         = merge(jsondecode(file("${path.module}/flags.json")), var.extra_items)',
    '}',
    'resource "fastly_service_dictionary_items" "yaml" {',
    '  for_each      = toset(["yaml"])',
    '  service_id    = fastly_service_vcl.svc.id',
    '  dictionary_id = { for d in fastly_service_vcl.svc.dictionary : d.name => d.dictionary_id }[each.key]',
    '  items         = yamldecode(file("${path.root}/items.yaml"))',
    '}',
    'resource "fastly_service_acl_entries" "office" {',
    '  count      = 1',
    '  service_id = fastly_service_vcl.svc.id',
    '  acl_id     = fastly_service_vcl.svc.acl[count.index].acl_id',
    '  entry {',
    '    ip     = "192.0.2.0"',
    '    subnet = 24',
    '  }',
    '  entry {',
    '    ip      = "192.0.2.9"',
    '    negated = "true"',
    '  }',
    '}',
    'resource "fastly_service_dynamic_snippet_content" "dyn" {',
    '  service_id = fastly_service_vcl.svc.id',
    '  snippet_id = { for s in fastly_service_vcl.svc.dynamicsnippet : s.name => s.snippet_id }["dyn"]',
    '  content    = "set resp.http.X-Dyn = \\"${local.names.a}${local.names.b}\\";\\n"',
    '}',
  ].join('\n');
  const FILES = {
    'infra/main.tf': SERVICE_TF,
    'infra/terraform.tfvars': 'origin = "origin.internal"\nenv = "prod"\n',
    'infra/extra.auto.tfvars': 'extra_items = { beta = "on" }\n',
    'infra/vcl/main.vcl.tpl': '# ${env}\ninclude "lib";\nsub vcl_recv {\n#FASTLY recv\n  set req.http.X-Greeting = "${greeting}" req.http.X-Lib;\n}\nsub vcl_deliver {\n#FASTLY deliver\n}\n',
    'infra/vcl/lib.vcl': 'sub lib_mark {\n  set req.http.X-Lib = "lib";\n}\n\n',
    'infra/flags.json': '{ "alpha": "off" }',
    'infra/items.yaml': 'a: "1"\nb: two\n',
  };

  test('file(), templatefile(), jsondecode/yamldecode, trimspace, chomp, merge, var (tfvars), local, path, for_each, count', () => {
    const dir = projectDir(FILES);
    const project = loadProject({ cwd: dir, terraform: 'infra' });
    expect(project.notes).toEqual([]);
    expect(project.mainText!.text).toBe('# prod\ninclude "lib";\nsub vcl_recv {\n#FASTLY recv\n  set req.http.X-Greeting = "hi" req.http.X-Lib;\n}\nsub vcl_deliver {\n#FASTLY deliver\n}\n');
    expect(project.includes.get('lib')!.text).toBe('sub lib_mark {\n  set req.http.X-Lib = "lib";\n}');
    expect(project.snippets.map((s) => [s.name, s.type, s.priority, s.text])).toEqual([
      ['s', 'recv', 20, 'set req.http.X-Env = "prod";\n'],
      ['dyn', 'deliver', 100, 'set resp.http.X-Dyn = "12";\n'],
    ]);
    const items = (name: string) => project.dictionaries.get(name)!.items.map((i) => [i.key, i.value]);
    expect([items('flags'), items('yaml')]).toEqual([
      [['alpha', 'off'], ['beta', 'on']],
      [['a', '1'], ['b', 'two']],
    ]);
    expect(project.acls.get('office')!.entries.map((e) => [e.negated, e.address, e.prefix])).toEqual([
      [false, '192.0.2.0', 24],
      [true, '192.0.2.9', null],
    ]);
    expect(project.backends.get('F_origin')!.url).toBe('http://origin.internal:8080');
    const service = compileProject(assembleService(project).load, project);
    const recv = service.recv({ url: '/' });
    expect(recv.req.headers.get('X-Env')).toBe('prod');
  });

  test('what it cannot evaluate is left out with a note naming file:line:col, the expression and why', () => {
    const tf = [
      'resource "fastly_service_vcl" "svc" {',
      '  name = "svc"',
      '  vcl {',
      '    name    = "main"',
      '    main    = true',
      '    content = file("main.vcl")',
      '  }',
      '  snippet {',
      '    name    = "a"',
      '    type    = "recv"',
      '    content = data.http.vcl.response_body',
      '  }',
      '  snippet {',
      '    name    = "b"',
      '    type    = "recv"',
      '    content = sha256("x")',
      '  }',
      '  snippet {',
      '    name    = "c"',
      '    type    = "recv"',
      '    content = "%{ if true }x%{ endif }"',
      '  }',
      '  backend {',
      '    name    = "o"',
      '    address = var.nowhere',
      '  }',
      '}',
      'module "remote" {',
      '  source = "fastly/service/registry"',
      '}',
    ].join('\n');
    const dir = projectDir({ 'main.tf': tf, 'main.vcl': 'sub vcl_recv {\n#FASTLY recv\n}\n' });
    const project = loadProject({ cwd: dir, terraform: 'main.tf' });
    expect(project.notes).toEqual([
      'main.tf:28:1: module "remote": its source is not a local folder ("./…"): its resources are not read',
      'main.tf:11:15: cannot evaluate `data.http.vcl.response_body`: data sources are read by Terraform at plan time; fastly_service_vcl.svc: snippet block\'s content is left out',
      'main.tf:16:15: cannot evaluate `sha256("x")`: the function sha256() is not evaluated here; fastly_service_vcl.svc: snippet block\'s content is left out',
      'main.tf:21:15: cannot evaluate `"%{ if true }x%{ endif }"`: template directives (%{ if }, %{ for }) are not evaluated here; fastly_service_vcl.svc: snippet block\'s content is left out',
      'main.tf:25:15: cannot evaluate `var.nowhere`: no variable "nowhere" is declared (variable "nowhere" { … }); fastly_service_vcl.svc: backend block\'s address is left out',
    ]);
    expect([project.snippets, project.backends.size, project.mainText!.file]).toEqual([[], 0, join(dir, 'main.vcl')]);
  });

  test('TF_VAR_NAME gives a variable its value; a name that needs itself, or a chain of names too long, is noted, not a crash', () => {
    const chain = Array.from({ length: 300 }, (_, i) => `  l${i} = local.l${i + 1}`).join('\n');
    const tf = `variable "origin" {}\nlocals {\n  self = local.self\n${chain}\n  l300 = "end"\n}\nresource "fastly_service_vcl" "s" {\n  name = local.self\n  dictionary {\n    name = local.l0\n  }\n  backend {\n    name    = "o"\n    address = var.origin\n  }\n}\n`;
    const dir = projectDir({ 'main.tf': tf });
    process.env['TF_VAR_origin'] = 'origin.example.net';
    try {
      const project = loadProject({ cwd: dir, terraform: 'main.tf' });
      expect(project.notes).toEqual([
        'main.tf:307:10: cannot evaluate `local.self`: local.self refers to itself; fastly_service_vcl.s: name is left out',
        expect.stringMatching(/^main\.tf:309:12: cannot evaluate `local\.l0`: local\.l\d+: names refer to names more than 200 deep; fastly_service_vcl\.s: dictionary block's name is left out$/),
      ]);
      expect([project.backends.get('F_o')!.url, project.dictionaries.size]).toEqual(['http://origin.example.net:80', 0]);
    } finally {
      delete process.env['TF_VAR_origin'];
    }
  });

  test('fileset() and filebase64() fill a dictionary from a folder; one() picks the only block', () => {
    const tf = [
      'resource "fastly_service_vcl" "cdn" {',
      '  name = "cdn"',
      '  dictionary {',
      '    name = "static"',
      '  }',
      '}',
      'resource "fastly_service_dictionary_items" "static" {',
      '  service_id    = fastly_service_vcl.cdn.id',
      '  dictionary_id = one(fastly_service_vcl.cdn.dictionary).dictionary_id',
      '  items         = { for f in fileset("${path.module}/static", "**/*.{txt,html}") : "/${f}" => filebase64("${path.module}/static/${f}") }',
      '}',
    ].join('\n');
    const dir = projectDir({ 'main.tf': tf, 'static/a.txt': 'A', 'static/sub/b.html': 'B', 'static/skip.css': 'C' });
    const items = loadProject({ cwd: dir, terraform: 'main.tf' }).dictionaries.get('static')!.items;
    expect(items.map((i) => [i.key, i.value])).toEqual([
      ['/a.txt', 'QQ=='],
      ['/sub/b.html', 'Qg=='],
    ]);
  });

  test('a local child module is read with its arguments; several services need one named', () => {
    const child = 'variable "name" {}\nresource "fastly_service_vcl" "svc" {\n  name = var.name\n  vcl {\n    name    = "main"\n    main    = true\n    content = file("${path.module}/main.vcl")\n  }\n}\noutput "id" {\n  value = fastly_service_vcl.svc.id\n}\n';
    const root = 'module "shop" {\n  source = "./modules/service"\n  name   = "shop"\n}\nmodule "blog" {\n  source = "./modules/service"\n  name   = "blog-${local.suffix}"\n}\nlocals {\n  suffix = "eu"\n}\n';
    const dir = projectDir({ 'main.tf': root, 'modules/service/main.tf': child, 'modules/service/main.vcl': 'sub vcl_recv {\n}\n' });
    expect(() => loadProject({ cwd: dir, terraform: '.' })).toThrow(/the \.tf files have 2 Fastly services \(shop, blog-eu\); name one: --terraform .*#NAME/);
    const blog = loadProject({ cwd: dir, terraform: '.#blog-eu' });
    expect(blog.mainText!.file).toBe(join(dir, 'modules/service/main.vcl'));
    expect(loadProject({ cwd: dir, terraform: `${dir}#module.shop.fastly_service_vcl.svc` }).mainText!.text).toBe('sub vcl_recv {\n}\n');
  });

  test('a syntax error, an unreadable path, a folder without .tf files are usage errors naming the place', () => {
    const dir = projectDir({ 'bad/main.tf': 'resource "fastly_service_vcl" "x" {\n  name = \n}\n', 'empty/readme.md': '' });
    expect(() => loadProject({ cwd: dir, terraform: 'bad' })).toThrow(`${join(dir, 'bad/main.tf')}:2:10: expected an expression, found a new line`);
    expect(() => loadProject({ cwd: dir, terraform: 'empty' })).toThrow(`${join(dir, 'empty')}: no .tf files in this folder`);
    expect(() => loadProject({ cwd: dir, terraform: 'missing.tf' })).toThrow(/cannot read .*missing\.tf: no such file/);
  });
});

describe('the config file’s "terraform" key', () => {
  test('names the .tf files (relative to the config) read before the rest of it; --terraform replaces it', () => {
    const dir = projectDir({ '.vcl-edge.json': JSON.stringify({ terraform: join(SERVICE, 'tf'), backends: { F_origin: 'http://127.0.0.1:9000' } }) });
    const project = loadProject({ cwd: dir });
    expect([project.mainText!.file, project.backends.get('F_origin')!.url, project.dictionaries.size]).toEqual([join(SERVICE, 'vcl/main.vcl'), 'http://127.0.0.1:9000', 2]);
    const replaced = loadProject({ cwd: dir, terraform: join(SERVICE, 'plan.json') });
    expect(replaced.files).toEqual([join(SERVICE, 'plan.json'), join(dir, '.vcl-edge.json')]);
    const bad = projectDir({ '.vcl-edge.json': '{\n  "terraform": 1\n}\n' });
    expect(() => loadProject({ cwd: bad })).toThrow(`${join(bad, '.vcl-edge.json')}:2:3: "terraform" must be the path of a .tf file, a folder of them, or a plan's JSON`);
  });
});
