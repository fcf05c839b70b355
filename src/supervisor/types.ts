// What `serve` hands the supervisor: how to load the service (again, on a reload) and how to start an
// edge with it. The supervisor decides where each runs: in the one process, or in every worker.
import type { Writable } from 'node:stream';
import type { BackendOverride, RunningEdge } from '../edge.js';
import type { Service } from '../engine/service.js';

/** A service compiled from the files, with what the project config says of its backends. */
export interface LoadedService {
  service: Service;
  backendSettings?: Record<string, BackendOverride>;
  /** Every file it was read from (the VCL, its includes, the config and its data files): `--watch` watches them. */
  files: string[];
}

export interface EdgeProgram {
  /** Compile the service from the files as they are now; throws a load error (a VclError, a UsageError). */
  load(): LoadedService;
  /** What to print for a load error (diagnostics as lint prints them, or one line); null for any other error. */
  explain(error: unknown): string | null;
  /** Start an edge serving `loaded` (with its own cache); resolves once listening. */
  start(loaded: LoadedService): Promise<RunningEdge>;
}

/** The primary of a cluster, for what runs beside the workers (the admin listener's aggregated /metrics). */
export interface PrimaryHandle {
  /** The workers alive now, by process id. */
  workerPids(): number[];
  /** Whether it is stopping (SIGINT/SIGTERM): the workers drain, and /healthz says so. */
  stopping(): boolean;
}

export interface SuperviseOptions extends EdgeProgram {
  /** Worker processes; 1 serves from this process (no cluster). */
  workers: number;
  /** Reload when a file of the service changes (the primary watches, in a cluster). */
  watch: boolean;
  /** The first load, done by the caller so that a VCL error stops `serve` before anything starts. */
  initial: LoadedService;
  /** How long open tunnels get to end by themselves on SIGINT/SIGTERM (default 2 s). */
  graceMs?: number;
  /** In a cluster's primary, before the workers are forked: start what serves beside them there. */
  onPrimaryReady?(primary: PrimaryHandle): void | Promise<void>;
  /**
   * Whether a SIGHUP came before the supervisor listened for it (while the service compiled or the edge
   * started), held by the caller so that it did not end the process; called once the supervisor's own
   * handler is on, it stops holding them.
   */
  takeHeldHangUp?(): boolean;
  /** Called once, after the edge (or every worker) stopped, before the process exits. */
  onStopped?(): Promise<void>;
  stdout?: Writable;
  stderr?: Writable;
}
