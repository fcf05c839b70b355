// Small promise wrappers around a `ws` client for tests. Every wait is bounded.

import WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import type { IncomingMessage } from 'node:http';

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function openWs(url: string, protocols: string[] = [], options: ClientOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, protocols, options);
  return within(
    new Promise<WebSocket>((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
    }),
    5000,
    `WebSocket open ${url}`,
  );
}

export interface Message {
  data: Buffer;
  isBinary: boolean;
}

export function nextMessage(ws: WebSocket, ms = 10_000): Promise<Message> {
  return within(
    new Promise<Message>((resolve) => ws.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary }))),
    ms,
    'a message',
  );
}

export function closed(ws: WebSocket, ms = 5000): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: -1, reason: 'already closed' });
  return within(
    new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
    ms,
    'the WebSocket to close',
  );
}

/** Opens a WebSocket expecting the handshake to be refused; resolves with the response and its body. */
export function refusedWs(url: string): Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }> {
  const ws = new WebSocket(url);
  ws.on('error', () => {});
  return within(
    new Promise((resolve, reject) => {
      ws.once('open', () => reject(new Error('expected the upgrade to be refused, but it opened')));
      ws.once('unexpected-response', (req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers });
        });
        res.on('error', reject);
      });
    }),
    5000,
    `refused upgrade ${url}`,
  );
}

/** Polls `check` every 20 ms until it holds or `ms` pass; returns its last value. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 2000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
