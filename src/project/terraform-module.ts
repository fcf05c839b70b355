// A Terraform module as its .tf files declare it, evaluated without Terraform: `variable` (default,
// terraform.tfvars, *.auto.tfvars, TF_VAR_name, or the calling module's argument), `locals`, `path.*`,
// resources (with `for_each` over a known map or set, or `count`), local child modules (`source = "./…"`)
// and their outputs. Names are evaluated when first used; a value that needs what only Terraform knows
// (a data source, a remote module, an id the provider makes) is Unevaluable.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cannotRead, UsageError } from '../usage-error.js';
import { parseHcl, parseTemplate, placeOf, type Block, type Expr, type HclFile } from './hcl.js';
import { asNumber, bind, evaluate, MISSING, Unevaluable, type Scope, type Value } from './hcl-eval.js';
import { callFunction, type FileAccess } from './hcl-functions.js';
import { isPlainObject } from './keys.js';
import { lineIndexOf } from './structured.js';
import type { LineIndex } from '../lexer/source-range.js';

const MAX_MODULE_DEPTH = 16;
const MAX_INSTANCES = 10_000;
const MAX_LISTED = 5_000;
const MAX_REFERENCE_DEPTH = 200;
const IN_PROGRESS = Symbol('in progress');

/** What every module of one load shares: the files read and the notes made. */
export class Loader {
  /** Every file read (.tf, .tfvars, and those file() and templatefile() read), by path, with its text. */
  readonly sources = new Map<string, string>();
  /** The text of each file file() read → its path: VCL given as text is reported at its file. */
  readonly filesByText = new Map<string, string>();
  readonly notes: string[] = [];
  /** Names being evaluated now, one inside another (local.a needs local.b…): bounded, so no chain exhausts the stack. */
  depth = 0;

  constructor(
    readonly rootDir: string,
    /** A resource instance's values as a plan holds them. */
    readonly valuesOf: (module: Module, resource: ResourceDecl, instance: Instance) => Value,
  ) {}

  readText(path: string): string {
    const cached = this.sources.get(path);
    if (cached !== undefined) return cached;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw cannotRead(path, e);
    }
    this.sources.set(path, text);
    return text;
  }

  /** A note about an expression that has no value here: where, what it is, why, and what was left out. */
  skipped(file: HclFile, expr: Expr, error: Unevaluable, what: string): void {
    const source = file.text.slice(expr.start, expr.end).replace(/\s+/g, ' ');
    const shown = source.length > 80 ? `${source.slice(0, 77)}…` : source;
    const why = error.place && error.place !== placeOf(file, error.at) ? `${error.message} (${error.place})` : error.message;
    this.notes.push(`${placeOf(file, expr.start)}: cannot evaluate \`${shown}\`: ${why}; ${what} left out`);
  }
}

/** One resource block's instance: its address, its `for_each` key or `count` index, and the names it binds. */
export interface Instance {
  address: string;
  index: string | number | undefined;
  names: Record<string, Value>;
}

export interface ResourceDecl {
  type: string;
  name: string;
  block: Block;
  file: HclFile;
}

/** A module's files: every `*.tf` of a folder (as Terraform reads a module), or one file. */
function moduleFiles(loader: Loader, path: string): HclFile[] {
  let paths: string[];
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw cannotRead(path, e);
  }
  if (isDir) {
    const names = readdirSync(path).sort();
    const ignored = names.filter((n) => n.endsWith('.tf.json') || n === 'override.tf' || n.endsWith('_override.tf'));
    if (ignored.length) loader.notes.push(`${path}: ignored ${ignored.join(', ')} (JSON-syntax and override files are not read)`);
    paths = names.filter((n) => n.endsWith('.tf') && !ignored.includes(n)).map((n) => join(path, n));
    if (paths.length === 0) throw new UsageError(`${path}: no .tf files in this folder`);
  } else paths = [path];
  return paths.map((p) => parseHcl(p, loader.readText(p)));
}

export class Module {
  readonly files: HclFile[];
  readonly dir: string;
  readonly resources: ResourceDecl[] = [];
  readonly children = new Map<string, Module>();
  private readonly variables = new Map<string, { block: Block; file: HclFile }>();
  private readonly locals = new Map<string, { expr: Expr; file: HclFile }>();
  private readonly outputs = new Map<string, { expr: Expr; file: HclFile }>();
  private readonly cache = new Map<string, Value | typeof IN_PROGRESS>();
  private tfvars: Map<string, Value> | undefined;

  constructor(
    readonly loader: Loader,
    path: string,
    /** `module.NAME.` of a child module, '' for the root. */
    readonly prefix: string,
    /** The calling module's arguments, evaluated when asked for. */
    private readonly inputs: Map<string, () => Value> | null,
    depth = 0,
  ) {
    this.files = moduleFiles(loader, path);
    this.dir = statSync(path).isDirectory() ? resolve(path) : dirname(resolve(path));
    for (const file of this.files) for (const block of file.body.blocks) this.declare(block, file, depth);
  }

  private declare(block: Block, file: HclFile, depth: number): void {
    const [first, second] = block.labels;
    if (block.type === 'variable' && first) this.variables.set(first, { block, file });
    else if (block.type === 'locals') for (const a of block.body.attributes) this.locals.set(a.name, { expr: a.expr, file });
    else if (block.type === 'output' && first) {
      const value = block.body.attributes.find((a) => a.name === 'value');
      if (value) this.outputs.set(first, { expr: value.expr, file });
    } else if (block.type === 'resource' && first && second) {
      const clash = this.resources.find((r) => r.type === first && r.name === second);
      if (clash) throw new UsageError(`${placeOf(file, block.start)}: a second resource "${first}" "${second}" (the first is at ${placeOf(clash.file, clash.block.start)})`);
      this.resources.push({ type: first, name: second, block, file });
    } else if (block.type === 'module' && first) this.declareModule(first, block, file, depth);
  }

  private declareModule(name: string, block: Block, file: HclFile, depth: number): void {
    const attrs = new Map(block.body.attributes.map((a) => [a.name, a]));
    const source = attrs.get('source');
    const path = source?.expr.kind === 'template' && source.expr.parts.length === 1 && typeof source.expr.parts[0] === 'string' ? source.expr.parts[0] : null;
    const where = `${placeOf(file, block.start)}: module "${name}"`;
    if (path === null || !/^\.\.?\//.test(path)) return void this.loader.notes.push(`${where}: its source is not a local folder ("./…"): its resources are not read`);
    if (attrs.has('for_each') || attrs.has('count')) return void this.loader.notes.push(`${where}: a module with for_each or count is not read`);
    if (depth >= MAX_MODULE_DEPTH) throw new UsageError(`${where}: modules nest more than ${MAX_MODULE_DEPTH} deep`);
    const scope = this.scope(file);
    const inputs = new Map<string, () => Value>();
    for (const [key, attr] of attrs) if (!['source', 'version', 'providers', 'depends_on'].includes(key)) inputs.set(key, () => this.guarded(file, () => evaluate(attr.expr, scope)));
    this.children.set(name, new Module(this.loader, resolve(this.dir, path), `${this.prefix}module.${name}.`, inputs, depth + 1));
  }

  /** Run `fn`, giving an Unevaluable from it the place in `file` it is about (it may surface elsewhere). */
  guarded<T>(file: { path: string; lines: LineIndex }, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Unevaluable) e.place ??= placeOf(file, e.at);
      throw e;
    }
  }

  /** `key`'s value, computed once; a name that needs itself is Unevaluable. */
  private cached(key: string, at: number, compute: () => Value): Value {
    const hit = this.cache.get(key);
    if (hit === IN_PROGRESS) throw new Unevaluable(at, `${key} refers to itself`);
    if (hit !== undefined) return hit;
    if (this.loader.depth >= MAX_REFERENCE_DEPTH) throw new Unevaluable(at, `${key}: names refer to names more than ${MAX_REFERENCE_DEPTH} deep`);
    this.cache.set(key, IN_PROGRESS);
    this.loader.depth++;
    try {
      const value = compute();
      this.cache.set(key, value);
      return value;
    } catch (e) {
      this.cache.delete(key);
      throw e;
    } finally {
      this.loader.depth--;
    }
  }

  /** The names an expression in `file` sees, plus `extra` (each, count, a dynamic block's iterator). */
  scope(file: HclFile, extra: Record<string, Value> = {}): Scope {
    const files: FileAccess = {
      read: (path, at) => this.readFile(path, at),
      readBase64: (path, at) => this.readBase64(path, at),
      listFiles: (dir, at) => listFiles(resolve(this.loader.rootDir, dir), at),
      template: (path, vars, at) => {
        const full = resolve(this.loader.rootDir, path);
        const text = this.readFile(path, at);
        const template = parseTemplate(full, text);
        const own: Scope = { variable: (name, e) => (Object.hasOwn(vars, name) ? vars[name]! : fail(e.start, `"${name}" is not one of the variables given to templatefile()`)), call: (n, a, e) => callFunction(n, a, e, files) };
        return this.guarded({ path: full, lines: lineIndexOf(full, text) }, () => evaluate(template, own));
      },
    };
    const base: Scope = { variable: (name, at) => this.root(name, at), call: (name, args, at) => callFunction(name, args, at, files) };
    return bind(base, extra);
  }

  private readFile(path: string, at: Expr): string {
    // Terraform reads a relative path from the folder it runs in: the root module's.
    const full = resolve(this.loader.rootDir, path);
    try {
      const text = this.loader.readText(full);
      if (!this.loader.filesByText.has(text)) this.loader.filesByText.set(text, full);
      return text;
    } catch (e) {
      throw new Unevaluable(at.start, (e as Error).message);
    }
  }

  private readBase64(path: string, at: Expr): string {
    try {
      return readFileSync(resolve(this.loader.rootDir, path)).toString('base64');
    } catch (e) {
      throw new Unevaluable(at.start, cannotRead(path, e).message);
    }
  }

  private root(name: string, at: Expr): Value {
    switch (name) {
      case 'var': {
        const names = new Set([...this.variables.keys(), ...(this.inputs?.keys() ?? []), ...this.tfvarValues().keys()]);
        return lazyObject([...names], (n) => this.variable(n, at), (n) => `no variable "${n}" is declared (variable "${n}" { … })`);
      }
      case 'local':
        return lazyObject([...this.locals.keys()], (n) => this.local(n, at), (n) => `no local value "${n}" (locals { ${n} = … })`);
      case 'path':
        return { module: this.dir, root: this.loader.rootDir, cwd: this.loader.rootDir };
      case 'terraform':
        return { workspace: 'default' };
      case 'module':
        return lazyObject([...this.children.keys()], (n) => this.children.get(n)!.outputValues(at), (n) => `no module "${n}" read here (only a local one, source = "./…", without for_each or count, is)`);
      case 'data':
        throw new Unevaluable(at.start, 'data sources are read by Terraform at plan time');
      case 'each':
      case 'count':
        throw new Unevaluable(at.start, `${name} is only known in a resource with ${name === 'each' ? 'for_each' : 'count'}`);
    }
    const ofType = this.resources.filter((r) => r.type === name);
    if (ofType.length === 0) throw new Unevaluable(at.start, `unknown name "${name}" (not a resource type declared here, var, local, path, module or data)`);
    return lazyObject(ofType.map((r) => r.name), (n) => this.resourceValue(ofType.find((r) => r.name === n)!, at), (n) => `no resource "${name}" "${n}" is declared here`);
  }

  private local(name: string, at: Expr): Value {
    const { expr, file } = this.locals.get(name)!;
    return this.cached(`local.${name}`, at.start, () => this.guarded(file, () => evaluate(expr, this.scope(file))));
  }

  /** `module.NAME` as the calling module sees it: the child's outputs. */
  private outputValues(at: Expr): Value {
    return lazyObject([...this.outputs.keys()], (o) => this.output(o, at), (o) => `the module has no output "${o}"`);
  }

  private output(name: string, at: Expr): Value {
    const { expr, file } = this.outputs.get(name)!;
    return this.cached(`output.${name}`, at.start, () => this.guarded(file, () => evaluate(expr, this.scope(file))));
  }

  private variable(name: string, at: Expr): Value {
    return this.cached(`var.${name}`, at.start, () => {
      const input = this.inputs?.get(name);
      if (input) return input();
      if (this.inputs === null) {
        const env = process.env[`TF_VAR_${name}`];
        if (env !== undefined) return env;
        const given = this.tfvarValues().get(name);
        if (given !== undefined) return given;
      }
      const decl = this.variables.get(name);
      const fallback = decl?.block.body.attributes.find((a) => a.name === 'default');
      if (!decl || !fallback) throw new Unevaluable(at.start, `variable "${name}" has no default${this.inputs === null ? ' and no value in terraform.tfvars, *.auto.tfvars or TF_VAR_' + name : ' and the module call gives none'}`);
      return this.guarded(decl.file, () => evaluate(fallback.expr, this.scope(decl.file)));
    });
  }

  /** terraform.tfvars, then *.auto.tfvars in name order (a later file wins): the root module's only. */
  private tfvarValues(): Map<string, Value> {
    if (this.tfvars) return this.tfvars;
    this.tfvars = new Map();
    if (this.inputs !== null) return this.tfvars;
    const names = readdirSync(this.dir).filter((n) => n.endsWith('.auto.tfvars')).sort();
    for (const name of ['terraform.tfvars', ...names]) {
      const path = join(this.dir, name);
      if (!existsFile(path)) continue;
      const file = parseHcl(path, this.loader.readText(path));
      const scope = this.scope(file);
      for (const attr of file.body.attributes) {
        try {
          this.tfvars.set(attr.name, evaluate(attr.expr, scope));
        } catch (e) {
          if (!(e instanceof Unevaluable)) throw e;
          this.loader.skipped(file, attr.expr, e, `the value of var.${attr.name} is`);
        }
      }
    }
    return this.tfvars;
  }

  /** A resource as an expression sees it: its values, or by key (for_each) or index (count). */
  private resourceValue(resource: ResourceDecl, at: Expr): Value {
    const key = `${resource.type}.${resource.name}`;
    return this.cached(key, at.start, () => {
      const instances = this.instances(resource);
      const meta = resource.block.body.attributes.find((a) => a.name === 'for_each' || a.name === 'count');
      if (!meta) return this.instanceValues(resource, instances[0]!);
      if (meta.name === 'count') return instances.map((i) => this.instanceValues(resource, i));
      return lazyObject(instances.map((i) => String(i.index)), (k) => this.instanceValues(resource, instances.find((i) => String(i.index) === k)!), (k) => `${key} has no instance "${k}" (for_each)`);
    });
  }

  /** A resource block's instances: one, or one per `for_each` element or `count`. Unevaluable when those are unknown. */
  instances(resource: ResourceDecl): Instance[] {
    const base = `${this.prefix}${resource.type}.${resource.name}`;
    const attrs = resource.block.body.attributes;
    const forEach = attrs.find((a) => a.name === 'for_each');
    const count = attrs.find((a) => a.name === 'count');
    const scope = this.scope(resource.file);
    if (forEach) {
      const collection = this.guarded(resource.file, () => evaluate(forEach.expr, scope));
      const entries: [string, Value][] = isPlainObject(collection)
        ? Object.keys(collection).sort().map((k) => [k, collection[k]!])
        : Array.isArray(collection) && collection.every((v) => typeof v === 'string')
          ? [...new Set(collection as string[])].sort().map((k) => [k, k])
          : fail(forEach.expr.start, 'for_each takes a map or a set of strings');
      if (entries.length > MAX_INSTANCES) fail(forEach.expr.start, `more than ${MAX_INSTANCES} instances`);
      return entries.map(([key, value]) => ({ address: `${base}[${JSON.stringify(key)}]`, index: key, names: { each: { key, value } } }));
    }
    if (count) {
      const n = asNumber(this.guarded(resource.file, () => evaluate(count.expr, scope)), count.expr);
      if (!Number.isInteger(n) || n < 0 || n > MAX_INSTANCES) fail(count.expr.start, `count must be a whole number from 0 to ${MAX_INSTANCES}`);
      return Array.from({ length: n }, (_, i) => ({ address: `${base}[${i}]`, index: i, names: { count: { index: i } } }));
    }
    return [{ address: base, index: undefined, names: {} }];
  }

  /** An instance's values as a plan holds them, once (the loader knows which attributes and blocks matter). */
  instanceValues(resource: ResourceDecl, instance: Instance): Value {
    return this.cached(`instance ${instance.address}`, resource.block.start, () => this.loader.valuesOf(this, resource, instance));
  }

  /** This module's resources and its children's, in declaration order. */
  allModules(): Module[] {
    return [this, ...[...this.children.values()].flatMap((c) => c.allModules())];
  }
}

function fail(at: number, message: string): never {
  throw new Unevaluable(at, message);
}

/** An object whose members are computed when read (a variable is evaluated only if something uses it). */
function lazyObject(keys: string[], get: (key: string) => Value, missing: (key: string) => string): Value {
  const object: Record<string, Value> = {};
  for (const key of keys) Object.defineProperty(object, key, { get: () => get(key), enumerable: true });
  Object.defineProperty(object, MISSING, { value: missing });
  return object;
}

/** The files under `dir`, relative to it: at most MAX_LISTED, not following into node_modules or dot folders. */
function listFiles(dir: string, at: Expr): string[] {
  const found: string[] = [];
  const walk = (folder: string, prefix: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (e) {
      if (depth === 0) throw new Unevaluable(at.start, cannotRead(folder, e).message);
      return;
    }
    for (const entry of entries) {
      if (found.length >= MAX_LISTED) throw new Unevaluable(at.start, `more than ${MAX_LISTED} files under ${dir}`);
      if (entry.isFile()) found.push(prefix + entry.name);
      else if (entry.isDirectory() && depth < MAX_MODULE_DEPTH && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(join(folder, entry.name), `${prefix}${entry.name}/`, depth + 1);
    }
  };
  walk(dir, '', 0);
  return found;
}

function existsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
