import { ECHO_SERVICE, ROUTES } from '@tracing-lab/contract';
import { createServiceApp, jsonBody, methodNotAllowed, parseInput, type ServiceApp } from '@tracing-lab/shared';
import { Router, type Request } from 'express';
import { echoRequestSchema } from './echo-request';
import { injectFaults, NO_FAULTS, type EchoFaults } from './faults';

export interface EchoReply {
  message: string;
  service: typeof ECHO_SERVICE;
  receivedAt: string;
  /** The W3C traceparent header this service received: propagation is visible without a tracing backend. */
  traceparent: string | null;
}

function echo(req: Request, input: unknown): EchoReply {
  const { message } = parseInput(echoRequestSchema, input);
  return {
    message,
    service: ECHO_SERVICE,
    receivedAt: new Date().toISOString(),
    traceparent: req.get('traceparent') ?? null,
  };
}

/**
 * echo-service: answers what it was sent, plus the trace context it received; slower or failing with `faults` (off by
 * default). Routes only; no listening.
 */
export function createEchoApp(faults: EchoFaults = NO_FAULTS): ServiceApp {
  const routes = Router();
  const broken = injectFaults(faults);
  routes
    .route(ROUTES.echo)
    .get(broken, (req, res) => {
      res.json(echo(req, { message: req.query.message }));
    })
    .post(broken, jsonBody, (req, res) => {
      res.json(echo(req, req.body));
    })
    .all(methodNotAllowed('GET', 'POST'));
  return createServiceApp(routes);
}
