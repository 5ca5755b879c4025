import { ECHO_SERVICE, ROUTES, TRACE_RESPONSE_HEADER } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_EXPORT } from '../../../test-support/lab/loopback-lab';
import { startService } from '../../../test-support/lab/service-process';
import { stopEverythingAfterAll } from '../../../test-support/lab/suite-lifecycle';
import { startTempoStandin, type RunningTempoStandin } from '../../../test-support/lab/tempo-standin';
import { stayAbsentFor, TIMING_MARGIN_MS } from '../../../test-support/timing';

// OTEL_TRACES_SAMPLER_ARG ranges over 0–1 inclusive (docs/services.md; the chart's default is 1): at its ends a ratio
// sampler keeps every trace and none. Seen on echo-service as a real process with `traceidratio`, which decides by
// the trace id alone (whatever the caller's traceparent says), for the ids each end meets last: the SDK keeps a
// trace when the XOR of its id's four 32-bit words is below ratio × 2^32, so at 1 an id whose XOR is ffffffff must
// still be kept, and at 0 one whose XOR is 0 must still be dropped. Each test uses ids of its own.
const IDS_AT_ONE = { xorHighest: 'ffffffff000000000000000000000000', xorZero: '00000001000000000000000000000001', random: '0af7651916cd43dd8448eb211c80319c' };
const IDS_AT_ZERO = { xorHighest: '0000000000000000ffffffff00000000', xorZero: '00000002000000000000000000000002', random: '4bf92f3577b34da6a3ce929d0e0e4736' };

let tempo: RunningTempoStandin;
beforeAll(async () => {
  tempo = await startTempoStandin();
});
stopEverythingAfterAll();

const sampling = (ratio: string) =>
  startService(ECHO_SERVICE, { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: tempo.otlpEndpoint, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: ratio });

/** One request continuing trace `traceId` (its caller sampled it): the flags of the traceresponse answered. */
async function flagsFor(echoUrl: string, traceId: string): Promise<string | undefined> {
  const response = await fetch(`${echoUrl}${ROUTES.echo}?message=sampled`, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
  expect(response.status).toBe(200);
  return response.headers.get(TRACE_RESPONSE_HEADER)?.split('-')[3];
}

describe('OTEL_TRACES_SAMPLER_ARG at its ends', () => {
  it('1 keeps every trace, the one the bound reaches last included, and exports it', async () => {
    const echo = await sampling('1');
    for (const traceId of Object.values(IDS_AT_ONE)) expect(await flagsFor(echo.url, traceId), traceId).toBe('01');
    for (const traceId of Object.values(IDS_AT_ONE)) expect(await tempo.waitForSpans(traceId, (spans) => spans.length > 0), traceId).toHaveLength(1);
  });

  it('0 keeps no trace, the one the bound reaches first included, and exports nothing', async () => {
    const echo = await sampling('0');
    for (const traceId of Object.values(IDS_AT_ZERO)) expect(await flagsFor(echo.url, traceId), traceId).toBe('00');
    // A kept span would arrive within the batch delay.
    await stayAbsentFor(Number(FAST_EXPORT.OTEL_BSP_SCHEDULE_DELAY) + TIMING_MARGIN_MS, async () => {
      for (const traceId of Object.values(IDS_AT_ZERO)) expect(await tempo.spans(traceId), traceId).toEqual([]);
    });
  });
});
