import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  HttpCache,
  ageSeconds,
  cachedObjectSize,
  collectBody,
  makeCachedObject,
  teeToBuffer,
  type CachedObject,
} from '../src/engine/cache.js';

function object(bodyBytes: number, fields: Partial<CachedObject> = {}): CachedObject {
  return makeCachedObject({
    status: 200,
    statusText: 'OK',
    headers: [],
    body: Buffer.alloc(bodyBytes, 1),
    storedAtMs: 0,
    ttlMs: 60_000,
    ...fields,
  });
}

describe('HttpCache', () => {
  it('counts body and header bytes in an object size', () => {
    expect(cachedObjectSize([['X-A', 'bc']], Buffer.alloc(10))).toBe(10 + 3 + 2 + 4);
    expect(object(5, { headers: [['Content-Type', 'text/plain']] }).size).toBe(5 + 12 + 10 + 4);
  });

  it('stores, finds and counts hits and misses', () => {
    const cache = new HttpCache();
    expect(cache.lookup('/a', 0)).toBeUndefined();
    cache.store('/a', object(10));
    expect(cache.lookup('/a', 1)?.body.length).toBe(10);
    expect(cache.stats()).toEqual({ entries: 1, bytes: 10, hits: 1, misses: 1, evictions: 0 });
  });

  it('evicts the least recently used objects until under the byte budget', () => {
    const cache = new HttpCache({ maxBytes: 300 });
    cache.store('a', object(100));
    cache.store('b', object(100));
    cache.store('c', object(100));
    cache.lookup('a', 0); // a is now the most recently used; b the least
    cache.store('d', object(150));
    expect(cache.lookup('b', 0)).toBeUndefined();
    expect(cache.lookup('c', 0)).toBeUndefined();
    expect(cache.lookup('a', 0)).toBeDefined();
    expect(cache.lookup('d', 0)).toBeDefined();
    expect(cache.stats().bytes).toBe(250);
    expect(cache.stats().evictions).toBe(2); // b and c went to make room for d
  });

  it('does not store an object bigger than the whole budget, nor one with no lifetime', () => {
    const cache = new HttpCache({ maxBytes: 100 });
    cache.store('small', object(50));
    cache.store('huge', object(101));
    cache.store('stale', object(10, { ttlMs: 0 }));
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 50 });
    expect(cache.lookup('small', 0)).toBeDefined();
  });

  it('replacing a key re-charges its bytes', () => {
    const cache = new HttpCache({ maxBytes: 1000 });
    cache.store('k', object(100));
    cache.store('k', object(30));
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 30 });
  });

  it('drops an object once its TTL has passed', () => {
    const cache = new HttpCache();
    cache.store('k', object(10, { storedAtMs: 1_000, ttlMs: 5_000 }));
    expect(cache.lookup('k', 5_999)).toBeDefined();
    expect(cache.lookup('k', 6_000)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('delete and purgeAll empty it', () => {
    const cache = new HttpCache();
    cache.store('a', object(1));
    cache.store('b', object(1));
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    cache.purgeAll();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('reports age in whole seconds', () => {
    const obj = object(1, { storedAtMs: 10_000 });
    expect(ageSeconds(obj, 10_000)).toBe(0);
    expect(ageSeconds(obj, 12_999)).toBe(2);
    expect(ageSeconds(obj, 9_000)).toBe(0);
  });
});

describe('HttpCache.collapse', () => {
  it('runs the work once for concurrent callers, who all get its result', async () => {
    const cache = new HttpCache();
    let runs = 0;
    let finish!: (v: string) => void;
    const work = () => {
      runs++;
      return new Promise<string>((r) => (finish = r));
    };
    const callers = Array.from({ length: 10 }, () => cache.collapse('k', work));
    finish('shared');
    expect(await Promise.all(callers)).toEqual(Array(10).fill('shared'));
    expect(runs).toBe(1);
  });

  it('gives the error to every waiter, and the next call runs the work again', async () => {
    const cache = new HttpCache();
    let runs = 0;
    let fail!: (e: Error) => void;
    const failing = () => {
      runs++;
      return new Promise<string>((_, reject) => (fail = reject));
    };
    const callers = Array.from({ length: 10 }, () => cache.collapse('k', failing));
    fail(new Error('origin down'));
    const outcomes = await Promise.allSettled(callers);
    expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as Error).message === 'origin down')).toBe(true);
    expect(runs).toBe(1);

    expect(await cache.collapse('k', async () => (runs++, 'recovered'))).toBe('recovered');
    expect(runs).toBe(2);
  });

  it('keeps different keys apart', async () => {
    const cache = new HttpCache();
    const [a, b] = await Promise.all([cache.collapse('a', async () => 'A'), cache.collapse('b', async () => 'B')]);
    expect([a, b]).toEqual(['A', 'B']);
  });
});

describe('body helpers', () => {
  const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

  it('collectBody gathers a body within the limit', async () => {
    expect((await collectBody(chunks('ab', 'cd'), 4))?.toString()).toBe('abcd');
  });

  it('collectBody gives null (and stops reading) past the limit', async () => {
    const stream = chunks('ab', 'cd', 'ef');
    expect(await collectBody(stream, 3)).toBeNull();
    expect(stream.destroyed).toBe(true);
  });

  it('collectBody rejects on a stream error', async () => {
    const broken = new Readable({ read() { this.destroy(new Error('boom')); } });
    await expect(collectBody(broken, 10)).rejects.toThrow('boom');
  });

  function sink(): { stream: Writable; text: () => string } {
    const parts: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        parts.push(chunk);
        done();
      },
    });
    return { stream, text: () => Buffer.concat(parts).toString() };
  }

  it('teeToBuffer passes everything through and keeps a copy', async () => {
    const tee = teeToBuffer(100);
    const out = sink();
    await pipeline(chunks('hello ', 'world'), tee.stream, out.stream);
    expect(out.text()).toBe('hello world');
    expect((await tee.collected)?.toString()).toBe('hello world');
  });

  it('teeToBuffer keeps passing through but gives up the copy past the limit', async () => {
    const tee = teeToBuffer(5);
    const out = sink();
    await pipeline(chunks('hello ', 'world'), tee.stream, out.stream);
    expect(out.text()).toBe('hello world');
    expect(await tee.collected).toBeNull();
  });

  it('teeToBuffer gives null when the stream is cut short', async () => {
    const tee = teeToBuffer(100);
    tee.stream.write('partial');
    tee.stream.destroy(new Error('client went away'));
    expect(await tee.collected).toBeNull();
  });
});

describe('HttpCache: stale objects and purges', () => {
  it('keeps an expired object for its longest stale period, for stale() only', () => {
    const cache = new HttpCache();
    cache.store('k', object(10, { storedAtMs: 0, ttlMs: 1_000, staleWhileRevalidateMs: 5_000, graceMs: 2_000 }));
    expect(cache.lookup('k', 1_500)).toBeUndefined();
    expect(cache.stale('k', 1_500)?.body.length).toBe(10);
    expect(cache.stale('k', 500)).toBeUndefined(); // fresh: not stale
    expect(cache.lookup('k', 6_000)).toBeUndefined(); // past every period: dropped
    expect(cache.stats().entries).toBe(0);
  });

  it('purges every variant of a key, hard or soft, and by surrogate key', () => {
    const cache = new HttpCache();
    cache.store('/a', object(1, { surrogateKeys: ['x'] }));
    cache.store('/a\naccept-language:de', object(1, { staleIfErrorMs: 60_000 }));
    cache.store('/ab', object(1, { surrogateKeys: ['x', 'y'] }));
    expect(cache.purge('/a', true, 10)).toBe(2);
    expect(cache.lookup('/a\naccept-language:de', 10)).toBeUndefined();
    expect(cache.stale('/a\naccept-language:de', 10)).toBeDefined(); // soft: kept as stale
    expect(cache.lookup('/ab', 10)).toBeDefined();
    expect(cache.purgeSurrogateKey('y', false, 10)).toBe(1);
    expect(cache.lookup('/ab', 10)).toBeUndefined();
  });
});
