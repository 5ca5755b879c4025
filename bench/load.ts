import autocannon from 'autocannon';
import { build } from 'hdr-histogram-js';

export interface LoadSpec {
  url: string;
  connections: number;
  /**
   * `durationSec`: as fast as the service answers (saturation) for that long; requests in flight at the end are
   * cut off. `amount` at `overallRate` requests per second: that many requests, every one answered.
   */
  run: { durationSec: number } | { amount: number; overallRate: number };
}

export interface LatencyMs {
  p50: number;
  p99: number;
  p999: number;
}

export interface LoadFigures {
  /** Responses received (any status). */
  responses: number;
  /** Requests sent but not answered when the run ended (the service still handles them). */
  inFlightAtEnd: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  requestsPerSec: number;
  /** Of 2xx responses, at microsecond resolution. */
  latencyMs: LatencyMs;
}

/**
 * Drives load with autocannon. Latency goes into an HDR histogram in microseconds (autocannon's own histogram
 * keeps whole milliseconds, too coarse for sub-millisecond differences).
 */
export function driveLoad(spec: LoadSpec): Promise<LoadFigures> {
  const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        ...('amount' in spec.run ? { amount: spec.run.amount, overallRate: spec.run.overallRate } : { duration: spec.run.durationSec }),
      },
      (error: unknown, result) => {
        if (error) {
          histogram.destroy();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const latencyMs: LatencyMs = {
          p50: histogram.getValueAtPercentile(50) / 1000,
          p99: histogram.getValueAtPercentile(99) / 1000,
          p999: histogram.getValueAtPercentile(99.9) / 1000,
        };
        histogram.destroy();
        const responses = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
        resolve({
          responses,
          // autocannon's count of requests sent is exact only without a rate; with `amount` nothing is in flight.
          inFlightAtEnd: 'amount' in spec.run ? 0 : Math.max(0, result.requests.sent - responses),
          non2xx: result.non2xx,
          errors: result.errors,
          requestsPerSec: result['2xx'] / result.duration,
          latencyMs,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode >= 200 && statusCode < 300) histogram.recordValue(Math.max(1, Math.round(responseTimeMs * 1000)));
    });
  });
}
