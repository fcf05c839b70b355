// The demo as a newcomer sees it: a real browser (Debian's chromium, driven by playwright-core) opens
// the page through the edge; its script's WebSocket goes through vcl_recv's upgrade and the relay.
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoOrigin, type DemoOrigin } from '../src/demo/origin.js';
import { startEdge, type RunningEdge } from '../src/edge.js';
import { loadVcl } from '../src/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A stream that drops what it is given (the edge's log lines are not what this test reads). */
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

describe('demo in headless Chromium', () => {
  let demo: DemoOrigin;
  let edge: RunningEdge;
  beforeAll(async () => {
    demo = await startDemoOrigin();
    const service = loadVcl(new URL('../fixtures/main.vcl', import.meta.url).pathname);
    edge = await startEdge({ vcl: service, port: 0, backends: { F_app: demo.url, F_ws: demo.url }, stdout: discard(), accessLog: discard() });
  });
  afterAll(async () => {
    await edge?.close(200);
    await demo?.close();
  });

  it('sees a WebSocket message come back through the edge', async () => {
    // .ci/run installs chromium when it is missing; a developer machine without it gets a clear failure.
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.context().addCookies([{ name: 'user', value: 'ada', url: edge.url }]);
      await page.goto(`${edge.url}/`);
      await page.waitForFunction(() => document.body.dataset.received !== undefined, undefined, { timeout: 10_000 });
      const received = await page.evaluate(() => document.body.dataset.received);
      // The origin saw X-User, which only VCL set (from the cookie): the message went through vcl_recv.
      expect(received).toBe('echo (ada): hello from the browser');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
