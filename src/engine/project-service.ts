// A project's assembled service compiled to run: its `overrides` become the Service's environment
// overrides (a string read as the variable's type, `"64496"` for an INTEGER), and client.ip / server.ip,
// facts of the connection rather than of the environment, replace every request's addresses.
import type { CheckOptions } from '../check/checker.js';
import { overridableNames, parseOverride } from '../builtins/variables.js';
import { resolve } from 'node:path';
import { assembleService, loadProject, type OverrideValue, type ProjectConfig, type ProjectOptions } from '../project/index.js';
import { didYouMean } from '../project/keys.js';
import { parseIp } from '../values/ip.js';
import type { LoadResult } from '../parser/loader.js';
import { PIPE_SCOPE, RequestContext, SCOPES, type RequestInit, type Scope } from '../values/context.js';
import type { Value } from '../values/values.js';
import { Service } from './service.js';

interface SplitOverrides {
  environment: Record<string, Value>;
  clientIp: string | null;
  serverIp: string | null;
}

/**
 * Split and type a project's overrides. Throws Error naming a variable that cannot be overridden or a
 * value it cannot take, at the `file:line:col` `places` gives for it.
 */
export function splitOverrides(overrides: ReadonlyMap<string, OverrideValue>, places: ReadonlyMap<string, string> = new Map()): SplitOverrides {
  const out: SplitOverrides = { environment: {}, clientIp: null, serverIp: null };
  for (const [name, value] of overrides) {
    try {
      const lower = name.toLowerCase();
      if (lower === 'client.ip' || lower === 'server.ip') out[lower === 'client.ip' ? 'clientIp' : 'serverIp'] = addressOverride(lower, value);
      else {
        const [canonical, typed] = typeof value === 'string' ? parseOverride(`${name}=${value}`) : [name, value];
        out.environment[canonical] = typed;
      }
    } catch (e) {
      throw overrideError(name, e as Error, places.get(name));
    }
  }
  return out;
}

/** client.ip or server.ip fixed for every request: a valid address, in its canonical text. */
function addressOverride(name: string, value: OverrideValue): string {
  const address = typeof value === 'string' ? parseIp(value) : null;
  if (address === null) throw new Error(`override: ${name}: ${JSON.stringify(value)} is not an IPv4 or IPv6 address`);
  return address;
}

/** The override's error where it was written, with the closest overridable name for a misspelt one. */
function overrideError(name: string, error: Error, place: string | undefined): Error {
  let message = error.message.replace(/^override: /, 'override ');
  const guess = message.endsWith('is not a predefined variable') ? didYouMean(name, overridableNames()) : null;
  if (guess !== null) message += ` (did you mean "${guess}"?)`;
  return new Error(place === undefined ? message : `${place}: ${message}`);
}

/** falco's linter.enforce_subroutine_scopes, checked: each subroutine's scopes by their short names. */
export function subroutineScopes(scopes: ReadonlyMap<string, readonly string[]>): Map<string, Scope[]> {
  const known: readonly string[] = [...SCOPES, PIPE_SCOPE];
  const out = new Map<string, Scope[]>();
  for (const [sub, names] of scopes) {
    const bad = names.find((n) => !known.includes(n));
    if (bad !== undefined) throw new Error(`enforce_subroutine_scopes: ${sub}: "${bad}" is not a subroutine scope (${known.join(', ')})`);
    out.set(sub, names as Scope[]);
  }
  return out;
}

/** A service whose requests all come from (and arrive at) the addresses a project fixed. */
class AddressedService extends Service {
  constructor(
    load: LoadResult,
    options: CheckOptions & { overrides?: Record<string, Value> },
    private readonly addresses: Pick<RequestInit, 'clientIp' | 'serverIp'>,
  ) {
    super(load, options);
  }

  override context(request: RequestInit = {}): RequestContext {
    return super.context({ ...request, ...this.addresses });
  }
}

/**
 * Compile a project's service (or a program built on it, such as a test file joined to it) with the
 * project's overrides. Throws VclError for VCL errors, Error for a bad override.
 */
export function compileProject(load: LoadResult, project: ProjectConfig, options: CheckOptions = {}): Service {
  const { environment, clientIp, serverIp } = splitOverrides(project.overrides, project.overridePlaces);
  const scopeOverrides = new Map<string, readonly Scope[]>([...subroutineScopes(project.scopeOverrides), ...(options.scopeOverrides ?? [])]);
  const serviceOptions = { ...options, fastlyMacros: project.fastlyMacros, scopeOverrides, overrides: Object.keys(environment).length ? environment : undefined };
  if (clientIp === null && serverIp === null) return new Service(load, serviceOptions);
  return new AddressedService(load, serviceOptions, { ...(clientIp ? { clientIp } : {}), ...(serverIp ? { serverIp } : {}) });
}

/**
 * The project's service, as lint, serve and test see it: its config found from `cwd` (or named), the main VCL
 * assembled with its dictionaries, ACLs, backends and snippets, and compiled with its overrides.
 */
export function loadService(options: ProjectOptions & { main?: string }): Service {
  const project = loadProject(options);
  return compileProject(assembleService(project, { main: options.main === undefined ? undefined : resolve(options.cwd, options.main) }).load, project);
}
