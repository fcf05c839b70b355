// One keep-alive connection pool per backend, so consecutive fetches reuse warm connections (and,
// for TLS, skip the handshake), exactly as an edge node keeps connections to its origins open.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { isIP, type Socket } from 'node:net';
import type { BackendTarget } from './backends.js';

// Close idle connections a little before Node's default server keep-alive timeout (5 s), so we
// rarely send a request on a socket the origin is closing.
const IDLE_SOCKET_MS = 4_000;

const agents = new Map<string, http.Agent>();

/**
 * Each target's pool, found without building its key: a resolver hands out the same target object for
 * every request to a backend. (A target VCL gave other timeouts is a copy: found by its key.)
 */
const agentOfTarget = new WeakMap<BackendTarget, http.Agent>();

/** The pool for `target`, created on first use. Pools are keyed by everything that shapes a connection. */
export function agentFor(target: BackendTarget): http.Agent {
  const known = agentOfTarget.get(target);
  if (known !== undefined && agents.get(keyOfAgent.get(known)!) === known) return known;
  const agent = pooledAgent(target);
  agentOfTarget.set(target, agent);
  return agent;
}

const keyOfAgent = new WeakMap<http.Agent, string>();

function pooledAgent(target: BackendTarget): http.Agent {
  const key = poolKey(target);
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = target.tls ? makeTlsAgent(target) : makePlainAgent(target);
    agents.set(key, agent);
    keyOfAgent.set(agent, key);
    sweepers.set(agent, closeIdleSockets(agent));
    owners.set(key, target.pool);
  }
  return agent;
}

/** Close the pooled connections of one owner (server shutdown), or every pool (test teardown). */
export function closeOriginAgents(pool?: string): void {
  for (const [key, agent] of agents) {
    if (pool !== undefined && owners.get(key) !== pool) continue;
    agent.destroy();
    clearInterval(sweepers.get(agent));
    agents.delete(key);
    owners.delete(key);
  }
}

const owners = new Map<string, string | undefined>();

/** How often each pool looks for idle connections: each closes after IDLE_SOCKET_MS - SWEEP_MS to IDLE_SOCKET_MS. */
const SWEEP_MS = 250;
const sweepers = new WeakMap<http.Agent, NodeJS.Timeout>();

/**
 * Close the pool's connections idle for IDLE_SOCKET_MS, found by one timer per pool. (The Agent's own
 * `timeout` option arms and disarms a timer on the socket, and adds a listener, for every request.)
 */
function closeIdleSockets(agent: http.Agent): NodeJS.Timeout {
  const freedAt = new WeakMap<Socket, number>();
  agent.on('free', (socket: Socket) => freedAt.set(socket, performance.now()));
  const timer = setInterval(() => {
    const now = performance.now();
    for (const sockets of Object.values(agent.freeSockets)) {
      for (const socket of sockets ?? []) if (now - (freedAt.get(socket) ?? now) >= IDLE_SOCKET_MS - SWEEP_MS) socket.destroy();
    }
  }, SWEEP_MS);
  timer.unref();
  return timer;
}

function poolKey(target: BackendTarget): string {
  const ca = target.ca?.length
    ? createHash('sha256').update(target.ca.map(String).join('\n')).digest('hex')
    : '';
  return JSON.stringify([
    target.name,
    target.host,
    target.port,
    target.tls,
    target.servername ?? null,
    target.certHostname ?? null,
    target.maxConnections ?? null,
    ca,
    target.pool ?? null,
  ]);
}

function poolOptions(target: BackendTarget): http.AgentOptions {
  return {
    // Requests and small responses must not wait for Nagle's algorithm (40 ms with delayed ACKs).
    noDelay: true,
    keepAlive: true,
    maxSockets: target.maxConnections ?? Infinity,
    scheduling: 'lifo',
  };
}

function makePlainAgent(target: BackendTarget): http.Agent {
  return new http.Agent(poolOptions(target));
}

function makeTlsAgent(target: BackendTarget): https.Agent {
  return new https.Agent({ ...poolOptions(target), ...originTlsOptions(target) });
}

/** How a TLS connection to an origin is made and checked: fetches and health probes alike. */
export function originTlsOptions(target: BackendTarget): tls.ConnectionOptions {
  // An empty servername suppresses SNI; without it Node would derive SNI from the Host header,
  // which is the client's host, not the origin's.
  const servername = target.servername !== undefined && isIP(target.servername) === 0 ? target.servername : '';
  const certHostname = target.certHostname ?? target.servername ?? target.host;
  return {
    servername,
    rejectUnauthorized: true,
    // Extra CAs are trusted in addition to the public roots, not instead of them.
    ...(target.ca?.length ? { ca: [...tls.rootCertificates, ...target.ca] } : {}),
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(certHostname, cert),
  };
}
