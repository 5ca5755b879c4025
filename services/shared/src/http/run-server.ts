import { createServer } from 'node:http';
import type { ServiceApp } from './create-service-app';
import { logger } from '../logger';
import { shutdownTelemetry } from '../telemetry/telemetry-shutdown';

/** How long in-flight requests and the final span flush may take before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 8_000;

/** Where a service listens: `HOST` and `PORT` of its environment (service-env.ts). */
export interface ListenOn {
  host: string;
  port: number;
}

/**
 * Listens on `host:port` and shuts down cleanly on SIGTERM/SIGINT: readiness turns false, the server stops accepting
 * and finishes in-flight requests, the telemetry SDK flushes its spans (bounded by the export timeout), exit 0.
 */
export function runServer({ app, readiness }: ServiceApp, { host, port }: ListenOn): void {
  const server = createServer(app);
  const log = logger();

  server.listen(port, host, () => {
    const address = server.address();
    const bound = typeof address === 'object' && address ? { host: address.address, port: address.port } : { host, port };
    log.info(bound, 'listening');
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    readiness.markShuttingDown();
    const forceExit = setTimeout(() => {
      log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forceExit.unref();

    // Keep-alive connections hold close() open: close each one as soon as it has no request in flight.
    const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(closeIdle);
      shutdownTelemetry()
        .catch((error: unknown) => log.warn({ err: error }, 'flushing spans failed'))
        .finally(() => {
          log.info('stopped');
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
