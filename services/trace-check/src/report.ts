import type { TraceCheckResult } from './run';
import { renderWaterfall, waterfallRows } from './waterfall';

export interface ReportOptions {
  /** Each span's status, attributes and events in the waterfall (`--verbose`). */
  verbose?: boolean;
}

/** The report's first line: the request sent and its answer, or (with `--trace-id`) the trace read. */
function firstLine(result: TraceCheckResult): string {
  if (result.request === null) return `trace-check: trace ${result.traceId ?? ''} (no request sent: --trace-id)`;
  const { method, url, status } = result.request;
  const unsampled = result.unsampledRequests > 0 ? ` (sent after ${result.unsampledRequests} whose traces the sampler dropped)` : '';
  return `trace-check: ${method} ${url} → ${status ?? 'no answer'}${result.traceId ? `, x-trace-id ${result.traceId}` : ''}${unsampled}`;
}

/** The human report: the request, the waterfall, then OK with what the checks proved, or the problems they found. */
export function formatReport(result: TraceCheckResult, { verbose = false }: ReportOptions = {}): string {
  const lines: string[] = [firstLine(result)];
  if (result.spans.length > 0 && result.traceId) {
    lines.push('', renderWaterfall(result.traceId, result.spans, { verbose }), '');
  }
  if (result.tempoTraceUrl) lines.push(`Tempo: ${result.tempoTraceUrl}`);
  if (result.tempoStatus === 'PARTIAL') {
    lines.push(`Tempo answered PARTIAL: ${result.tempoMessage ?? ''} (the checks ran on the spans it returned)`);
  }
  const serviceGraph = result.serviceGraph;
  if (serviceGraph !== null && serviceGraph.status !== 'error') {
    lines.push(`Service graph (Prometheus ${serviceGraph.prometheusUrl}): ${serviceGraph.message}`);
  }
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  if (result.ok) lines.push(`OK in ${seconds} s: ${sentence(result.passed)}.`);
  else lines.push(`FAILED after ${seconds} s:`, ...result.problems.map((p) => `  - ${p.message}`));
  return lines.join('\n');
}

/** `a`, `a and b`, `a, b, and c`: what the checks proved, as one sentence. */
function sentence(parts: readonly string[]): string {
  if (parts.length <= 2) return parts.join(' and ');
  return `${parts.slice(0, -1).join(', ')}, and ${parts.at(-1)}`;
}

/** The machine report (`--json`): the result with spans as waterfall rows, problems as `{ kind, message }`. */
export function jsonReport(result: TraceCheckResult): string {
  const { spans, ...rest } = result;
  return JSON.stringify({ ...rest, spans: waterfallRows(spans) });
}
