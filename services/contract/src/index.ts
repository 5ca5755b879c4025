export { MAX_BODY_BYTES, MAX_BODY_SIZE_TEXT } from './body-limit';
export { TELEMETRY_DEFAULTS } from './otel-defaults';
export { HEALTH_PATH, METRICS_PATH, PROBE_PATHS, READY_PATH } from './probe-paths';
export { ROUTES } from './routes';
export { ECHO_SERVICE, ECHO_SERVICE_CLUSTER_URL, LOG_SERVICE, SERVICE_HOST, SERVICE_NAMES, SERVICE_PORT, type ServiceName } from './services';
export { SERVICE_START_ARGS, SERVICE_START_COMMAND, TELEMETRY_PRELOAD } from './start-command';
export { TRACE_CHECK_FLAGS, TRACE_CHECK_IN_IMAGE, TRACE_CHECK_REQUESTS, type TraceCheckRequest } from './trace-check';
export { TRACE_ID_HEADER, TRACE_RESPONSE_HEADER } from './trace-headers';
export { TRACES_SAMPLERS, type TracesSampler } from './traces-samplers';
