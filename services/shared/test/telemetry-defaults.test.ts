import { LOG_SERVICE, TELEMETRY_DEFAULTS, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { echoServiceForThisFile } from '../../../test-support/lab/suite-lifecycle';
import { startService, type RunningService } from '../../../test-support/lab/service-process';
import { stayAbsentFor, TIMING_MARGIN_MS, waitFor } from '../../../test-support/timing';

// TELEMETRY_DEFAULTS (and the package name as OTEL_SERVICE_NAME) apply only where the environment sets nothing (an
// empty value counts as unset, as the OpenTelemetry specification says): seen from outside, on log-service as a real
// process, through when its spans reach the Tempo stand-in and which service name they carry.
const DEFAULT_DELAY_MS = Number(TELEMETRY_DEFAULTS.OTEL_BSP_SCHEDULE_DELAY);
// The SDK's own batch delay, which an empty value would fall through to if the default were not applied.
const SDK_DEFAULT_DELAY_MS = 5_000;

const lab = echoServiceForThisFile();

const logServer = (traceId: string) => async () => (await lab.tempo.spans(traceId)).find((s) => s.kind === 'SPAN_KIND_SERVER' && s.name === 'GET /info');
const traceOf = async (log: RunningService) => (await fetch(`${log.url}/info`)).headers.get(TRACE_ID_HEADER)!;

describe('TELEMETRY_DEFAULTS', () => {
  it('leave a value the environment sets alone', async () => {
    const log = await startService(LOG_SERVICE, {
      OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint,
      ECHO_SERVICE_URL: lab.echo.url,
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      OTEL_SERVICE_NAME: 'ledger',
    });
    const traceId = await traceOf(log);
    // Under the default delay the span would arrive within it; with the user's 10 minutes it stays queued...
    await stayAbsentFor(DEFAULT_DELAY_MS + TIMING_MARGIN_MS, async () => expect(await logServer(traceId)()).toBeUndefined());
    // ...until the flush on shutdown, under the user's service name.
    expect(await log.process.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await logServer(traceId)()).toMatchObject({ service: 'ledger' });
  });

  it('apply where the environment holds an empty value', async () => {
    expect(TIMING_MARGIN_MS).toBeLessThan(SDK_DEFAULT_DELAY_MS - DEFAULT_DELAY_MS); // else the two could not be told apart
    const log = await startService(LOG_SERVICE, {
      OTEL_EXPORTER_OTLP_ENDPOINT: lab.tempo.otlpEndpoint,
      ECHO_SERVICE_URL: lab.echo.url,
      OTEL_BSP_SCHEDULE_DELAY: '',
      OTEL_SERVICE_NAME: '',
    });
    // The first export also loads the gRPC exporter; time the second.
    const first = await traceOf(log);
    await waitFor('the first trace to arrive', logServer(first));
    const second = await traceOf(log);
    const queuedAt = Date.now();
    const span = await waitFor('the second trace to arrive', logServer(second));
    expect(Date.now() - queuedAt).toBeLessThan(DEFAULT_DELAY_MS + TIMING_MARGIN_MS);
    expect(span.service).toBe(LOG_SERVICE); // the package name
  });
});
