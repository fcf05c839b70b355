// req.backend and what VCL may read of the backend it names.
import type { RequestContext } from '../../values/context.js';
import { isIP } from 'node:net';
import { ALL, at, ro, rw, type VariableSpec } from './spec.js';

const settings = (c: RequestContext) => (c.req.backend === null ? undefined : c.backendSettings.get(c.req.backend));

export const REQ_BACKEND_VARIABLES: readonly VariableSpec[] = [
  rw('req.backend', 'BACKEND', ALL, 'The backend or director to fetch from.', (c) => c.req.backend, (c, v) => (c.req.backend = v as string)),
  ro('req.backend.healthy', 'BOOL', ALL, 'Whether req.backend (a backend, or a director with enough healthy members) is healthy.', (c) => {
    const name = c.req.backend;
    if (name === null) return false;
    return c.backendSettings.has(name) ? c.backendFacts.backendHealthy(name) : c.backendFacts.directorHealthy(name);
  }),
  ro('req.backend.name', 'STRING', at('error,deliver,log'), 'The name of req.backend.', (c) => c.req.backend),
  ro('req.backend.ip', 'IP', at('error,deliver,log'), "The address of req.backend: its .host when that is an IP, else the address the last fetch connected to.", (c) => {
    const host = settings(c)?.host;
    if (host !== undefined && isIP(host)) return host;
    return c.beresp?.peer?.ip ?? null;
  }),
  ro('req.backend.port', 'INTEGER', at('error,deliver,log'), 'The port of req.backend.', (c) => settings(c)?.port ?? 0),
  ro('req.backend.is_origin', 'BOOL', at('pass,miss,fetch'), 'Whether req.backend is an origin rather than a shield POP.', () => true, { local: 'always true: a shield director resolves to its origin' }),
  ro('req.backend.is_shield', 'BOOL', ALL, 'Whether req.backend is a shield POP.', () => false, { local: 'always false: a shield director resolves to its origin' }),
  ro('req.backend.is_cluster', 'BOOL', at('deliver'), 'Whether the object came from another cache of the POP (clustering).', () => false, { local: 'always false: one cache' }),
];
