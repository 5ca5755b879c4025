/**
 * Trace and span ids. Tempo's trace JSON carries them as base64 of the raw bytes; people, headers (`x-trace-id`,
 * `traceparent`) and Tempo's URLs use lower-case hex, and its search answers hex without leading zeros. OTLP/HTTP JSON
 * uses hex inside the JSON too, so `idToHex` accepts both: the lengths cannot collide (16 bytes: 32 hex or 24 base64
 * characters).
 */

const HEX = /^[0-9a-f]+$/i;

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/** Lower-case hex of an id given as base64 (Tempo) or hex; throws when it is neither, or the length is wrong. */
export function idToHex(id: string, bytes: number): string {
  if (id.length === bytes * 2 && HEX.test(id)) return id.toLowerCase();
  const raw = Buffer.from(id, 'base64');
  if (raw.length !== bytes || raw.toString('base64') !== id) {
    throw new Error(`invalid id ${JSON.stringify(id)}: expected ${bytes} bytes as base64 or hex`);
  }
  return raw.toString('hex');
}

/**
 * A trace id as Tempo's search answers it: hex with its leading zeros removed (Tempo's TraceIDToHexString), padded
 * back to the 32 lower-case digits that `x-trace-id` and trace-by-id URLs use.
 */
export function traceIdFromSearch(id: string): string {
  if (id.length === 0 || id.length > TRACE_ID_BYTES * 2 || !HEX.test(id)) {
    throw new Error(`invalid trace id ${JSON.stringify(id)} in Tempo's search answer: expected up to 32 hex digits`);
  }
  return id.toLowerCase().padStart(TRACE_ID_BYTES * 2, '0');
}

/** True for a valid W3C trace id: 32 hex digits, not all zero. */
export function isTraceIdHex(id: string): boolean {
  return id.length === TRACE_ID_BYTES * 2 && HEX.test(id) && !/^0+$/.test(id);
}
