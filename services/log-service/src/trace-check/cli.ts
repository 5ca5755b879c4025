#!/usr/bin/env node
/**
 * trace-check: proves, by machine, that one request to log-service became one trace in Tempo with the echo-service
 * span nested under the log-service span. Used by the e2e suite, the chart's helm test hook and Argo CD PostSync Job,
 * and `make demo`. Plain HTTP only: it does not load the OpenTelemetry SDK (its own requests are not traced).
 */
import { parseOptions, USAGE, UsageError } from './options';
import { formatReport, jsonReport } from './report';
import { runTraceCheck } from './run';

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`trace-check: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await runTraceCheck(options);
  process.stdout.write(`${options.json ? jsonReport(result) : formatReport(result)}\n`);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`trace-check: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
