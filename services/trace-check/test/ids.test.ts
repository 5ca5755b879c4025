import { describe, expect, it } from 'vitest';
import { idToHex, isTraceIdHex, traceIdFromSearch } from '../src/ids';
import { sampledFlag } from '../src/log-service-request';

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

describe("trace-check reads the sampler's decision from traceresponse (W3C Trace Context Level 2)", () => {
  it('sampled flag 01 is true, 00 is false, other flag bits kept apart from it', () => {
    expect(sampledFlag('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBe(true);
    expect(sampledFlag('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00')).toBe(false);
    expect(sampledFlag('00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-03')).toBe(true);
    expect(sampledFlag('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-02')).toBe(false);
  });

  it('a missing or malformed header says nothing (undefined): the check then goes on as before', () => {
    for (const header of [null, '', '01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', '00-0af7-b7ad-01', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331']) {
      expect(sampledFlag(header), String(header)).toBeUndefined();
    }
  });
});
