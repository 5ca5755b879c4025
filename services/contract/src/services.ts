/** The lab's two services: their names (also `OTEL_SERVICE_NAME`, the Deployment and Service names) and port. */
export const LOG_SERVICE = 'log-service';
export const ECHO_SERVICE = 'echo-service';

/** Both services, in the order reports list them. */
export const SERVICE_NAMES = [LOG_SERVICE, ECHO_SERVICE] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The port every service listens on (`PORT`), in the images, the chart and `make demo`'s log-service. */
export const SERVICE_PORT = 8080;

/** Where log-service finds echo-service in the cluster: its Service, on the services' port. */
export const ECHO_SERVICE_CLUSTER_URL = `http://${ECHO_SERVICE}:${SERVICE_PORT}`;
