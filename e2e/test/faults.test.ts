import { afterAll, describe, expect, it } from 'vitest';
import { checkTrace } from '../../services/log-service/src/trace-check/check-trace';
import { expectationFor } from '../../services/log-service/src/trace-check/expectations';
import type { TraceSpan } from '../../services/log-service/src/trace-check/trace-span';
import { stopAllProcesses } from '../../test-support/managed-process';
import { startTempoStandin } from '../../test-support/tempo-standin';
import { startLab, type Lab } from '../../test-support/lab';
import { sendMany } from '../support/load';
import { readMetric } from '../support/service-metrics';
import { labArgs, runTraceCheckCli } from '../support/trace-check-process';

// The faults of issue 4, each against the lab: the Tempo stand-in and both services as real processes.
afterAll(stopAllProcesses);

const info = (lab: Lab) => fetch(`${lab.log.url}/info`);
const bothServices = (spans: TraceSpan[]) => new Set(spans.map((s) => s.service)).size === 2;
const MiB = 1024 * 1024;

describe('Tempo stopped, then restarted', () => {
  let lab: Lab;

  it('stopped: every request still succeeds and log-service memory stays bounded', async () => {
    // The heap is capped the way the chart caps it in a pod (NODE_OPTIONS, old and young generation; the start
    // command is unchanged), so V8 collects eagerly and the live set is what we measure; without the young
    // generation's cap V8 may grow it towards 2 × 64 MiB on a large machine, RSS that says nothing about a leak.
    // Each GET /info makes 2 log-service spans (server, client): were they kept while Tempo is away, 12000 requests
    // would hold 24000 spans, over ten MiB more heap; the batch processor instead drops what it cannot export (its
    // queue holds at most 2048 spans).
    lab = await startLab({ log: { NODE_OPTIONS: '--max-old-space-size=64 --max-semi-space-size=16' } });
    expect(await lab.tempo.process.stop()).toEqual({ code: 0, signal: null });

    const samples: Array<{ requests: number; heapUsedMiB: number; rssMiB: number }> = [];
    for (let round = 1; round <= 12; round++) {
      expect(await sendMany(() => info(lab), 1000, 20)).toEqual(new Map([[200, 1000]]));
      samples.push({
        requests: round * 1000,
        heapUsedMiB: (await readMetric(lab.log.url, 'nodejs_heap_size_used_bytes')) / MiB,
        rssMiB: (await readMetric(lab.log.url, 'process_resident_memory_bytes')) / MiB,
      });
    }
    console.info('log-service memory with Tempo stopped:', samples.map((s) => `${s.requests}: heap ${s.heapUsedMiB.toFixed(1)} MiB, rss ${s.rssMiB.toFixed(1)} MiB`).join('; '));

    expect(lab.log.process.isRunning, lab.log.process.output().slice(-2000)).toBe(true);
    // No trend: the live heap after the last 3000 requests is where it was after the first 3000. (Measured here:
    // 0 to +5 MiB when bounded; +15 MiB when the batch processor is made to keep every span.) RSS stays flat.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const heapTrendMiB = median(samples.slice(-3).map((s) => s.heapUsedMiB)) - median(samples.slice(0, 3).map((s) => s.heapUsedMiB));
    expect(heapTrendMiB).toBeLessThan(8);
    for (const sample of samples) expect(sample.heapUsedMiB).toBeLessThan(56);
    expect(samples.at(-1)!.rssMiB - samples[0]!.rssMiB).toBeLessThan(24);
  }, 120_000);

  it('restarted on the same ports: a new trace arrives whole (trace-check passes)', async () => {
    lab.tempo = await startTempoStandin({ grpcPort: lab.tempo.grpcPort, httpPort: lab.tempo.httpPort });
    // The exporters' gRPC channels reconnect with backoff, and exports are not retried: a request made before a
    // channel is back loses its spans (by design). So ask again, each time with a new request, until one arrives
    // whole; within a minute the lab must be whole again.
    const deadline = Date.now() + 60_000;
    const attempts: string[] = [];
    let run;
    do {
      run = await runTraceCheckCli(labArgs(lab.log.url, lab.tempo.url, 5));
      attempts.push(run.stdout.split('\n').find((l) => l.startsWith('  - ')) ?? 'ok');
    } while (run.code !== 0 && Date.now() < deadline);
    console.info(`trace-check after the restart: ${attempts.length} attempt(s)`, attempts);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  }, 90_000);
});

describe('echo-service stopped', () => {
  it('log-service answers 502, and Tempo shows its client span with status ERROR', async () => {
    const lab = await startLab();
    expect(await lab.echo.process.stop()).toEqual({ code: 0, signal: null });

    const res = await info(lab);
    expect(res.status).toBe(502);
    const traceId = res.headers.get('x-trace-id')!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const spans = await lab.tempo.waitForSpans(traceId, (s) => s.some((span) => span.kind === 'CLIENT'));
    const server = spans.find((s) => s.kind === 'SERVER');
    const client = spans.find((s) => s.kind === 'CLIENT');
    expect(server).toMatchObject({ service: 'log-service', name: 'GET /info' });
    expect(client).toMatchObject({ service: 'log-service', status: 'ERROR' });
    expect(spans.some((s) => s.service === 'echo-service')).toBe(false);
  });
});

describe('SIGTERM to log-service right after a request', () => {
  it('exits 0 and the request’s trace is complete in Tempo', async () => {
    // A batch delay far longer than the test: log-service's spans reach Tempo only through the flush on shutdown.
    const lab = await startLab({ log: { OTEL_BSP_SCHEDULE_DELAY: '600000' } });
    const res = await info(lab);
    expect(res.status).toBe(200);
    const exit = lab.log.process.stop('SIGTERM');
    const traceId = res.headers.get('x-trace-id')!;

    expect(await exit).toEqual({ code: 0, signal: null });
    const spans = await lab.tempo.waitForSpans(traceId, (s) => bothServices(s) && checkTrace(traceId, s, expectationFor('info')).length === 0, 10_000);
    expect(checkTrace(traceId, spans, expectationFor('info'))).toEqual([]);
  });
});
