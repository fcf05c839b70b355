// Real HTTP(S) origins on 127.0.0.1:0 for the origin-fetch tests, counting what they see.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface TestOrigin {
  port: number;
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  connections: () => number;
  /** SNI names seen in TLS handshakes (HTTPS origins only; `false` when none was sent). */
  servernames: (string | false)[];
  close: () => Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startHttpOrigin(handler: Handler): Promise<TestOrigin> {
  return listen(http.createServer(handler), []);
}

export async function startHttpsOrigin(handler: Handler, tls: { key: string; cert: string }): Promise<TestOrigin> {
  const servernames: (string | false)[] = [];
  const server = https.createServer({ key: tls.key, cert: tls.cert }, handler);
  server.on('secureConnection', (socket: import('node:tls').TLSSocket) => {
    servernames.push((socket as unknown as { servername: string | false }).servername ?? false);
  });
  return listen(server, servernames);
}

async function listen(server: http.Server, servernames: (string | false)[]): Promise<TestOrigin> {
  let connections = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    servernames,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
