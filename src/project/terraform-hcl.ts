// A Fastly service's Terraform as written (.tf files), turned into the resources `terraform show -json`
// would list for it, so terraform.ts assembles the service from either the same way. Only what vcl-edge
// reads is evaluated: a service's name and its vcl, snippet, dynamicsnippet, dictionary, acl and backend
// blocks, and the dictionary items, ACL entries and dynamic snippet content resources. Ids the provider
// makes at apply are given stand-ins (the resource's address), so `service_id = fastly_service_vcl.x.id`
// and `dictionary_id = each.value.dictionary_id` link as in a state. An attribute or block that cannot be
// evaluated is left out with a note naming its file:line:col and the expression.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Block, Body, HclFile } from './hcl.js';
import { bind, evaluate, MISSING, Unevaluable, type Scope, type Value } from './hcl-eval.js';
import { isPlainObject } from './keys.js';
import { Loader, Module, type Instance, type ResourceDecl } from './terraform-module.js';
import type { Origin } from './types.js';

/** What is read of a resource type: attributes, and blocks with their attributes. */
interface ReadSpec {
  attributes: readonly string[];
  blocks: Readonly<Record<string, readonly string[]>>;
}

const BACKEND = ['name', 'address', 'port', 'use_ssl', 'override_host', 'ssl_cert_hostname', 'ssl_hostname', 'ssl_sni_hostname', 'connect_timeout', 'first_byte_timeout', 'between_bytes_timeout', 'max_conn'];
const SERVICE: ReadSpec = {
  attributes: ['name'],
  blocks: { vcl: ['name', 'content', 'main'], snippet: ['name', 'type', 'priority', 'content'], dynamicsnippet: ['name', 'type', 'priority', 'content'], dictionary: ['name', 'write_only'], acl: ['name'], backend: BACKEND },
};
const ITEMS: ReadSpec = { attributes: ['service_id', 'dictionary_id', 'items'], blocks: {} };
const ENTRIES: ReadSpec = { attributes: ['service_id', 'acl_id'], blocks: { entry: ['ip', 'subnet', 'negated'] } };
const CONTENT: ReadSpec = { attributes: ['service_id', 'snippet_id', 'content'], blocks: {} };
const READ: Readonly<Record<string, ReadSpec>> = {
  fastly_service_vcl: SERVICE,
  fastly_service_v1: SERVICE,
  fastly_service_dictionary_items: ITEMS,
  fastly_service_dictionary_items_v1: ITEMS,
  fastly_service_acl_entries: ENTRIES,
  fastly_service_acl_entries_v1: ENTRIES,
  fastly_service_dynamic_snippet_content: CONTENT,
  fastly_service_dynamic_snippet_content_v1: CONTENT,
};

/** The id attribute the provider gives each block of a service, by block type. */
const BLOCK_IDS: Readonly<Record<string, string>> = { dictionary: 'dictionary_id', acl: 'acl_id', dynamicsnippet: 'snippet_id' };
/** Blocks Terraform itself reads, not the provider. */
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);
// The provider's schema types: Terraform converts "true" or "443" written as strings.
const BOOLEANS = new Set(['main', 'use_ssl', 'negated', 'write_only']);
const NUMBERS = new Set(['port', 'priority', 'connect_timeout', 'first_byte_timeout', 'between_bytes_timeout', 'max_conn']);

const ORIGIN = Symbol('where the block is written');

/** Where a block the plan reader got from .tf files was written (its `name`, else its start). */
export function hclOrigin(block: object): Origin | undefined {
  return (block as { [ORIGIN]?: Origin })[ORIGIN];
}

export interface HclResource {
  address: string;
  type: string;
  index?: unknown;
  values: Record<string, unknown>;
  /** The .tf file it is declared in. */
  file: string;
}

export interface TerraformHcl {
  resources: HclResource[];
  /** Every file read, with its text: .tf, .tfvars, and the files file() and templatefile() read. */
  sources: Map<string, string>;
  /** Text read by file() → the file's path. */
  filesByText: Map<string, string>;
  notes: string[];
}

/** Whether `path` is a .tf file or a folder (of .tf files) rather than a plan's JSON. */
export function isTerraformSource(path: string): boolean {
  return path.endsWith('.tf') || isDirectory(path);
}

/** Read a .tf file, or every .tf file of a folder (one module, with its local child modules). */
export function readTerraformHcl(path: string): TerraformHcl {
  const full = resolve(path);
  const loader = new Loader(isDirectory(full) ? full : dirname(full), instanceValues);
  const root = new Module(loader, full, '', null);
  const resources: HclResource[] = [];
  for (const module of root.allModules()) {
    for (const resource of module.resources) {
      if (!READ[resource.type]) continue;
      let instances: Instance[];
      try {
        instances = module.instances(resource);
      } catch (e) {
        if (!(e instanceof Unevaluable)) throw e;
        const meta = resource.block.body.attributes.find((a) => a.name === 'for_each' || a.name === 'count')!;
        loader.skipped(resource.file, meta.expr, e, `${module.prefix}${resource.type}.${resource.name} is`);
        continue;
      }
      for (const instance of instances) {
        const values = module.instanceValues(resource, instance) as Record<string, unknown>;
        resources.push({ address: instance.address, type: resource.type, index: instance.index, values, file: resource.file.path });
      }
    }
  }
  return { resources, sources: loader.sources, filesByText: loader.filesByText, notes: loader.notes };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A resource instance's values, shaped as a plan's: attributes, and each block type as a list. */
function instanceValues(module: Module, resource: ResourceDecl, instance: Instance): Value {
  const spec = READ[resource.type];
  if (!spec) throw new Unevaluable(resource.block.start, `${resource.type}.${resource.name} is known to Terraform only (vcl-edge reads the Fastly service's resources)`);
  const reader = new BodyReader(module, resource.file, instance.address);
  const values = reader.read(resource.block.body, module.scope(resource.file, instance.names), spec.attributes, spec.blocks, '');
  if (spec === SERVICE) {
    values['id'] = instance.address;
    for (const [type, idKey] of Object.entries(BLOCK_IDS)) {
      for (const block of Array.isArray(values[type]) ? (values[type] as Value[]) : []) {
        if (isPlainObject(block) && typeof block['name'] === 'string') block[idKey] = `${instance.address}/${type}/${block['name']}`;
      }
    }
  }
  return values;
}

class BodyReader {
  constructor(
    private readonly module: Module,
    private readonly file: HclFile,
    private readonly address: string,
  ) {}

  /** The attributes in `attributes` and the blocks in `blocks` of `body`; other blocks as `{}` (named in the plan reader's note). */
  read(body: Body, scope: Scope, attributes: readonly string[], blocks: Readonly<Record<string, readonly string[]>>, what: string): Record<string, Value> {
    const out: Record<string, Value> = {};
    // What an expression elsewhere is told when it reads an attribute this object lacks.
    const missing = (name: string) => (attributes.includes(name) || blocks[name] ? `${what}${name} has no value here (set, and evaluated, in ${this.address})` : `${what}${name} is not read here (only ${[...attributes, ...Object.keys(blocks)].join(', ')})`);
    Object.defineProperty(out, MISSING, { value: missing });
    for (const attr of body.attributes) {
      if (!attributes.includes(attr.name)) continue;
      try {
        out[attr.name] = convert(attr.name, evaluate(attr.expr, scope));
      } catch (e) {
        if (!(e instanceof Unevaluable)) throw e;
        this.module.loader.skipped(this.file, attr.expr, e, `${this.address}: ${what}${attr.name} is`);
      }
    }
    for (const block of body.blocks) {
      if (META_BLOCKS.has(block.type)) continue;
      const type = block.type === 'dynamic' ? (block.labels[0] ?? '') : block.type;
      const list = (out[type] ??= []) as Value[];
      const wanted = blocks[type];
      if (!wanted) list.push({});
      else if (block.type === 'dynamic') list.push(...this.dynamic(block, type, scope, wanted));
      else list.push(this.block(block, scope, wanted, `${type} block's `));
    }
    return out;
  }

  private block(block: Block, scope: Scope, attributes: readonly string[], what: string): Record<string, Value> {
    const values = this.read(block.body, scope, attributes, {}, what);
    const name = block.body.attributes.find((a) => a.name === 'name');
    Object.defineProperty(values, ORIGIN, { value: { lines: this.file.lines, offset: name?.expr.start ?? block.start } satisfies Origin });
    return values;
  }

  /** `dynamic "entry" { for_each = …, iterator = it, content { … } }`: one block per element. */
  private dynamic(block: Block, type: string, scope: Scope, attributes: readonly string[]): Record<string, Value>[] {
    const forEach = block.body.attributes.find((a) => a.name === 'for_each');
    const content = block.body.blocks.find((b) => b.type === 'content');
    if (!forEach || !content) return [];
    const iterator = block.body.attributes.find((a) => a.name === 'iterator');
    const name = iterator?.expr.kind === 'variable' ? iterator.expr.name : type;
    let collection: Value;
    try {
      collection = evaluate(forEach.expr, scope);
    } catch (e) {
      if (!(e instanceof Unevaluable)) throw e;
      this.module.loader.skipped(this.file, forEach.expr, e, `${this.address}: the dynamic "${type}" blocks are`);
      return [];
    }
    const entries: [Value, Value][] = Array.isArray(collection) ? collection.map((v, i) => [i, v]) : isPlainObject(collection) ? Object.keys(collection).sort().map((k) => [k, collection[k]!]) : [];
    return entries.map(([key, value]) => this.block(content, bind(scope, { [name]: { key, value } }), attributes, `dynamic ${type} block's `));
  }
}

/** A value as the provider's schema holds it: booleans and numbers written as strings converted. */
function convert(name: string, value: Value): Value {
  if (BOOLEANS.has(name) && (value === 'true' || value === 'false')) return value === 'true';
  if (NUMBERS.has(name) && typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return value;
}
