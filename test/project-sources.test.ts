// The service's other sources: falco's .falco.yml and a Terraform plan (`terraform show -json`). The
// fixture service is described twice (fixtures/service/config/.vcl-edge.json and fixtures/service/plan.json):
// both must assemble into the same service.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assembleService, backendVclName, loadProject, type ProjectConfig } from '../src/project/index.js';
import { compileProject, loadService } from '../src/engine/project-service.js';
import { print, stripRanges } from '../src/parser/index.js';
import { withFields } from '../src/ast/nodes.js';
import type { Program } from '../src/ast/ast.js';
import { allDiagnostics, lint } from '../src/lint/index.js';
import { runTests } from '../src/testing/runner.js';
import { projectDir } from './helpers/project-dirs.js';

const SERVICE = resolve('fixtures/service');
const fromConfig = () => loadProject({ cwd: join(SERVICE, 'config') });
const fromPlan = () => loadProject({ cwd: SERVICE, terraform: 'plan.json' });

describe('.falco.yml', () => {
  const FALCO = [
    'include_paths: ["vcl/shared"]',
    'remote: true',
    'linter:',
    '  verbose: warning',
    '  rules:',
    '    subroutine/boilerplate-macro: ignore',
    '    acl/duplicated: warning',
    '    regex/matched-value-override: error',
    '  enforce_subroutine_scopes:',
    '    fastly_managed_waf: [recv, pass]',
    'simulator:',
    '  port: 3124',
    '  edge_dictionary:',
    '    sim_dict: { a: "1" }',
    'testing:',
    '  timeout: 100',
    '  edge_dictionary:',
    '    flags:',
    '      beta: "on"',
    '  overrides:',
    '    client.geo.country_code: DE',
    '    client.as.number: "64496"',
    'override_backends:',
    '  F_origin:',
    '    host: 127.0.0.1:9000',
    '    ssl: false',
    '    unhealthy: true',
    'format:',
    '  indent_width: 2',
  ].join('\n');

  test('is found upward and read for what vcl-edge shares with falco; a note names what was ignored', () => {
    const dir = projectDir({ '.falco.yml': FALCO, 'vcl/main.vcl': '' });
    const project = loadProject({ cwd: join(dir, 'vcl') });
    expect(project.includePaths).toEqual([join(dir, 'vcl/shared')]);
    expect(project.rules).toEqual({ 'fastly-macro': 'off', 'duplicate-declaration': 'warning' });
    expect([...project.scopeOverrides]).toEqual([['fastly_managed_waf', ['recv', 'pass']]]);
    expect([...project.dictionaries.keys()]).toEqual(['sim_dict', 'flags']);
    expect([...project.overrides]).toEqual([['client.geo.country_code', 'DE'], ['client.as.number', '64496']]);
    expect(project.backends.get('F_origin')!.url).toBe('http://127.0.0.1:9000');
    expect(project.notes).toEqual([
      '../.falco.yml: ignored remote, linter.verbose, linter.rules.regex/matched-value-override, simulator.port, testing.timeout, override_backends.F_origin.unhealthy, format (vcl-edge has no counterpart; see docs/config.md)',
    ]);
  });

  test('an override_backends host that is no host[:port] is an error at its line, not a bare "Invalid URL" later', () => {
    for (const host of ['bad host', 'origin.example.com/path', 'origin.example.com:port']) {
      const dir = projectDir({ '.falco.yml': `override_backends:\n  F_x:\n    host: "${host}"\n` });
      expect(() => loadProject({ cwd: dir }), host).toThrow(`${join(dir, '.falco.yml')}:3:5: override_backends F_x: "host" is a host name or address with an optional :port, got "${host}"`);
    }
  });

  test('.vcl-edge.json is read after it and wins; --config may name a .falco.yml alone', () => {
    const dir = projectDir({ '.falco.yml': FALCO, '.vcl-edge.json': '{ "overrides": { "client.geo.country_code": "FR" } }' });
    expect(loadProject({ cwd: dir }).overrides.get('client.geo.country_code')).toBe('FR');
    expect(loadProject({ cwd: dir, config: '.falco.yml' }).overrides.get('client.geo.country_code')).toBe('DE');
  });

  test('its overrides and dictionaries reach the running service, string values read as their variable’s type', () => {
    const dir = projectDir({ '.falco.yml': FALCO, 'main.vcl': 'sub vcl_recv {\n#FASTLY recv\n  set req.http.Geo = client.geo.country_code;\n  set req.http.AS = client.as.number;\n  set req.http.Beta = table.lookup(flags, "beta");\n}\n' });
    const project = loadProject({ cwd: dir });
    const r = compileProject(assembleService(project, { main: join(dir, 'main.vcl') }).load, project).recv();
    expect([r.req.headers.get('Geo'), r.req.headers.get('AS'), r.req.headers.get('Beta')]).toEqual(['DE', '64496', 'on']);
  });
});

describe('overrides', () => {
  test('client.ip from the config replaces every request’s address; a name that cannot be overridden is an error', async () => {
    const dir = projectDir({
      '.vcl-edge.json': JSON.stringify({ main: 'main.vcl', acls: { office: ['203.0.113.0/24'] }, overrides: { 'client.ip': '203.0.113.9', 'server.datacenter': 'FRA' } }),
      'main.vcl': 'sub vcl_recv {\n#FASTLY recv\n  set req.http.Office = if(client.ip ~ office, "yes", "no");\n  set req.http.POP = server.datacenter;\n}\n',
    });
    const r = loadService({ cwd: dir }).recv({ clientIp: '192.0.2.1' });
    expect([r.req.headers.get('Office'), r.req.headers.get('POP')]).toEqual(['yes', 'FRA']);
    const bad = projectDir({ '.vcl-edge.json': JSON.stringify({ main: 'main.vcl', overrides: { 'req.url': '/x' } }), 'main.vcl': 'sub vcl_recv {\n#FASTLY recv\n}\n' });
    expect(() => loadService({ cwd: bad })).toThrow(/req\.url is not an environment variable/);
  });

  test('a bad override is reported at its file:line:col, a misspelt name with the closest one, an address that is none as such', () => {
    const main = { 'main.vcl': 'sub vcl_recv {\n#FASTLY recv\n}\n' };
    const misspelt = projectDir({ '.vcl-edge.json': '{\n  "main": "main.vcl",\n  "overrides": {\n    "client.geo.country_cod": "DE"\n  }\n}\n', ...main });
    expect(() => loadService({ cwd: misspelt })).toThrow(
      `${join(misspelt, '.vcl-edge.json')}:4:5: override "client.geo.country_cod" is not a predefined variable (did you mean "client.geo.country_code"?)`,
    );
    const mistyped = projectDir({ '.falco.yml': 'testing:\n  overrides:\n    client.geo.latitude: north\n', ...main });
    expect(() => loadService({ cwd: mistyped, main: 'main.vcl' })).toThrow(`${join(mistyped, '.falco.yml')}:3:5: override client.geo.latitude is FLOAT: give a number, got "north"`);
    const notAnAddress = projectDir({ '.vcl-edge.json': JSON.stringify({ main: 'main.vcl', overrides: { 'client.ip': '203.0.113' } }), ...main });
    expect(() => loadService({ cwd: notAnAddress })).toThrow(/\.vcl-edge\.json:1:\d+: override client\.ip: "203\.0\.113" is not an IPv4 or IPv6 address/);
  });
});

describe('a Terraform plan', () => {
  test('gives the main VCL, snippets (dynamic ones with their content resource), dictionaries, ACL entries and backends', () => {
    const project = fromPlan();
    expect(project.mainText!.file).toBe(join(SERVICE, 'vcl/main.vcl')); // found beside the plan by its text
    expect(project.snippets.map((s) => [s.name, s.type, s.priority, s.file.slice(SERVICE.length + 1)])).toEqual([
      ['helpers', 'init', 100, 'vcl/snippets/helpers.vcl'],
      ['internal', 'recv', 10, 'vcl/snippets/internal.vcl'],
      ['redirects', 'recv', 50, 'vcl/snippets/redirects.vcl'],
      ['headers', 'deliver', 100, 'vcl/snippets/headers.vcl'],
    ]);
    expect(project.dictionaries.get('redirects')!.items.map((i) => i.key)).toEqual(['/old', '/blog', '/100%']);
    expect(project.dictionaries.get('geo_config')).toMatchObject({ external: true }); // write_only: a private dictionary
    expect(project.acls.get('internal')!.entries.map((e) => [e.negated, e.address, e.prefix])).toEqual([
      [false, '198.51.100.0', 24],
      [true, '198.51.100.13', null],
      [false, '2001:db8::', 32],
    ]);
    expect(project.backends.get('F_origin')).toMatchObject({ url: 'https://origin.example.com:443', hostHeader: 'origin.example.com', connectTimeoutMs: 1000 });
    expect(project.notes).toEqual([expect.stringContaining('ignored logging_https')]);
  });

  test('Fastly names a configured backend F_ and its name with other characters as _', () => {
    expect(backendVclName('AWS S3 hosting')).toBe('F_AWS_S3_hosting');
    expect(backendVclName('origin-1.example')).toBe('F_origin_1_example');
  });

  test('a plan of several services names one; a file that is no plan is a clear error', () => {
    const plan = JSON.parse(readFileSync(join(SERVICE, 'plan.json'), 'utf8'));
    const service = plan.planned_values.root_module.resources[0];
    const two = { planned_values: { root_module: { resources: [service], child_modules: [{ resources: [{ ...service, address: 'module.b.fastly_service_vcl.b', values: { ...service.values, name: 'other' } }] }] } } };
    const dir = projectDir({ 'plan.json': JSON.stringify(two), 'state.json': JSON.stringify({ values: plan.planned_values }), 'bad.json': '{"resource_changes": []}' });
    expect(() => loadProject({ cwd: dir, terraform: 'plan.json' })).toThrow(/the plan has 2 Fastly services \(shop, other\); name one: --terraform .*plan\.json#NAME/);
    expect(loadProject({ cwd: dir, terraform: 'plan.json#other' }).mainText).not.toBeNull();
    expect(loadProject({ cwd: dir, terraform: 'state.json' }).dictionaries.size).toBe(2); // `terraform show -json` of a state
    expect(() => loadProject({ cwd: dir, terraform: 'bad.json' })).toThrow(/no planned_values.root_module or values.root_module/);
    expect(() => loadProject({ cwd: dir, terraform: 'missing.json' })).toThrow(/cannot read .*missing\.json: no such file/);
  });
});

describe('a Terraform plan of two services', () => {
  // A second service with a dictionary of the same name, its items in a resource keyed (for_each) by that name too.
  function twoServices() {
    const plan = JSON.parse(readFileSync(join(SERVICE, 'plan.json'), 'utf8'));
    const resources = plan.planned_values.root_module.resources as { type: string; address: string; index?: string; values: Record<string, unknown> }[];
    const shop = resources.find((r) => r.type === 'fastly_service_vcl')!;
    const dictionary = (shop.values['dictionary'] as Record<string, unknown>[]).map((d) => ({ ...d, dictionary_id: `other-${String(d['name'])}` }));
    const other = { ...shop, address: 'fastly_service_vcl.other', values: { ...shop.values, name: 'other', id: 'other-service', dictionary } };
    const items = { type: 'fastly_service_dictionary_items', address: 'fastly_service_dictionary_items.other["redirects"]', index: 'redirects', values: { service_id: 'other-service', dictionary_id: 'other-redirects', items: { '/elsewhere': '/x' } } };
    return projectDir({ 'plan.json': JSON.stringify({ planned_values: { root_module: { resources: [...resources, other, items] } } }) });
  }

  test('a backend block whose address is no host is an error naming the plan and the backend', () => {
    const plan = JSON.parse(readFileSync(join(SERVICE, 'plan.json'), 'utf8'));
    const shop = plan.planned_values.root_module.resources[0];
    shop.values.backend = [{ ...shop.values.backend[0], address: 'origin example.com' }];
    const dir = projectDir({ 'plan.json': JSON.stringify(plan) });
    expect(() => loadProject({ cwd: dir, terraform: 'plan.json' })).toThrow(/plan\.json: backend "origin": address "origin example\.com" is not a host name or address/);
  });

  test('each service gets its own dictionary items, though both resources are keyed by the dictionary’s name', () => {
    const dir = twoServices();
    const keys = (service: string) => loadProject({ cwd: dir, terraform: `plan.json#${service}` }).dictionaries.get('redirects')!.items.map((i) => i.key);
    expect(keys('shop')).toEqual(['/old', '/blog', '/100%']);
    expect(keys('other')).toEqual(['/elsewhere']);
  });
});

describe('the fixture service from both sources', () => {
  const assembled = (project: ProjectConfig) => assembleService(project).load.program;
  // The plan's backend block also sets the timeouts Fastly defaults to; everything else is the same text.
  const withoutBackends = (program: Program) => print(withFields(program, { declarations: program.declarations.filter((d) => d.kind !== 'Backend'), comments: [] }));
  const backendOf = (program: Program) => stripRanges(program.declarations.find((d) => d.kind === 'Backend')!);

  test('assembles into the same program', () => {
    const [plan, config] = [assembled(fromPlan()), assembled(fromConfig())];
    expect(withoutBackends(plan)).toBe(withoutBackends(config));
    const properties = (b: ReturnType<typeof backendOf>) => (b as unknown as { properties: { name: { name: string } }[] }).properties.map((p) => p.name.name);
    expect(properties(backendOf(plan)).slice(0, 4)).toEqual(properties(backendOf(config)));
    expect(properties(backendOf(config))).toEqual(['host', 'port', 'ssl', 'host_header']);
  });

  test('lint finds the same (nothing), test runs the same tests with the same results', () => {
    for (const project of [fromConfig(), fromPlan()]) {
      expect(allDiagnostics(lint([], { project, service: true, includePaths: project.includePaths }))).toEqual([]);
      const assembled = assembleService(project);
      const report = runTests(assembled.load.files[0]!, [join(SERVICE, 'vcl/service.test.vcl')], { loadMain: () => assembled.load, compile: (load, options) => compileProject(load, project, options) });
      expect(report.results.map((r) => [r.name, r.status])).toEqual([
        ['test_redirect_from_the_dictionary', 'passed'],
        ['test_internal_clients_skip_redirects', 'passed'],
        ['test_external_dictionary_reads_as_not_set', 'passed'],
      ]);
    }
  });

  test('runs the same: a redirect from the dictionary, an internal client, the snippets in priority order', async () => {
    for (const project of [fromConfig(), fromPlan()]) {
      const service = compileProject(assembleService(project).load, project);
      const redirect = await service.run({ url: '/old' });
      expect([redirect.status, redirect.headers.get('Location'), redirect.headers.get('X-Snippets')]).toEqual([301, '/new', 'internal,redirects']);
      const percent = await service.run({ url: '/100%' });
      expect(percent.headers.get('Location')).toBe('/percent');
      const internal = await service.run({ url: '/old', clientIp: '198.51.100.7' }, { origin: { status: 200, body: 'page' } });
      expect([internal.status, internal.headers.get('X-Served-By')]).toEqual([200, 'vcl-edge internal']);
      const excluded = await service.run({ url: '/old', clientIp: '198.51.100.13' });
      expect(excluded.status).toBe(301); // the negated entry
    }
  });
});
