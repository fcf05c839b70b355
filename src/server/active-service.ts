// What the edge runs for one loaded service: its lifecycle, backend addresses, health probes and
// whether it reads req.body. A reload (EdgeServer.replaceService) builds a new one; a request keeps
// the one it started with to its end, so a reload never changes the VCL under a request in flight.
import type { Readable } from 'node:stream';
import { bufferUpTo, collectBody, type HttpCache } from '../engine/cache.js';
import { Lifecycle, type OriginAnswer } from '../engine/lifecycle.js';
import type { Service } from '../engine/service.js';
import type { RequestContext } from '../values/context.js';
import { BackendResolver } from './backend-targets.js';
import type { BackendTarget } from './backends.js';
import { Prober } from './probes.js';
import { readsRequestBody } from './vcl-request-body.js';

export interface ActiveService {
  readonly service: Service;
  readonly lifecycle: Lifecycle<Readable>;
  readonly backends: BackendResolver;
  /** Health checks of the backends with a `.probe`, while this service is the one requests start with. */
  readonly prober: Prober;
  /** Whether the VCL reads req.body (then small POST/PUT bodies are read before vcl_recv). */
  readonly readsBody: boolean;
}

export interface ActivateOptions {
  overrides?: ReadonlyMap<string, BackendTarget>;
  ca?: (string | Buffer)[];
  /** The connection pools' owner name, kept across reloads so warm origin connections carry over. */
  pool?: string;
  /** The server's cache: one for the server's life, whatever service runs. */
  cache: HttpCache;
  fetch(backends: BackendResolver, ctx: RequestContext, name: string | null): Promise<OriginAnswer<Readable>>;
  /** Whether a failed fetch may go to the director's next pick (LifecycleIO.mayRetryElsewhere). */
  mayRetryElsewhere?(ctx: RequestContext, err: unknown): boolean;
}

export function activate(service: Service, options: ActivateOptions): ActiveService {
  const { program, runtime } = service;
  const backends = new BackendResolver({ backends: program.backends, overrides: options.overrides, ca: options.ca, pool: options.pool });
  const lifecycle = new Lifecycle<Readable>(
    program,
    { cache: options.cache, fetch: (ctx, name) => options.fetch(backends, ctx, name), mayRetryElsewhere: options.mayRetryElsewhere, discard: (body) => body.destroy(), collect: (body, limit) => collectBody(body, limit), buffer: (body, limit) => bufferUpTo(body, limit) },
    runtime,
  );
  const prober = new Prober(program.backends, (name) => backends.resolve(name), runtime.health);
  return { service, lifecycle, backends, prober, readsBody: readsRequestBody(service.sources) };
}
