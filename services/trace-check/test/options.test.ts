import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../src/options';

describe('trace-check options', () => {
  it('has defaults for a local run', () => {
    expect(parseOptions([], {})).toEqual({
      logServiceUrl: 'http://127.0.0.1:8080',
      tempoUrl: 'http://127.0.0.1:3200',
      timeoutSeconds: 60,
      request: 'info',
      json: false,
      pollIntervalMs: 500,
      prometheusUrl: null,
      traceId: null,
      verbose: false,
      htmlFile: null,
    });
  });

  it('reads an existing trace to show (--trace-id: as x-trace-id gives it, or shorter, as people paste Tempo ids), --verbose and --html', () => {
    expect(parseOptions(['--trace-id', '0AF7651916CD43DD8448EB211C80319C', '--verbose', '--html', 'trace.html'], {})).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      verbose: true,
      htmlFile: 'trace.html',
    });
    expect(parseOptions(['--trace-id', 'f7651916cd43dd8448eb211c80319c'], {})).toMatchObject({ traceId: '00f7651916cd43dd8448eb211c80319c' });
  });

  it('rejects a trace id that is not one, and an empty file name', () => {
    for (const id of ['xyz', '0af7651916cd43dd8448eb211c80319c0', '00000000000000000000000000000000', '']) {
      expect(() => parseOptions(['--trace-id', id], {}), id).toThrow(
        new UsageError(`--trace-id must be a trace id of up to 32 hex digits (an answer's x-trace-id header), got ${JSON.stringify(id)}`),
      );
    }
    expect(() => parseOptions(['--html', ' '], {})).toThrow(new UsageError('--html must name a file to write'));
  });

  it('takes flags over environment variables over defaults', () => {
    const env = { LOG_SERVICE_URL: 'http://log-service:8080', TEMPO_URL: 'http://tempo:3200', TRACE_CHECK_REQUEST: 'logs', TRACE_CHECK_OUTPUT: 'json' };
    expect(parseOptions(['--tempo-url', 'http://127.0.0.1:9999', '--timeout-seconds', '5'], env)).toMatchObject({
      logServiceUrl: 'http://log-service:8080',
      tempoUrl: 'http://127.0.0.1:9999',
      timeoutSeconds: 5,
      request: 'logs',
      json: true,
    });
  });

  it('rejects bad values with a message naming the option', () => {
    expect(() => parseOptions(['--request', 'echo'], {})).toThrow(new UsageError('--request must be one of info, logs, got "echo"'));
    expect(() => parseOptions(['--timeout-seconds', '0'], {})).toThrow(/--timeout-seconds must be a positive number/);
    expect(() => parseOptions([], { TEMPO_URL: 'tempo:3200' })).toThrow(/--tempo-url must be an http\(s\) URL/);
    expect(() => parseOptions(['--nope'], {})).toThrow(UsageError);
    // fetch refuses URLs with credentials; the message leaves the secret out, however the URL is spelt.
    expect(() => parseOptions([], { PROMETHEUS_URL: 'HTTPS://admin:p%40ss@prometheus:9090/api?x=1' })).toThrow(
      new UsageError('--prometheus-url must not contain a user name or password (fetch refuses such URLs), got "HTTPS://***@prometheus:9090/api?x=1"'),
    );
    expect(() => parseOptions(['--tempo-url', 'http://token@tempo:3200'], {})).toThrow(/^--tempo-url must not contain a user name or password .* got "http:\/\/\*\*\*@tempo:3200"$/);
  });

  it('answers --help', () => {
    expect(parseOptions(['-h'], {})).toBe('help');
  });
});
