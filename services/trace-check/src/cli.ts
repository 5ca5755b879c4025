#!/usr/bin/env node
/**
 * trace-check: proves, by machine, that one request to log-service became one trace in Tempo with the echo-service
 * span nested under the log-service span. Used by the e2e suite, the chart's helm test hook and Argo CD PostSync Job,
 * and `make demo`. Plain HTTP only: it does not load the OpenTelemetry SDK (its own requests are not traced).
 */
import { writeFile } from 'node:fs/promises';
import { parseOptions, USAGE, UsageError } from './options';
import { formatReport, jsonReport } from './report';
import { runTraceCheck } from './run';
import { renderWaterfallPage } from './waterfall-page';

/** Writes to stdout and waits until it is written, so a report that cannot be written (a full disk) fails the check. */
function print(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}
// print's callback gets a failed write's error; the stream's 'error' event for it must not crash the process first.
process.stdout.on('error', () => undefined);

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
    await print(`${USAGE}\n`);
    return 0;
  }
  const result = await runTraceCheck(options);
  const page = options.htmlFile !== null && result.spans.length > 0 ? renderWaterfallPage(result) : undefined;
  if (page !== undefined) await writeFile(options.htmlFile!, page);
  await print(`${options.json ? jsonReport(result) : formatReport(result, { verbose: options.verbose })}\n`);
  // After the report, on stderr: stdout stays the report alone (one JSON object with --json).
  if (options.htmlFile !== null) {
    process.stderr.write(
      page !== undefined ? `trace-check: waterfall page written to ${options.htmlFile}\n` : `trace-check: no spans to draw, so no waterfall page written to ${options.htmlFile}\n`,
    );
  }
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
