// What a proxy under test costs, read from /proc (Linux): the CPU time and resident memory of a
// process and everything it forked (nginx's master and worker, Varnish's manager and cache child,
// vcl-edge's primary and its cluster workers), so multi-process peers are counted whole.
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import http from 'node:http';

/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ: 100 on every Linux ABI in use). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone between the listing and the read
  }
  // The command name (field 2) is in parentheses and may hold spaces: fields after its last ')' are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name: state(3) ppid(4) … utime(14) stime(15), so index = field number − 3.
  return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

/** `root` and every living descendant of it (the kernel here has no /proc/PID/task/TID/children, so scan). */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) parentOf.set(Number(entry), stat.ppid);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** CPU time (user + system) used so far by `root`'s process tree, in microseconds. */
export function treeCpuMicros(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) ticks += readStat(pid)?.cpuTicks ?? 0;
  return (ticks * 1e6) / TICKS_PER_SECOND;
}

/** Resident memory of `root`'s process tree, in bytes. */
export function treeRssBytes(root: number): number {
  let bytes = 0;
  for (const pid of processTree(root)) {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      bytes += Number(kb ?? 0) * 1024;
    } catch {
      // exited meanwhile
    }
  }
  return bytes;
}

/** A port free on 127.0.0.1 now, for a program that must be told its port (nginx, HAProxy, Varnish). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when `GET url` gets any HTTP answer within a second. */
export function answersHttp(url: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const request = http.get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** True when 127.0.0.1:`port` accepts a TCP connection (for a relay whose origin answers only upgrades). */
export function acceptsTcp(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 1000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('timeout', () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/** Resolves once `ready()` says so; rejects after `timeoutMs` or when `exited()` says the program died. */
export async function waitUntilReady(ready: () => Promise<boolean>, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return;
    const why = exited();
    if (why) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
