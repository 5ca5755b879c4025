import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import type { ServerSpanExpectation, TraceExpectation } from './expectations';
import { problem, type Problem } from './problems';
import { ancestorsOf } from './span-tree';
import type { TraceSpan } from './trace-span';

/**
 * The structural checks on one trace. Each returned problem names one thing that is missing or wrong;
 * an empty list means the trace proves that log-service called echo-service.
 */
export function checkTrace(traceId: string, spans: readonly TraceSpan[], expected: TraceExpectation): Problem[] {
  if (spans.length === 0) return [problem('no-spans', `trace ${traceId} has no spans`)];
  const problems: Problem[] = [];

  const foreign = [...new Set(spans.map((s) => s.traceId).filter((id) => id !== traceId))];
  if (foreign.length > 0) problems.push(problem('foreign-spans', `the answer for trace ${traceId} holds spans of other traces: ${foreign.join(', ')}`));

  const services = new Set(spans.map((s) => s.service));
  const missing = [LOG_SERVICE, ECHO_SERVICE].filter((name) => !services.has(name));
  if (missing.length > 0) {
    problems.push(problem('missing-service', `no ${missing.join(' or ')} spans in the trace (services seen: ${[...services].join(', ')})`));
  }

  const logServer = findServerSpan(spans, expected.logServer, problems);
  const echoServer = findServerSpan(spans, expected.echoServer, problems);
  if (echoServer) checkParent(echoServer, logServer, spans, problems);
  return problems;
}

function describe(span: TraceSpan): string {
  return `${span.service} ${span.kind} span "${span.name}" (${span.spanId})`;
}

function findServerSpan(spans: readonly TraceSpan[], want: ServerSpanExpectation, problems: Problem[]): TraceSpan | undefined {
  const servers = spans.filter((s) => s.service === want.service && s.kind === 'SERVER');
  const span = servers.find((s) => s.name === want.name);
  if (!span) {
    if (servers.length > 0 || spans.some((s) => s.service === want.service)) {
      const seen = servers.map((s) => `"${s.name}"`).join(', ') || 'none';
      problems.push(problem('missing-server-span', `${want.service} has no SERVER span named "${want.name}" (its server spans: ${seen})`));
    }
    return undefined;
  }
  const route = span.attributes['http.route'];
  if (route !== undefined && route !== want.route) {
    problems.push(problem('wrong-route', `${describe(span)} carries http.route "${String(route)}", expected "${want.route}"`));
  }
  return span;
}

function checkParent(echo: TraceSpan, logServer: TraceSpan | undefined, spans: readonly TraceSpan[], problems: Problem[]): void {
  if (echo.parentSpanId === undefined) {
    problems.push(problem('wrong-parent', `wrong parent: ${describe(echo)} is a root span; the trace context did not reach echo-service`));
    return;
  }
  const parent = spans.find((s) => s.spanId === echo.parentSpanId);
  if (!parent) {
    problems.push(problem('wrong-parent', `wrong parent: ${describe(echo)} has parent ${echo.parentSpanId}, which is not in the trace`));
    return;
  }
  if (parent.service !== LOG_SERVICE) {
    problems.push(problem('wrong-parent', `wrong parent: ${describe(echo)} has parent ${describe(parent)}, not a ${LOG_SERVICE} span`));
    return;
  }
  if (logServer && !ancestorsOf(echo, spans).includes(logServer)) {
    problems.push(problem('wrong-parent', `wrong parent: ${describe(echo)} is not nested under ${describe(logServer)}`));
  }
}
