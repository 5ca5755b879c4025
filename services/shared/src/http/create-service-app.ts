import express, { type Express, type Router } from 'express';
import { errorHandler, notFoundHandler } from './error-handler';
import { healthRoutes, Readiness } from './health-routes';
import { requestMetrics } from './metrics';
import { requestLog } from './request-log';
import { traceIdHeader } from './trace-id-header';

export interface ServiceApp {
  app: Express;
  readiness: Readiness;
}

/**
 * The express app every service is built on: the trace-id header, request metrics (and at LOG_LEVEL=debug a log line
 * per request), the service's own routes (which
 * take `jsonBody` where they accept one), health/readiness/metrics routes, then 404 and the JSON error handler.
 */
export function createServiceApp(routes: Router): ServiceApp {
  const readiness = new Readiness();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(traceIdHeader, requestMetrics);
  const log = requestLog();
  if (log) app.use(log);
  // The service's routes before the probe routes: a request passes one express layer less (each layer costs the
  // express instrumentation a lookup of the route), and probes are few.
  app.use(routes);
  app.use(healthRoutes(readiness));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return { app, readiness };
}
