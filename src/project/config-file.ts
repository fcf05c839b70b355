// `.vcl-edge.json` (or .vcl-edge.yaml): the project config. Paths in it are relative to its folder;
// an unknown key anywhere is an error that names the closest known key. schema/vcl-edge.schema.json
// describes the same keys for editors (a test holds the two together).
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../usage-error.js';
import { readAcl, readDictionary, type Place } from './data-files.js';
import { applyTerraformPlan } from './terraform.js';
import { isPlainObject, unknownKeyMessage } from './keys.js';
import { readStructured, type Path, type StructuredFile } from './structured.js';
import { DEFAULT_PRIORITY, SNIPPET_TYPES, emptyProjectConfig, isBackendUrl, isSnippetType, type BackendSetting, type ProjectConfig } from './types.js';

export const CONFIG_FILES = ['.vcl-edge.json', '.vcl-edge.yaml', '.vcl-edge.yml'] as const;

/** The keys each object of the config may have: the loader and the JSON Schema agree on these. */
export const CONFIG_KEYS = {
  top: ['$schema', 'main', 'terraform', 'include', 'rules', 'ignore', 'dictionaries', 'acls', 'snippets', 'fastlyMacros', 'backends', 'overrides', 'logging', 'environments'],
  snippet: ['file', 'type', 'priority', 'name'],
  backend: ['url', 'host_header', 'ssl_cert_hostname', 'ssl_sni_hostname'],
  environment: ['backends', 'overrides', 'logging'],
} as const;

class Reader {
  constructor(
    readonly file: StructuredFile,
    readonly dir: string,
  ) {}

  fail(path: Path, message: string): never {
    throw new UsageError(`${this.file.where(path)}: ${message}`);
  }

  object(value: unknown, path: Path, what: string): Record<string, unknown> {
    if (!isPlainObject(value)) this.fail(path, `${what} must be an object`);
    return value;
  }

  keys(value: Record<string, unknown>, path: Path, known: readonly string[]): void {
    for (const key of Object.keys(value)) if (!known.includes(key)) this.fail([...path, key], unknownKeyMessage(key, known));
  }

  strings(value: unknown, path: Path, key: string): string[] {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) this.fail(path, `"${key}" must be an array of strings`);
    return value;
  }

  place(path: Path, sources: Map<string, string>): Place {
    return { file: this.file, path, dir: this.dir, sources };
  }
}

/**
 * Read a config file into `config`, over what earlier sources put there; `env` picks an environment.
 * Its `terraform` is read first (unless `--terraform` named one), so what the file itself says wins.
 */
export function applyConfigFile(config: ProjectConfig, path: string, env: string | undefined, terraformGiven = false): { envFound: boolean } {
  let file: StructuredFile;
  try {
    file = readStructured(path);
  } catch (e) {
    // Keep the wording lint has always used for a config it cannot read or parse.
    if (e instanceof UsageError) throw new UsageError(`cannot read config ${e.message.replace(/^cannot read /, '')}`);
    throw e;
  }
  const dir = dirname(resolve(path));
  const read = new Reader(file, dir);
  config.files.push(path);
  config.sources.set(path, file.text);
  config.dir = dir;
  if (!isPlainObject(file.value)) throw new UsageError(`${path}: the config must be a JSON object`);
  const top = file.value;
  read.keys(top, [], CONFIG_KEYS.top);
  const terraform = top['terraform'];
  if (terraform !== undefined) {
    if (typeof terraform !== 'string' || terraform === '') read.fail(['terraform'], '"terraform" must be the path of a .tf file, a folder of them, or a plan\'s JSON');
    else if (!terraformGiven) applyTerraformPlan(config, resolve(dir, terraform));
  }
  if (top['main'] !== undefined) {
    if (typeof top['main'] !== 'string') read.fail(['main'], '"main" must be the path of the main VCL file');
    config.main = resolve(dir, top['main'] as string);
    config.mainText = null;
  }
  if (top['include'] !== undefined) config.includePaths.push(...read.strings(top['include'], ['include'], 'include').map((p) => resolve(dir, p)));
  if (top['ignore'] !== undefined) config.ignore = read.strings(top['ignore'], ['ignore'], 'ignore');
  if (top['rules'] !== undefined) {
    if (!isPlainObject(top['rules'])) read.fail(['rules'], '"rules" must be an object of rule id to severity');
    Object.assign(config.rules, top['rules']);
  }
  if (top['dictionaries'] !== undefined) {
    for (const [name, spec] of Object.entries(read.object(top['dictionaries'], ['dictionaries'], '"dictionaries"'))) {
      config.dictionaries.set(name, readDictionary(name, spec, read.place(['dictionaries', name], config.sources)));
    }
  }
  if (top['acls'] !== undefined) {
    for (const [name, spec] of Object.entries(read.object(top['acls'], ['acls'], '"acls"'))) config.acls.set(name, readAcl(name, spec, read.place(['acls', name], config.sources)));
  }
  if (top['snippets'] !== undefined) readSnippets(read, top['snippets'], config);
  if (top['fastlyMacros'] !== undefined) {
    if (typeof top['fastlyMacros'] !== 'boolean') read.fail(['fastlyMacros'], '"fastlyMacros" must be true or false');
    config.fastlyMacros = top['fastlyMacros'] as boolean;
  }
  readRunSettings(read, top, [], config);
  if (top['environments'] === undefined) return { envFound: false };
  const environments = read.object(top['environments'], ['environments'], '"environments"');
  if (env !== undefined && environments[env] === undefined) read.fail(['environments'], `no environment "${env}" (--env); it has ${Object.keys(environments).join(', ') || 'none'}`);
  // Every environment is read, so a mistake in one fails every run, not only the run that picks it;
  // what an environment not picked sets goes to a scratch config.
  for (const [name, value] of Object.entries(environments)) {
    const settings = read.object(value, ['environments', name], `environment ${name}`);
    read.keys(settings, ['environments', name], CONFIG_KEYS.environment);
    readRunSettings(read, settings, ['environments', name], name === env ? config : emptyProjectConfig(dir));
  }
  return { envFound: env !== undefined };
}

function readSnippets(read: Reader, value: unknown, config: ProjectConfig): void {
  if (!Array.isArray(value)) read.fail(['snippets'], '"snippets" must be a list of { "file", "type", "priority" }');
  // A name is a snippet's identity (Fastly's, and `include "snippet::NAME"`): one per config. A snippet
  // an earlier source (a Terraform plan) gave is replaced by one of its name here.
  const indexByName = new Map<string, number>();
  value.forEach((entry, i) => {
    const path = ['snippets', i];
    const s = read.object(entry, path, 'a snippet');
    read.keys(s, path, CONFIG_KEYS.snippet);
    if (typeof s['file'] !== 'string') read.fail(path, 'a snippet needs "file"');
    if (!isSnippetType(s['type'])) read.fail([...path, 'type'], `a snippet's "type" is one of ${SNIPPET_TYPES.join(', ')}`);
    const priority = s['priority'] ?? DEFAULT_PRIORITY;
    if (typeof priority !== 'number' || !Number.isInteger(priority)) read.fail([...path, 'priority'], '"priority" must be a whole number (lower runs first)');
    if (s['name'] !== undefined && typeof s['name'] !== 'string') read.fail([...path, 'name'], '"name" must be a string');
    const file = resolve(read.dir, s['file']);
    const name = (s['name'] as string | undefined) ?? basename(file).replace(/\.vcl$/, '');
    const first = indexByName.get(name);
    if (first !== undefined) read.fail(path, `a second snippet named "${name}" (the first is snippets[${first}]); give one a "name"`);
    indexByName.set(name, i);
    config.snippets = config.snippets.filter((other) => other.name !== name);
    config.snippets.push({ name, type: s['type'], priority, file });
  });
}

/** backends, overrides and logging: what an environment may set as well. */
function readRunSettings(read: Reader, object: Record<string, unknown>, at: Path, config: ProjectConfig): void {
  if (object['backends'] !== undefined) {
    for (const [name, spec] of Object.entries(read.object(object['backends'], [...at, 'backends'], '"backends"'))) config.backends.set(name, readBackend(read, spec, [...at, 'backends', name]));
  }
  if (object['overrides'] !== undefined) {
    for (const [name, value] of Object.entries(read.object(object['overrides'], [...at, 'overrides'], '"overrides"'))) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') read.fail([...at, 'overrides', name], `override ${name} must be a string, number or boolean`);
      config.overrides.set(name, value);
      config.overridePlaces.set(name, read.file.where([...at, 'overrides', name]));
    }
  }
  if (object['logging'] !== undefined) {
    for (const [endpoint, target] of Object.entries(read.object(object['logging'], [...at, 'logging'], '"logging"'))) {
      if (typeof target !== 'string' || target === '') read.fail([...at, 'logging', endpoint], `logging endpoint ${endpoint} goes to a file path or "stdout"`);
      config.logging.set(endpoint, target === 'stdout' ? null : resolve(read.dir, target));
    }
  }
}

function readBackend(read: Reader, spec: unknown, path: Path): BackendSetting {
  const at = { lines: read.file.lines, offset: read.file.offsetOf(path) };
  const object = typeof spec === 'string' ? { url: spec } : read.object(spec, path, `backend ${String(path[path.length - 1])}`);
  read.keys(object, path, CONFIG_KEYS.backend);
  const { url, host_header: hostHeader, ssl_cert_hostname: certHostname, ssl_sni_hostname: sniHostname } = object;
  if (!isBackendUrl(url)) read.fail(path, `a backend's "url" is http://host:port or https://host:port, got ${JSON.stringify(url)}`);
  for (const [key, value] of Object.entries({ host_header: hostHeader, ssl_cert_hostname: certHostname, ssl_sni_hostname: sniHostname })) {
    if (value !== undefined && typeof value !== 'string') read.fail([...path, key], `"${key}" must be a string`);
  }
  return { url, hostHeader: hostHeader as string | undefined, certHostname: certHostname as string | undefined, sniHostname: sniHostname as string | undefined, at };
}
