// Which backends are healthy: what their probes found (serve), or what a test said
// (testing.set_backend_health, Service.health.set). A backend nobody said anything about is healthy,
// as a backend without a probe is on Fastly.

export class BackendHealth {
  private readonly probed = new Map<string, boolean>();
  private readonly forced = new Map<string, boolean>();

  healthy(backend: string): boolean {
    return this.forced.get(backend) ?? this.probed.get(backend) ?? true;
  }

  /** A probe's verdict (engine of `serve`). */
  report(backend: string, healthy: boolean): void {
    this.probed.set(backend, healthy);
  }

  /** Force a backend's health whatever its probe says (tests); null gives it back to the probe. */
  set(backend: string, healthy: boolean | null): void {
    if (healthy === null) this.forced.delete(backend);
    else this.forced.set(backend, healthy);
  }

  /** Forget what tests forced. */
  reset(): void {
    this.forced.clear();
  }
}
