import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import type { TraceCheckResult } from './run';
import { spanDetails } from './span-details';
import { placeSpans } from './span-tree';
import { CLIPPED_FOOTNOTE, drawnDurationMs, overrunNote, traceLengthMs, waterfallRows, type WaterfallRow } from './waterfall';

/**
 * `--html FILE`: the waterfall as one self-contained page (styles inline, no scripts, nothing loaded from elsewhere),
 * drawn to scale: each bar's left edge and width are its start offset and duration as shares of the whole trace, on a
 * track as wide for every row, and a span's name is indented one step per level under its parent. What trace-check
 * found is said above it.
 */

/** The indent of one level of the tree, in the name column. */
const INDENT_PX = 18;
/** A bar is never drawn narrower, so that a span of a few microseconds stays visible. */
export const MIN_BAR_PX = 2;
/** Time ticks above the tracks, as shares of the trace. */
const TICKS = [0, 0.25, 0.5, 0.75, 1];
const SERVICE_COLOURS: Record<string, string> = { [LOG_SERVICE]: '#2563eb', [ECHO_SERVICE]: '#d97706' };
const OTHER_SERVICE_COLOUR = '#6b7280';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const percent = (share: number): string => `${(share * 100).toFixed(4)}%`;
const ms = (value: number): string => `${value.toFixed(2)} ms`;

const STYLE = `
  :root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; background: #ffffff; }
  body { margin: 0; }
  main { padding: 20px 24px; max-width: 1100px; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  h1 code, .summary code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 0.95em; }
  .summary { margin: 0 0 4px; color: #374151; font-size: 13px; }
  .verdict { margin: 0 0 14px; font-size: 13px; }
  .verdict.ok { color: #15803d; }
  .verdict.failed { color: #b91c1c; }
  .verdict ul { margin: 4px 0 0; padding-left: 18px; }
  .waterfall { display: grid; grid-template-columns: max-content max-content max-content max-content minmax(320px, 1fr);
    column-gap: 14px; align-items: center; font-size: 13px; }
  .row, .header { display: contents; }
  .header > * { color: #6b7280; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; padding-bottom: 18px; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .service { white-space: nowrap; color: #374151; }
  .name { white-space: nowrap; }
  .label { display: inline-block; }
  .status-error .label::after { content: " ERROR"; color: #b91c1c; font-size: 11px; font-weight: 600; }
  .track { position: relative; height: 22px; border-left: 1px solid #e5e7eb; border-right: 1px solid #e5e7eb;
    background: repeating-linear-gradient(to right, transparent 0, transparent calc(25% - 1px), #f3f4f6 calc(25% - 1px), #f3f4f6 25%); }
  .bar { position: absolute; top: 4px; bottom: 4px; min-width: ${MIN_BAR_PX}px; border-radius: 2px; }
  .status-error .bar { outline: 2px solid #dc2626; outline-offset: 0; }
  .clipped .bar { border-right: 3px dashed #ffffff; box-sizing: border-box; }
  .axis { height: 14px; border: none; background: none; align-self: end; }
  .tick { position: absolute; bottom: 0; transform: translateX(-50%); color: #6b7280; font-size: 11px; white-space: nowrap; text-transform: none; }
  .tick:first-child { transform: none; }
  .tick:last-child { transform: translateX(-100%); }
  .note { grid-column: 2 / -1; color: #92400e; font-size: 11px; margin: -2px 0 4px; }
  .footnote { color: #6b7280; font-size: 12px; margin-top: 14px; }
  details { margin-top: 14px; font-size: 12px; }
  details pre { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 11px; white-space: pre-wrap; }
`;

function rowHtml(row: WaterfallRow, details: string[], totalMs: number): string {
  const left = totalMs > 0 ? row.startOffsetMs / totalMs : 0;
  const width = totalMs > 0 ? drawnDurationMs(row) / totalMs : 0;
  const classes = ['row', row.status === 'ERROR' ? 'status-error' : '', row.clipped ? 'clipped' : ''].filter(Boolean).join(' ');
  const colour = SERVICE_COLOURS[row.service] ?? OTHER_SERVICE_COLOUR;
  const note = overrunNote(row);
  return [
    `<div class="${classes}" role="row" data-span-id="${row.spanId}">`,
    `<span class="service">${escape(row.service)}</span>`,
    `<span class="name" style="padding-left: ${row.depth * INDENT_PX}px"><span class="label" title="${escape(details.join('\n')).replace(/\n/g, '&#10;')}">${escape(row.name)}</span></span>`,
    `<span class="num start">${ms(row.startOffsetMs)}</span>`,
    `<span class="num duration">${ms(row.durationMs)}</span>`,
    `<span class="track"><span class="bar" style="left: ${percent(left)}; width: ${percent(width)}; background: ${colour}"></span></span>`,
    '</div>',
    note ? `<div class="note">${escape(`${row.name}: ${note}`)}</div>` : '',
  ].join('');
}

function verdictHtml(result: TraceCheckResult): string {
  if (result.ok) return `<p class="verdict ok">trace-check: OK: ${escape(result.passed.join('; '))}</p>`;
  const problems = result.problems.map((p) => `<li>${escape(p.message)}</li>`).join('');
  return `<div class="verdict failed">trace-check: FAILED<ul>${problems}</ul></div>`;
}

/** The page for a result whose trace holds spans (the waterfall of `result.spans`). */
export function renderWaterfallPage(result: TraceCheckResult): string {
  const traceId = result.traceId ?? '';
  const rows = waterfallRows(result.spans);
  const placed = placeSpans(result.spans);
  const totalMs = traceLengthMs(rows);
  const ticks = TICKS.map((share) => `<span class="tick" style="left: ${percent(share)}">${ms(share * totalMs)}</span>`).join('');
  const details = placed.map(({ span }) => spanDetails(span));
  const source = result.tempoTraceUrl ? ` · read from <a href="${escape(result.tempoTraceUrl)}">${escape(result.tempoTraceUrl)}</a>` : '';
  const allDetails = placed.map(({ span }, i) => `${span.service} ${span.name}\n${details[i]!.map((d) => `  ${d}`).join('\n')}`).join('\n\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<!-- Generated by trace-check --html (services/trace-check); self-contained: no scripts, nothing loaded from elsewhere. -->
<title>trace ${escape(traceId)} · waterfall</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Trace <code>${escape(traceId)}</code></h1>
<p class="summary">${rows.length} span${rows.length === 1 ? '' : 's'} · ${ms(totalMs)}${source}</p>
${verdictHtml(result)}
<div class="waterfall" role="table">
<div class="header" role="row"><span>Service</span><span>Span</span><span class="num">Start</span><span class="num">Duration</span><span class="track axis">${ticks}</span></div>
${rows.map((row, i) => rowHtml(row, details[i]!, totalMs)).join('\n')}
</div>
${rows.some((r) => r.clipped) ? `<p class="footnote">${escape(CLIPPED_FOOTNOTE)}</p>` : ''}
<details><summary>Each span's kind, status, attributes and events</summary><pre>${escape(allDetails)}</pre></details>
</main>
</body>
</html>
`;
}
