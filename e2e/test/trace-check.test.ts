import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllProcesses } from '../../test-support/managed-process';
import { startService } from '../../test-support/service-process';
import { startTempoStandin } from '../../test-support/tempo-standin';
import type { WaterfallRow } from '../../services/log-service/src/trace-check/waterfall';
import { FAST_EXPORT, startLab, type Lab } from '../../test-support/lab';
import { labArgs, runTraceCheckCli } from '../support/trace-check-process';

// trace-check as a real process against the lab (stand-in + both services as real processes).
let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(stopAllProcesses);

describe('trace-check against the lab', () => {
  it('GET /info: exits 0 and prints a waterfall with the echo-service span nested under log-service', async () => {
    const run = await runTraceCheckCli(labArgs(lab.log.url, lab.tempo.url));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const logServer = lines.findIndex((l) => /^log-service\s+GET \/info\s/.test(l));
    const echoServer = lines.findIndex((l) => /^echo-service\s+ +POST \/echo\s/.test(l));
    expect(logServer, run.stdout).toBeGreaterThan(0);
    expect(echoServer, run.stdout).toBeGreaterThan(logServer);
    expect(lines[echoServer]).toMatch(/\d+\.\d\d ms\s+\d+\.\d\d ms\s+\|[ █]+\|$/);
    expect(run.stdout).toMatch(/^OK in /m);
  });

  it('POST /logs --json: the trace it reports is the one in Tempo, nested client → server', async () => {
    const run = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url), '--request', 'logs', '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; traceId: string; searchable: boolean; request: { status: number }; spans: WaterfallRow[] };
    expect(result).toMatchObject({ ok: true, searchable: true, request: { status: 201 } });

    const rows = result.spans;
    const logServer = rows.find((r) => r.service === 'log-service' && r.kind === 'SERVER')!;
    const echoServer = rows.find((r) => r.service === 'echo-service' && r.kind === 'SERVER')!;
    const client = rows.find((r) => r.spanId === echoServer.parentSpanId)!;
    expect([logServer.name, client.service, client.kind, echoServer.name]).toEqual(['POST /logs', 'log-service', 'CLIENT', 'POST /echo']);
    expect(echoServer.depth).toBeGreaterThan(logServer.depth);

    const inTempo = await lab.tempo.spans(result.traceId);
    expect(inTempo.map((s) => s.spanId).sort()).toEqual(rows.map((r) => r.spanId).sort());
  });

  it('exits 1 and names the missing trace when Tempo never received it', async () => {
    const empty = await startTempoStandin();
    const run = await runTraceCheckCli(labArgs(lab.log.url, empty.url, 2));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED after 2\.\d s:\n {2}- after 2 s: no trace [0-9a-f]{32} in Tempo at http:\/\/127\.0\.0\.1:\d+ \(GET \/api\/v2\/traces\/[0-9a-f]{32} → 404/);
    await empty.process.stop();
  });

  it('exits 1 with "no echo-service spans" when only log-service exports to this Tempo', async () => {
    const other = await startTempoStandin();
    const log = await startService('log-service', { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: other.otlpEndpoint, ECHO_SERVICE_URL: lab.echo.url });
    const run = await runTraceCheckCli(labArgs(log.url, other.url, 3));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^log-service\s+GET \/info/m); // the waterfall of what did arrive
    expect(run.stdout).toContain('no echo-service spans in the trace (services seen: log-service)');
    await Promise.all([log.process.stop(), other.process.stop()]);
  });

  it('exits 2 with the usage on a bad option', async () => {
    const run = await runTraceCheckCli(['--request', 'everything']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--request must be one of info, logs, got "everything"');
    expect(run.stderr).toContain('Usage: node dist/trace-check/cli.js');
  });
});
