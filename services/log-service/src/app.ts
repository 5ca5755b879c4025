import { LOG_SERVICE, ROUTES } from '@tracing-lab/contract';
import {
  createServiceApp,
  currentTraceId,
  jsonBody,
  logger,
  methodNotAllowed,
  metricsRegistry,
  parseInput,
  type ServiceApp,
} from '@tracing-lab/shared';
import { Router } from 'express';
import { Counter } from 'prom-client';
import type { EchoClient } from './echo-client';
import { logEntrySchema } from './log-entry';

const logEntriesTotal = new Counter({
  name: 'log_entries_total',
  help: 'Log entries accepted by POST /logs, by level',
  labelNames: ['level'] as const,
  registers: [metricsRegistry],
});

export interface LogServiceDeps {
  echo: EchoClient;
  version: string;
}

/** log-service: takes log entries, writes them as JSON lines and calls echo-service. Routes only; no listening. */
export function createLogApp({ echo, version }: LogServiceDeps): ServiceApp {
  // Accepted entries are the service's output, so they are written at every level, whatever LOG_LEVEL says.
  const entries = logger().child({ source: 'POST /logs' }, { level: 'debug' });
  const routes = Router();

  routes
    .route(ROUTES.logs)
    .post(jsonBody, async (req, res) => {
      const { level, message, attributes } = parseInput(logEntrySchema, req.body);
      entries[level]({ attributes }, message);
      logEntriesTotal.inc({ level });
      const reply = await echo.echo(message);
      res.status(201).json({ traceId: currentTraceId() ?? null, echo: reply });
    })
    .all(methodNotAllowed('POST'));

  routes
    .route(ROUTES.info)
    .get(async (_req, res) => {
      res.json({ service: LOG_SERVICE, version, echo: await echo.echo('ping') });
    })
    .all(methodNotAllowed('GET'));

  return createServiceApp(routes);
}
