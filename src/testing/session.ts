// The state a test runs in. falco runs each top-level test sub in a fresh interpreter and shares one
// interpreter across the tests of a `describe` group; a Session is that interpreter's worth of state:
// one request context, the last subroutine's outcome (testing.state), injected values, mocks and tables.
import type { CompiledProgram } from '../compile/program.js';
import type { RequestContext } from '../values/context.js';
import type { Service } from '../engine/service.js';
import type { Value } from '../values/values.js';

export class Session {
  /** testing.state: how the last subroutine called through testing.call_subroutine ended ('' before any). */
  state = '';
  /** The status/response of the last `error`, like falco's obj.status/obj.response bookkeeping. */
  error: { status: number; response: string | null } | null = null;
  /** testing.inject_variable values, by lower-case variable name. */
  readonly injected = new Map<string, Value>();
  /** testing.set_backend_health, by backend name (absent = healthy). */
  readonly health = new Map<string, boolean>();
  /** Where in ctx.called the running test began (assert.subroutine_called counts from here). */
  testStart = 0;
  private readonly tables: Map<string, Map<string, Value>>;

  constructor(
    readonly ctx: RequestContext,
    private readonly program: CompiledProgram,
    injected: ReadonlyMap<string, Value> = new Map(),
  ) {
    for (const [name, value] of injected) this.injected.set(name, value);
    // testing.table_set/table_merge change the program's tables: keep a copy to put back.
    this.tables = new Map([...program.tables].map(([name, t]) => [name, new Map(t.entries)]));
  }

  /** Undo what the tests changed in the shared program: tables and mocks. */
  close(): void {
    for (const [name, entries] of this.tables) {
      const table = this.program.tables.get(name)!;
      table.entries.clear();
      for (const [k, v] of entries) table.entries.set(k, v);
    }
    this.program.substitutes.clear();
  }
}

/**
 * What the testing.* and assert.* functions reach: they are made before the program is compiled
 * (the checker needs their signatures), so the service and the current session are bound later.
 */
export class Harness {
  private bound: Service | null = null;
  private current: Session | null = null;
  /** Each declared sub's return type (null for a plain sub): testing.mock swaps only like for like. */
  readonly subReturnTypes = new Map<string, string | null>();

  /** `inject`: values every test starts with injected, by lower-case name. */
  constructor(private readonly inject: ReadonlyMap<string, Value> = new Map()) {}

  attach(service: Service): void {
    this.bound = service;
  }

  get service(): Service {
    if (!this.bound) throw new Error('internal: the test harness has no compiled service yet');
    return this.bound;
  }

  get program(): CompiledProgram {
    return this.service.program;
  }

  get session(): Session {
    if (!this.current) throw new Error('internal: no test is running');
    return this.current;
  }

  open(): Session {
    this.current?.close();
    this.service.runtime.health.reset(); // each test starts with every backend healthy
    this.service.runtime.resetRateLimits(); // and with no request counted, no one penalized
    this.current = new Session(this.service.context(), this.program, this.inject);
    return this.current;
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }
}
