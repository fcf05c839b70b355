// The Terraform functions a Fastly service's .tf files use to build their values: reading files
// (file, templatefile, jsondecode/yamldecode of a file), trimming, and the common collection and string
// helpers. Any other function is Unevaluable, so what uses it is skipped with a note.
import { parse as parseYaml } from 'yaml';
import type { Expr } from './hcl.js';
import { asNumber, asString, Unevaluable, type Value } from './hcl-eval.js';
import { isPlainObject } from './keys.js';

/** What the file functions need: reading a file (relative to the root module) and evaluating a template file. */
export interface FileAccess {
  read(path: string, at: Expr): string;
  /** A file's bytes as base64 (filebase64()). */
  readBase64(path: string, at: Expr): string;
  /** Every file under a folder, as paths relative to it (bounded), for fileset(). */
  listFiles(dir: string, at: Expr): string[];
  template(path: string, vars: Record<string, Value>, at: Expr): Value;
}

type Fn = (args: Value[], at: Expr, files: FileAccess) => Value;

const fail = (at: Expr, message: string): never => {
  throw new Unevaluable(at.start, message);
};
const str = (args: Value[], i: number, at: Expr) => asString(args[i] ?? null, at);
const list = (v: Value, at: Expr): Value[] => (Array.isArray(v) ? v : fail(at, 'expected a list'));
const object = (v: Value, at: Expr): Record<string, Value> => (isPlainObject(v) ? v : fail(at, 'expected an object'));

/** Plain data from JSON or YAML: what they hold that HCL has no value for (a date, a big number) is refused. */
function fromData(data: unknown, at: Expr, depth = 0): Value {
  if (depth > 64) return fail(at, 'the data nests too deeply');
  if (data === null || typeof data === 'string' || typeof data === 'boolean') return data;
  if (typeof data === 'number' && Number.isFinite(data)) return data;
  if (Array.isArray(data)) return data.map((d) => fromData(d, at, depth + 1));
  if (isPlainObject(data) && Object.getPrototypeOf(data) === Object.prototype) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, fromData(v, at, depth + 1)]));
  return fail(at, `the decoded data holds ${String(data)}, which has no HCL value`);
}

function decode(kind: 'JSON' | 'YAML', text: string, at: Expr): Value {
  try {
    return fromData(kind === 'JSON' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 }), at);
  } catch (e) {
    if (e instanceof Unevaluable) throw e;
    return fail(at, `not valid ${kind}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** format()'s verbs that matter for names and addresses: %s, %d, %v, %q and %%. */
function format(args: Value[], at: Expr): string {
  let next = 1;
  return str(args, 0, at).replace(/%[sdvq%]/g, (verb) => {
    if (verb === '%%') return '%';
    const v = args[next++];
    if (v === undefined) return fail(at, 'format() has fewer arguments than verbs');
    if (verb === '%d') return String(Math.trunc(asNumber(v, at)));
    if (verb === '%q') return JSON.stringify(asString(v, at));
    return asString(v, at);
  });
}

/** fileset()'s pattern as a regular expression: `**` any path, `*` and `?` within one name, `{a,b}` either. */
function globPattern(pattern: string, at: Expr): RegExp {
  let out = '';
  let open = 0; // `{` not yet closed: a `,` inside one separates alternatives, elsewhere it is itself
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      out += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      out += '(?:';
      open++;
    } else if (c === '}' && open > 0) {
      out += ')';
      open--;
    } else if (c === ',' && open > 0) out += '|';
    else out += c.replace(/[.+^$()|[\]{}\\]/g, '\\$&');
  }
  return open === 0 ? new RegExp(`^${out}$`) : fail(at, `fileset(): "${pattern}" opens a "{" it does not close`);
}

const unique = (items: Value[]) => items.filter((v, i) => items.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i);

const FUNCTIONS: Readonly<Record<string, Fn>> = {
  file: (a, at, files) => files.read(str(a, 0, at), at),
  filebase64: (a, at, files) => files.readBase64(str(a, 0, at), at),
  fileset: (a, at, files) => {
    const pattern = globPattern(str(a, 1, at), at);
    return files.listFiles(str(a, 0, at), at).filter((p) => pattern.test(p)).sort();
  },
  one: (a, at) => {
    const l = list(a[0] ?? null, at);
    return l.length === 0 ? null : l.length === 1 ? l[0]! : fail(at, `one() of a list of ${l.length} elements`);
  },
  fileexists: (a, at, files) => {
    try {
      files.read(str(a, 0, at), at);
      return true;
    } catch {
      return false;
    }
  },
  templatefile: (a, at, files) => files.template(str(a, 0, at), object(a[1] ?? {}, at), at),
  jsondecode: (a, at) => decode('JSON', str(a, 0, at), at),
  yamldecode: (a, at) => decode('YAML', str(a, 0, at), at),
  jsonencode: (a) => JSON.stringify(a[0] ?? null),
  trimspace: (a, at) => str(a, 0, at).replace(/^[\s\u0085]+|[\s\u0085]+$/gu, ''),
  chomp: (a, at) => str(a, 0, at).replace(/(\r\n|\n|\r)+$/, ''),
  trim: (a, at) => {
    const cut = new Set(str(a, 1, at));
    const s = [...str(a, 0, at)];
    while (s.length && cut.has(s[0]!)) s.shift();
    while (s.length && cut.has(s[s.length - 1]!)) s.pop();
    return s.join('');
  },
  trimprefix: (a, at) => (str(a, 0, at).startsWith(str(a, 1, at)) ? str(a, 0, at).slice(str(a, 1, at).length) : str(a, 0, at)),
  trimsuffix: (a, at) => (str(a, 1, at) !== '' && str(a, 0, at).endsWith(str(a, 1, at)) ? str(a, 0, at).slice(0, -str(a, 1, at).length) : str(a, 0, at)),
  lower: (a, at) => str(a, 0, at).toLowerCase(),
  upper: (a, at) => str(a, 0, at).toUpperCase(),
  replace: (a, at) => {
    const [s, find, by] = [str(a, 0, at), str(a, 1, at), str(a, 2, at)];
    if (find.length > 1 && find.startsWith('/') && find.endsWith('/')) return fail(at, 'replace() with a regular expression is not evaluated here');
    return s.split(find).join(by);
  },
  format: (a, at) => format(a, at),
  join: (a, at) => list(a[1] ?? null, at).map((v) => asString(v, at)).join(str(a, 0, at)),
  split: (a, at) => str(a, 1, at).split(str(a, 0, at)),
  merge: (a, at) => Object.assign({}, ...a.filter((v) => v !== null).map((v) => object(v, at))) as Value,
  concat: (a, at) => a.flatMap((v) => list(v, at)),
  flatten: (a, at) => {
    const flat = (v: Value[], depth: number): Value[] => (depth > 64 ? fail(at, 'nested too deeply') : v.flatMap((x) => (Array.isArray(x) ? flat(x, depth + 1) : [x])));
    return flat(list(a[0] ?? null, at), 0);
  },
  distinct: (a, at) => unique(list(a[0] ?? null, at)),
  toset: (a, at) => unique(list(a[0] ?? null, at)),
  tolist: (a, at) => list(a[0] ?? null, at),
  tomap: (a, at) => object(a[0] ?? null, at),
  tostring: (a, at) => (a[0] === null ? null : str(a, 0, at)),
  tonumber: (a, at) => (a[0] === null ? null : asNumber(a[0] ?? null, at)),
  tobool: (a, at) => (a[0] === null || typeof a[0] === 'boolean' ? (a[0] ?? null) : a[0] === 'true' ? true : a[0] === 'false' ? false : fail(at, 'tobool() takes true or false')),
  length: (a, at) => {
    const v = a[0] ?? null;
    return typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : Object.keys(object(v, at)).length;
  },
  keys: (a, at) => Object.keys(object(a[0] ?? null, at)).sort(),
  values: (a, at) => {
    const o = object(a[0] ?? null, at);
    return Object.keys(o).sort().map((k) => o[k]!);
  },
  lookup: (a, at) => {
    const o = object(a[0] ?? null, at);
    const key = str(a, 1, at);
    if (Object.hasOwn(o, key)) return o[key]!;
    return a.length > 2 ? a[2]! : fail(at, `lookup(): no key "${key}" and no default`);
  },
  contains: (a, at) => list(a[0] ?? null, at).some((v) => JSON.stringify(v) === JSON.stringify(a[1] ?? null)),
  element: (a, at) => {
    const l = list(a[0] ?? null, at);
    const i = Math.trunc(asNumber(a[1] ?? null, at));
    // A negative index would read no element at all (Terraform refuses one too).
    if (i < 0) return fail(at, `element() with the negative index ${i}`);
    return l.length ? l[i % l.length]! : fail(at, 'element() of an empty list');
  },
  coalesce: (a, at) => a.find((v) => v !== null && v !== '') ?? fail(at, 'coalesce(): every argument is null or empty'),
  compact: (a, at) => list(a[0] ?? null, at).filter((v) => v !== null && v !== ''),
  min: (a, at) => Math.min(...a.map((v) => asNumber(v, at))),
  max: (a, at) => Math.max(...a.map((v) => asNumber(v, at))),
  abs: (a, at) => Math.abs(asNumber(a[0] ?? null, at)),
  sort: (a, at) => list(a[0] ?? null, at).map((v) => asString(v, at)).sort(),
  base64encode: (a, at) => Buffer.from(str(a, 0, at), 'utf8').toString('base64'),
  base64decode: (a, at) => Buffer.from(str(a, 0, at), 'base64').toString('utf8'),
};

/** Call the Terraform function `name`; one not known here is Unevaluable. */
export function callFunction(name: string, args: Value[], at: Expr, files: FileAccess): Value {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]! : null;
  if (fn === null) return fail(at, `the function ${name}() is not evaluated here`);
  return fn(args, at, files);
}
