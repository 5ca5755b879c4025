/** Every traced response names its trace here, so a person can paste it into Grafana. */
export const TRACE_ID_HEADER = 'x-trace-id';

/**
 * W3C Trace Context Level 2's response header, `traceresponse: 00-<trace id>-<span id>-<flags>`: its flags say
 * whether the sampler kept the trace (01) or not (00), which `x-trace-id` alone cannot tell.
 */
export const TRACE_RESPONSE_HEADER = 'traceresponse';
