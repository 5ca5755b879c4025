import { ECHO_SERVICE, ROUTES } from '@tracing-lab/contract';
import { createServiceApp, jsonBody, methodNotAllowed, parseInput, type ServiceApp } from '@tracing-lab/shared';
import { Router, type Request } from 'express';
import { echoRequestSchema } from './echo-request';

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

/** echo-service: answers what it was sent, plus the trace context it received. Routes only; no listening. */
export function createEchoApp(): ServiceApp {
  const routes = Router();
  routes
    .route(ROUTES.echo)
    .get((req, res) => {
      res.json(echo(req, { message: req.query.message }));
    })
    .post(jsonBody, (req, res) => {
      res.json(echo(req, req.body));
    })
    .all(methodNotAllowed('GET', 'POST'));
  return createServiceApp(routes);
}
