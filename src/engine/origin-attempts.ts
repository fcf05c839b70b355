// Asking the origin for ctx.bereq on the lifecycle's behalf: the backend req.backend leads to (a
// director picks), and, when a director's pick could not be connected to, its next picks in turn.
import type { RequestContext } from '../values/context.js';
import type { EdgeRuntime } from './runtime.js';
import type { LifecycleIO, OriginAnswer } from './lifecycle-types.js';

/** `sick`: no healthy backend to ask (not a failed connection), which stale-if-error may stand in for. */
export type OriginOutcome<B> = (OriginAnswer<B> & { backend: string | null }) | { failed: true; sick?: true };

/** The answer of the backend req.backend leads to; `failed` (fastly.error says why) when none answers. */
export async function askOrigin<B>(io: LifecycleIO<B>, runtime: EdgeRuntime | null, ctx: RequestContext): Promise<OriginOutcome<B>> {
  let backend = runtime && ctx.req.backend !== null ? runtime.resolveBackend(ctx) : ctx.req.backend;
  if (backend === null && ctx.req.backend !== null) {
    ctx.fastlyError = `no healthy backend for ${ctx.req.backend}`;
    return { failed: true, sick: true };
  }
  let tried: Set<string> | null = null;
  // A failed connection that a later pick made good is no error of the request's: fastly.error
  // goes back to what it was.
  const errorBefore = ctx.fastlyError;
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await io.fetch(ctx, backend);
      if (attempt > 0) ctx.fastlyError = errorBefore;
      return { ...answer, backend };
    } catch (e) {
      ctx.fastlyError = (e as Error).message;
      // A director whose pick did not connect tries its next pick, `.retries` times at most.
      if (!runtime || backend === null || !io.mayRetryElsewhere?.(ctx, e)) return { failed: true };
      if (attempt >= runtime.connectRetries(ctx)) return { failed: true };
      (tried ??= new Set()).add(backend);
      backend = runtime.resolveBackend(ctx, tried);
      if (backend === null) return { failed: true };
    }
  }
}
