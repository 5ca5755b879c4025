/** Probe and scrape routes: answered by every service, never traced (they would drown the real traces). */
export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';
export const METRICS_PATH = '/metrics';

/** The path each Kubernetes probe of a service asks. */
export const PROBE_PATHS = { liveness: HEALTH_PATH, readiness: READY_PATH, startup: HEALTH_PATH } as const;
