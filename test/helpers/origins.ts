// Real origins for network tests, all on 127.0.0.1 port 0:
//  - startWsEchoOrigin: a `ws` WebSocketServer that echoes, negotiates subprotocols and
//    permessage-deflate, and records what it saw (headers, SNI, close codes).
//  - startRawOrigin: a plain TCP (or TLS) server whose connections go to your handler.
//  - listen: binds any server to 127.0.0.1:0 and returns the port; closedPort: one that refuses.

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Closable {
  port: number;
  close(): Promise<void>;
}

export async function listen(server: net.Server, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as net.AddressInfo).port;
}

/** A port on 127.0.0.1 nothing listens on: bound, then closed, so a connect is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface WsEchoOriginOptions {
  /** Serve wss:// with this key and certificate. */
  tls?: { keyPem: string; certPem: string };
  /** Offer permessage-deflate (default true). */
  perMessageDeflate?: boolean;
  /** Called for every new WebSocket, after the echo handler is installed. */
  onConnection?(ws: WebSocket, req: http.IncomingMessage): void;
}

export interface SeenUpgrade {
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  url: string;
  /** The TLS SNI name the client sent (TLS only; false/undefined when none). */
  servername?: string | false | null;
}

export interface WsEchoOrigin extends Closable {
  wss: WebSocketServer;
  server: http.Server | https.Server;
  /** Every upgrade request the origin accepted, in order. */
  seen: SeenUpgrade[];
  /** Close frames the origin received: code and reason. */
  closes: { code: number; reason: string }[];
  /** Open TCP connections right now. */
  connections(): Promise<number>;
}

/**
 * Echoes every message with its type. A text message `close:<code>:<reason>` makes the
 * origin close with that code and reason instead, to test origin-initiated closes.
 */
export async function startWsEchoOrigin(opts: WsEchoOriginOptions = {}): Promise<WsEchoOrigin> {
  const server = opts.tls ? https.createServer({ key: opts.tls.keyPem, cert: opts.tls.certPem }) : http.createServer();
  const wss = new WebSocketServer({
    server,
    maxPayload: 64 * 1024 * 1024,
    perMessageDeflate: opts.perMessageDeflate ?? true,
    handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : (protocols.values().next().value ?? false)),
  });
  const seen: SeenUpgrade[] = [];
  const closes: { code: number; reason: string }[] = [];
  wss.on('connection', (ws, req) => {
    const socket = req.socket as tls.TLSSocket;
    seen.push({
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      url: req.url ?? '',
      ...(opts.tls ? { servername: socket.servername } : {}),
    });
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      const command = !isBinary ? /^close:(\d+):(.*)$/s.exec(data.toString()) : null;
      if (command) ws.close(Number(command[1]), command[2]);
      else ws.send(data, { binary: isBinary });
    });
    ws.on('close', (code, reason) => closes.push({ code, reason: reason.toString() }));
    opts.onConnection?.(ws, req);
  });
  const port = await listen(server);
  return {
    port,
    wss,
    server,
    seen,
    closes,
    connections: () => connectionCount(server),
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RawOrigin extends Closable {
  server: net.Server;
  connections(): Promise<number>;
}

export interface RawOriginOptions {
  /** Serve TLS with this key and certificate. */
  tls?: { keyPem: string; certPem: string };
  /** Keep our side open after the peer's FIN (default false: FIN is answered with FIN). */
  allowHalfOpen?: boolean;
}

/** A TCP (or TLS) server handing each connection to `handler`. */
export async function startRawOrigin(
  handler: (socket: net.Socket) => void,
  options: RawOriginOptions = {},
): Promise<RawOrigin> {
  const allowHalfOpen = options.allowHalfOpen ?? false;
  const tlsOptions = options.tls;
  const sockets = new Set<net.Socket>();
  const onSocket = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    handler(socket);
  };
  const server = tlsOptions
    ? tls.createServer({ key: tlsOptions.keyPem, cert: tlsOptions.certPem, allowHalfOpen }, onSocket)
    : net.createServer({ allowHalfOpen }, onSocket);
  const port = await listen(server);
  return {
    port,
    server,
    connections: () => connectionCount(server),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A raw origin that answers any request head with a valid-looking 101 and then echoes
 * bytes back, for tests about bytes rather than WebSocket frames.
 */
export function fakeUpgradeEcho(socket: net.Socket): void {
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    socket.off('data', onData);
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: bytes\r\nConnection: Upgrade\r\n\r\n');
    const rest = head.subarray(end + 4);
    if (rest.length > 0) socket.write(rest);
    socket.pipe(socket);
  };
  socket.on('data', onData);
}

export function connectionCount(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}
