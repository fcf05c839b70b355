// Directors pick members as Fastly's director page documents: random by weight, fallback the first
// healthy member, hash on the cache key, client on client.identity, chash on a ring; unhealthy members
// are skipped and a director under its .quorum is unhealthy. Health here is set the way tests set it
// (Service.runtime.health, testing.set_backend_health); test/probes.test.ts has it come from real probes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import type { BackendConfig, DirectorConfig } from '../src/compile/declarations.js';
import { Directors } from '../src/engine/directors/directors.js';
import { BackendHealth } from '../src/engine/directors/health.js';
import { HashRing, hash32, rendezvous } from '../src/engine/directors/hashing.js';

const BACKENDS = ['F_a', 'F_b', 'F_c'].map((b, i) => `backend ${b} { .host = "127.0.0.1"; .port = "${9001 + i}"; }`).join('\n');

function service(director: string, recv = 'set req.backend = d;') {
  return compile(`${BACKENDS}\n${director}\nsub vcl_recv { ${recv} return(pass); }`);
}

/** The backend the origin was asked through, for one request. */
async function chosen(s: ReturnType<typeof service>, init: Parameters<ReturnType<typeof service>['run']>[0] = {}): Promise<string | null> {
  const res = await s.run(init, { origin: { status: 200 } });
  return res.status === 200 ? res.backendRequests[0]!.backend : null;
}

/** A seeded uniform generator, so a distribution is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4_294_967_296);
}

describe('random', () => {
  it('picks members in proportion to their weight', async () => {
    const s = service('director d random { { .backend = F_a; .weight = 3; } { .backend = F_b; .weight = 1; } }');
    const rng = seeded(42);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 2_000; i++) {
      const ctx = s.context();
      ctx.rng = rng;
      const b = (await chosen(s, ctx))!;
      counts[b] = (counts[b] ?? 0) + 1;
    }
    expect(counts.F_a! / 2_000).toBeGreaterThan(0.7);
    expect(counts.F_a! / 2_000).toBeLessThan(0.8);
  });

  it('skips unhealthy members, and is unhealthy under its quorum (a 503)', async () => {
    const s = service('director d random { .quorum = 60%; { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } { .backend = F_c; .weight = 1; } }');
    s.runtime.health.set('F_a', false);
    for (let i = 0; i < 20; i++) expect(['F_b', 'F_c']).toContain(await chosen(s));
    s.runtime.health.set('F_b', false); // 1 of 3 healthy: 33% < 60%
    const res = await s.run({}, { origin: { status: 200 } });
    expect([res.status, res.backendRequests.length]).toEqual([503, 0]);
  });
});

describe('fallback', () => {
  it('takes the first healthy member, in order', async () => {
    const s = service('director d fallback { { .backend = F_a; } { .backend = F_b; } { .backend = F_c; } }');
    expect(await chosen(s)).toBe('F_a');
    s.runtime.health.set('F_a', false);
    expect(await chosen(s)).toBe('F_b');
    s.runtime.health.set('F_b', false);
    expect(await chosen(s)).toBe('F_c');
    s.runtime.health.set('F_c', false);
    expect(await chosen(s)).toBeNull();
    s.runtime.health.set('F_a', true);
    expect(await chosen(s)).toBe('F_a');
  });
});

describe('hash and client', () => {
  it('hash: the same cache key always goes to the same member, and keys spread over members', async () => {
    const s = service('director d hash { { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } { .backend = F_c; .weight = 1; } }');
    const seen = new Set<string | null>();
    for (let i = 0; i < 30; i++) {
      const first = await chosen(s, { url: `/item/${i}` });
      expect(await chosen(s, { url: `/item/${i}` })).toBe(first);
      seen.add(first);
    }
    expect(seen.size).toBe(3);
  });

  it('client: follows client.identity (the client IP by default)', async () => {
    const s = service('director d client { { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } }');
    const byClient = new Map<string, string | null>();
    for (let i = 1; i <= 20; i++) byClient.set(`192.0.2.${i}`, await chosen(s, { clientIp: `192.0.2.${i}`, url: `/${i}` }));
    for (const [ip, backend] of byClient) expect(await chosen(s, { clientIp: ip, url: '/another' })).toBe(backend);
    expect(new Set(byClient.values()).size).toBe(2);
  });

  it('client: hashes client.identity as VCL set it, not the address', async () => {
    // Fastly's client.identity page: set it (e.g. from a session cookie) to stick a user to one backend.
    const s = service(
      'director d client { { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } { .backend = F_c; .weight = 1; } }',
      'set client.identity = req.http.X-User; set req.backend = d;',
    );
    const byUser = async (user: string) => {
      const picked = new Set<string | null>();
      for (let i = 1; i <= 12; i++) picked.add(await chosen(s, { clientIp: `192.0.2.${i}`, headers: { 'X-User': user } }));
      return picked;
    };
    const users = await Promise.all(['ann', 'bob', 'cy', 'dee', 'eve', 'fay'].map(byUser));
    for (const picked of users) expect(picked.size).toBe(1); // one backend per user, whatever the address
    expect(new Set(users.map((p) => [...p][0])).size).toBeGreaterThan(1);
  });

  it('moves only the keys of a member that went unhealthy', () => {
    const members = [
      { backend: 'F_a', weight: 1 },
      { backend: 'F_b', weight: 1 },
      { backend: 'F_c', weight: 1 },
    ];
    for (let i = 0; i < 200; i++) {
      const before = rendezvous(`k${i}`, members)!;
      const after = rendezvous(`k${i}`, members.filter((m) => m.backend !== 'F_c'))!;
      if (before.backend !== 'F_c') expect(after.backend).toBe(before.backend);
    }
  });
});

describe('chash', () => {
  it('places keys on a ring: stable, spread, and moved only off an unhealthy member', async () => {
    const s = service('director d chash { .key = object; .seed = 3; .vnodes_per_node = 128; { .backend = F_a; .id = "a"; } { .backend = F_b; .id = "b"; } { .backend = F_c; .id = "c"; } }');
    const first = new Map<number, string | null>();
    for (let i = 0; i < 60; i++) first.set(i, await chosen(s, { url: `/o/${i}` }));
    expect(new Set(first.values()).size).toBe(3);
    s.runtime.health.set('F_b', false);
    for (const [i, was] of first) {
      const now = await chosen(s, { url: `/o/${i}` });
      if (was !== 'F_b') expect(now).toBe(was);
      else expect(now).not.toBe('F_b');
    }
  });

  it('a ring with no usable member answers null', () => {
    const ring = new HashRing([{ id: 'a' }, { id: 'b' }], 8, 0);
    expect(ring.lookup('key', () => false)).toBeNull();
    expect(hash32('abc')).toBe(hash32('abc'));
    expect(hash32('abc', 1)).not.toBe(hash32('abc'));
  });
});

describe('directors of directors', () => {
  it('are as healthy as what they finally lead to, however deep', () => {
    // A chain of 20 directors, each the only member of the one before, ending at F_c.
    const chain = Array.from({ length: 20 }, (_, i) => `director d${i} fallback { { .backend = ${i === 19 ? 'F_c' : `d${i + 1}`}; } }`).join('\n');
    const s = service(chain, 'set req.backend = d0; set req.http.H = if(director.d0.healthy, "up", "down");');
    expect(s.recv().req.headers.get('H')).toBe('up');
    s.runtime.health.set('F_c', false);
    expect(s.recv().req.headers.get('H')).toBe('down');
  });

  it('work out each member once: many paths to one director cost no more than one', () => {
    // 13 levels of 4 members that all name the next level: 4^13 paths (seconds, walked one by one), 52 members.
    const levels = Array.from({ length: 13 }, (_, i) => {
      const next = i === 12 ? 'F_c' : `d${i + 1}`;
      return `director d${i} random { ${Array.from({ length: 4 }, () => `{ .backend = ${next}; .weight = 1; }`).join(' ')} }`;
    }).join('\n');
    const s = service(levels, 'set req.backend = d0; set req.http.H = if(director.d0.healthy, "up", "down");');
    s.runtime.health.set('F_c', false);
    const started = performance.now();
    expect(s.recv().req.headers.get('H')).toBe('down');
    expect(performance.now() - started).toBeLessThan(500);
  }, 60_000);

  it('one that leads back to itself is a load error where the loop closes', () => {
    const vcl = `${BACKENDS}\ndirector d fallback { { .backend = e; } }\ndirector e random { { .backend = F_a; .weight = 1; } { .backend = d; .weight = 1; } }\nsub vcl_recv { set req.backend = d; }`;
    expect(() => compile(vcl, { file: 'loop.vcl' })).toThrow(/loop\.vcl:5:\d+: error: director d leads back to itself \(d → e → d\)/);
  });

  it('whatever the declarations (loops included), a request goes to a healthy origin backend or nowhere', () => {
    // The checker rejects loops; the engine must still stay finite on any graph it is given.
    const BACKEND_NAMES = ['b0', 'b1', 'b2', 'b3'];
    const DIRECTOR_NAMES = ['d0', 'd1', 'd2', 'd3', 'd4'];
    const member = fc.record({ backend: fc.constantFrom(...BACKEND_NAMES, ...DIRECTOR_NAMES), weight: fc.integer({ min: 0, max: 3 }) });
    const director = fc.record({
      type: fc.constantFrom('random', 'fallback', 'hash', 'client', 'chash', 'shield'),
      members: fc.array(member, { maxLength: 5 }),
      quorum: fc.constantFrom(0, 50, 100),
    });
    const world = fc.record({
      directors: fc.array(director, { minLength: 5, maxLength: 5 }),
      healthy: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      shields: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      key: fc.string({ maxLength: 8 }),
      draw: fc.double({ min: 0, max: 0.999, noNaN: true }),
    });
    fc.assert(
      fc.property(world, ({ directors, healthy, shields, key, draw }) => {
        const backends = new Map(BACKEND_NAMES.map((name, i) => [name, { name, isShield: shields[i] } as BackendConfig]));
        const configs = new Map(
          directors.map((d, i): [string, DirectorConfig] => {
            const members = d.members.map((m, j) => ({ ...m, id: `${m.backend}#${j}` }));
            return [DIRECTOR_NAMES[i]!, { name: DIRECTOR_NAMES[i]!, ...d, members, retries: null, key: 'object', seed: 0, vnodesPerNode: 4, shield: null, isSsl: false }];
          }),
        );
        const health = new BackendHealth();
        BACKEND_NAMES.forEach((name, i) => health.set(name, healthy[i]!));
        const origin = BACKEND_NAMES.find((_, i) => !shields[i]) ?? null;
        const all = new Directors(backends, configs, health, origin);
        const input = { cacheKey: () => key, clientIdentity: () => key, random: () => draw };
        for (const name of [...DIRECTOR_NAMES, ...BACKEND_NAMES]) {
          const to = all.resolve(name, input);
          if (to === null) continue;
          expect(backends.get(to)?.isShield).toBe(false);
          expect(health.healthy(to)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('shield', () => {
  it('resolves locally to the fallback fastly.try_select_shield is given', async () => {
    const s = service(
      'director ssl_shield_iad_va_us shield { .shield = "iad-va-us"; .is_ssl = true; }\ndirector d fallback { { .backend = F_b; } }',
      'set req.backend = fastly.try_select_shield(ssl_shield_iad_va_us, d);',
    );
    expect(await chosen(s)).toBe('F_b');
  });

  it('set directly as req.backend, goes to the first declared backend', async () => {
    const s = service('director sh shield { .shield = "iad-va-us"; }', 'set req.backend = sh;');
    expect(await chosen(s)).toBe('F_a');
  });

  it('older generated VCL: a director of `.is_shield` caches leads to the first origin backend, never to a cache', async () => {
    // As a real service's generated VCL (2022) shields: the POP's caches are backends, pooled by a director.
    const caches = ['20', '21'].map((n) => `backend shield_cache_${n}_IAD { .host = "167.82.233.${n}"; .port = "443"; .is_shield = true; .share_key = "fastlyshield"; }`);
    const s = compile(`${caches.join('\n')}\n${BACKENDS}
director ssl_shield_iad_va_us random { { .backend = shield_cache_20_IAD; .weight = 100; } { .backend = shield_cache_21_IAD; .weight = 100; } }
sub vcl_recv {
  set req.backend = F_b;
  if (server.datacenter != "IAD" && req.http.Fastly-FF !~ "-IAD") { set req.backend = ssl_shield_iad_va_us; }
  if (!req.backend.healthy) { set req.backend = F_b; }
  return(pass);
}`);
    for (let i = 0; i < 10; i++) expect(await chosen(s)).toBe('F_a');
  });
});

describe('health variables', () => {
  it('backend.NAME.healthy, director.NAME.healthy and req.backend.healthy read the runtime health', () => {
    const s = service(
      'director d fallback { { .backend = F_a; } { .backend = F_b; } }',
      `set req.backend = d;
       set req.http.A = if(backend.F_a.healthy, "up", "down");
       set req.http.D = if(director.d.healthy, "up", "down");
       set req.http.R = if(req.backend.healthy, "up", "down");`,
    );
    const read = () => {
      const r = s.recv();
      return [r.req.headers.get('A'), r.req.headers.get('D'), r.req.headers.get('R')];
    };
    expect(read()).toEqual(['up', 'up', 'up']);
    s.runtime.health.set('F_a', false);
    expect(read()).toEqual(['down', 'up', 'up']);
    s.runtime.health.set('F_b', false);
    expect(read()).toEqual(['down', 'down', 'down']);
  });

  it('a plain backend that is unhealthy gets no request: 503', async () => {
    const s = service('', 'set req.backend = F_c;');
    s.runtime.health.set('F_c', false);
    const res = await s.run({}, { origin: { status: 200 } });
    expect([res.status, res.backendRequests.length]).toEqual([503, 0]);
  });
});
