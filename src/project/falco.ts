// falco's `.falco.yml` / `.falco.yaml`, read for what vcl-edge shares with it: include paths, linter rule
// severities where a falco rule has a counterpart, subroutine scopes, edge dictionaries, testing overrides
// and backend overrides. Everything else is named in a note, so nothing is dropped silently.
import { dirname, resolve } from 'node:path';
import { UsageError } from '../usage-error.js';
import { readDictionary } from './data-files.js';
import { isPlainObject } from './keys.js';
import { readStructured, type StructuredFile } from './structured.js';
import { isBackendUrl, type ProjectConfig } from './types.js';

export const FALCO_FILES = ['.falco.yml', '.falco.yaml'] as const;

/**
 * falco's rules that name the same check as one of vcl-edge's. Several falco rules may share one
 * (falco splits by declaration kind what vcl-edge reports as one rule).
 */
export const FALCO_RULES: Readonly<Record<string, string>> = {
  'acl/syntax': 'invalid-acl',
  'acl/duplicated': 'duplicate-declaration',
  'backend/duplicated': 'duplicate-declaration',
  'director/duplicated': 'duplicate-declaration',
  'table/duplicated': 'duplicate-declaration',
  'subroutine/duplicated': 'duplicate-declaration',
  'penaltybox/duplicated': 'duplicate-declaration',
  'ratecounter/duplicated': 'duplicate-declaration',
  'declare-statement/duplicated': 'duplicate-declaration',
  'backend/notfound': 'unknown-backend',
  'subroutine/boilerplate-macro': 'fastly-macro',
  'include/module-not-found': 'include',
  'function/arguments': 'argument-count',
  'function/argument-type': 'argument-type',
  'restart-statement/scope': 'statement-scope',
  'error-statement/scope': 'statement-scope',
  'synthetic-statement/scope': 'statement-scope',
  'synthetic-base64-statement/scope': 'statement-scope',
};

const SEVERITIES: Readonly<Record<string, string>> = { error: 'error', warning: 'warning', info: 'info', ignore: 'off', off: 'off' };

/** Read a falco config into `config` (under what .vcl-edge.json says, which is read after it). */
export function applyFalcoFile(config: ProjectConfig, path: string): void {
  const file = readStructured(path);
  config.files.push(path);
  config.sources.set(path, file.text);
  if (file.value === null || file.value === undefined) return; // an empty file
  if (!isPlainObject(file.value)) throw new UsageError(`${path}: falco's config must be a mapping`);
  const dir = dirname(resolve(path));
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(file.value)) {
    switch (key) {
      case 'include_paths':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new UsageError(`${file.where([key])}: include_paths must be a list of folders`);
        config.includePaths.push(...value.map((p) => resolve(dir, p)));
        break;
      case 'linter':
        readLinter(file, value, config, ignored);
        break;
      case 'simulator':
      case 'testing':
        readSection(file, key, value, dir, config, ignored);
        break;
      case 'override_backends':
        readBackends(file, value, config, ignored);
        break;
      default:
        ignored.push(key);
    }
  }
  if (ignored.length) config.notes.push(`${path}: ignored ${ignored.join(', ')} (vcl-edge has no counterpart; see docs/config.md)`);
}

function readLinter(file: StructuredFile, linter: unknown, config: ProjectConfig, ignored: string[]): void {
  if (!isPlainObject(linter)) return void ignored.push('linter');
  for (const [key, value] of Object.entries(linter)) {
    if (key === 'rules' && isPlainObject(value)) {
      for (const [rule, severity] of Object.entries(value)) {
        const ours = FALCO_RULES[rule];
        const setting = typeof severity === 'string' ? SEVERITIES[severity.toLowerCase()] : undefined;
        if (ours && setting) config.rules[ours] = setting;
        else ignored.push(`linter.rules.${rule}`);
      }
    } else if (key === 'enforce_subroutine_scopes' && isPlainObject(value)) {
      for (const [sub, scopes] of Object.entries(value)) {
        if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) throw new UsageError(`${file.where(['linter', key, sub])}: expected a list of subroutine scopes (recv, fetch, …)`);
        config.scopeOverrides.set(sub, scopes.map((s) => s.toLowerCase()));
      }
    } else ignored.push(`linter.${key}`);
  }
}

/** simulator.* and testing.*: their edge dictionaries, and testing's variable overrides. */
function readSection(file: StructuredFile, section: string, value: unknown, dir: string, config: ProjectConfig, ignored: string[]): void {
  if (!isPlainObject(value)) return void ignored.push(section);
  for (const [key, setting] of Object.entries(value)) {
    if (key === 'edge_dictionary' && isPlainObject(setting)) {
      for (const [name, items] of Object.entries(setting)) {
        config.dictionaries.set(name, readDictionary(name, { items }, { file, path: [section, key, name], dir, sources: config.sources }));
      }
    } else if (section === 'testing' && key === 'overrides' && isPlainObject(setting)) {
      for (const [name, v] of Object.entries(setting)) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new UsageError(`${file.where([section, key, name])}: override ${name} must be a string, number or boolean`);
        config.overrides.set(name, v);
        config.overridePlaces.set(name, file.where([section, key, name]));
      }
    } else ignored.push(`${section}.${key}`);
  }
}

/** override_backends: { F_name: { host, ssl (default true), unhealthy } }; a name may be a glob. */
function readBackends(file: StructuredFile, value: unknown, config: ProjectConfig, ignored: string[]): void {
  if (!isPlainObject(value)) return void ignored.push('override_backends');
  for (const [name, spec] of Object.entries(value)) {
    const path = ['override_backends', name];
    if (!isPlainObject(spec) || typeof spec['host'] !== 'string') throw new UsageError(`${file.where(path)}: a backend override needs "host"`);
    const url = `${spec['ssl'] !== false ? 'https' : 'http'}://${spec['host']}`;
    if (!isBackendUrl(url)) throw new UsageError(`${file.where([...path, 'host'])}: override_backends ${name}: "host" is a host name or address with an optional :port, got ${JSON.stringify(spec['host'])}`);
    config.backends.set(name, { url, at: { lines: file.lines, offset: file.offsetOf(path) } });
    for (const key of Object.keys(spec)) if (key !== 'host' && key !== 'ssl') ignored.push(`override_backends.${name}.${key}`);
  }
}
