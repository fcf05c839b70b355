// A Terraform plan or state as `terraform show -json` writes it, read for the Fastly service it holds: a
// fastly_service_vcl resource's `vcl` blocks (the main one and includable ones), `snippet` and
// `dynamicsnippet` blocks, `dictionary`, `acl` and `backend` blocks, with the items, entries and snippet
// content of the fastly_service_dictionary_items, fastly_service_acl_entries and
// fastly_service_dynamic_snippet_content resources. What else the service configures is named in a note.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError, cannotRead } from '../usage-error.js';
import { isPlainObject } from './keys.js';
import { lineIndexOf } from './structured.js';
import { vclFilesByText } from './content-match.js';
import { hclOrigin, isTerraformSource, readTerraformHcl, type HclResource } from './terraform-hcl.js';
import { DEFAULT_PRIORITY, isBackendUrl, isSnippetType, type BackendSetting, type Origin, type ProjectConfig } from './types.js';

type Json = Record<string, unknown>;

interface Resource {
  address: string;
  type: string;
  index?: unknown;
  values: Json;
}

const SERVICE_TYPES = ['fastly_service_vcl', 'fastly_service_v1'];
const is = (r: Resource, type: string) => r.type === type || r.type === `${type}_v1`;

/** Blocks of a service that make VCL on Fastly but have no counterpart here: named in the note when used. */
const IGNORED_BLOCKS = ['condition', 'header', 'gzip', 'healthcheck', 'director', 'request_setting', 'response_object', 'cache_setting', 'rate_limiter', 'product_enablement', 'image_optimizer_default_settings'];

/** The VCL name Fastly gives a backend configured outside VCL: `F_` and the name with other characters as `_`. */
export function backendVclName(name: string): string {
  return `F_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * Read `plan.json` (or `plan.json#service-name` when the plan holds several services) into `config`; or
 * the service's .tf files: `main.tf`, or a folder (every .tf in it, as Terraform reads a module).
 */
export function applyTerraformPlan(config: ProjectConfig, spec: string): void {
  const hash = spec.lastIndexOf('#');
  const path = hash > 0 ? spec.slice(0, hash) : spec;
  const wanted = hash > 0 ? spec.slice(hash + 1) : null;
  if (isTerraformSource(path)) return applyTerraformFiles(config, path, wanted);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw cannotRead(path, e);
  }
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not the JSON of \`terraform show -json\`: ${(e as Error).message}`);
  }
  const resources = allResources(plan, path);
  const service = pickService(resources, wanted, path, 'the plan');
  config.files.push(path);
  config.sources.set(path, text);
  const lines = lineIndexOf(path, text);
  // Where `"name": "<name>"` first appears in the plan, for the declarations made from a block.
  const originOf = (_block: Json, name: string): Origin => {
    const m = new RegExp(`"name"\\s*:\\s*${JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(text);
    return { lines, offset: m?.index ?? 0 };
  };
  const dir = dirname(resolve(path));
  new PlanReader(config, path, service, resources, originOf, () => vclFilesByText(dir)).read();
}

/** The service of .tf files: their resources shaped as a plan's, read by the same PlanReader. */
function applyTerraformFiles(config: ProjectConfig, path: string, wanted: string | null): void {
  const tf = readTerraformHcl(path);
  for (const [file, text] of tf.sources) {
    config.files.push(file);
    config.sources.set(file, text);
  }
  config.notes.push(...tf.notes);
  const service = pickService(tf.resources, wanted, path, 'the .tf files') as HclResource;
  const start = { lines: lineIndexOf(service.file, tf.sources.get(service.file) ?? ''), offset: 0 };
  new PlanReader(config, service.file, service, tf.resources, (block) => hclOrigin(block) ?? start, () => tf.filesByText).read();
}

function allResources(plan: unknown, path: string): Resource[] {
  // A plan has planned_values; `terraform show -json` of a state has values.
  const values = isPlainObject(plan) ? (plan['planned_values'] ?? plan['values']) : undefined;
  const root = isPlainObject(values) ? values['root_module'] : undefined;
  if (!isPlainObject(root)) throw new UsageError(`${path}: not the JSON of \`terraform show -json\` (no planned_values.root_module or values.root_module)`);
  const out: Resource[] = [];
  const visit = (module: Json, depth: number) => {
    if (depth > 32) return; // modules nest a few levels; a deeper file is not a plan
    for (const r of Array.isArray(module['resources']) ? module['resources'] : []) {
      if (isPlainObject(r) && typeof r['type'] === 'string' && isPlainObject(r['values'])) out.push({ address: String(r['address'] ?? r['type']), type: r['type'], index: r['index'], values: r['values'] });
    }
    for (const child of Array.isArray(module['child_modules']) ? module['child_modules'] : []) if (isPlainObject(child)) visit(child, depth + 1);
  };
  visit(root, 0);
  return out;
}

function pickService(resources: Resource[], wanted: string | null, path: string, source: string): Resource {
  const services = resources.filter((r) => SERVICE_TYPES.includes(r.type));
  const names = services.map((s) => String(s.values['name'] ?? s.address));
  if (wanted !== null) {
    const found = services.find((s, i) => names[i] === wanted || s.address === wanted);
    if (!found) throw new UsageError(`${path}: no Fastly service "${wanted}" (${source} have ${names.join(', ') || 'none'})`);
    return found;
  }
  if (services.length === 0) throw new UsageError(`${path}: ${source} ${source === 'the plan' ? 'has' : 'have'} no fastly_service_vcl resource`);
  if (services.length > 1) throw new UsageError(`${path}: ${source} ${source === 'the plan' ? 'has' : 'have'} ${services.length} Fastly services (${names.join(', ')}); name one: --terraform ${path}#NAME`);
  return services[0]!;
}

/** A value the plan knows (one computed at apply is absent, or null). */
const known = (value: unknown): boolean => value !== undefined && value !== null && value !== '';
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isPlainObject) : []);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

class PlanReader {
  /** The files on disk by their text, read when first needed. */
  private filesByText: Map<string, string> | undefined;

  constructor(
    private readonly config: ProjectConfig,
    /** The plan, or the .tf file of the service: notes name it. */
    private readonly path: string,
    private readonly service: Resource,
    private readonly resources: Resource[],
    /** Where a block was written, for the declarations made from it. */
    private readonly originOf: (block: Json, name: string) => Origin,
    /** The files a block's content may have been read from, by their text. */
    private readonly sourceFiles: () => Map<string, string>,
  ) {}

  /** The file on disk a block's content was read from, when one holds exactly that text. */
  private fileFor(content: string, name: string): string {
    this.filesByText ??= this.sourceFiles();
    return this.filesByText.get(content) ?? `${this.path}#${name}`;
  }

  /**
   * The resources of `type` that belong to this service's block with id `id` or, where ids are not known
   * yet (a plan that creates the service), keyed (for_each) by the block's `name`, as the provider's
   * examples key them, and not of another service.
   */
  private attached(type: string, idKey: string, id: unknown, name: string): Resource[] {
    const serviceId = this.service.values['id'];
    return this.resources.filter((r) => {
      if (!is(r, type)) return false;
      if (known(id) && known(r.values[idKey])) return r.values[idKey] === id;
      if (known(serviceId) && known(r.values['service_id']) && r.values['service_id'] !== serviceId) return false;
      return r.index === name;
    });
  }

  read(): void {
    const v = this.service.values;
    this.readVcl(list(v['vcl']));
    this.readSnippets(list(v['snippet']), false);
    this.readSnippets(list(v['dynamicsnippet']), true);
    this.readDictionaries(list(v['dictionary']));
    this.readAcls(list(v['acl']));
    this.readBackends(list(v['backend']));
    const used = IGNORED_BLOCKS.filter((k) => list(v[k]).length > 0).concat(Object.keys(v).filter((k) => k.startsWith('logging_') && list(v[k]).length > 0));
    if (used.length) this.config.notes.push(`${this.path}: ${this.service.address}: ignored ${used.join(', ')} (configuration Fastly turns into VCL; vcl-edge runs only the VCL, snippets, dictionaries, ACLs and backends)`);
  }

  private readVcl(blocks: Json[]): void {
    for (const block of blocks) {
      const name = text(block['name']);
      const content = typeof block['content'] === 'string' ? block['content'] : null;
      if (name === null || content === null) continue;
      const file = this.fileFor(content, name);
      if (block['main'] === true) {
        this.config.mainText = { file, text: content };
        this.config.main = null;
      } else this.config.includes.set(name, { file, text: content });
    }
  }

  private readSnippets(blocks: Json[], dynamic: boolean): void {
    for (const block of blocks) {
      const name = text(block['name']);
      const type = block['type'];
      if (name === null || !isSnippetType(type)) continue;
      const own = typeof block['content'] === 'string' ? block['content'] : null;
      const content = own ?? (dynamic ? this.attached('fastly_service_dynamic_snippet_content', 'snippet_id', block['snippet_id'], name)[0]?.values['content'] : null);
      if (typeof content !== 'string') {
        // A dynamic snippet's content managed outside Terraform; or (read from .tf) content that could not be evaluated, noted where.
        if (dynamic) this.config.notes.push(`${this.path}: dynamic snippet "${name}" has no content in the plan (managed outside Terraform): left out`);
        continue;
      }
      const priority = typeof block['priority'] === 'number' ? block['priority'] : Number(block['priority'] ?? DEFAULT_PRIORITY);
      this.config.snippets = this.config.snippets.filter((s) => s.name !== name);
      this.config.snippets.push({ name, type, priority: Number.isFinite(priority) ? priority : DEFAULT_PRIORITY, file: this.fileFor(content, `snippet/${name}`), text: content });
    }
  }

  private readDictionaries(blocks: Json[]): void {
    for (const block of blocks) {
      const name = text(block['name']);
      if (name === null) continue;
      const at = this.originOf(block, name);
      const holders = this.attached('fastly_service_dictionary_items', 'dictionary_id', block['dictionary_id'], name);
      const items = holders.flatMap((r) => (isPlainObject(r.values['items']) ? Object.entries(r.values['items']) : []));
      // A private (write_only) dictionary, or one whose items Terraform does not manage: known by name only.
      const external = holders.length === 0 || block['write_only'] === true;
      this.config.dictionaries.set(name, { name, external, items: items.map(([key, value]) => ({ key, value: String(value), at })), at });
    }
  }

  private readAcls(blocks: Json[]): void {
    for (const block of blocks) {
      const name = text(block['name']);
      if (name === null) continue;
      const at = this.originOf(block, name);
      const holders = this.attached('fastly_service_acl_entries', 'acl_id', block['acl_id'], name);
      const entries = holders.flatMap((r) => list(r.values['entry'])).map((e) => {
        const subnet = e['subnet'];
        const prefix = subnet === undefined || subnet === null || subnet === '' ? null : Number(subnet);
        return { negated: e['negated'] === true, address: String(e['ip'] ?? ''), prefix: Number.isInteger(prefix) ? prefix : null, at };
      });
      this.config.acls.set(name, { name, external: holders.length === 0, entries, at });
    }
  }

  private readBackends(blocks: Json[]): void {
    for (const block of blocks) {
      const name = text(block['name']);
      const address = text(block['address']);
      if (name === null || address === null) continue;
      const tls = block['use_ssl'] === true;
      const port = typeof block['port'] === 'number' ? block['port'] : tls ? 443 : 80;
      const host = address.includes(':') ? `[${address}]` : address;
      const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
      if (!isBackendUrl(url)) throw new UsageError(`${this.path}: backend "${name}": address ${JSON.stringify(address)} is not a host name or address (port ${port})`);
      const setting: BackendSetting = { url, at: this.originOf(block, name) };
      const hostHeader = text(block['override_host']);
      const certHostname = text(block['ssl_cert_hostname']) ?? text(block['ssl_hostname']);
      const sniHostname = text(block['ssl_sni_hostname']);
      if (hostHeader) setting.hostHeader = hostHeader;
      if (certHostname) setting.certHostname = certHostname;
      if (sniHostname) setting.sniHostname = sniHostname;
      if (typeof block['connect_timeout'] === 'number') setting.connectTimeoutMs = block['connect_timeout'];
      if (typeof block['first_byte_timeout'] === 'number') setting.firstByteTimeoutMs = block['first_byte_timeout'];
      if (typeof block['between_bytes_timeout'] === 'number') setting.betweenBytesTimeoutMs = block['between_bytes_timeout'];
      if (typeof block['max_conn'] === 'number') setting.maxConnections = block['max_conn'];
      this.config.backends.set(backendVclName(name), setting);
    }
  }
}
