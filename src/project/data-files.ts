// Edge dictionaries and ACLs given in a config: inline, in a file (JSON, YAML or CSV for a dictionary;
// JSON, YAML or one entry a line for an ACL), or declared as external. Each item keeps where it was
// written, so a diagnostic about it (an invalid ACL address) points into its own file.
import { extname, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { UsageError, cannotRead } from '../usage-error.js';
import { parseCsv } from './csv.js';
import { isPlainObject } from './keys.js';
import { lineIndexOf, readStructured, type Path, type StructuredFile } from './structured.js';
import type { AclEntrySource, AclSource, DictionaryItem, DictionarySource, Origin } from './types.js';

/** Where a config value was written: the file it is in and its path there. */
export interface Place {
  file: StructuredFile;
  path: Path;
  /** The folder a file named in it is relative to. */
  dir: string;
  /** Every data file read is added here, for code frames. */
  sources: Map<string, string>;
}

// Fastly's limits for an edge dictionary item (its API: key up to 256 characters, value up to 8000).
const MAX_KEY = 256;
const MAX_VALUE = 8000;

const originAt = (place: Place): Origin => ({ lines: place.file.lines, offset: place.file.offsetOf(place.path) });

const only = (value: Record<string, unknown>, key: string) => Object.keys(value).length === 1 && key in value;

/**
 * A dictionary: `"file.json"` (or .yaml, .csv), `{ "file": … }`, `{ "external": true }`, `{ "items": { … } }`,
 * or the items themselves as an object.
 */
export function readDictionary(name: string, spec: unknown, place: Place): DictionarySource {
  const at = originAt(place);
  if (typeof spec === 'string') return { name, external: false, items: dictionaryFile(resolve(place.dir, spec), place.sources), at };
  if (!isPlainObject(spec)) throw new UsageError(`${place.file.where(place.path)}: dictionary ${name} must be a file name, an object of items, { "file": … } or { "external": true }`);
  if (only(spec, 'external')) {
    if (spec['external'] !== true) throw new UsageError(`${place.file.where(place.path)}: dictionary ${name}: "external" can only be true`);
    return { name, external: true, items: [], at };
  }
  if (only(spec, 'file') && typeof spec['file'] === 'string') return { name, external: false, items: dictionaryFile(resolve(place.dir, spec['file']), place.sources), at };
  const items = only(spec, 'items') && isPlainObject(spec['items']) ? spec['items'] : spec;
  const itemsPath = items === spec ? place.path : [...place.path, 'items'];
  return { name, external: false, items: itemsOf(items, { ...place, path: itemsPath }), at };
}

function itemsOf(object: Record<string, unknown>, place: Place): DictionaryItem[] {
  return Object.entries(object).map(([key, value]) => item(key, value, { ...place, path: [...place.path, key] }));
}

function item(key: string, value: unknown, place: Place): DictionaryItem {
  const where = () => place.file.where(place.path);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new UsageError(`${where()}: dictionary item "${key}" must be a string (Fastly's dictionary values are strings)`);
  const text = String(value);
  if (key.length > MAX_KEY) throw new UsageError(`${where()}: dictionary key "${key.slice(0, 40)}…" is longer than Fastly's ${MAX_KEY} characters`);
  if (text.length > MAX_VALUE) throw new UsageError(`${where()}: the value of dictionary item "${key}" is longer than Fastly's ${MAX_VALUE} characters`);
  return { key, value: text, at: originAt(place) };
}

/** A dictionary file: a JSON or YAML object (or Fastly's list of { item_key, item_value }), or CSV rows of key,value. */
function dictionaryFile(path: string, sources: Map<string, string>): DictionaryItem[] {
  if (extname(path).toLowerCase() === '.csv') return csvDictionary(path, sources);
  if (!['.json', '.yaml', '.yml'].includes(extname(path).toLowerCase())) throw new UsageError(`${path}: a dictionary file is .json, .yaml, .yml or .csv`);
  const file = readStructured(path);
  sources.set(path, file.text);
  const place: Place = { file, path: [], dir: path, sources };
  if (isPlainObject(file.value)) return itemsOf(file.value, place);
  if (Array.isArray(file.value)) {
    return file.value.map((entry, i) => {
      if (!isPlainObject(entry) || typeof entry['item_key'] !== 'string') throw new UsageError(`${file.where([i])}: expected { "item_key": …, "item_value": … }`);
      return item(entry['item_key'], entry['item_value'], { ...place, path: [i] });
    });
  }
  throw new UsageError(`${path}: a dictionary file holds an object of items (or a list of { item_key, item_value })`);
}

/** A data file's text, kept in `sources` for code frames. */
function readText(path: string, sources: Map<string, string>): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw cannotRead(path, e);
  }
  sources.set(path, text);
  return text;
}

function csvDictionary(path: string, sources: Map<string, string>): DictionaryItem[] {
  const text = readText(path, sources);
  const lines = lineIndexOf(path, text);
  const rows = parseCsv(text);
  // A first row naming the columns (as Fastly's API names them, or plainly) is a header.
  if (rows[0] && /^(item_)?key$/i.test(rows[0].fields[0]!.trim()) && /^(item_)?value$/i.test((rows[0].fields[1] ?? '').trim())) rows.shift();
  return rows.map((row) => {
    const at = { lines, offset: row.offset };
    if (row.fields.length !== 2) {
      const p = lines.position(row.offset);
      throw new UsageError(`${path}:${p.line}:${p.column}: expected two fields, key and value, got ${row.fields.length} (quote a value that holds a comma)`);
    }
    return { key: row.fields[0]!, value: row.fields[1]!, at };
  });
}

/** An ACL: `"file"` (.json/.yaml list, or one entry a line), `{ "file": … }`, `{ "external": true }`, or a list of entries. */
export function readAcl(name: string, spec: unknown, place: Place): AclSource {
  const at = originAt(place);
  if (typeof spec === 'string' || (isPlainObject(spec) && only(spec, 'file') && typeof spec['file'] === 'string')) {
    const path = resolve(place.dir, typeof spec === 'string' ? spec : (spec['file'] as string));
    return { name, external: false, entries: aclFile(path, place.sources), at };
  }
  if (isPlainObject(spec) && only(spec, 'external') && spec['external'] === true) return { name, external: true, entries: [], at };
  if (!Array.isArray(spec)) throw new UsageError(`${place.file.where(place.path)}: acl ${name} must be a list of entries, a file name, { "file": … } or { "external": true }`);
  return { name, external: false, entries: spec.map((e, i) => aclEntry(e, { ...place, path: [...place.path, i] })), at };
}

function aclFile(path: string, sources: Map<string, string>): AclEntrySource[] {
  if (['.json', '.yaml', '.yml'].includes(extname(path).toLowerCase())) {
    const file = readStructured(path);
    sources.set(path, file.text);
    if (!Array.isArray(file.value)) throw new UsageError(`${path}: an ACL file holds a list of entries`);
    return file.value.map((e, i) => aclEntry(e, { file, path: [i], dir: path, sources }));
  }
  const text = readText(path, sources);
  const lines = lineIndexOf(path, text);
  const entries: AclEntrySource[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const content = line.replace(/#.*$/, '').trim();
    if (content !== '') {
      const at = { lines, offset: offset + line.indexOf(content) };
      entries.push(parseAclEntry(content, at, () => `${path}:${lines.position(at.offset).line}:${lines.position(at.offset).column}`));
    }
    offset += line.length + 1;
  }
  return entries;
}

/** `negated` as written: a boolean (Terraform), or 0/1 as Fastly's API lists entries (a number or a string). */
const NEGATED = new Map<unknown, boolean>([[undefined, false], [null, false], [false, false], [0, false], ['0', false], [true, true], [1, true], ['1', true]]);

/** `"192.0.2.0/24"`, `"!192.0.2.13"`, or Fastly's entry object `{ "ip": …, "subnet": 24, "negated": true }`. */
function aclEntry(entry: unknown, place: Place): AclEntrySource {
  const at = originAt(place);
  const where = () => place.file.where(place.path);
  if (typeof entry === 'string') return parseAclEntry(entry, at, where);
  if (isPlainObject(entry) && typeof entry['ip'] === 'string') {
    const subnet = entry['subnet'];
    const prefix = subnet === undefined || subnet === null || subnet === '' ? null : Number(subnet);
    if (prefix !== null && !Number.isInteger(prefix)) throw new UsageError(`${where()}: "subnet" must be a whole number, got ${JSON.stringify(subnet)}`);
    const negated = NEGATED.get(entry['negated']);
    if (negated === undefined) throw new UsageError(`${where()}: "negated" is true or false (or 1 or 0), got ${JSON.stringify(entry['negated'])}`);
    return { negated, address: entry['ip'], prefix, at };
  }
  throw new UsageError(`${where()}: an ACL entry is "192.0.2.0/24", "!192.0.2.13" or { "ip": …, "subnet": …, "negated": … }`);
}

// Also what an ACL body in VCL holds, so entries can be copied from one: `!"192.0.2.0"/24;`
const ENTRY = /^(!)?\s*"?([^"/\s;]+)"?\s*(?:\/\s*(\d+))?\s*;?$/;

function parseAclEntry(text: string, at: Origin, where: () => string): AclEntrySource {
  const m = ENTRY.exec(text.trim());
  if (!m) throw new UsageError(`${where()}: "${text}" is not an ACL entry (expected an address, an optional /prefix, and ! to negate)`);
  return { negated: m[1] === '!', address: m[2]!, prefix: m[3] === undefined ? null : Number(m[3]), at };
}
