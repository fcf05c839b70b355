// The project config (.vcl-edge.json / .yaml): its keys, the data files it names, environments, and the
// JSON Schema shipped for editors, which must list the same keys the loader reads.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CONFIG_KEYS, loadProject } from '../src/project/index.js';
import { UsageError } from '../src/usage-error.js';
import { projectDir } from './helpers/project-dirs.js';

const load = (dir: string, options: { env?: string } = {}) => loadProject({ cwd: dir, ...options });
const config = (json: object, files: Record<string, string> = {}) => projectDir({ '.vcl-edge.json': JSON.stringify(json, null, 2), ...files });

describe('keys', () => {
  test('an unknown key is an error at its file:line:col that names the closest known key', () => {
    const dir = projectDir({ '.vcl-edge.json': '{\n  "main": "main.vcl",\n  "dictionaires": {}\n}\n' });
    expect(() => load(dir)).toThrow(UsageError);
    expect(() => load(dir)).toThrow(`${join(dir, '.vcl-edge.json')}:3:3: unknown key "dictionaires" (did you mean "dictionaries"? expected`);
  });

  test('nested objects are checked too: snippets, backends, environments', () => {
    expect(() => load(config({ snippets: [{ file: 'a.vcl', type: 'recv', priorty: 1 }] }))).toThrow(/unknown key "priorty" \(did you mean "priority"\?/);
    expect(() => load(config({ backends: { F_a: { url: 'http://a:1', hostheader: 'x' } } }))).toThrow(/did you mean "host_header"/);
    expect(() => load(config({ environments: { staging: { overides: {} } } }), { env: 'staging' })).toThrow(/did you mean "overrides"/);
  });

  test('every environment is checked, not only the one --env picks: a typo in staging fails a run without --env', () => {
    const typo = config({ environments: { staging: { backend: {} } } });
    expect(() => load(typo)).toThrow(/:\d+:\d+: unknown key "backend" \(did you mean "backends"\?/);
    expect(() => load(config({ environments: { prod: {}, staging: { backends: { F_a: 'origin' } } } }), { env: 'prod' })).toThrow(/"url" is http:\/\/host:port/);
    // What an environment not picked says applies to nothing.
    const dir = config({ backends: { F_a: 'http://a:1' }, environments: { staging: { backends: { F_a: 'http://b:1' } } } });
    expect(load(dir).backends.get('F_a')!.url).toBe('http://a:1');
  });

  test('two snippets of one name (given, or from files of one base name) are an error, not one silently dropped', () => {
    const twice = config({ snippets: [{ file: 'recv/cache.vcl', type: 'recv' }, { file: 'fetch/cache.vcl', type: 'fetch' }] });
    expect(() => load(twice)).toThrow(/:\d+:\d+: a second snippet named "cache" \(the first is snippets\[0\]\); give one a "name"/);
    const named = load(config({ snippets: [{ file: 'recv/cache.vcl', type: 'recv' }, { file: 'fetch/cache.vcl', type: 'fetch', name: 'cache_fetch' }] }));
    expect(named.snippets.map((s) => [s.name, s.type])).toEqual([['cache', 'recv'], ['cache_fetch', 'fetch']]);
  });

  test('a snippet type, a priority and a backend URL are checked', () => {
    expect(() => load(config({ snippets: [{ file: 'a.vcl', type: 'receive' }] }))).toThrow(/"type" is one of init, recv, hash/);
    expect(() => load(config({ snippets: [{ file: 'a.vcl', type: 'recv', priority: 'high' }] }))).toThrow(/"priority" must be a whole number/);
    expect(() => load(config({ backends: { F_a: 'origin.example.com' } }))).toThrow(/http:\/\/host:port or https:\/\/host:port/);
    expect(() => load(config({ backends: { F_a: 'http://origin.example.com:http' } }))).toThrow(/http:\/\/host:port or https:\/\/host:port/);
  });

  test('YAML is read as well, with positions', () => {
    const dir = projectDir({ '.vcl-edge.yaml': 'main: main.vcl\ndictionaries:\n  flags:\n    beta: on\nacls:\n  office: ["192.0.2.0/24"]\n' });
    const project = load(dir);
    expect(project.main).toBe(join(dir, 'main.vcl'));
    expect(project.dictionaries.get('flags')!.items.map((i) => [i.key, i.value])).toEqual([['beta', 'on']]);
    expect(() => load(projectDir({ '.vcl-edge.yaml': 'main: [unclosed\n' }))).toThrow(/cannot read config .*\.vcl-edge\.yaml:\d+:\d+/);
  });

  test('the config is found upward, and its paths are relative to its folder', () => {
    const dir = config({ main: 'vcl/main.vcl', include: ['shared'] }, { 'vcl/nested/x': '' });
    const project = load(join(dir, 'vcl/nested'));
    expect([project.main, project.includePaths, project.dir]).toEqual([join(dir, 'vcl/main.vcl'), [join(dir, 'shared')], dir]);
  });
});

describe('dictionaries', () => {
  test('inline, from JSON, YAML and CSV files, in Fastly API form, and external', () => {
    const dir = config(
      {
        dictionaries: {
          inline: { a: '1', n: 2, b: true },
          items: { items: { file: 'not a file name' } },
          json: 'data/d.json',
          yaml: { file: 'data/d.yaml' },
          csv: 'data/d.csv',
          api: 'data/api.json',
          geo: { external: true },
        },
      },
      {
        'data/d.json': '{ "/old": "/new" }',
        'data/d.yaml': '/old: /new\n',
        'data/d.csv': 'key,value\n/old,/new\n"/a,b","say ""hi"""\n',
        'data/api.json': '[{ "item_key": "/old", "item_value": "/new" }]',
      },
    );
    const d = load(dir).dictionaries;
    const items = (name: string) => d.get(name)!.items.map((i) => [i.key, i.value]);
    expect(items('inline')).toEqual([['a', '1'], ['n', '2'], ['b', 'true']]);
    expect(items('items')).toEqual([['file', 'not a file name']]);
    expect(items('json')).toEqual([['/old', '/new']]);
    expect(items('yaml')).toEqual([['/old', '/new']]);
    expect(items('csv')).toEqual([['/old', '/new'], ['/a,b', 'say "hi"']]);
    expect(items('api')).toEqual([['/old', '/new']]);
    expect(d.get('geo')).toMatchObject({ external: true, items: [] });
  });

  test('an item that is not a string, a key past Fastly’s 256 characters, a bad CSV row, a missing file', () => {
    expect(() => load(config({ dictionaries: { d: { a: { nested: 1 } } } }))).toThrow(/dictionary item "a" must be a string/);
    expect(() => load(config({ dictionaries: { d: { ['k'.repeat(257)]: 'v' } } }))).toThrow(/longer than Fastly's 256 characters/);
    expect(() => load(config({ dictionaries: { d: 'd.csv' } }, { 'd.csv': 'a,b,c\n' }))).toThrow(/d\.csv:1:1: expected two fields/);
    expect(() => load(config({ dictionaries: { d: 'missing.json' } }))).toThrow(/cannot read .*missing\.json: no such file/);
  });
});

describe('ACLs', () => {
  test('a list, a JSON list of Fastly entries, and a text file of one entry a line', () => {
    const dir = config(
      { acls: { inline: ['192.0.2.0/24', '!192.0.2.13'], json: 'a.json', text: 'a.acl' } },
      { 'a.json': '[{ "ip": "2001:db8::", "subnet": "32" }, { "ip": "192.0.2.1", "negated": true }]', 'a.acl': '# offices\n192.0.2.0/24\n  !"192.0.2.13";\n\n' },
    );
    const acls = load(dir).acls;
    const entries = (name: string) => acls.get(name)!.entries.map((e) => [e.negated, e.address, e.prefix]);
    expect(entries('inline')).toEqual([[false, '192.0.2.0', 24], [true, '192.0.2.13', null]]);
    expect(entries('json')).toEqual([[false, '2001:db8::', 32], [true, '192.0.2.1', null]]);
    expect(entries('text')).toEqual([[false, '192.0.2.0', 24], [true, '192.0.2.13', null]]);
    // Each entry remembers its own line, for diagnostics about it.
    expect(acls.get('text')!.entries.map((e) => e.at.lines.position(e.at.offset))).toMatchObject([{ line: 2, column: 1 }, { line: 3, column: 3 }]);
  });

  test('an entry as Fastly’s API lists it says negated as 0 or 1 (or "0"/"1"): 1 negates, as true does', () => {
    const dir = config({ acls: { api: 'api.json' } }, { 'api.json': '[{ "ip": "192.0.2.0", "subnet": 24, "negated": "0" }, { "ip": "192.0.2.13", "negated": 1 }, { "ip": "192.0.2.14", "negated": "1" }]' });
    expect(load(dir).acls.get('api')!.entries.map((e) => [e.address, e.negated])).toEqual([['192.0.2.0', false], ['192.0.2.13', true], ['192.0.2.14', true]]);
    expect(() => load(config({ acls: { api: [{ ip: '192.0.2.1', negated: 'yes' }] } }))).toThrow(/:\d+:\d+: "negated" is true or false \(or 1 or 0\), got "yes"/);
  });

  test('a line of an ACL file that is no entry is an error at its file:line:col', () => {
    const dir = config({ acls: { office: 'office.acl' } }, { 'office.acl': '# offices\n  192.0.2.0/24 and more\n' });
    expect(() => load(dir)).toThrow(`${join(dir, 'office.acl')}:2:3: "192.0.2.0/24 and more" is not an ACL entry`);
  });
});

describe('environments', () => {
  test('--env applies an environment over the top-level backends, overrides and logging', () => {
    const dir = config({
      backends: { F_api: 'https://api.example.com', F_web: 'https://www.example.com' },
      overrides: { 'server.datacenter': 'LHR' },
      environments: { staging: { backends: { F_api: 'https://api-staging.example.com' }, overrides: { 'fastly.is_staging': true }, logging: { requests: 'logs/requests.log' } } },
    });
    const plain = load(dir);
    expect(plain.backends.get('F_api')!.url).toBe('https://api.example.com');
    const staging = load(dir, { env: 'staging' });
    expect([...staging.backends].map(([n, b]) => [n, b.url])).toEqual([['F_api', 'https://api-staging.example.com'], ['F_web', 'https://www.example.com']]);
    expect([...staging.overrides]).toEqual([['server.datacenter', 'LHR'], ['fastly.is_staging', true]]);
    expect([...staging.logging]).toEqual([['requests', join(dir, 'logs/requests.log')]]);
    expect(() => load(dir, { env: 'prod' })).toThrow(/no environment "prod" \(--env\); it has staging/);
    expect(() => load(projectDir({}), { env: 'prod' })).toThrow(/--env prod: no config sets "environments"/);
  });
});

describe('the JSON Schema', () => {
  const schema = JSON.parse(readFileSync(resolve('schema/vcl-edge.schema.json'), 'utf8'));
  const keys = (o: { properties: object }) => Object.keys(o.properties).sort();

  test('lists the keys the loader reads, at every level', () => {
    expect(keys(schema)).toEqual([...CONFIG_KEYS.top].sort());
    expect(keys(schema.$defs.snippet)).toEqual([...CONFIG_KEYS.snippet].sort());
    expect(keys(schema.$defs.backends.additionalProperties.oneOf[1])).toEqual([...CONFIG_KEYS.backend].sort());
    expect(keys(schema.properties.environments.additionalProperties)).toEqual([...CONFIG_KEYS.environment].sort());
  });

  test('forbids other keys, as the loader does', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.$defs.snippet.additionalProperties).toBe(false);
    expect(schema.properties.environments.additionalProperties.additionalProperties).toBe(false);
  });

  test('the fixture service config is valid for the loader', () => {
    const project = load(resolve('fixtures/service/config'));
    expect([project.dictionaries.size, project.acls.size, project.snippets.length, project.backends.size]).toEqual([2, 1, 4, 1]);
  });
});
