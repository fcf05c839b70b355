// server.*: the cache node that handles the request. Its address and port are real (the listening
// socket); its host name is this machine's; the POP facts read as one plausible POP unless overridden.
import cluster from 'node:cluster';
import { hostname } from 'node:os';
import { ALL, env, ro, type VariableSpec } from './spec.js';

const HOST = hostname();
/** Each `serve --workers` worker is a cache node of its own (its own cache): its identity says which. */
const IDENTITY = cluster.isWorker ? `${HOST}-w${cluster.worker!.id}` : HOST;
const POP = 'a fixed POP (SJC) unless overridden';

export const SERVER_VARIABLES: readonly VariableSpec[] = [
  ro('server.ip', 'IP', ALL, 'The address the request arrived on.', (c) => c.serverIp),
  ro('server.port', 'INTEGER', ALL, 'The port the request arrived on.', (c) => c.connection.serverPort),
  env('server.hostname', 'STRING', ALL, 'The host name of the cache node.', HOST, { local: "this machine's host name" }),
  env('server.identity', 'STRING', ALL, 'The identity of the cache node (its host name).', IDENTITY, { local: "this machine's host name; in a `serve --workers` worker, followed by `-w` and the worker's number" }),
  env('server.datacenter', 'STRING', ALL, 'The POP code, e.g. SJC.', 'SJC', { local: POP }),
  env('server.pop', 'STRING', ALL, 'The POP code, e.g. SJC.', 'SJC', { local: POP }),
  env('server.region', 'STRING', ALL, 'The region of the POP, e.g. US-West.', 'US-West', { local: POP }),
  env('server.billing_region', 'STRING', ALL, 'The billing region of the POP, e.g. North America.', 'North America', { local: POP }),
];
