// prom-client's process metrics (CPU, memory, event-loop lag, GC) are collected once per process:
// each collectDefaultMetrics call starts an event-loop-delay monitor and a GC observer that nothing
// stops, so an edge making its own would leave both running after close() — once per edge a test
// run starts. Every EdgeMetrics scrapes the one set, next to its own counts.
import { describe, expect, it } from 'vitest';
import { EdgeMetrics } from '../src/server/metrics.js';
import { parseExposition, sample } from './helpers/prometheus.js';

describe('EdgeMetrics: process metrics', () => {
  it('shares one set of process collectors between edges', () => {
    const a = new EdgeMetrics();
    const b = new EdgeMetrics();
    for (const name of ['nodejs_gc_duration_seconds', 'nodejs_eventloop_lag_p99_seconds', 'process_cpu_user_seconds_total']) {
      const first = a.registry.getSingleMetric(name);
      expect(first, name).toBeDefined();
      expect(b.registry.getSingleMetric(name), name).toBe(first);
    }
  });

  it('keeps each edge its own counts and scrapes the process metrics with them', async () => {
    const a = new EdgeMetrics();
    const b = new EdgeMetrics();
    a.request('pass', 'PASS', 200);
    a.request('pass', 'PASS', 200);
    b.request('pass', 'PASS', 200);
    const [textA, textB] = [parseExposition(await a.scrape()), parseExposition(await b.scrape())];
    expect(sample(textA, 'vcl_edge_requests_total', { state: 'pass', cache: 'pass', status: '200' })).toBe(2);
    expect(sample(textB, 'vcl_edge_requests_total', { state: 'pass', cache: 'pass', status: '200' })).toBe(1);
    for (const text of [textA, textB]) expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });
});
