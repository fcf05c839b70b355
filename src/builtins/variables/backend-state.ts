// Families read from what the engine knows of declared objects (RequestContext.backendFacts): backend
// and director health, backend connections, rate counters. Their values belong to the engine's health
// checks and rate windows; until a run provides them they read healthy and zero.
import { at } from './spec.js';
import { family, type NamedFamilySpec } from './families.js';

const ALL = at('all');
const BUCKETS = [10, 20, 30, 40, 50, 60];
const RATES = [1, 10, 60];

export const BACKEND_STATE_FAMILIES: readonly NamedFamilySpec[] = [
  family('backend.%any%.healthy', 'BOOL', ALL, 'Whether the backend is healthy (its probe, or healthy when it has none).', (c, name) => c.backendFacts.backendHealthy(name)),
  family('backend.%any%.connections_open', 'INTEGER', ALL, 'Connections now open to the backend.', (c, name) => c.backendFacts.connectionsOpen(name)),
  family('backend.%any%.connections_used', 'INTEGER', ALL, 'Connections to the backend that served a request.', (c, name) => c.backendFacts.connectionsUsed(name)),
  family('director.%any%.healthy', 'BOOL', ALL, 'Whether the director has enough healthy members (its .quorum).', (c, name) => c.backendFacts.directorHealthy(name)),
  ...RATES.map((s) =>
    family(`ratecounter.%any%.rate.${s}s`, 'FLOAT', ALL, `Requests per second counted by the rate counter over the last ${s} s.`, (c, name) => c.backendFacts.ratecounterRate(name, s)),
  ),
  ...BUCKETS.map((s) =>
    family(`ratecounter.%any%.bucket.${s}s`, 'INTEGER', ALL, `Requests counted by the rate counter in the last ${s} s.`, (c, name) => c.backendFacts.ratecounterBucket(name, s)),
  ),
];
