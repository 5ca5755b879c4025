/**
 * Configuration C of `make bench`: the setup the OpenTelemetry tutorials show, copied as they write it —
 *
 *   node --require ./bench/tutorial/instrumentation.cjs dist/server.js
 *
 * every auto-instrumentation with its defaults (net, dns, pino log sending, … and no ignored routes), the SDK's
 * default batch settings (queue 2048, batch 512, 5 s delay, 30 s timeout) and no diagnostic logger (a full queue
 * drops spans silently). It exists only to be measured against this project's preload; the services never load it.
 */
'use strict';
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-grpc');

const sdk = new NodeSDK({
  traceExporter: new OTLPTraceExporter(),
  instrumentations: [getNodeAutoInstrumentations()],
});
sdk.start();

process.on('SIGTERM', () => {
  sdk.shutdown().finally(() => process.exit(0));
});
