import { describe, expect, it } from 'vitest';
import { idToHex, isTraceIdHex, traceIdFromSearch } from '../src/trace-check/ids';

describe('trace-check ids: Tempo JSON carries base64, people and URLs use hex', () => {
  it('decodes a base64 trace id and span id to lower-case hex', () => {
    expect(idToHex('CvdlGRbNQ92ESOshHIAxnA==', 16)).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(idToHex('APBnqgupArc=', 8)).toBe('00f067aa0ba902b7');
  });

  it('accepts hex inside the JSON too (OTLP/HTTP JSON uses hex) and lower-cases it', () => {
    expect(idToHex('0AF7651916CD43DD8448EB211C80319C', 16)).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('pads a search answer\'s trace id, which Tempo writes without leading zeros, back to 32 digits', () => {
    expect(traceIdFromSearch('af7651916cd43dd8448eb211c80319c')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceIdFromSearch('B0B')).toBe('00000000000000000000000000000b0b');
    expect(traceIdFromSearch('0af7651916cd43dd8448eb211c80319c')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(() => traceIdFromSearch('')).toThrow(/invalid trace id "" in Tempo's search answer/);
    expect(() => traceIdFromSearch('xyz')).toThrow(/invalid trace id/);
    expect(() => traceIdFromSearch('0'.repeat(33))).toThrow(/up to 32 hex digits/);
  });

  it('rejects ids of the wrong length or alphabet instead of comparing garbage', () => {
    expect(() => idToHex('APBnqgupArc=', 16)).toThrow(/16 bytes/); // a span id where a trace id belongs
    expect(() => idToHex('not base64!', 8)).toThrow(/invalid id/);
  });

  it('recognises a W3C trace id for the x-trace-id header', () => {
    expect(isTraceIdHex('0af7651916cd43dd8448eb211c80319c')).toBe(true);
    expect(isTraceIdHex('00000000000000000000000000000000')).toBe(false);
    expect(isTraceIdHex('0af7651916cd43dd')).toBe(false);
    expect(isTraceIdHex('0af7651916cd43dd8448eb211c80319g')).toBe(false);
  });
});
