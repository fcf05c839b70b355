// Which member a director picks, how healthy it is under `.quorum`, and where its next pick goes after
// a refused connection (the backends already tried are avoided), as Fastly's director page documents
// (declarations/director). Randomness is seeded; health is set as testing.set_backend_health sets it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import type { BackendConfig, DirectorConfig } from '../src/compile/declarations.js';
import { Directors, type SelectionInput } from '../src/engine/directors/directors.js';
import { BackendHealth } from '../src/engine/directors/health.js';
import { runTestFile } from '../src/testing/runner.js';

const BACKENDS = ['F_a', 'F_b', 'F_c', 'F_d'].map((b, i) => `backend ${b} { .host = "127.0.0.1"; .port = "${9001 + i}"; }`).join('\n');

/** The directors of a service with these declarations, and the health they read. */
function directorsOf(declarations: string) {
  const { runtime } = compile(`${BACKENDS}\n${declarations}\nsub vcl_recv { return(pass); }`);
  return { directors: runtime.directors, health: runtime.health };
}

/** A seeded uniform generator, so a distribution is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4_294_967_296;
}

function input(key: string, random: () => number = () => 0.5): SelectionInput {
  return { cacheKey: () => key, clientIdentity: () => key, random };
}

describe('Fastly\'s random director example (quorum 50%, retries 3)', () => {
  // declarations/director, "Random": three members of equal weight; "at minimum, two backends must be
  // healthy for their cumulative weight (~66%) to exceed the 50% quorum"; the older directors page:
  // "it will retry randomly selecting a backend up to three times".
  const { directors, health } = directorsOf(`director my_dir random {
    .quorum = 50%;
    .retries = 3;
    { .backend = F_a; .weight = 1; }
    { .backend = F_b; .weight = 1; }
    { .backend = F_c; .weight = 1; }
  }`);

  it('is healthy with two healthy members, not with one', () => {
    health.set('F_a', false);
    expect(directors.healthy('my_dir')).toBe(true);
    expect(['F_b', 'F_c']).toContain(directors.resolve('my_dir', input('k')));
    health.set('F_b', false);
    expect(directors.healthy('my_dir')).toBe(false);
    expect(directors.resolve('my_dir', input('k'))).toBeNull();
    health.reset();
  });

  it('makes three more picks after a refused connection', () => {
    expect(directors.retries('my_dir')).toBe(3);
  });
});

describe('quorum edges', () => {
  it('random weighs members by .weight; a share exactly at the quorum is enough ("must be reached")', () => {
    const at = (quorum: number) => directorsOf(`director d random { .quorum = ${quorum}%; { .backend = F_a; .weight = 3; } { .backend = F_b; .weight = 1; } }`);
    const seventyFive = at(75);
    seventyFive.health.set('F_b', false); // 3 of 4 = 75%
    expect(seventyFive.directors.healthy('d')).toBe(true);
    seventyFive.health.set('F_b', true);
    seventyFive.health.set('F_a', false); // 1 of 4 = 25%
    expect(seventyFive.directors.healthy('d')).toBe(false);
    const seventySix = at(76);
    seventySix.health.set('F_b', false);
    expect(seventySix.directors.healthy('d')).toBe(false);
  });

  it('100% needs every member; 0% (the default) needs one', () => {
    const all = directorsOf('director d random { .quorum = 100%; { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } }');
    expect(all.directors.healthy('d')).toBe(true);
    all.health.set('F_a', false);
    expect(all.directors.healthy('d')).toBe(false);
    const none = directorsOf('director d random { { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } }');
    none.health.set('F_a', false);
    expect(none.directors.healthy('d')).toBe(true);
    none.health.set('F_b', false);
    expect(none.directors.healthy('d')).toBe(false);
  });

  it('hash and client count weights, chash counts members (they have no weight)', () => {
    for (const type of ['hash', 'client']) {
      const { directors, health } = directorsOf(`director d ${type} { .quorum = 50%; { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 3; } }`);
      health.set('F_b', false); // 25%
      expect(directors.healthy('d')).toBe(false);
      expect(directors.resolve('d', input('k'))).toBeNull();
      health.set('F_b', true);
      health.set('F_a', false); // 75%
      expect(directors.resolve('d', input('k'))).toBe('F_b');
    }
    const ring = directorsOf('director d chash { .quorum = 50%; { .backend = F_a; .id = "a"; } { .backend = F_b; .id = "b"; } { .backend = F_c; .id = "c"; } }');
    ring.health.set('F_a', false); // 2 of 3
    expect(ring.directors.healthy('d')).toBe(true);
    ring.health.set('F_b', false); // 1 of 3
    expect(ring.directors.healthy('d')).toBe(false);
  });

  it('fallback has no quorum: one healthy member is enough', () => {
    const { directors, health } = directorsOf('director d fallback { { .backend = F_a; } { .backend = F_b; } { .backend = F_c; } }');
    health.set('F_a', false);
    health.set('F_b', false);
    expect([directors.healthy('d'), directors.resolve('d', input('k'))]).toEqual([true, 'F_c']);
  });
});

describe('the next pick after a refused connection', () => {
  it('random draws again among the members not tried, by weight', () => {
    const { directors } = directorsOf('director d random { { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 3; } { .backend = F_c; .weight = 1; } }');
    const random = seeded(7);
    const counts = new Map<string | null, number>();
    for (let i = 0; i < 4_000; i++) {
      const to = directors.resolve('d', input('k', random), new Set(['F_a']));
      counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    expect(counts.get('F_a')).toBeUndefined();
    expect(counts.get('F_b')! / 4_000).toBeGreaterThan(0.7); // 3 of the 4 weight left
    expect(counts.get('F_b')! / 4_000).toBeLessThan(0.8);
    expect(directors.resolve('d', input('k'), new Set(['F_a', 'F_b', 'F_c']))).toBeNull();
  });

  it('hash, client and chash fail over to the member the key would get with the refused one unhealthy', () => {
    // One rule for both ways a member drops out, so a key's second choice is stable.
    for (const declaration of [
      'director d hash { { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 2; } { .backend = F_c; .weight = 1; } }',
      'director d client { { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } { .backend = F_c; .weight = 1; } }',
      'director d chash { .seed = 9; { .backend = F_a; .id = "a"; } { .backend = F_b; .id = "b"; } { .backend = F_c; .id = "c"; } }',
    ]) {
      const { directors, health } = directorsOf(declaration);
      const seconds = new Set<string | null>();
      for (let k = 0; k < 60; k++) {
        const key = `/object/${k}`;
        const first = directors.resolve('d', input(key))!;
        const next = directors.resolve('d', input(key), new Set([first]));
        health.set(first, false);
        expect(next).toBe(directors.resolve('d', input(key)));
        health.reset();
        expect(next).not.toBe(first);
        seconds.add(next);
      }
      expect(seconds.size).toBe(3); // the failovers spread, not one member taking them all
    }
  });

  it('a nested director is passed over once every backend under it was tried', () => {
    const { directors } = directorsOf(`director inner fallback { { .backend = F_a; } { .backend = F_b; } }
director d random { { .backend = inner; .weight = 1000; } { .backend = F_c; .weight = 1; } }`);
    const draws = seeded(3);
    expect(directors.resolve('d', input('k', () => 0), new Set(['F_a']))).toBe('F_b'); // inner's next member
    for (let i = 0; i < 50; i++) expect(directors.resolve('d', input('k', draws), new Set(['F_a', 'F_b']))).toBe('F_c');
    expect(directors.resolve('d', input('k', draws), new Set(['F_a', 'F_b', 'F_c']))).toBeNull();
  });

  it('how many more picks each kind makes', () => {
    const { directors } = directorsOf(`director r random { { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } { .backend = F_c; .weight = 1; } }
director r0 random { .retries = 0; { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } }
director fb fallback { { .backend = F_a; } { .backend = F_b; } }
director h hash { { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } { .backend = F_c; .weight = 1; } }
director nested fallback { { .backend = h; } { .backend = F_a; } { .backend = F_d; } }
director sh shield { .shield = "iad-va-us"; }`);
    // random: `.retries`, by default as many as its members; the others: every backend they reach, once.
    expect(['r', 'r0', 'fb', 'h', 'nested', 'sh', 'F_a'].map((n) => directors.retries(n))).toEqual([3, 0, 1, 2, 3, 0, 0]);
  });
});

describe('retrying on any graph of directors', () => {
  it('never picks a backend already tried, unhealthy or a shield, and runs out within the budget', () => {
    // The checker rejects loops; the engine must still stay finite on any graph it is given.
    const BACKEND_NAMES = ['b0', 'b1', 'b2', 'b3'];
    const DIRECTOR_NAMES = ['d0', 'd1', 'd2', 'd3'];
    const member = fc.record({ backend: fc.constantFrom(...BACKEND_NAMES, ...DIRECTOR_NAMES), weight: fc.integer({ min: 0, max: 3 }) });
    const director = fc.record({
      type: fc.constantFrom('random', 'fallback', 'hash', 'client', 'chash', 'shield'),
      members: fc.array(member, { maxLength: 5 }),
      quorum: fc.constantFrom(0, 50, 100),
      retries: fc.option(fc.integer({ min: 0, max: 6 })),
    });
    const world = fc.record({
      directors: fc.array(director, { minLength: 4, maxLength: 4 }),
      healthy: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      shields: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      key: fc.string({ maxLength: 8 }),
      seed: fc.integer({ min: 0, max: 1_000 }),
    });
    fc.assert(
      fc.property(world, ({ directors, healthy, shields, key, seed }) => {
        const backends = new Map(BACKEND_NAMES.map((name, i) => [name, { name, isShield: shields[i] } as BackendConfig]));
        const configs = new Map(
          directors.map((d, i): [string, DirectorConfig] => {
            const members = d.members.map((m, j) => ({ ...m, id: `${m.backend}#${j}` }));
            return [DIRECTOR_NAMES[i]!, { name: DIRECTOR_NAMES[i]!, ...d, members, key: 'object', seed: 0, vnodesPerNode: 4, shield: null, isSsl: false }];
          }),
        );
        const health = new BackendHealth();
        BACKEND_NAMES.forEach((name, i) => health.set(name, healthy[i]!));
        const all = new Directors(backends, configs, health, BACKEND_NAMES.find((_, i) => !shields[i]) ?? null);
        const pick = input(key, seeded(seed));
        for (const name of DIRECTOR_NAMES) {
          // As engine/lifecycle does when every connection is refused: the next pick, `retries` times at most.
          const tried = new Set<string>();
          let to = all.resolve(name, pick);
          for (let retry = 0; to !== null; retry++) {
            expect(tried.has(to)).toBe(false);
            expect([backends.get(to)?.isShield, health.healthy(to)]).toEqual([false, true]);
            tried.add(to);
            if (retry >= all.retries(name)) break;
            to = all.resolve(name, pick, tried);
          }
          expect(tried.size).toBeLessThanOrEqual(BACKEND_NAMES.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('testing.set_backend_health in a test file', () => {
  it('moves a director across its quorum, and director.NAME.healthy / req.backend.healthy follow', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-quorum-'));
    try {
      const main = join(dir, 'main.vcl');
      writeFileSync(
        main,
        `${BACKENDS}
director d random { .quorum = 50%; { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } { .backend = F_c; .weight = 2; } }
sub vcl_recv { set req.backend = d; return(pass); }\n`,
      );
      const tests = join(dir, 'main.test.vcl');
      writeFileSync(
        tests,
        // Weights 1, 1, 2 and a 50% quorum. Each test starts with every backend healthy again: the
        // second would miss the quorum if the first test's marks stayed.
        `sub test_quorum_missed {
  testing.set_backend_health(F_c, false);
  testing.set_backend_health(F_a, false);
  testing.call_subroutine("vcl_recv");
  assert.false(director.d.healthy);
  assert.false(req.backend.healthy);
}
sub test_quorum_reached_exactly {
  testing.set_backend_health(F_a, false);
  testing.set_backend_health(F_b, false);
  testing.call_subroutine("vcl_recv");
  assert.true(director.d.healthy);
  assert.true(req.backend.healthy);
}\n`,
      );
      const { results } = runTestFile(main, tests);
      expect(results.map((r) => [r.name, r.status, r.failure?.message ?? null])).toEqual([
        ['test_quorum_missed', 'passed', null],
        ['test_quorum_reached_exactly', 'passed', null],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
