// `vcl-edge serve` as a user runs it: the built CLI, a real port, signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHttpOrigin } from './helpers/http-origins.js';
import { within } from './helpers/ws-client.js';
import { ensureBuilt } from './helpers/build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}dist/bin/vcl-edge.js`;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
beforeAll(() => ensureBuilt(), 120_000);

function serve(args: string[]): { child: ChildProcess; url: Promise<string>; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, 'serve', ...args, '--workers', '1'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const url = within(
    new Promise<string>((resolve) => child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    })),
    10_000,
    `"listening on" from vcl-edge serve (output so far: ${out})`,
  );
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, output: () => out, exit };
}

describe('vcl-edge serve (CLI)', () => {
  it('prints the real port for port 0, serves, and exits 0 on SIGTERM', async () => {
    const origin = await startHttpOrigin((_req, res) => res.end('from origin'));
    try {
      const run = serve(['fixtures/main.vcl', '--listen', '127.0.0.1:0', '--backend', `F_app=http://127.0.0.1:${origin.port}`]);
      const url = await run.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(url.endsWith(':0')).toBe(false);
      const res = await fetch(`${url}/hello`);
      expect(await res.text()).toBe('from origin');
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      run.child.kill('SIGTERM');
      expect(await within(run.exit, 5000, 'exit after SIGTERM')).toBe(0);
      // vcl_log's `log` line went to stdout, the access log to stderr.
      expect(run.output()).toMatch(/GET \/hello 200 id=/);
      expect(run.output()).toMatch(/"state":"lookup"/);
    } finally {
      await origin.close();
    }
  });

  it('--access-log - sends the access log to stdout, and --access-log off writes none', async () => {
    const origin = await startHttpOrigin((_req, res) => res.end('ok'));
    try {
      for (const [flag, expected] of [['-', 1], ['off', 0]] as const) {
        const run = serve(['fixtures/main.vcl', '--listen', '127.0.0.1:0', '--backend', `F_app=http://127.0.0.1:${origin.port}`, '--access-log', flag]);
        let stdout = '';
        run.child.stdout!.on('data', (c) => (stdout += c));
        const url = await run.url;
        await (await fetch(`${url}/logged`)).text();
        run.child.kill('SIGTERM');
        expect(await within(run.exit, 5000, 'exit after SIGTERM')).toBe(0);
        const accessLines = run.output().split('\n').filter((l) => l.startsWith('{') && l.includes('"url":"/logged"'));
        expect(accessLines, flag).toHaveLength(expected);
        if (expected) expect(stdout).toContain('"url":"/logged"');
        expect(run.output()).toMatch(/GET \/logged 200 id=/); // VCL's own log line is not the access log
      }
    } finally {
      await origin.close();
    }
  });

  it('reports a VCL error with file:line:col and a code frame, and exits 2', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/vcl-edge-bad-`)}/missing-semicolon.vcl`;
    writeFileSync(file, 'sub vcl_recv {\n  set req.http.X = "a"\n  return(pass);\n}\n');
    const run = serve([file]);
    expect(await within(run.exit, 5000, 'exit')).toBe(2);
    // As lint prints it: the file, then `line:col severity message rule` and a code frame.
    expect(run.output()).toMatch(/missing-semicolon\.vcl\n +\d+:\d+ +error +.* +parse\n +\|/);
  });

  it('writes a log endpoint to the file given by --log-file', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/vcl-edge-logs-`);
    const origin = await startHttpOrigin((_req, res) => res.end('ok'));
    try {
      const run = serve(['fixtures/main.vcl', '--listen', '127.0.0.1:0', '--backend', `F_app=http://127.0.0.1:${origin.port}`, '--log-file', `access=${dir}/access.log`]);
      const url = await run.url;
      await (await fetch(`${url}/to-file`)).text();
      run.child.kill('SIGTERM');
      await run.exit;
      expect(readFileSync(`${dir}/access.log`, 'utf8')).toMatch(/^GET \/to-file 200 id=/);
    } finally {
      await origin.close();
    }
  });

  it('the demo (npm start) serves the page through the edge', async () => {
    expect(existsSync(cli)).toBe(true);
    const run = serve(['fixtures/main.vcl', '--demo', '--listen', '127.0.0.1:0']);
    const url = await run.url;
    const page = await fetch(`${url}/`);
    expect(await page.text()).toContain('vcl-edge demo');
    run.child.kill('SIGINT');
    expect(await within(run.exit, 5000, 'exit after SIGINT')).toBe(0);
  });
});
