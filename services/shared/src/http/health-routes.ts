import { HEALTH_PATH, METRICS_PATH, READY_PATH } from '@tracing-lab/contract';
import { Router } from 'express';
import { methodNotAllowed } from './method-not-allowed';
import { metricsHandler } from './metrics';

/** Readiness of this process alone: false once shutdown begins. Never depends on another service. */
export class Readiness {
  private ready = true;
  isReady(): boolean {
    return this.ready;
  }
  markShuttingDown(): void {
    this.ready = false;
  }
}

export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router
    .route(HEALTH_PATH)
    .get((_req, res) => {
      res.json({ status: 'ok' });
    })
    .all(methodNotAllowed('GET'));
  router
    .route(READY_PATH)
    .get((_req, res) => {
      if (readiness.isReady()) res.json({ status: 'ready' });
      else res.status(503).json({ error: { code: 'shutting_down', message: 'the service is shutting down' } });
    })
    .all(methodNotAllowed('GET'));
  router.route(METRICS_PATH).get(metricsHandler).all(methodNotAllowed('GET'));
  return router;
}
