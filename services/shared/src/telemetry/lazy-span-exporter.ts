import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * Creates the real exporter at the first export instead of at start-up: the gRPC exporter and @grpc/grpc-js take
 * a noticeable share of a service's start time, and the first export happens off the request path, on the batch
 * processor's timer.
 */
export class LazySpanExporter implements SpanExporter {
  private exporter: SpanExporter | undefined;

  constructor(private readonly create: () => SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.exporter ??= this.create();
    this.exporter.export(spans, resultCallback);
  }

  async shutdown(): Promise<void> {
    await this.exporter?.shutdown();
  }

  async forceFlush(): Promise<void> {
    await this.exporter?.forceFlush?.();
  }
}
