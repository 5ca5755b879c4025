import type { TraceCheckResult } from './run';
import { renderWaterfall, waterfallRows } from './waterfall';

/** The human report: the request, the waterfall, then OK or the list of what is missing. */
export function formatReport(result: TraceCheckResult): string {
  const lines: string[] = [];
  const { method, url, status } = result.request;
  const unsampled = result.unsampledRequests > 0 ? ` (sent after ${result.unsampledRequests} whose traces the sampler dropped)` : '';
  lines.push(`trace-check: ${method} ${url} → ${status ?? 'no answer'}${result.traceId ? `, x-trace-id ${result.traceId}` : ''}${unsampled}`);
  if (result.spans.length > 0 && result.traceId) {
    lines.push('', renderWaterfall(result.traceId, result.spans), '');
  }
  if (result.tempoTraceUrl) lines.push(`Tempo: ${result.tempoTraceUrl}`);
  if (result.tempoStatus === 'PARTIAL') {
    lines.push(`Tempo answered PARTIAL: ${result.tempoMessage ?? ''} (the checks ran on the spans it returned)`);
  }
  const serviceGraph = result.serviceGraph;
  if (serviceGraph !== null && serviceGraph.status !== 'error') {
    lines.push(`Service graph (Prometheus ${serviceGraph.prometheusUrl}): ${serviceGraph.message}`);
  }
  if (result.ok) {
    lines.push(
      `OK in ${(result.elapsedMs / 1000).toFixed(1)} s: one trace, the echo-service span is nested under the log-service span, ` +
        'server spans carry their routes, and Tempo search by service.name=log-service finds it.',
    );
  } else {
    lines.push(`FAILED after ${(result.elapsedMs / 1000).toFixed(1)} s:`, ...result.problems.map((p) => `  - ${p}`));
  }
  return lines.join('\n');
}

/** The machine report (`--json`): the result with spans as waterfall rows. */
export function jsonReport(result: TraceCheckResult): string {
  const { spans, ...rest } = result;
  return JSON.stringify({ ...rest, spans: waterfallRows(spans) });
}
