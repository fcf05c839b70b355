// `npm run soak`: the heavy half of the edge reliability suite (issue 13). The edge runs in its own
// process; this one is the crowd of clients and the origin. Each phase reports its count, time,
// failures, and the edge's open fds and RSS before, at peak and after, read from /proc. Loopback
// only, bounded in count and time. Prints one JSON report; exits 1 if a phase failed.
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { startEdgeChild } from './edge-child.js';
import { exchange, fdsOf, HOST, inParallel, rssMiBOf, settles, startSoakOrigin, type SoakOrigin } from './soak-tools.js';

interface PhaseReport {
  phase: string;
  count: number;
  seconds: number;
  failures: number;
  fds: { before: number; after: number };
  rssMiB: { before: number; peak: number; after: number };
  [extra: string]: unknown;
}

const KILL_STAGES = [
  '',
  'GET /a HTT',
  'GET /a HTTP/1.1\r\nHost: x\r\n\r\n',
  `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'b'.repeat(1000)}`,
  'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
];

async function main(): Promise<void> {
  const origin = await startSoakOrigin();
  const vcl = fileURLToPath(new URL('../../bench/soak.vcl', import.meta.url));
  const edge = await startEdgeChild(vcl, { origin: `http://${HOST}:${origin.port}` });
  const pid = edge.pid!;
  const reports: PhaseReport[] = [];
  const phase = async (name: string, count: number, run: () => Promise<{ failures: number } & Record<string, unknown>>) => {
    await edge.gc?.();
    const before = { fds: fdsOf(pid), rss: rssMiBOf(pid) };
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiBOf(pid))), 100);
    const started = performance.now();
    const result = await run();
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    clearInterval(sampler);
    await settles(() => fdsOf(pid) <= before.fds, 10_000);
    await edge.gc?.();
    const fdsAfter = fdsOf(pid);
    const report = { phase: name, count, seconds, ...result, fds: { before: before.fds, after: fdsAfter }, rssMiB: { before: before.rss, peak, after: rssMiBOf(pid) } };
    if (fdsAfter > before.fds) report.failures += 1;
    reports.push(report);
    process.stderr.write(`soak: ${name} ${JSON.stringify(report)}\n`);
  };
  const all: [string, number, () => Promise<{ failures: number } & Record<string, unknown>>][] = [
    ['killed-connections', 20_000, () => killedConnections(edge.port, 20_000)],
    ['aborted-uploads', 2_000, () => abortedUploads(edge.port, origin, 2_000)],
    ['collapsed-first-client-leaves', 200, () => collapsedFirstLeaves(edge.port, origin, 200)],
    ['stalled-readers', 200, () => stalledReaders(edge.port, origin, 200)],
    ['oversize-heads', 200, () => oversizeHeads(edge.port, 100)],
    ['slowloris', 1_000, () => slowloris(edge.port, 1_000)],
    ['malformed', 5_000, () => malformed(edge.port, origin, 5_000)],
  ];
  // `npm run soak -- killed-connections malformed` runs those phases only; `--rounds 3` repeats them
  // (RSS that keeps climbing round after round is a leak; one that levels off is the heap's size).
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Math.min(10, Math.max(1, Number(args[roundsAt + 1]) || 1)) : 1;
  const wanted = args.filter((a, i) => !a.startsWith('--') && !(roundsAt >= 0 && i === roundsAt + 1));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, count, run] of all) if (wanted.length === 0 || wanted.includes(name)) await phase(name, count, run);
    }
  } finally {
    await edge.close();
    await origin.close();
  }
  console.log(JSON.stringify({ node: process.version, edgePid: pid, phases: reports }, null, 2));
  process.exit(reports.some((r) => r.failures > 0) ? 1 : 0);
}

/** Connections killed at every stage: nothing open, a partial head, a request, an upload, a handshake. */
async function killedConnections(port: number, count: number) {
  let failures = 0;
  await inParallel(count, 100, (i) =>
    new Promise<void>((resolve) => {
      const socket = net.connect(port, HOST, () => {
        const bytes = KILL_STAGES[i % KILL_STAGES.length]!;
        if (bytes) socket.write(bytes);
        setTimeout(() => socket.destroy(), i % 3 === 0 ? 0 : 10);
      });
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
    }),
  );
  if ((await exchange(port, 'GET /after HTTP/1.1\r\nHost: x\r\n\r\n')) !== 200) failures++;
  return { failures };
}

/** 10 MB uploads cut off after 256 KiB: every origin request must be aborted too. */
async function abortedUploads(port: number, origin: SoakOrigin, count: number) {
  const abortedBefore = origin.uploadsAborted;
  await inParallel(count, 20, () =>
    new Promise<void>((resolve) => {
      const socket = net.connect(port, HOST, () => {
        socket.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`);
        socket.write(Buffer.alloc(256 * 1024, 1), () => setTimeout(() => socket.destroy(), 5));
      });
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
    }),
  );
  const allAborted = await settles(() => origin.uploadsAborted - abortedBefore >= count, 10_000);
  return { failures: allAborted ? 0 : count - (origin.uploadsAborted - abortedBefore), originRequestsAborted: origin.uploadsAborted - abortedBefore };
}

/** Ten concurrent misses per key; the first client leaves at its first body bytes. One fetch per key. */
async function collapsedFirstLeaves(port: number, origin: SoakOrigin, keys: number) {
  let failures = 0;
  await inParallel(keys, 10, async (k) => {
    const path = `/cache/k${k}`;
    const first = net.connect(port, HOST, () => first.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`));
    first.on('error', () => undefined);
    first.once('data', () => first.destroy());
    await settles(() => origin.fetches.get(path) === 1, 2000);
    const statuses = await Promise.all(Array.from({ length: 9 }, () => exchange(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`)));
    if (statuses.some((s) => s !== 200) || origin.fetches.get(path) !== 1) failures++;
  });
  return { failures, originFetches: [...origin.fetches.values()].reduce((a, b) => a + b, 0) };
}

/** Clients that ask for 256 MiB and never read, held 3 s: the origin must be held back. */
async function stalledReaders(port: number, origin: SoakOrigin, count: number) {
  const startBytes = origin.bigBytes;
  const readers = Array.from({ length: count }, () => {
    const socket = net.connect(port, HOST, () => socket.write('GET /big HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.on('error', () => undefined);
    socket.pause();
    return socket;
  });
  await new Promise((r) => setTimeout(r, 3000));
  const sentMiB = Math.round((origin.bigBytes - startBytes) / 2 ** 20);
  readers.forEach((s) => s.destroy());
  // Each stalled response may fill socket buffers and stream high-water marks, not 256 MiB.
  return { failures: sentMiB > count * 16 ? 1 : 0, originMiBSentToStalledReaders: sentMiB, offeredMiB: count * 256 };
}

/** 10 MB targets (414) and 1 MB header fields (431), each answered, not reset. */
async function oversizeHeads(port: number, each: number) {
  let failures = 0;
  const url = `GET /${'a'.repeat(10 * 1024 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`;
  const header = `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'c'.repeat(1024 * 1024)}\r\n\r\n`;
  await inParallel(each, 10, async () => {
    if ((await exchange(port, url)) !== 414) failures++;
  });
  await inParallel(each, 10, async () => {
    if ((await exchange(port, header)) !== 431) failures++;
  });
  return { failures };
}

/** Connections trickling a head forever: each gets 408 after the headers timeout; others are served meanwhile. */
async function slowloris(port: number, count: number) {
  const answers: Promise<string>[] = [];
  const sockets: net.Socket[] = [];
  for (let i = 0; i < count; i++) {
    const socket = net.connect(port, HOST, () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n'));
    socket.on('error', () => undefined);
    sockets.push(socket);
    answers.push(new Promise((resolve) => {
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
      socket.on('close', () => resolve(text));
    }));
  }
  const trickle = setInterval(() => sockets.forEach((s) => !s.destroyed && s.write('X-Slow: 1\r\n')), 500);
  const started = performance.now();
  const quick = await exchange(port, 'GET /quick HTTP/1.1\r\nHost: x\r\n\r\n');
  const quickMs = Math.round(performance.now() - started);
  const texts = await Promise.race([Promise.all(answers), new Promise<string[]>((r) => setTimeout(() => r([]), 30_000))]);
  clearInterval(trickle);
  sockets.forEach((s) => s.destroy());
  const answered408 = texts.filter((t) => t.startsWith('HTTP/1.1 408 ')).length;
  return { failures: (quick === 200 ? 0 : 1) + (count - answered408), answered408, quickRequestMsDuringAttack: quickMs };
}

/** Random malformed requests (a seeded generator): 4xx or served, and never a request VCL did not see. */
async function malformed(port: number, origin: SoakOrigin, count: number) {
  let seed = 1313;
  const pick = <T>(xs: readonly T[]): T => xs[(seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % xs.length]!;
  const methods = ['GET', 'POST', 'G@T', 'CONNECT', 'OPTIONS', ''];
  const targets = ['/', '/admin', 'http://x/admin', 'HTTP://X/admin?q', '*', '//admin', '/a b', 'ftp://x/a'];
  const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'http/1.1'];
  const headers = ['Host: x', 'Host: y', 'Host: x\r\nHost: y', 'Connection: keep-alive, X-Vcl-View', 'Content-Length: 3', 'Transfer-Encoding: chunked', 'Content-Length: 3\r\nTransfer-Encoding: chunked', 'X-A: a\0b', 'Upgrade: websocket\r\nConnection: Upgrade'];
  const bodies = ['', 'abc', '0\r\n\r\n', 'GET /admin HTTP/1.1\r\nHost: x\r\n\r\n'];
  const unseenBefore = origin.unseen;
  let badStatus = 0;
  await inParallel(count, 20, async () => {
    const request = `${pick(methods)} ${pick(targets)} ${pick(versions)}\r\n${pick(headers)}\r\n${pick(headers)}\r\n\r\n${pick(bodies)}`;
    const status = await exchange(port, request, 3000);
    // 501/505 refuse a transfer coding or HTTP version the edge does not serve (admission.ts): not failures.
    if (status >= 500 && status !== 501 && status !== 505) badStatus++;
  });
  const unseen = origin.unseen - unseenBefore;
  return { failures: unseen + badStatus, requestsVclDidNotSee: unseen, answers5xx: badStatus };
}

await main();
