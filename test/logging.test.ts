import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLogStatement } from '../src/builtins/log-statement.js';
import { AccessLog, LogSinks } from '../src/server/log-sinks.js';

function memory(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('parseLogStatement', () => {
  it.each([
    ['syslog 6sQ3aBc logs :: hello world', 'logs', 'hello world'],
    ['syslog id my endpoint :: msg', 'my endpoint', 'msg'],
    ['syslog id ep :: a :: b', 'ep', 'a :: b'],
    ['syslog id ep :: ', 'ep', ''],
  ])('%s', (text, endpoint, message) => {
    expect(parseLogStatement(text)).toEqual({ endpoint, message });
  });

  it.each(['just a message', 'syslog id ep no separator', 'syslog id ep :: two\nlines', ' syslog id ep :: x'])(
    'leaves other forms whole: %j',
    (text) => {
      expect(parseLogStatement(text)).toEqual({ endpoint: null, message: text });
    },
  );
});

describe('LogSinks', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-logs-'));
    dirs.push(dir);
    return dir;
  };

  it('appends lines for file endpoints and sends the rest to stdout', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.log');
    writeFileSync(path, 'earlier\n');
    const out = memory();
    const sinks = new LogSinks({ files: new Map([['app', path]]), stdout: out.stream });
    sinks.write('app', 'one');
    sinks.write('other', 'to stdout');
    sinks.write(null, 'unnamed');
    sinks.write('app', 'two\nstill two');
    await sinks.close();
    expect(readFileSync(path, 'utf8')).toBe('earlier\none\ntwo\\nstill two\n');
    expect(out.text()).toBe('to stdout\nunnamed\n');
  });

  it('falls back to stdout, once reported, when a file cannot be opened', async () => {
    const dir = tempDir();
    const out = memory();
    const problems: string[] = [];
    const sinks = new LogSinks({
      files: new Map([['bad', join(dir, 'missing-dir', 'x.log')]]),
      stdout: out.stream,
      onError: (endpoint) => problems.push(endpoint),
    });
    sinks.write('bad', 'first');
    sinks.write('bad', 'second');
    await sinks.close();
    expect(problems).toEqual(['bad']);
    expect(out.text()).toBe('first\nsecond\n');
  });
});

describe('AccessLog', () => {
  it('writes one parseable JSON object per line', () => {
    const out = memory();
    const log = new AccessLog(out.stream);
    const entry = {
      time: '2025-01-01T00:00:00.000Z',
      client: '127.0.0.1',
      method: 'GET',
      url: '/a?b=1',
      state: 'lookup',
      backend: 'F_app',
      status: 200,
      bytesIn: 0,
      bytesOut: 1234,
      durationMs: 5.5,
    };
    log.write(entry);
    log.write({ ...entry, url: '/ws', state: 'pipe', backend: null, status: 101, tunnel: true });
    log.flush();
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual(entry);
    expect(JSON.parse(lines[1]!)).toMatchObject({ backend: null, tunnel: true, status: 101 });
    expect(Object.keys(JSON.parse(lines[0]!))[0]).toBe('time');
  });

  it('escapes what JSON must escape, as JSON.stringify of the record would', () => {
    const out = memory();
    const log = new AccessLog(out.stream);
    const entry = {
      time: '2025-01-01T00:00:00.000Z',
      client: '::1',
      method: 'GET',
      url: '/a"b\\c\n\u0001\udcff€',
      state: 'pass',
      backend: 'F_"x"',
      status: 200,
      bytesIn: 0,
      bytesOut: Number.NaN,
      durationMs: 0,
    };
    log.write(entry);
    log.flush();
    expect(out.text()).toBe(`${JSON.stringify(entry)}\n`);
  });

  it('writes the lines of one turn of the event loop in one write, and nothing before it ends', async () => {
    const writes: string[] = [];
    const log = new AccessLog(new Writable({ write: (c: Buffer, _e, done) => (writes.push(c.toString()), done()) }));
    const entry = { time: 't', client: 'c', method: 'GET', url: '/', state: 'pass', backend: null, status: 200, bytesIn: 0, bytesOut: 0, durationMs: 1 };
    for (let i = 0; i < 3; i++) log.write({ ...entry, url: `/${i}` });
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
    expect(writes[0]!.trimEnd().split('\n').map((l) => (JSON.parse(l) as { url: string }).url)).toEqual(['/0', '/1', '/2']);
  });
});
