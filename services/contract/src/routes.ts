/** The routes of the services that a client (a person, trace-check, the benchmark) calls. */
export const ROUTES = {
  /** log-service `GET /info`: calls echo-service with a ping. */
  info: '/info',
  /** log-service `POST /logs`: writes a log entry, calls echo-service with its message. */
  logs: '/logs',
  /** echo-service `GET /echo`, `POST /echo`: answers what it was sent. */
  echo: '/echo',
} as const;
