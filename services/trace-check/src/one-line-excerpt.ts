/** Long enough for a JSON error with its cause, short enough to keep a report line readable. */
const MAX_CHARS = 200;

/**
 * The start of an answer's body on one line, for a report: whitespace (an HTML error page's newlines and
 * indentation) collapsed to single spaces, and cut with an ellipsis past MAX_CHARS.
 */
export function oneLineExcerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= MAX_CHARS ? line : `${line.slice(0, MAX_CHARS)}…`;
}
