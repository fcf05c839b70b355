// The messages between a cluster's primary and its workers (over node:cluster's IPC channel). Each
// carries a `vclEdge` tag: the channel also carries prom-client's and Node's own messages.

/** Worker → primary: listening (the URL, printed once by the primary). */
export interface ListeningMessage {
  vclEdge: 'listening';
  url: string;
  /** The version it serves (the one it was forked with). */
  version: number;
}

/** Primary → worker: load the files again and serve what they say, as `version`. */
export interface ReloadMessage {
  vclEdge: 'reload';
  version: number;
}

/** Worker → primary: how the reload went (`error`: what to print when it was refused). */
export interface ReloadedMessage {
  vclEdge: 'reloaded';
  version: number;
  error?: string;
}

/**
 * Worker → primary → the other workers: a PURGE one worker answered, for every cache to apply, as a
 * Fastly purge reaches every cache node.
 */
export interface PurgeMessage {
  vclEdge: 'purge';
  key: string;
  soft: boolean;
}

export type SupervisorMessage = ListeningMessage | ReloadMessage | ReloadedMessage | PurgeMessage;

export function isSupervisorMessage(message: unknown): message is SupervisorMessage {
  return typeof message === 'object' && message !== null && typeof (message as { vclEdge?: unknown }).vclEdge === 'string';
}

/** The environment variable that tells a (re)started worker the version it serves. */
export const VERSION_ENV = 'VCL_EDGE_VCL_VERSION';
