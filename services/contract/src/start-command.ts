/** The module every service preloads with `--require`, before any of its own code: the OpenTelemetry setup. */
export const TELEMETRY_PRELOAD = '@tracing-lab/shared/instrumentation';

/**
 * How a service starts, from its folder: the image's CMD, `npm start`, `make demo`, the tests and the benchmark.
 * CommonJS with `--require`, or express is left unpatched.
 */
export const SERVICE_START_COMMAND = ['node', '--require', TELEMETRY_PRELOAD, 'dist/server.js'] as const;

/** The start command's arguments to node. */
export const SERVICE_START_ARGS: readonly string[] = SERVICE_START_COMMAND.slice(1);
