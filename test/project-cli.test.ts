// lint, serve and test as a user runs them on the fixture service, from its .vcl-edge.json and from its
// Terraform plan: the same results, one CLI style (-I, --config, --env, --terraform, exit 2 for usage
// errors with one wording, load errors in lint's format), and serve answering over a real socket.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { projectDir } from './helpers/project-dirs.js';
import { within } from './helpers/ws-client.js';

const CLI = resolve('dist/bin/vcl-edge.js');
const SERVICE = resolve('fixtures/service');
const CONFIG_DIR = join(SERVICE, 'config');
/** The ways to name the fixture service: a folder with its .vcl-edge.json, the plan, or its .tf files. */
const SOURCES = [
  { name: '.vcl-edge.json', cwd: CONFIG_DIR, args: [] as string[] },
  { name: 'Terraform plan', cwd: SERVICE, args: ['--terraform', 'plan.json'] },
  { name: 'Terraform .tf files', cwd: SERVICE, args: ['--terraform', 'tf'] },
];

beforeAll(() => ensureBuilt(), 120_000);

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** `vcl-edge serve …` in `cwd`: resolves with its URL once it listens. */
async function serve(args: string[], cwd: string): Promise<{ url: string; output: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args, '--workers', '1'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await within(
    new Promise<string>((done, fail) => {
      child.stdout!.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(output);
        if (m) done(m[1]!);
      });
      void exit.then((code) => fail(new Error(`serve exited ${code}: ${output}`)));
    }),
    10_000,
    'serve to listen',
  );
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return within(exit, 5_000, 'serve to exit');
    },
  };
}

describe('lint, test and serve give the same results from .vcl-edge.json and from the Terraform plan', () => {
  it('lint: no problems in the assembled service; the plan’s unread blocks are named in a note', () => {
    const [config, plan, tf] = SOURCES.map((s) => run(['lint', '--format', 'json', ...s.args], s.cwd));
    expect([config!.code, JSON.parse(config!.out)]).toEqual([0, []]);
    expect([plan!.code, JSON.parse(plan!.out)]).toEqual([0, []]);
    expect(plan!.err).toContain('vcl-edge lint: note: plan.json: fastly_service_vcl.shop: ignored logging_https');
    expect([tf!.code, JSON.parse(tf!.out)]).toEqual([0, []]);
    expect(tf!.err).toContain(`vcl-edge lint: note: ${join('tf', 'main.tf')}: fastly_service_vcl.shop: ignored logging_https`);
  });

  it('test: the same tests pass', () => {
    const reports = SOURCES.map((s) => {
      const r = run(['test', '--format', 'json', ...s.args], s.cwd);
      expect(r.code).toBe(0);
      return (JSON.parse(r.out) as { tests: { name: string; status: string }[] }).tests.map((t) => [t.name, t.status]);
    });
    expect(reports[0]).toHaveLength(3);
    expect(reports.slice(1)).toEqual(reports.slice(1).map(() => reports[0]));
  });

  it('serve: a dictionary lookup over a real socket redirects, the ACL and snippets apply, other requests reach the origin', async () => {
    const origin = await startHttpOrigin((req, res) => res.end(`origin saw ${req.url} for ${req.headers.host}`));
    try {
      for (const source of SOURCES) {
        // --listen takes a port alone; --backend sends the configured F_origin to the local origin.
        const edge = await serve(['--listen', '0', '--backend', `F_origin=http://127.0.0.1:${origin.port}`, ...source.args], source.cwd);
        const redirect = await fetch(`${edge.url}/blog`, { redirect: 'manual' });
        expect([source.name, redirect.status, redirect.headers.get('location')]).toEqual([source.name, 301, 'https://blog.example.com/']);
        const page = await fetch(`${edge.url}/page`);
        // The backend's Host header (override_host in the plan, host_header in the config) is sent.
        expect([await page.text(), page.headers.get('x-snippets'), page.headers.get('x-served-by')]).toEqual(['origin saw /page for origin.example.com', 'internal,redirects', 'vcl-edge unknown']);
        expect(await edge.stop()).toBe(0);
        expect(edge.output()).toMatch(/^GET \/page$/m); // the `requests` endpoint logs to stdout
      }
    } finally {
      await origin.close();
    }
  });

  it('serve: --override client.ip fixes every client’s address, as the config’s overrides may', async () => {
    const origin = await startHttpOrigin((req, res) => res.end(`origin saw ${req.url}`));
    try {
      // 198.51.100.10 is in the internal ACL: its requests skip the redirect table.
      const edge = await serve(['--listen', '0', '--backend', `F_origin=http://127.0.0.1:${origin.port}`, '--override', 'client.ip=198.51.100.10'], CONFIG_DIR);
      const page = await fetch(`${edge.url}/blog`, { redirect: 'manual' });
      expect([page.status, await page.text()]).toEqual([200, 'origin saw /blog']);
      expect(await edge.stop()).toBe(0);
    } finally {
      await origin.close();
    }
  });

  it('serve: the config’s backend address is used when no --backend is given', async () => {
    const origin = await startHttpOrigin((_req, res) => res.end('from the configured origin'));
    try {
      const dir = projectDir({
        '.vcl-edge.json': JSON.stringify({ main: 'main.vcl', backends: { F_app: `http://127.0.0.1:${origin.port}` }, dictionaries: { greetings: { '/': 'hello' } } }),
        'main.vcl': 'sub vcl_recv {\n#FASTLY recv\n  set req.backend = F_app;\n  set req.http.X-Greeting = table.lookup(greetings, req.url, "none");\n  return(pass);\n}\nsub vcl_deliver {\n#FASTLY deliver\n  set resp.http.X-Greeting = req.http.X-Greeting;\n}\n',
      });
      const edge = await serve(['--listen', '127.0.0.1:0'], dir);
      const res = await fetch(`${edge.url}/`);
      expect([await res.text(), res.headers.get('x-greeting')]).toEqual(['from the configured origin', 'hello']);
      await edge.stop();
    } finally {
      await origin.close();
    }
  });
});

describe('one CLI style', () => {
  it('a missing file is a usage error (exit 2) worded the same by lint, serve and test', () => {
    for (const command of ['lint', 'serve', 'test']) {
      const r = run([command, 'nowhere.vcl'], SERVICE);
      expect([command, r.code]).toEqual([command, 2]);
      expect(r.err).toContain(`vcl-edge ${command}: cannot read nowhere.vcl: no such file`);
    }
  });

  it('a load error in serve and test is printed as lint prints it: file, line:col, severity, message, rule, code frame', () => {
    const dir = projectDir({
      '.vcl-edge.json': JSON.stringify({ main: 'main.vcl', snippets: [{ file: 'snippets/recv.vcl', type: 'recv' }] }),
      'main.vcl': 'sub vcl_recv {\n#FASTLY recv\n  return(lookup);\n}\n',
      'snippets/recv.vcl': '# a snippet\nset req.http.A = no.such.variable;\n',
      'main.test.vcl': 'sub test_a {\n  assert.true(true);\n}\n',
    });
    const frame = ['snippets/recv.vcl', '  2:18     error   unknown variable "no.such.variable"  unknown-variable', '        |', '      2 | set req.http.A = no.such.variable;'].join('\n');
    const lint = run(['lint'], dir);
    expect([lint.code, lint.out]).toEqual([1, expect.stringContaining(frame)]);
    for (const command of ['serve', 'test']) {
      const r = run([command], dir);
      expect([command, r.code, r.out]).toEqual([command, 2, '']);
      expect(r.err).toContain(frame);
    }
  });

  it('every usage error exits 2 before anything starts: an unknown command, a bad --backend, a --cache-size that is no byte count', () => {
    expect(run(['serv'], SERVICE)).toMatchObject({ code: 2, err: expect.stringContaining("unknown command 'serv'") });
    const noName = run(['serve', '--listen', '0', '--backend', 'http://127.0.0.1:1'], CONFIG_DIR);
    expect([noName.code, noName.out]).toEqual([2, '']);
    expect(noName.err).toMatch(/--backend .*NAME=URL/);
    const badScheme = run(['serve', '--listen', '0', '--backend', 'F_origin=ftp://x'], CONFIG_DIR);
    expect([badScheme.code, badScheme.out]).toEqual([2, '']);
    expect(badScheme.err).toContain('unsupported scheme "ftp:"');
    const notAnAddress = run(['serve', '--listen', '0', '--override', 'client.ip=nope'], CONFIG_DIR);
    expect([notAnAddress.code, notAnAddress.err]).toEqual([2, expect.stringContaining('override client.ip: "nope" is not an IPv4 or IPv6 address')]);
    // A file serve reads (TLS, CA) or appends to (the access log) that it cannot use: the same wording as a missing VCL.
    const files: [string[], string][] = [
      [['--tls-cert', 'nope.pem', '--tls-key', 'nope.key'], 'vcl-edge serve: cannot read nope.pem: no such file'],
      [['--ca-file', 'nope-ca.pem'], 'vcl-edge serve: cannot read nope-ca.pem: no such file'],
      [['--access-log', 'no/such/folder/access.log'], 'vcl-edge serve: cannot write no/such/folder/access.log: no such file'],
    ];
    for (const [flags, message] of files) {
      const r = run(['serve', '--listen', '0', ...flags], CONFIG_DIR);
      expect([r.code, r.out, r.err]).toEqual([2, '', expect.stringContaining(message)]);
      expect(r.err).not.toMatch(/\n\s+at /); // one line, no stack trace
    }
    for (const size of ['abc', '10MB', '-1']) {
      const r = run(['serve', '--listen', '0', '--cache-size', size], CONFIG_DIR);
      expect([size, r.code, r.out]).toEqual([size, 2, '']);
      expect(r.err).toContain('--cache-size');
    }
  });

  it('--listen takes PORT or HOST:PORT; anything else is a usage error', () => {
    const r = run(['serve', '--listen', 'localhost', '--config', '.vcl-edge.json'], CONFIG_DIR);
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('--listen expects PORT or HOST:PORT, got "localhost"')]);
  });

  it('warns when --log-file names an endpoint the VCL never logs to', async () => {
    const edge = await serve(['--listen', '0', '--log-file', 'request=/dev/null'], CONFIG_DIR);
    await edge.stop();
    expect(edge.output()).toContain('vcl-edge serve: warning: --log-file request: the VCL never logs to "request" (it logs to requests)');
  });

  it('-I and its older name --include both add an include path; --snippet lints a snippet alone', () => {
    const dir = projectDir({ 'main.vcl': 'include "shared";\nsub vcl_recv {\n#FASTLY recv\n}\n', 'lib/shared.vcl': 'acl office { "192.0.2.0"/24; }\n' });
    for (const flag of ['-I', '--include-path', '--include']) expect([flag, run(['lint', 'main.vcl', flag, 'lib', '--rule', 'unused-acl=off'], dir).code]).toEqual([flag, 0]);
    expect(run(['lint', '--snippet', 'recv', '../vcl/snippets/redirects.vcl'], CONFIG_DIR)).toMatchObject({ code: 0, out: 'no problems\n' });
    const alone = run(['lint', '--snippet', 'recv', 'vcl/snippets/redirects.vcl'], SERVICE); // no config here: the dictionary is unknown
    expect([alone.code, alone.out]).toEqual([1, expect.stringContaining('unknown-table')]);
    expect(run(['lint', '--snippet', 'receive', 'x.vcl'], SERVICE)).toMatchObject({ code: 2, err: expect.stringContaining('--snippet must be one of init, recv') });
  });

  it('--env picks an environment; an unknown one is a usage error', () => {
    const dir = projectDir({ '.vcl-edge.json': JSON.stringify({ main: 'main.vcl', environments: { staging: { overrides: { 'fastly.is_staging': true } } } }), 'main.vcl': 'sub vcl_recv {\n#FASTLY recv\n}\n' });
    expect(run(['lint', '--env', 'staging'], dir).code).toBe(0);
    expect(run(['test', '--env', 'prod'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('no environment "prod" (--env); it has staging') });
  });
});
