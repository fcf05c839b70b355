// The built-in demo origin `npm start` serves behind the edge: a small page whose script opens a
// WebSocket through the edge, a WebSocket chat/echo at /chat, and a cacheable JSON endpoint.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>vcl-edge demo</title>
<style>body{font:16px system-ui;margin:2rem;max-width:40rem} #log{white-space:pre-wrap;background:#f4f4f4;padding:1rem}</style>
<h1>vcl-edge demo</h1>
<p>This page came through the edge (<code>X-Cache</code> tells whether from its cache). The script below opens a
WebSocket to <code>/chat</code>; <code>vcl_recv</code> returns <code>upgrade</code> and the relay tunnels it to the origin.</p>
<form id="f"><input id="msg" value="hello from the browser" size="30"> <button>send</button></form>
<div id="log"></div>
<script>
  const log = (line) => { document.getElementById('log').textContent += line + '\\n'; };
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat');
  ws.onopen = () => { log('connected'); ws.send(document.getElementById('msg').value); };
  ws.onmessage = (e) => { log('< ' + e.data); document.body.dataset.received = e.data; };
  ws.onclose = (e) => log('closed ' + e.code);
  document.getElementById('f').onsubmit = (e) => { e.preventDefault(); ws.send(document.getElementById('msg').value); };
</script>
</html>
`;

export interface DemoOrigin {
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startDemoOrigin(port = 0, host = '127.0.0.1'): Promise<DemoOrigin> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: true });
  const clients = new Set<WebSocket>();
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'max-age=60' });
      res.end(PAGE);
    } else if (req.url?.startsWith('/api/time')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=5' });
      res.end(JSON.stringify({ now: new Date().toISOString(), requestId: req.headers['x-request-id'] ?? null }));
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    }
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!req.url?.startsWith('/chat')) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const user = String(req.headers['x-user'] ?? 'anonymous');
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => ws.terminate());
      // Echo to the sender, and tell everyone else: a tiny chat.
      ws.on('message', (data, isBinary) => {
        const text = isBinary ? `${(data as Buffer).length} bytes` : data.toString();
        for (const peer of clients) peer.send(peer === ws ? `echo (${user}): ${text}` : `${user}: ${text}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    url: `http://${host}:${address.port}`,
    close: async () => {
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
