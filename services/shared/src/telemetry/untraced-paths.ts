import { HEALTH_PATH, METRICS_PATH, READY_PATH } from '@tracing-lab/contract';

/** Probe and scrape routes are never traced: they would drown the real traces. */
export const UNTRACED_PATHS: ReadonlySet<string> = new Set([HEALTH_PATH, READY_PATH, METRICS_PATH]);
