/**
 * The `error.code`s log-service answers with when its call to echo-service fails (`{"error":{"code","message"}}`):
 * trace-check reads them to tell a trace that cannot hold echo-service's span from one that is still arriving.
 */
export const ECHO_CALL_ERROR_CODES = {
  /** 502: no connection to echo-service (refused, unknown host): echo-service never saw the request. */
  unreachable: 'echo_unavailable',
  /** 502: echo-service answered an error status, or a body that is not JSON. */
  failed: 'echo_failed',
  /** 504: echo-service did not answer within ECHO_TIMEOUT_MS. */
  timeout: 'echo_timeout',
} as const;
