// Keeps track of open tunnels so a server can stop them on shutdown: wait a grace
// period for them to end by themselves, then destroy what is left.

import type { Tunnel } from './tunnel.js';

export class TunnelRegistry {
  private readonly tunnels = new Set<Tunnel>();
  private readonly waiters = new Set<() => void>();

  get size(): number {
    return this.tunnels.size;
  }

  add(tunnel: Tunnel): void {
    if (tunnel.isOpen) this.tunnels.add(tunnel);
  }

  /** Call from the tunnel's onClosed hook. */
  delete(tunnel: Tunnel): void {
    this.tunnels.delete(tunnel);
    if (this.tunnels.size === 0) for (const wake of this.waiters) wake();
  }

  /**
   * Waits up to `graceMs` for every tunnel to close on its own, then destroys the rest
   * (closedBy 'shutdown'). With `endFirst`, a FIN is sent both ways at the start so
   * endpoints notice the shutdown. Resolves once no tunnel is left.
   */
  async shutdown(graceMs: number, options: { endFirst?: boolean } = {}): Promise<void> {
    if (options.endFirst) for (const tunnel of this.tunnels) tunnel.end();
    if (this.tunnels.size > 0) await this.whenEmpty(graceMs);
    for (const tunnel of this.tunnels) tunnel.destroy('server shutting down');
    // destroy() closes sockets asynchronously; wait (bounded) for their onClosed.
    if (this.tunnels.size > 0) await this.whenEmpty(1000);
    this.tunnels.clear();
  }

  private whenEmpty(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }
}
