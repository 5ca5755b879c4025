/** The lab's two services: their names (also `OTEL_SERVICE_NAME`, the Deployment and Service names) and port. */
export const LOG_SERVICE = 'log-service';
export const ECHO_SERVICE = 'echo-service';

/** Both services, in the order reports list them. */
export const SERVICE_NAMES = [LOG_SERVICE, ECHO_SERVICE] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The port every service listens on (`PORT`), in the images, the chart and `make demo`'s log-service. */
export const SERVICE_PORT = 8080;

/**
 * The address every service listens on (`HOST`) unless told otherwise: every IPv4 interface, as a pod needs (the
 * images and the chart set it too). `make demo` passes 127.0.0.1, so a laptop's services answer this machine only.
 */
export const SERVICE_HOST = '0.0.0.0';

/** Where log-service finds echo-service in the cluster: its Service, on the services' port. */
export const ECHO_SERVICE_CLUSTER_URL = `http://${ECHO_SERVICE}:${SERVICE_PORT}`;
