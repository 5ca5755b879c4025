import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The process's one Prometheus registry: process metrics plus request count and latency by route and status. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const labelNames = ['method', 'route', 'status'] as const;

const requestsTotal = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route and status',
  labelNames,
  registers: [metricsRegistry],
});

const requestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency in seconds, by method, route and status',
  labelNames,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Records each response under its route pattern (`/logs`), never the raw URL, so label sets stay bounded. */
export const requestMetrics: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const route = typeof req.route?.path === 'string' ? req.route.path : 'unmatched';
    const labels = { method: req.method, route, status: String(res.statusCode) };
    requestsTotal.inc(labels);
    requestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  });
  next();
};

export const metricsHandler: RequestHandler = async (_req, res) => {
  res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
};
